"""The secretary's set-up pages refuse bad input, naming the field and the rule, and write
nothing: the new ballot, questions and options, opening, times, cancelling, publishing; and
the chair's casting vote on a tie.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent, User
from membership import services as membership_services
from membership.models import Organisation
from tests.factories import membership as mf
from tests.voting.test_pages_setup import (  # noqa: F401 - language_reset is a fixture
    PERSONAS,
    allow_proxies,
    cast,
    counts,
    language_reset,
    options_of,
    plain_cooperative,
    question_of,
    resolution_ballot,
    secretary_of,
    signed_in,
    text,
    url,
    voters,
)
from voting import services
from voting.models import (
    Ballot,
    Option,
    Participation,
)


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


@pytest.mark.django_db
def test_create_form_errors_are_shown_and_nothing_is_written(
    secretary_client: Client, organisation: Organisation
) -> None:
    create = reverse("voting:create", args=[organisation.slug])
    before = counts()

    missing = secretary_client.post(create, {"record_date": "2024-01-01"})
    early = secretary_client.post(
        create,
        {
            "title": "Too early",
            "record_date": "2001-01-01",
            "is_secret": "secret",
            "channels": ["online"],
        },
    )
    proxy = secretary_client.post(
        create,
        {
            "title": "Proxies",
            "record_date": "2024-01-01",
            "is_secret": "secret",
            "channels": ["proxy"],
        },
    )

    assert missing.status_code == 400
    assert "This field is required." in text(missing)
    assert "Choose at least one way to vote." in text(missing)
    assert early.status_code == 400
    assert "The record date cannot be before the organisation was registered." in text(early)
    assert 'href="#id_record_date"' in text(early)
    assert proxy.status_code == 400
    assert "The rules do not allow proxy votes" in text(proxy)
    assert 'id="id_channels_error"' in text(proxy)  # on the field, not above the form
    assert counts() == before


@pytest.mark.django_db
def test_question_and_option_errors(secretary_client: Client, organisation: Organisation) -> None:
    ballot = resolution_ballot(organisation, open_=False)
    stv = services.question_add(ballot=ballot, kind="stv", text="Elect", seats=1, actor=None)
    services.option_add(question=stv, label="Ann", actor=None)
    before = counts()
    options = Option.objects.count()

    no_type = secretary_client.post(
        url("question_add", ballot),
        {"kind": "resolution", "text": "Adopt?", "seats": 1, "method": "plurality"},
    )
    twice = secretary_client.post(url("option_add", ballot, 2), {"label": "ann"})
    too_many = secretary_client.post(
        url("reservation_set", ballot, 2),
        {"member_class": mf.member_class(organisation, "users").pk, "seats": 2},
    )
    on_resolution = secretary_client.post(url("option_add", ballot, 1), {"label": "Maybe"})

    assert no_type.status_code == 400
    assert "Choose the type of resolution the rules define." in text(no_type)
    assert twice.status_code == 400
    assert "This name is already on the list." in text(twice)
    assert too_many.status_code == 400
    assert "Reserved seats (2) cannot be more than the seats to fill (1)." in text(too_many)
    assert on_resolution.status_code == 400
    assert "A resolution&#x27;s options are fixed" in text(on_resolution)
    assert counts() == before
    assert Option.objects.count() == options
    assert secretary_client.get(url("option_add", ballot, 9)).status_code == 404


@pytest.mark.django_db
def test_opening_a_ballot_that_is_not_ready_is_refused(
    secretary_client: Client, organisation: Organisation
) -> None:
    ballot = services.ballot_create(
        organisation=organisation, title="Empty", record_date=dt.date(2024, 1, 1), actor=None
    )
    before = counts()

    response = secretary_client.post(url("open", ballot))

    assert response.status_code == 400
    assert "Add at least one question before opening the ballot." in text(response)
    assert counts() == before
    assert Participation.objects.filter(ballot=ballot).count() == 0


@pytest.mark.django_db
def test_schedule_errors(secretary_client: Client, organisation: Organisation) -> None:
    ballot = resolution_ballot(organisation, open_=False)
    before = counts()
    now = timezone.localtime()

    past = secretary_client.post(
        url("schedule", ballot),
        {"opens_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
    )
    backwards = secretary_client.post(
        url("schedule", ballot),
        {
            "opens_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert past.status_code == 400
    assert "The opening time is in the past." in text(past)
    assert backwards.status_code == 400
    assert "The ballot must close after it opens." in text(backwards)
    assert counts() == before


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_then_cancels(
    secretary_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)
    before = counts()

    refused = secretary_client.post(url("cancel", ballot), {"reason": ""})
    assert refused.status_code == 400
    assert "Give the reason the ballot is cancelled." in text(refused)
    assert counts() == before

    done = secretary_client.post(url("cancel", ballot), {"reason": "Called in error"})
    assert done.status_code == 302
    assert Ballot.objects.get(pk=ballot.pk).status == "cancelled"
    event = AuditEvent.objects.get(action="ballot.cancel")
    assert event.reason == "Called in error"


@pytest.mark.django_db
def test_publishing_twice_is_refused(secretary_client: Client, organisation: Organisation) -> None:
    ballot = resolution_ballot(organisation)
    services.ballot_close(ballot=ballot, actor=None)
    services.ballot_publish(ballot=Ballot.objects.get(pk=ballot.pk), actor=None)
    before = counts()

    response = secretary_client.post(url("publish", ballot))

    assert response.status_code == 400
    assert "cannot become" in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_chairs_casting_vote_on_a_tie(
    client: Client, organisation: Organisation, secretary: User
) -> None:
    membership_services.rules_version_create(
        organisation=organisation,
        effective_from=dt.date(2023, 1, 1),
        title="Rules 2023",
        quorum_members=3,
        quorum_percent=Decimal("10"),
        chair_casting_vote=True,
        actor=None,
    )
    people = voters(organisation, 2)
    ballot = resolution_ballot(organisation)
    options = options_of(ballot, 1)
    question = question_of(ballot, 1)
    cast(ballot, people[0], {question.pk: [options["for"]]})
    cast(ballot, people[1], {question.pk: [options["against"]]})
    services.ballot_close(ballot=ballot, actor=None)
    client.force_login(secretary)

    results = text(client.get(url("results", ballot)))
    assert "Tied: waiting for the chair&#x27;s casting vote" in results
    refused = client.post(url("publish", ballot))
    assert refused.status_code == 400
    assert "Question 1 is tied: record the chair&#x27;s casting vote first." in text(refused)

    bad = client.post(url("casting_vote", ballot, 1), {"casting_vote": "maybe"})
    assert bad.status_code == 400
    done = client.post(url("casting_vote", ballot, 1), {"casting_vote": "for"})
    assert done.status_code == 302
    question.refresh_from_db()
    assert (question.casting_vote, question.result["outcome"]) == ("for", "carried")
    assert "the chair&#x27;s casting vote decided it." in text(client.get(url("results", ballot)))
