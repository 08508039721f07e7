"""The language switch: cookie, saved choice, safe redirects, bad codes, and the middleware."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from coop.core.models import AuditEvent, User

COOKIE = "cyd_language"


def _html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match is not None
    return match.group(1)


def test_an_anonymous_visitor_switches_to_welsh(client: Client, db):
    response = client.post(
        reverse("language_switch"), {"language": "cy", "next": "/accounts/sign-in/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/"
    assert response.cookies[COOKIE].value == "cy"
    assert response.cookies[COOKIE]["httponly"] is True
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    page = client.get("/accounts/sign-in/")
    assert _html_lang(page) == "cy"
    assert page["Content-Language"] == "cy"
    assert 'value="en-gb"' in page.content.decode()  # the switch now offers English


def test_a_signed_in_user_switching_saves_the_choice_with_an_audit_event(client: Client, secretary):
    client.force_login(secretary)
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("language_switch"), {"language": "cy", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "cy"
    secretary.refresh_from_db()
    assert secretary.preferred_language == "cy"
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.first()
    assert event is not None
    assert event.action == "user.set_language"
    assert event.actor == secretary
    assert event.before == {"preferred_language": "en-gb"}
    assert event.after == {"preferred_language": "cy"}
    assert _html_lang(client.get("/")) == "cy"


def test_switching_back_to_english_works_and_the_cookie_follows(client: Client, secretary):
    client.force_login(secretary)
    client.post(reverse("language_switch"), {"language": "cy", "next": "/"})

    response = client.post(reverse("language_switch"), {"language": "en-gb", "next": "/"})

    assert response.cookies[COOKIE].value == "en-gb"
    secretary.refresh_from_db()
    assert secretary.preferred_language == "en-gb"
    assert _html_lang(client.get("/")) == "en-gb"


def test_choosing_the_language_already_saved_writes_no_event(client: Client, secretary):
    client.force_login(secretary)
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("language_switch"), {"language": "en-gb", "next": "/"})

    assert response.status_code == 302
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/phish",
        "//evil.example.com/phish",
        "http://testserver.evil.example.com/",
        "javascript:alert(1)",
    ],
)
def test_the_switch_redirects_only_to_this_site(client: Client, db, target):
    response = client.post(reverse("language_switch"), {"language": "cy", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "cy"


def test_the_switch_keeps_a_query_string_on_this_site(client: Client, db):
    response = client.post(reverse("language_switch"), {"language": "cy", "next": "/o/x/?page=2"})
    assert response["Location"] == "/o/x/?page=2"


@pytest.mark.parametrize("data", [{"language": "xx", "next": "/"}, {"next": "/"}])
def test_an_unknown_or_missing_language_is_refused_and_nothing_is_written(
    client: Client, secretary, data
):
    client.force_login(secretary)
    client.cookies[COOKIE] = "en-gb"  # as set when they signed in
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("language_switch"), data)

    assert response.status_code == 400
    assert COOKIE not in response.cookies
    html = response.content.decode()
    assert "Choose a language" in html
    assert "There is a problem" in html
    assert '<a href="#id_language">' in html  # the error summary names and links the field
    assert '<label class="govuk-label govuk-label--s" for="id_language">Language' in html
    assert "<title>Error: Choose a language" in html
    secretary.refresh_from_db()
    assert secretary.preferred_language == "en-gb"
    assert AuditEvent.objects.count() == events_before


def test_an_unknown_language_from_an_anonymous_visitor_sets_no_cookie(client: Client, db):
    response = client.post(reverse("language_switch"), {"language": "xx"})
    assert response.status_code == 400
    assert COOKIE not in response.cookies
    assert "Choose a language from the list: English or Cymraeg." in response.content.decode()


def test_the_switch_answers_get_with_405(client: Client, db):
    response = client.get(reverse("language_switch"), {"language": "cy"})
    assert response.status_code == 405
    assert COOKIE not in response.cookies


def test_signing_in_sets_the_cookie_from_the_saved_language(client: Client, secretary):
    User.objects.filter(pk=secretary.pk).update(preferred_language="cy")

    response = client.post(
        reverse("login"), {"username": "secretary@example.org", "password": "correct horse battery"}
    )

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "cy"
    assert _html_lang(client.get("/")) == "cy"


def test_the_saved_language_wins_over_the_browsers_cookie(client: Client, secretary):
    User.objects.filter(pk=secretary.pk).update(preferred_language="cy")
    client.force_login(secretary)
    client.cookies[COOKIE] = "en-gb"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")

    assert _html_lang(response) == "cy"
    assert response.cookies[COOKIE].value == "cy"  # the cookie is brought into line


def test_the_middleware_leaves_a_matching_cookie_alone(client: Client, secretary):
    client.force_login(secretary)
    client.cookies[COOKIE] = "en-gb"

    response = client.get("/")

    assert _html_lang(response) == "en-gb"
    assert COOKIE not in response.cookies


def test_anonymous_visitors_get_the_browsers_language(client: Client, db):
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="cy")) == "cy"
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")) == "en-gb"


@pytest.mark.parametrize(
    ("language", "welsh"), [("cy", True), ("en-gb", False), ("en", False), ("cy-gb", True)]
)
def test_is_welsh_answers_from_the_active_language_and_lives_in_i18n_only(language, welsh):
    from django.utils import translation

    from coop.core import i18n, web

    with translation.override(language):
        assert i18n.is_welsh() is welsh
    assert not hasattr(web, "is_welsh")  # moved, with no re-export left behind
