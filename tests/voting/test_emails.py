"""The ballot emails: open, reminder, receipt and results, each in the member's language, with
the ballot's title, closing time and link (Django's locmem outbox)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from membership import services as membership_services
from membership.models import Organisation
from tests.factories import membership as mf
from tests.voting.test_pages_setup import (  # noqa: F401 - language_reset is a fixture
    cast,
    language_reset,
    options_of,
    question_of,
    resolution_ballot,
    url,
)
from voting import services
from voting.models import Ballot
from voting.tasks import send_reminders


@pytest.mark.django_db
def test_opening_sends_one_email_per_voter_who_gave_an_address_in_their_language(
    organisation: Organisation,
    mailoutbox,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    english = mf.member(organisation, name="Emma English")
    welsh = mf.member(organisation, name="Gwen Gymraeg", preferred_language="cy")
    no_ballot_email = mf.member(organisation, name="Paul Post")
    membership_services.member_update(
        member=no_ballot_email, changes={"email_for_ballots": False}, actor=None
    )
    ballot = resolution_ballot(organisation, open_=False)
    closes = timezone.now() + dt.timedelta(days=7)
    services.ballot_schedule(ballot=ballot, opens_at=None, closes_at=closes, actor=None)

    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_open(ballot=Ballot.objects.get(pk=ballot.pk), actor=None)

    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == sorted([english.email, welsh.email])
    link = f"http://127.0.0.1:8000{url('ballot', ballot)}"
    closing = timezone.localtime(closes)
    mail = by_address[english.email]
    assert mail.subject == "Voting is open: Adopt the plan"
    assert "Dear Emma English," in mail.body
    assert (
        "Voting is now open in the ballot of Dyfi Care Co-operative: Adopt the plan." in mail.body
    )
    assert f"You can vote until {closing.day} {closing:%B %Y, %H:%M} (UK time)." in mail.body
    assert link in mail.body
    cymraeg = by_address[welsh.email]
    assert cymraeg.subject.endswith("Mabwysiadu'r cynllun")
    assert "Mabwysiadu'r cynllun" in cymraeg.body
    assert "Dyfi Care Co-operative (cy)" in cymraeg.body
    assert "&#x27;" not in cymraeg.body  # plain text, not HTML-escaped
    assert link in cymraeg.body


@pytest.mark.django_db
def test_casting_online_sends_the_receipt(
    client,
    member,
    organisation: Organisation,
    member_record,  # type: ignore[no-untyped-def]
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    ballot = resolution_ballot(organisation)
    client.force_login(member)
    client.get(url("vote_start", ballot))
    client.post(url("vote_question", ballot, 1), {"question_1": options_of(ballot, 1)["for"]})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("vote_confirm", ballot))

    code = (
        client.get(url("vote_receipt", ballot))
        .content.decode()
        .split('id="receipt-code">')[1]
        .split("<")[0]
    )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member_record.email]
    assert mail.subject == "Your receipt for Adopt the plan"
    assert f"\n    {code}\n" in mail.body
    assert "the results page lists every receipt code that was counted" in mail.body
    assert "The code does not say how you voted" in mail.body


@pytest.mark.django_db
def test_a_paper_vote_in_the_room_sends_no_receipt_email(
    organisation: Organisation,
    mailoutbox,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    voter = mf.member(organisation)
    ballot = resolution_ballot(organisation)

    with django_capture_on_commit_callbacks(execute=True):
        cast(ballot, voter, {question_of(ballot, 1).pk: [options_of(ballot, 1)["for"]]})

    assert mailoutbox == []


@pytest.mark.django_db
def test_reminders_go_to_those_who_have_not_voted(organisation: Organisation, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    voted = mf.member(organisation, name="Vera Voted")
    waiting = mf.member(organisation, name="Wyn Waiting", preferred_language="cy")
    ballot = resolution_ballot(organisation)
    cast(ballot, voted, {question_of(ballot, 1).pk: [options_of(ballot, 1)["for"]]})

    sent = send_reminders.call(ballot.pk)

    assert sent == 1
    assert [m.to for m in mailoutbox] == [[waiting.email]]
    assert "Mabwysiadu'r cynllun" in mailoutbox[0].subject
    assert "Mabwysiadu'r cynllun" in mailoutbox[0].body


@pytest.mark.django_db
def test_publishing_sends_the_results(
    organisation: Organisation,
    mailoutbox,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    voter = mf.member(organisation, name="Rhys Results")
    ballot = resolution_ballot(organisation)
    cast(ballot, voter, {question_of(ballot, 1).pk: [options_of(ballot, 1)["for"]]})
    services.ballot_close(ballot=ballot, actor=None)

    with django_capture_on_commit_callbacks(execute=True):
        services.ballot_publish(ballot=Ballot.objects.get(pk=ballot.pk), actor=None)

    assert [m.to for m in mailoutbox] == [[voter.email]]
    mail = mailoutbox[0]
    assert mail.subject == "Results: Adopt the plan"
    assert (
        "The results of the ballot of Dyfi Care Co-operative (Adopt the plan) are "
        "published." in mail.body
    )
    assert "Voting closed at" in mail.body
