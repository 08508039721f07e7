"""The secretary's pages: setting up and running a ballot, the turnout and roll, votes in the
room (paper votes, a show of hands), proxies; and who may reach which page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent, User
from membership.models import Organisation, ResolutionType
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
    Question,
    Reservation,
)


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


# --- Who may reach which page: the matrix is in tests/voting/test_permissions_pages.py --------


@pytest.mark.django_db
def test_another_organisations_ballot_is_not_found(
    client: Client,
    outsider: User,
    secretary: User,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    ours = resolution_ballot(organisation)
    theirs = resolution_ballot(other_organisation)
    client.force_login(secretary)
    # Our slug with their ballot's id; their slug with their ballot.
    assert (
        client.get(reverse("voting:ballot", args=[organisation.slug, theirs.pk])).status_code == 404
    )
    assert client.get(url("manage", theirs)).status_code == 404
    client.force_login(outsider)
    assert (
        client.get(reverse("voting:manage", args=[other_organisation.slug, ours.pk])).status_code
        == 404
    )
    assert client.get(url("ballot", ours)).status_code == 404


# --- Setting up a ballot ----------------------------------------------------------------------


def post_ok(client: Client, path: str, data: dict[str, object] | None = None) -> None:
    """A step of the set-up: the form is taken, and the page goes on (302)."""
    response = client.post(path, data or {})
    assert response.status_code == 302, text(response)


def create_through_the_page(client: Client, organisation: Organisation) -> Ballot:
    create = reverse("voting:create", args=[organisation.slug])
    assert client.get(create).status_code == 200
    response = client.post(
        create,
        {
            "title": "Board election 2025",
            "title_cy": "Etholiad y bwrdd 2025",
            "description": "Two seats.",
            "description_cy": "",
            "record_date": "2024-01-01",
            "is_secret": "secret",
            "eligible_classes": [],
            "channels": ["online", "room"],
        },
    )
    ballot = Ballot.objects.get(title="Board election 2025")
    assert response.status_code == 302
    assert response["Location"] == url("manage", ballot)
    return ballot


def set_up_the_paper(client: Client, organisation: Organisation, ballot: Ballot) -> dt.datetime:
    """A resolution and an STV election of 2 seats among 3, one seat reserved for workers,
    and the times; returns the opening time asked for."""
    ordinary = ResolutionType.objects.get(rules_version__organisation=organisation, code="ordinary")
    assert "Ordinary resolution" in text(client.get(url("question_add", ballot)))
    resolution = {"kind": "resolution", "text": "Adopt the accounts?", "seats": 1}
    post_ok(
        client,
        url("question_add", ballot),
        {**resolution, "resolution_type": ordinary.pk, "method": "plurality"},
    )
    election = {"kind": "stv", "text": "Elect two directors", "text_cy": "Ethol dau gyfarwyddwr"}
    post_ok(client, url("question_add", ballot), {**election, "seats": 2, "method": "plurality"})
    for name, cls in (("Ann", "users"), ("Ben", "workers"), ("Cat", "users")):
        member_class = mf.member_class(organisation, cls).pk
        post_ok(client, url("option_add", ballot, 2), {"label": name, "member_class": member_class})
    workers = mf.member_class(organisation, "workers")
    post_ok(client, url("reservation_set", ballot, 2), {"member_class": workers.pk, "seats": 1})
    opens = timezone.localtime() + dt.timedelta(days=1)
    closes = opens + dt.timedelta(days=7)
    post_ok(
        client,
        url("schedule", ballot),
        {
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    return opens


@pytest.mark.django_db
def test_secretary_sets_up_opens_closes_and_publishes_a_ballot(
    secretary_client: Client, secretary: User, organisation: Organisation
) -> None:
    voters(organisation, 3)

    ballot = create_through_the_page(secretary_client, organisation)
    opens = set_up_the_paper(secretary_client, organisation, ballot)

    assert (
        ballot.title_cy,
        ballot.record_date,
        ballot.is_secret,
        ballot.allow_online,
        ballot.allow_in_room,
        ballot.allow_proxy,
        ballot.created_by,
    ) == ("Etholiad y bwrdd 2025", dt.date(2024, 1, 1), True, True, True, False, secretary)
    questions = list(ballot.questions.order_by("position"))
    assert [(q.kind, q.text, q.seats) for q in questions] == [
        ("resolution", "Adopt the accounts?", 1),
        ("stv", "Elect two directors", 2),
    ]
    assert [o.label for o in questions[1].options.all()] == ["Ann", "Ben", "Cat"]
    assert Reservation.objects.get(question=questions[1]).seats == 1
    ballot.refresh_from_db()
    assert ballot.opens_at is not None
    assert timezone.localtime(ballot.opens_at).strftime("%Y-%m-%dT%H:%M") == opens.strftime(
        "%Y-%m-%dT%H:%M"
    )
    manage = text(secretary_client.get(url("manage", ballot)))
    assert "Elect two directors" in manage
    assert "Ben (Workers)" in manage
    assert "Workers: 1" in manage


@pytest.mark.django_db
def test_secretary_opens_closes_and_publishes_a_ballot_and_each_step_is_audited(
    secretary_client: Client, organisation: Organisation
) -> None:
    voters(organisation, 3)
    ballot = create_through_the_page(secretary_client, organisation)
    set_up_the_paper(secretary_client, organisation, ballot)

    assert secretary_client.get(url("open", ballot)).status_code == 200
    opened = secretary_client.post(url("open", ballot), follow=True)
    assert "The ballot is open: 3 members may vote." in text(opened)
    assert Ballot.objects.get(pk=ballot.pk).status == "open"
    closed = secretary_client.post(url("close", ballot), follow=True)
    assert "The ballot is closed and counted." in text(closed)
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"
    published = secretary_client.post(url("publish", ballot), follow=True)
    assert "The results are published to the members." in text(published)
    assert Ballot.objects.get(pk=ballot.pk).status == "published"
    actions = list(
        AuditEvent.objects.filter(object_type="voting.ballot", object_id=str(ballot.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "ballot.create",
        "ballot.question_add",
        "ballot.question_add",
        "ballot.option_add",
        "ballot.option_add",
        "ballot.option_add",
        "ballot.reservation_set",
        "ballot.schedule",
        "ballot.open",
        "ballot.close",
        "ballot.publish",
    ]


@pytest.mark.django_db
def test_questions_of_a_ballot_are_listed_on_the_manage_page_without_extra_queries(
    secretary_client: Client, organisation: Organisation, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    ballot = resolution_ballot(organisation, open_=False)
    for n in range(3):
        question = services.question_add(
            ballot=ballot, kind="choice", text=f"Q{n}", seats=1, actor=None
        )
        for label in ("A", "B", "C"):
            services.option_add(question=question, label=label, actor=None)
    with django_assert_max_num_queries(12):
        response = secretary_client.get(url("manage", ballot))
    assert response.status_code == 200
    assert Question.objects.filter(ballot=ballot).count() == 4


@pytest.mark.django_db
def test_the_closing_time_of_an_open_ballot_can_be_set(
    secretary_client: Client, organisation: Organisation
) -> None:
    ballot = resolution_ballot(organisation)
    closes = timezone.localtime() + dt.timedelta(days=2)

    response = secretary_client.post(
        url("schedule", ballot), {"closes_at": closes.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    ballot.refresh_from_db()
    assert ballot.closes_at is not None
    assert timezone.localtime(ballot.closes_at).strftime("%Y-%m-%d %H:%M") == closes.strftime(
        "%Y-%m-%d %H:%M"
    )
