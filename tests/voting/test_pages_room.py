"""The secretary's pages for a ballot under way: the turnout and the roll, votes in the room
(paper votes, a show of hands) and proxies.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.http import HttpResponse
from django.test import Client

from coop.core.models import User
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
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
    Participation,
    Proxy,
)


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


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
    assert not BallotPaper.objects.filter(ballot=ballot).exists()  # sealed, naming no one
    assert vf.choices_cast(ballot, question_of(ballot, 1)) == [[options["against"]]]


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
    # The vote cast before, and the hands: one for each of two, a blank paper for the third.
    assert vf.choices_cast(ballot, question_of(ballot, 1)) == sorted(
        [[options["for"]], [], [options["for"]], [options["for"]]]
    )
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


def appoint_three_proxies(
    client: Client, ballot: Ballot, people: list[Member], against: int
) -> list[HttpResponse]:
    """Through the page: a directed proxy (against) held by a member, a discretionary one
    held by the chair, and another held by the same member."""
    giver, holder, other, third = people
    directed = client.post(
        url("proxy_appoint", ballot),
        {
            "member_number": giver.number,
            "holder_number": holder.number,
            "kind": "directed",
            "question_1": against,
        },
    )
    discretionary = client.post(
        url("proxy_appoint", ballot),
        {
            "member_number": other.number,
            "holder_name": "The chair of the meeting",
            "kind": "discretionary",
        },
    )
    revocable = client.post(
        url("proxy_appoint", ballot),
        {"member_number": third.number, "holder_number": holder.number, "kind": "discretionary"},
    )

    return [directed, discretionary, revocable]


@pytest.mark.django_db
def test_proxies_appointed_marked_present_cast_and_revoked(
    secretary_client: Client, organisation: Organisation, member_record: Member
) -> None:
    allow_proxies(organisation, limit=2)
    giver, holder, other, third = voters(organisation, 4)
    ballot = resolution_ballot(organisation, allow_proxy=True)
    options = options_of(ballot, 1)

    responses = appoint_three_proxies(
        secretary_client, ballot, [giver, holder, other, third], options["against"]
    )

    assert [r.status_code for r in responses] == [302, 302, 302]
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
    # The only votes cast are the two proxies' (the channel is counted from participations).
    assert vf.choices_cast(ballot, question_of(ballot, 1)) == sorted(
        [[options["against"]], [options["for"]]]
    )
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
