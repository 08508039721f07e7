"""API basics: token sign-in and its bad input, hashed expiring tokens, schema and docs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from axes.utils import reset
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from knox.models import AuthToken

from coop.core.models import AuditEvent

PASSWORD = "correct horse battery"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttles(db) -> Iterator[None]:
    """Sign-in throttles (DRF, in the cache) and lockouts (axes) start empty in each test."""
    cache.clear()
    reset()
    yield
    cache.clear()
    reset()


def _get_token(client: Client) -> str:
    response = client.post(
        TOKEN_URL,
        {"email": "secretary@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _counts() -> tuple[int, int]:
    return AuthToken.objects.count(), AuditEvent.objects.count()


def test_malformed_json_answers_400_with_a_clear_detail(client: Client, secretary):
    before = _counts()

    response = client.post(
        TOKEN_URL, '{"email": "secretary@example.org", ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert _counts() == before


def test_missing_fields_answer_400_naming_each_field(client: Client, secretary):
    before = _counts()

    response = client.post(TOKEN_URL, {}, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }
    assert _counts() == before


def test_a_malformed_email_answers_400_on_that_field(client: Client, secretary):
    response = client.post(
        TOKEN_URL, {"email": "not-an-email", "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"email": ["Enter a valid email address."]}


@pytest.mark.parametrize("email", ["secretary@example.org", "nobody@example.org"])
def test_a_wrong_password_or_unknown_email_answers_400_non_field_errors(
    client: Client, secretary, email
):
    before = _counts()

    response = client.post(
        TOKEN_URL, {"email": email, "password": "wrong password"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Enter a correct email address and password."]}
    assert _counts() == before


def test_the_token_is_returned_once_and_stored_only_hashed(client: Client, secretary):
    response = client.post(
        TOKEN_URL,
        {"email": "secretary@example.org", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expiry"}
    token = body["token"]
    assert len(token) >= 64
    stored = AuthToken.objects.get()
    assert stored.user == secretary
    assert stored.digest != token
    assert token not in stored.digest
    # No column of any table holds the raw token.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    assert token not in str(value), f"raw token found in {table}"


def test_a_token_authenticates_api_requests(client: Client, secretary):
    token = _get_token(client)
    anonymous = Client()

    assert anonymous.get("/api/v1/me/").status_code == 401
    response = anonymous.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["email"] == "secretary@example.org"
    assert (
        anonymous.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token[:-2]}xx").status_code == 401
    )


def test_a_token_expires_after_its_time_to_live(client: Client, secretary, time_machine):
    start = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    token = _get_token(client)
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert ttl == dt.timedelta(days=30)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}

    time_machine.move_to(start + ttl - dt.timedelta(minutes=1), tick=False)
    assert Client().get("/api/v1/me/", **auth).status_code == 200

    time_machine.move_to(start + ttl + dt.timedelta(minutes=1), tick=False)
    response = Client().get("/api/v1/me/", **auth)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_delete_revokes_the_token(client: Client, secretary):
    token = _get_token(client)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}

    response = Client().delete(TOKEN_URL, **auth)

    assert response.status_code == 204
    assert AuthToken.objects.count() == 0
    assert Client().get("/api/v1/me/", **auth).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=secretary).count() == 1


def test_the_schema_is_an_openapi_3_document(client: Client, db):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Cyd API"
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "/api/v1/me/" in schema["paths"]


def test_the_interactive_docs_load_their_assets_from_this_site_under_the_csp(client: Client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<style" not in html  # no inline style the CSP would refuse
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    assert all('src="/' in attrs for attrs in scripts)  # no inline script
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    for url in assets:
        assert url.startswith(("/static/", "/api/docs/")), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        # Read streamed files through the client's wrapper, which closes them safely.
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        assert body, url
