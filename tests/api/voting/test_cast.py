"""Casting a vote through the API: end to end with a token, exactly once across the API and
the room, and every refusal (400 with the service's field error, nothing written)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from coop.core.models import AuditEvent, User
from membership import services as membership_services
from membership.models import Member
from tests.api.voting.conftest import client_for, counts, url
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import BallotPaper, Participation, Receipt, SealedPaper

RECEIPT = re.compile(r"^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$")


def token_client(user: User) -> APIClient:
    _instance, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_member_votes_with_a_token_and_gets_a_receipt(organisation, member, member_record):
    ballot, question = vf.resolution_ballot(organisation)
    options = vf.options(question)
    client = token_client(member)

    response = client.post(
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [options["for"]]}},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert list(response.json()) == ["receipt"]
    code = response.json()["receipt"]
    assert RECEIPT.match(code)
    participation = Participation.objects.get(ballot=ballot, member=member_record)
    assert (participation.has_voted, participation.channel, participation.cast_by) == (
        True,
        "online",
        member,
    )
    assert not BallotPaper.objects.filter(ballot=ballot).exists()  # sealed, naming no one
    assert [p.choices for p in vf.opened_papers(ballot)] == [{question.pk: [options["for"]]}]
    assert list(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True)) == [code]
    vf.assert_cast_event(
        AuditEvent.objects.get(action="ballot.cast"),
        ballot=ballot,
        member=member_record,
        channel="online",
        actor=member,
        secrets=[code, *SealedPaper.objects.values_list("id", flat=True)],
    )
    voters = client.get(url("ballot", pk=ballot.pk)).json()["voters"]
    assert (voters[0]["has_voted"], voters[0]["channel"], voters[0]["may_vote_now"]) == (
        True,
        "Online",
        False,
    )


def test_without_a_token_nothing_is_cast(organisation, member):
    ballot, question = vf.resolution_ballot(organisation)
    before = counts()

    response = APIClient().post(
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [vf.options(question)["for"]]}},
        format="json",
        HTTP_AUTHORIZATION="Token not-a-real-token",
    )

    assert response.status_code == 401
    assert counts() == before


def test_the_cast_makes_few_queries(organisation, member, django_assert_max_num_queries):
    """The load benchmark's endpoint: token, role gate, ballot, member, the service."""
    ballot, question = vf.resolution_ballot(organisation)
    client = token_client(member)
    body = {"selections": {str(question.pk): [vf.options(question)["against"]]}}

    with django_assert_max_num_queries(15):
        response = client.post(url("ballot-cast", pk=ballot.pk), body, format="json")

    assert response.status_code == 201


def test_the_secretary_enters_a_paper_vote_in_the_room(organisation, secretary):
    attendee = mf.member(organisation, name="Alun Attendee")
    ballot, question = vf.resolution_ballot(organisation)

    response = client_for(secretary).post(
        url("ballot-cast", pk=ballot.pk),
        {
            "member": attendee.number,
            "channel": "room",
            "selections": {str(question.pk): [vf.options(question)["abstain"]]},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert RECEIPT.match(response.json()["receipt"])
    participation = Participation.objects.get(ballot=ballot, member=attendee)
    assert (participation.channel, participation.cast_by) == ("room", secretary)
    assert AuditEvent.objects.get(action="ballot.cast").after == {
        "ballot": ballot.pk,
        "member": attendee.number,
        "channel": "room",
    }


def test_one_vote_per_member_across_the_api_and_the_room(
    organisation, secretary, member, member_record
):
    ballot, question = vf.resolution_ballot(organisation)
    options = vf.options(question)
    online = client_for(member).post(
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [options["for"]]}},
        format="json",
    )
    assert online.status_code == 201
    before = counts()

    in_room = client_for(secretary).post(
        url("ballot-cast", pk=ballot.pk),
        {
            "member": member_record.number,
            "channel": "room",
            "selections": {str(question.pk): [options["against"]]},
        },
        format="json",
    )
    again_online = client_for(member).post(
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [options["against"]]}},
        format="json",
    )

    message = (
        f"A vote has already been recorded for member {member_record.number} (Online). Each "
        "member votes once."
    )
    assert (in_room.status_code, in_room.json()) == (400, {"member": [message]})
    assert (again_online.status_code, again_online.json()) == (400, {"member": [message]})
    assert counts() == before
    assert vf.paper_count(ballot) == 1


def test_a_paper_vote_in_the_room_first_stops_the_online_vote(
    organisation, secretary, member, member_record
):
    ballot, question = vf.resolution_ballot(organisation)
    options = vf.options(question)
    vf.vote(ballot, member_record, question, "for", actor=secretary)
    before = counts()

    response = client_for(member).post(
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [options["against"]]}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "member": [
            f"A vote has already been recorded for member {member_record.number} (Paper vote "
            "in the room). Each member votes once."
        ]
    }
    assert counts() == before


# --- refusals: the service's field error, and nothing written -------------------------------


def _refused(client: APIClient, path: str, body: dict, expected: dict) -> None:
    before = counts()
    response = client.post(path, body, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert counts() == before


def test_a_member_not_on_the_roll_cannot_vote(organisation):
    ballot, question = vf.resolution_ballot(organisation)
    user = User.objects.create_user(email="late@example.org", password="x", full_name="Lowri Late")
    late = mf.member(organisation, name="Lowri Late", user=user)  # joined after it opened

    _refused(
        client_for(user),
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [vf.options(question)["for"]]}},
        {"member": [f"Member {late.number} is not on the roll of this ballot."]},
    )


def test_no_vote_after_the_ballot_closes(organisation, member):
    ballot, question = vf.resolution_ballot(organisation)
    services.ballot_close(ballot=ballot, actor=None)

    _refused(
        client_for(member),
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [vf.options(question)["for"]]}},
        {"ballot": ["This ballot is not open for voting (Closed: being checked)."]},
    )


