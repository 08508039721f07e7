"""Sign-in, throttling, sign-out and password reset, with the bad input the issue lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from coop.core.models import AuditEvent, User

PASSWORD = "correct horse battery"
GENERIC_ERROR = (
    "Enter a correct email address and password. If you have forgotten your password, reset it."
)


@pytest.fixture(autouse=True)
def _reset_axes(db) -> Iterator[None]:
    reset()
    yield
    reset()


class _Tags(HTMLParser):
    """Every start tag with its attributes, to check the markup a screen reader relies on."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _by_id(html: str, element_id: str) -> tuple[str, dict[str, str]]:
    matches = [(t, a) for t, a in _tags(html) if a.get("id") == element_id]
    assert len(matches) == 1, f"{len(matches)} elements with id {element_id!r}"
    return matches[0]


def _error_summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match is not None
    return match.group(0)


def _sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


# Sign-in ---------------------------------------------------------------------------------


def test_signing_in_with_the_right_password_starts_a_session(client: Client, secretary):
    response = _sign_in(client, "Secretary@Example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(secretary.pk)


def test_the_sign_in_page_labels_its_fields(client: Client, db):
    html = client.get(reverse("login")).content.decode()
    assert (
        '<label class="govuk-label govuk-label--s" for="id_username">Email address</label>' in html
    )
    assert '<label class="govuk-label govuk-label--s" for="id_password">Password</label>' in html
    tag, attrs = _by_id(html, "id_username")
    assert tag == "input"
    assert attrs["autocomplete"] == "email"
    assert "govuk-input" in attrs["class"].split()
    assert "<title>Sign in – Cyd</title>" in html


@pytest.mark.parametrize(
    ("email", "password"),
    [("secretary@example.org", "wrong password"), ("nobody@example.org", PASSWORD)],
    ids=["wrong-password", "unknown-email"],
)
def test_a_failed_sign_in_answers_400_with_one_generic_message_and_writes_only_axes_record(
    client: Client, secretary, email, password
):
    events = AuditEvent.objects.count()
    users = list(User.objects.values_list("pk", "password", "last_login"))

    response = _sign_in(client, email, password)

    assert response.status_code == 400
    html = response.content.decode()
    assert GENERIC_ERROR in html
    assert "<title>Error: Sign in – Cyd</title>" in html
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.count() == events
    assert list(User.objects.values_list("pk", "password", "last_login")) == users
    attempts = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    assert attempts == [(email, 1)]


def test_wrong_password_and_unknown_email_read_the_same(client: Client, secretary):
    wrong = _sign_in(client, "secretary@example.org", "wrong password").content.decode()
    unknown = _sign_in(client, "nobody@example.org", "wrong password").content.decode()

    assert _error_summary(wrong) == _error_summary(unknown)
    assert GENERIC_ERROR in _error_summary(wrong)


def test_an_empty_sign_in_has_an_error_summary_linking_to_the_fields(client: Client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Sign in – Cyd</title>" in html
    summary = _error_summary(html)
    links = [a["href"] for t, a in _tags(summary) if t == "a"]
    assert links == ["#id_username", "#id_password"]
    for field in ("username", "password"):
        tag, attrs = _by_id(html, f"id_{field}")
        assert tag == "input"
        assert f"id_{field}_error" in attrs["aria-describedby"].split()
        assert attrs["aria-invalid"] == "true"
        assert "govuk-input--error" in attrs["class"].split()
        error_tag, error_attrs = _by_id(html, f"id_{field}_error")
        assert error_tag == "p"
        assert error_attrs["class"] == "govuk-error-message"
    assert AccessAttempt.objects.count() == 0  # an incomplete form is not a sign-in attempt


def test_repeated_failures_lock_the_account_out_until_the_cool_off_ends(
    client: Client, secretary, time_machine
):
    time_machine.move_to(dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC), tick=False)
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5

    statuses = [
        _sign_in(client, "secretary@example.org", f"guess {n}").status_code for n in range(limit)
    ]

    assert statuses == [400] * (limit - 1) + [429]
    locked = _sign_in(client, "secretary@example.org", PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "paused for 15 minutes" in locked.content.decode()
    assert SESSION_KEY not in client.session

    time_machine.move_to(dt.datetime(2025, 6, 2, 10, 14, tzinfo=dt.UTC), tick=False)
    assert _sign_in(client, "secretary@example.org", PASSWORD).status_code == 429

    time_machine.move_to(dt.datetime(2025, 6, 2, 10, 30, tzinfo=dt.UTC), tick=False)
    response = _sign_in(client, "secretary@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(secretary.pk)


def test_a_lockout_is_lifted_by_axes_reset(client: Client, secretary):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "secretary@example.org", f"guess {n}")
    assert _sign_in(client, "secretary@example.org", PASSWORD).status_code == 429

    assert reset(username="secretary@example.org") == 1

    assert _sign_in(client, "secretary@example.org", PASSWORD).status_code == 302


def test_signing_out_needs_a_post(client: Client, secretary):
    client.force_login(secretary)

    assert client.get(reverse("logout")).status_code == 405
    assert client.session[SESSION_KEY] == str(secretary.pk)

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert SESSION_KEY not in client.session


def test_the_sign_out_button_is_a_form_posting_to_sign_out(client: Client, secretary):
    client.force_login(secretary)
    html = client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in html


# Password reset --------------------------------------------------------------------------


def _reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^\s]+/)", str(message.body))
    assert match is not None, message.body
    return match.group(1)


def test_password_reset_sends_a_working_link(client: Client, secretary):
    response = client.post(reverse("password_reset"), {"email": "secretary@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["secretary@example.org"]
    assert message.subject == "Reset your Cyd password"
    assert message.extra_headers["Content-Language"] == "en-gb"
    assert "Hello Siân Secretary," in message.body

    form_page = client.get(_reset_link(message), follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(
        set_password_url,
        {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    secretary.refresh_from_db()
    assert secretary.check_password("a new long passphrase 42")
    assert not secretary.check_password(PASSWORD)
    # The link works once.
    again = client.get(_reset_link(message), follow=True)
    assert "This link has expired" in again.content.decode()


def test_password_reset_mail_is_in_the_users_language_not_the_pages(client: Client, secretary):
    User.objects.filter(pk=secretary.pk).update(preferred_language="cy")
    client.cookies["cyd_language"] = "en-gb"

    client.post(reverse("password_reset"), {"email": "secretary@example.org"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Content-Language"] == "cy"


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(
    client: Client, secretary
):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_with_a_malformed_email_answers_400(client: Client, db):
    response = client.post(reverse("password_reset"), {"email": "not an email"})

    assert response.status_code == 400
    assert '<a href="#id_email">Enter a valid email address.</a>' in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("new1", "new2", "message"),
    [
        ("a new long passphrase 42", "a different passphrase 42", "The two password fields"),
        ("password", "password", "This password is too common."),
        ("12345678901", "12345678901", "This password is entirely numeric."),
        ("short", "short", "This password is too short."),
    ],
    ids=["mismatch", "common", "numeric", "short"],
)
def test_a_bad_new_password_answers_400_with_the_field_error(
    client: Client, secretary, new1, new2, message
):
    client.post(reverse("password_reset"), {"email": "secretary@example.org"})
    set_password_url = client.get(_reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    password_before = User.objects.get(pk=secretary.pk).password

    response = client.post(set_password_url, {"new_password1": new1, "new_password2": new2})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert '<a href="#id_new_password2">' in html
    _tag, attrs = _by_id(html, "id_new_password2")
    assert attrs["aria-invalid"] == "true"
    assert User.objects.get(pk=secretary.pk).password == password_before
