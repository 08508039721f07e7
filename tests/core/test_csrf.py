"""A missing or tampered CSRF token: the friendly "form has expired" page, nothing written."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from coop.core.models import AuditEvent

PASSWORD = "correct horse battery"


@pytest.fixture
def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def _token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def _tampered(token: str) -> str:
    return token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")


def test_a_valid_token_is_accepted(strict_client: Client, secretary):
    token = _token(strict_client, reverse("login"))
    response = strict_client.post(
        reverse("login"),
        {"username": "secretary@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("token", ["missing", "tampered"])
def test_sign_in_with_a_bad_token_answers_403_and_signs_nobody_in(
    strict_client: Client, secretary, token
):
    data = {"username": "secretary@example.org", "password": PASSWORD}
    if token == "tampered":
        data["csrfmiddlewaretoken"] = _tampered(_token(strict_client, reverse("login")))
    events = AuditEvent.objects.count()

    response = strict_client.post(reverse("login"), data)

    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html
    assert "Nothing was saved." in html
    assert SESSION_KEY not in strict_client.session
    assert AccessAttempt.objects.count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("token", ["missing", "tampered"])
def test_the_language_switch_with_a_bad_token_answers_403_and_changes_nothing(
    strict_client: Client, secretary, token
):
    strict_client.force_login(secretary)
    strict_client.cookies["cyd_language"] = "en-gb"  # as set when they signed in
    data = {"language": "cy", "next": "/"}
    if token == "tampered":
        data["csrfmiddlewaretoken"] = _tampered(_token(strict_client, reverse("home")))
    events = AuditEvent.objects.count()

    response = strict_client.post(reverse("language_switch"), data)

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert "cyd_language" not in response.cookies
    secretary.refresh_from_db()
    assert secretary.preferred_language == "en-gb"
    assert AuditEvent.objects.count() == events
