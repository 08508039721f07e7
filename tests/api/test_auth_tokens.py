"""Token authentication: sign in for a token, use it, expiry, revocation, hashed storage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from coop.core.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def sign_in(email: str, password: str = PASSWORD) -> tuple[int, dict]:
    response = APIClient().post(TOKEN_URL, {"email": email, "password": password}, format="json")
    return response.status_code, response.json()


def test_a_token_from_email_and_password_authenticates_requests(secretary, organisation):
    status, body = sign_in("secretary@example.org")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")

    me = client.get("/api/v1/me/")
    organisation_page = client.get("/api/v1/organisations/dyfi-care/")

    assert status == 201
    assert me.status_code == 200
    assert me.json()["email"] == "secretary@example.org"
    assert organisation_page.status_code == 200
    assert organisation_page.json()["your_roles"] == ["secretary"]
    assert AuditEvent.objects.filter(action="api_token.create", actor=secretary).count() == 1


def test_tokens_are_stored_hashed(secretary):
    _, body = sign_in("secretary@example.org")
    raw = body["token"]

    stored = AuthToken.objects.get(user=secretary)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        rows = [" ".join(str(v) for v in row) for row in cursor.fetchall()]

    assert stored.digest != raw
    assert len(rows) == 1
    assert raw not in rows[0]
    assert stored.token_key == raw[: len(stored.token_key)]  # only the lookup prefix is kept


def test_an_expired_token_answers_401(secretary, organisation):
    _, body = sign_in("secretary@example.org")
    AuthToken.objects.filter(user=secretary).update(expiry=timezone.now() - dt.timedelta(minutes=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")

    response = client.get("/api/v1/organisations/dyfi-care/members/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_tampered_token_answers_401(secretary):
    _, body = sign_in("secretary@example.org")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token'][:-4]}abcd")

    assert client.get("/api/v1/me/").status_code == 401


def test_signing_out_revokes_the_token(secretary):
    _, body = sign_in("secretary@example.org")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")

    revoked = client.delete(TOKEN_URL)
    after = client.get("/api/v1/me/")

    assert revoked.status_code == 204
    assert after.status_code == 401
    assert AuthToken.objects.filter(user=secretary).count() == 0


@pytest.mark.parametrize(
    ("email", "password"),
    [("secretary@example.org", "wrong password"), ("nobody@example.org", PASSWORD)],
)
def test_a_wrong_password_or_unknown_email_gets_no_token(secretary, email, password):
    status, body = sign_in(email, password)

    assert status == 400
    assert body == {"non_field_errors": ["Enter a correct email address and password."]}
    assert AuthToken.objects.count() == 0


def test_a_token_request_missing_fields_names_them(db):
    response = APIClient().post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_a_malformed_token_request_body_answers_400(db):
    response = APIClient().post(TOKEN_URL, '{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert AuthToken.objects.count() == 0


def test_anonymous_requests_to_the_api_answer_401(organisation):
    response = APIClient().get("/api/v1/organisations/dyfi-care/members/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