def test_no_vote_before_the_ballot_opens(organisation, secretary, member, member_record):
    ballot, question = vf.resolution_ballot(organisation, is_open=False)
    body = {"selections": {str(question.pk): [vf.options(question)["for"]]}}
    before = counts()

    as_member = client_for(member).post(url("ballot-cast", pk=ballot.pk), body, format="json")

    assert as_member.status_code == 404  # a draft is the secretary's alone
    _refused(
        client_for(secretary),
        url("ballot-cast", pk=ballot.pk),
        {**body, "member": member_record.number, "channel": "room"},
        {"ballot": ["This ballot is not open for voting (Being prepared)."]},
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("make_selections", "expected"),
    [
        (
            lambda q, o, other: {str(q.pk): [other]},
            {"question_1": ["That choice is not on the paper for question 1."]},
        ),
        (
            lambda q, o, other: {str(q.pk): [o["for"], o["against"]]},
            {"question_1": ["Choose one answer for question 1: for, against or abstain."]},
        ),
        (
            lambda q, o, other: {str(q.pk): [o["for"], o["for"]]},
            {"question_1": ["You have chosen the same option twice in question 1."]},
        ),
        (
            lambda q, o, other: {"999999": [o["for"]]},
            {"selections": ["Question 999999 is not on this ballot paper."]},
        ),
        (
            lambda q, o, other: {"first": [o["for"]]},
            {"selections": ["Send the choices as question → list of choices (ids)."]},
        ),
    ],
    ids=["not-on-the-paper", "two-answers", "same-twice", "unknown-question", "bad-key"],
)
def test_bad_choices_are_refused(organisation, member, make_selections, expected):
    ballot, question = vf.resolution_ballot(organisation)
    _other, other_question = vf.resolution_ballot(organisation, title="Other")
    other = vf.options(other_question)["for"]

    _refused(
        client_for(member),
        url("ballot-cast", pk=ballot.pk),
        {"selections": make_selections(question, vf.options(question), other)},
        expected,
    )


def test_a_malformed_body_is_refused(organisation, member):
    ballot, question = vf.resolution_ballot(organisation)

    _refused(
        client_for(member),
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): "for"}, "channel": "post"},
        {
            "selections": {str(question.pk): ['Expected a list of items but got type "str".']},
            "channel": ['"post" is not a valid choice.'],
        },
    )


def test_someone_with_no_member_record_has_no_vote(organisation, board_member):
    ballot, question = vf.resolution_ballot(organisation)

    _refused(
        client_for(board_member),
        url("ballot-cast", pk=ballot.pk),
        {"selections": {str(question.pk): [vf.options(question)["for"]]}},
        {"member": ["You are not a member of Dyfi Care Co-operative, so you have no vote."]},
    )


def test_a_member_cannot_vote_for_another_member(organisation, member):
    other = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)

    _refused(
        client_for(member),
        url("ballot-cast", pk=ballot.pk),
        {"member": other.number, "selections": {str(question.pk): [vf.options(question)["for"]]}},
        {"member": [f"You cannot vote for member {other.number}."]},
    )


def test_a_representative_names_which_member_they_vote_for(organisation, member, member_record):
    """The member persona also represents a member co-op: they vote for each in turn."""
    coop = vf.organisation_member(organisation, name="Cwmni Gofal")
    membership_services.representative_add(
        member=coop, name="Meinir Member", started_on=coop.entered_on, user=member, actor=None
    )
    ballot, question = vf.resolution_ballot(organisation)
    body = {"selections": {str(question.pk): [vf.options(question)["for"]]}}
    client = client_for(member)

    _refused(
        client,
        url("ballot-cast", pk=ballot.pk),
        body,
        {
            "member": [
                f"You vote for more than one member ({member_record.number}, {coop.number}): "
                "give the member number."
            ]
        },
    )
    for_coop = client.post(
        url("ballot-cast", pk=ballot.pk), {**body, "member": coop.number}, format="json"
    )
    for_self = client.post(
        url("ballot-cast", pk=ballot.pk), {**body, "member": member_record.number}, format="json"
    )

    assert (for_coop.status_code, for_self.status_code) == (201, 201)
    assert set(
        Participation.objects.filter(ballot=ballot, has_voted=True).values_list(
            "member__number", flat=True
        )
    ) == {coop.number, member_record.number}
    assert Member.objects.get(pk=coop.pk).kind == Member.Kind.ORGANISATION


def test_a_room_vote_needs_the_attendees_number(organisation, secretary):
    ballot, question = vf.resolution_ballot(organisation)

    _refused(
        client_for(secretary),
        url("ballot-cast", pk=ballot.pk),
        {"channel": "room", "selections": {str(question.pk): [vf.options(question)["for"]]}},
        {"member": ["Give the member number of the attendee whose paper this is."]},
    )
    _refused(
        client_for(secretary),
        url("ballot-cast", pk=ballot.pk),
        {
            "channel": "room",
            "member": 4040,
            "selections": {str(question.pk): [vf.options(question)["for"]]},
        },
        {"member": ["Dyfi Care Co-operative has no member number 4040."]},
    )


def test_the_cast_is_one_transaction(organisation, member, member_record):
    """A refused cast leaves no half-written vote behind (papers, receipt, participation)."""
    ballot, question = vf.resolution_ballot(organisation)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(member).post(
            url("ballot-cast", pk=ballot.pk),
            {"selections": {str(question.pk): [0]}},
            format="json",
        )

    assert response.status_code == 400
    assert not any(q["sql"].startswith("INSERT") for q in queries.captured_queries)
    assert not Participation.objects.filter(ballot=ballot, has_voted=True).exists()
