"""The secretary's pages: setting up and running a ballot, the turnout and roll, votes in the
room (paper votes, a show of hands), proxies; and who may reach which page."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent, User
from membership import services as membership_services
from membership.models import Member, Organisation, ResolutionType
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
    BallotPaper,
    HandCount,
    Option,
    Participation,
    Proxy,
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


@pytest.mark.django_db
def test_secretary_sets_up_opens_closes_and_publishes_a_ballot(
    secretary_client: Client, secretary: User, organisation: Organisation
) -> None:
    voters(organisation, 3)
    workers = mf.member_class(organisation, "workers")
    create = reverse("voting:create", args=[organisation.slug])
    assert secretary_client.get(create).status_code == 200

    response = secretary_client.post(
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
    assert (
        ballot.title_cy,
        ballot.record_date,
        ballot.is_secret,
        ballot.allow_online,
        ballot.allow_in_room,
        ballot.allow_proxy,
        ballot.created_by,
    ) == ("Etholiad y bwrdd 2025", dt.date(2024, 1, 1), True, True, True, False, secretary)

    ordinary = ResolutionType.objects.get(rules_version__organisation=organisation, code="ordinary")
    page = text(secretary_client.get(url("question_add", ballot)))
    assert "Ordinary resolution" in page
    assert (
        secretary_client.post(
            url("question_add", ballot),
            {
                "kind": "resolution",
                "text": "Adopt the accounts?",
                "resolution_type": ordinary.pk,
                "seats": 1,
                "method": "plurality",
            },
        ).status_code
        == 302
    )
    assert (
        secretary_client.post(
            url("question_add", ballot),
            {
                "kind": "stv",
                "text": "Elect two directors",
                "text_cy": "Ethol dau gyfarwyddwr",
                "seats": 2,
                "method": "plurality",
            },
        ).status_code
        == 302
    )
    for name, cls in (("Ann", "users"), ("Ben", "workers"), ("Cat", "users")):
        assert (
            secretary_client.post(
                url("option_add", ballot, 2),
                {"label": name, "member_class": mf.member_class(organisation, cls).pk},
            ).status_code
            == 302
        )
    assert (
        secretary_client.post(
            url("reservation_set", ballot, 2), {"member_class": workers.pk, "seats": 1}
        ).status_code
        == 302
    )
    opens = timezone.localtime() + dt.timedelta(days=1)
    closes = opens + dt.timedelta(days=7)
    assert (
        secretary_client.post(
            url("schedule", ballot),
            {
                "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
                "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
            },
        ).status_code
        == 302
    )

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


# --- Turnout and the roll ---------------------------------------------------------------------


@pytest.mark.django_db
def test_turnout_page_shows_the_roll_with_filters(
    secretary_client: Client, organisation: Organisation, member_record: Member
) -> None:
    workers = voters(organisation, 5, cls="workers")
    late = mf.member(organisation, name="Late Joiner", entered_on=dt.date(2024, 6, 1))
    ballot = resolution_ballot(organisation)
    options = options_of(ballot, 1)
    question = question_of(ballot, 1)
    for worker in workers[:3]:
        cast(ballot, worker, {question.pk: [options["for"]]})

    page = secretary_client.get(url("turnout", ballot))
    html = text(page)
    voted = text(secretary_client.get(url("turnout", ballot), {"voted": "yes"}))
    not_eligible = text(secretary_client.get(url("turnout", ballot), {"eligible": "no"}))
    users = text(secretary_client.get(url("turnout", ballot), {"class": "users"}))

    assert page.status_code == 200
    assert "3 of 6 members who may vote have voted (50.0%)." in html
    assert 'role="img"' in html
    assert "7 members on the roll" in html
    assert f'id="roll-{late.number}"' in html
    assert "You were not a member on the record date of this ballot." in html
    assert "3 members on the roll" in voted
    assert all(f'id="roll-{w.number}"' in voted for w in workers[:3])
    assert f'id="roll-{member_record.number}"' not in voted
    assert "1 member on the roll" in not_eligible
    assert f'id="roll-{late.number}"' in not_eligible
    assert "2 members on the roll" in users
    # Who voted is shown; what they chose never is.
    assert "For" not in html.split('id="roll"')[1]


# --- In the room ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_secretary_enters_a_paper_vote_and_gets_the_receipt_code(
    secretary_client: Client, secretary: User, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation)
    options = options_of(ballot, 1)

    form = secretary_client.get(url("room_paper", ballot))
    response = secretary_client.post(
        url("room_paper", ballot),
        {"member_number": member_record.number, "question_1": options["against"]},
        follow=True,
    )

    assert form.status_code == 200
    html = text(response)
    assert f"Paper vote recorded for member {member_record.number}, Meinir Member." in html
    code = re.search(r"Give them their receipt code: ([A-Z0-9]{5}-[A-Z0-9]{5})", html)
    assert code is not None
    participation = Participation.objects.get(ballot=ballot, member=member_record)
    assert (participation.has_voted, participation.channel, participation.cast_by) == (
        True,
        "room",
        secretary,
    )
    assert list(
        BallotPaper.objects.filter(ballot=ballot).values_list("option_id", "member_id")
    ) == [(options["against"], None)]


@pytest.mark.django_db
def test_paper_vote_errors_name_the_field_and_write_nothing(
    secretary_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation)
    options = options_of(ballot, 1)
    cast(ballot, member_record, {question_of(ballot, 1).pk: [options["for"]]})
    before = counts()

    unknown = secretary_client.post(
        url("room_paper", ballot), {"member_number": 999, "question_1": options["for"]}
    )
    twice = secretary_client.post(
        url("room_paper", ballot),
        {"member_number": member_record.number, "question_1": options["for"]},
    )
    off_paper = secretary_client.post(
        url("room_paper", ballot), {"member_number": member_record.number, "question_1": 123456}
    )

    assert unknown.status_code == 400
    assert "There is no member 999 in this organisation." in text(unknown)
    assert twice.status_code == 400
    assert "A vote has already been recorded for member" in text(twice)
    assert 'href="#id_member_number"' in text(twice)
    assert off_paper.status_code == 400
    assert "That choice is not on the paper for question 1." in text(off_paper)
    assert counts() == before


@pytest.mark.django_db
def test_show_of_hands_counts_those_present_who_have_not_voted(client: Client) -> None:
    org = plain_cooperative()
    secretary = secretary_of(org, "plain-secretary@example.org")
    people = [mf.member(org) for _ in range(4)]
    ballot = resolution_ballot(org)
    options = options_of(ballot, 1)
    cast(ballot, people[0], {question_of(ballot, 1).pk: [options["for"]]})
    client.force_login(secretary)
    present = "\n".join(str(m.number) for m in people)

    form = client.get(url("room_hands", ballot))
    response = client.post(
        url("room_hands", ballot),
        {"present": present, "count_for": 2, "count_against": 0, "count_abstain": 0},
        follow=True,
    )

    assert form.status_code == 200
    assert "Hands for" in text(form)
    assert "Show of hands recorded: 3 members present who had not voted are counted." in text(
        response
    )
    papers = BallotPaper.objects.filter(ballot=ballot, channel="hands")
    assert sorted((p.option_id or 0) for p in papers) == [0, options["for"], options["for"]]
    assert dict(HandCount.objects.values_list("option__code", "count")) == {
        "for": 2,
        "against": 0,
        "abstain": 0,
    }
    assert Participation.objects.filter(ballot=ballot, channel="hands").count() == 3


@pytest.mark.django_db
def test_show_of_hands_errors(client: Client) -> None:
    org = plain_cooperative()
    secretary = secretary_of(org, "plain-secretary@example.org")
    people = [mf.member(org) for _ in range(2)]
    ballot = resolution_ballot(org)
    client.force_login(secretary)
    present = f"{people[0].number}, {people[1].number}"
    before = counts()

    too_many = client.post(
        url("room_hands", ballot),
        {"present": present, "count_for": 2, "count_against": 1, "count_abstain": 0},
    )
    unknown = client.post(
        url("room_hands", ballot),
        {"present": f"{present} 999", "count_for": 0, "count_against": 0, "count_abstain": 0},
    )
    garbage = client.post(
        url("room_hands", ballot),
        {"present": "one two", "count_for": 0, "count_against": 0, "count_abstain": 0},
    )
    negative = client.post(
        url("room_hands", ballot),
        {"present": present, "count_for": -1, "count_against": 0, "count_abstain": 0},
    )

    assert too_many.status_code == 400
    assert "3 hands were counted but only 2 members present have not voted yet." in text(too_many)
    assert unknown.status_code == 400
    assert "These are not member numbers of this organisation: 999." in text(unknown)
    assert garbage.status_code == 400
    assert "Enter member numbers only" in text(garbage)
    assert negative.status_code == 400
    assert counts() == before
    assert HandCount.objects.count() == 0


@pytest.mark.django_db
def test_show_of_hands_is_refused_where_classes_are_weighted(
    secretary_client: Client, organisation: Organisation, member_record: Member
) -> None:
    ballot = resolution_ballot(organisation)
    before = counts()

    response = secretary_client.post(
        url("room_hands", ballot),
        {
            "present": str(member_record.number),
            "count_for": 1,
            "count_against": 0,
            "count_abstain": 0,
        },
    )

    assert response.status_code == 400
    assert "a show of hands cannot, so take a poll" in text(response)
    assert counts() == before


# --- Proxies ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_proxies_appointed_marked_present_cast_and_revoked(
    secretary_client: Client, organisation: Organisation, member_record: Member
) -> None:
    allow_proxies(organisation, limit=2)
    giver, holder, other, third = voters(organisation, 4)
    ballot = resolution_ballot(organisation, allow_proxy=True)
    options = options_of(ballot, 1)

    directed = secretary_client.post(
        url("proxy_appoint", ballot),
        {
            "member_number": giver.number,
            "holder_number": holder.number,
            "kind": "directed",
            "question_1": options["against"],
        },
    )
    discretionary = secretary_client.post(
        url("proxy_appoint", ballot),
        {
            "member_number": other.number,
            "holder_name": "The chair of the meeting",
            "kind": "discretionary",
        },
    )
    revocable = secretary_client.post(
        url("proxy_appoint", ballot),
        {"member_number": third.number, "holder_number": holder.number, "kind": "discretionary"},
    )

    assert [r.status_code for r in (directed, discretionary, revocable)] == [302, 302, 302]
    by_member = {p.member_id: p for p in Proxy.objects.filter(ballot=ballot)}
    first, second, last = by_member[giver.pk], by_member[other.pk], by_member[third.pk]
    assert first.directions == {str(question_of(ballot, 1).pk): [options["against"]]}
    assert second.holder_name == "The chair of the meeting"
    room = text(secretary_client.get(url("room", ballot)))
    assert "Mark present" in room

    # A proxy who is not present cannot vote.
    before = counts()
    absent = secretary_client.post(url("proxy_cast", ballot, first.pk))
    assert absent.status_code == 400
    assert "A proxy vote can be cast only by a proxy who is present." in text(absent)
    assert counts() == before

    for proxy in (first, second):
        assert (
            secretary_client.post(
                url("proxy_present", ballot, proxy.pk), {"present": "yes"}
            ).status_code
            == 302
        )
    cast_directed = secretary_client.get(url("proxy_cast", ballot, first.pk))
    assert "Against" in text(cast_directed)
    done = secretary_client.post(url("proxy_cast", ballot, first.pk), follow=True)
    assert f"Proxy vote cast for member {giver.number}. Receipt code:" in text(done)
    done = secretary_client.post(
        url("proxy_cast", ballot, second.pk), {"question_1": options["for"]}, follow=True
    )
    assert f"Proxy vote cast for member {other.number}." in text(done)
    revoked = secretary_client.post(url("proxy_revoke", ballot, last.pk))
    assert revoked.status_code == 302

    assert dict(Proxy.objects.filter(ballot=ballot).values_list("member_id", "status")) == {
        giver.pk: "used",
        other.pk: "used",
        third.pk: "revoked",
    }
    assert sorted(
        Participation.objects.filter(ballot=ballot, channel="proxy").values_list(
            "member_id", flat=True
        )
    ) == sorted([giver.pk, other.pk])
    assert sorted(
        BallotPaper.objects.filter(ballot=ballot, channel="proxy").values_list(
            "option_id", flat=True
        )
    ) == sorted([options["against"], options["for"]])
    # A used proxy cannot be revoked.
    before = counts()
    again = secretary_client.post(url("proxy_revoke", ballot, first.pk))
    assert again.status_code == 400
    assert "Only a proxy not yet used can be revoked." in text(again)
    assert counts() == before


@pytest.mark.django_db
def test_a_proxy_beyond_the_rules_limit_is_refused(
    secretary_client: Client, organisation: Organisation
) -> None:
    allow_proxies(organisation, limit=1)
    giver, other, holder = voters(organisation, 3)
    ballot = resolution_ballot(organisation, allow_proxy=True)
    services.proxy_appoint(
        ballot=ballot, member=giver, holder=holder, kind="discretionary", actor=None
    )
    before = counts()

    response = secretary_client.post(
        url("proxy_appoint", ballot),
        {"member_number": other.number, "holder_number": holder.number, "kind": "discretionary"},
    )

    assert response.status_code == 400
    assert "already holds 1 proxies, the most the rules allow" in text(response)
    assert 'href="#id_holder_number"' in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_proxy_form_errors(secretary_client: Client, organisation: Organisation) -> None:
    allow_proxies(organisation)
    (giver,) = voters(organisation, 1)
    ballot = resolution_ballot(organisation, allow_proxy=True)
    before = counts()

    no_holder = secretary_client.post(
        url("proxy_appoint", ballot), {"member_number": giver.number, "kind": "discretionary"}
    )
    unknown = secretary_client.post(
        url("proxy_appoint", ballot),
        {"member_number": 999, "holder_name": "Chair", "kind": "discretionary"},
    )
    no_directions = secretary_client.post(
        url("proxy_appoint", ballot),
        {"member_number": giver.number, "holder_name": "Chair", "kind": "directed"},
    )

    assert no_holder.status_code == 400
    assert "Name the proxy (a member, or the chair of the meeting)." in text(no_holder)
    assert unknown.status_code == 400
    assert "There is no member 999 in this organisation." in text(unknown)
    assert no_directions.status_code == 400
    assert "Give the proxy&#x27;s directions for each question." in text(no_directions)
    assert counts() == before


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
