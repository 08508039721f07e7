"""Bad input to every write of the ballots API: 400 naming the field (and the rule, where a
service refuses), and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tests.api.voting.conftest import World, client_for, counts, url


def _past() -> str:
    return (timezone.now() - dt.timedelta(days=1)).isoformat()


CASES: list[tuple[str, Callable[[World], dict[str, Any]], Any, dict[str, list[str]]]] = [
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2010-01-01"},
        {"record_date": ["The record date cannot be before the organisation was registered."]},
    ),
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2024-01-01", "eligible_classes": ["investors"]},
        {
            "eligible_classes": [
                "Dyfi Care Co-operative has no member class with the code “investors”."
            ]
        },
    ),
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2024-01-01", "allow_proxy": True, "closes_at": "soon"},
        {
            "closes_at": [
                "Datetime has wrong format. Use one of these formats instead: "
                "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
            ]
        },
    ),
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2024-01-01", "closes_at": "9999-12-31T17:00:00Z"},
        {"closes_at": ["Closes at must be in the years 2000 to 2100 (this one is in 9999)."]},
    ),
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2024-01-01", "opens_at": "0001-01-01T00:00:00"},
        {"opens_at": ["Opens at must be in the years 2000 to 2100 (this one is in 1)."]},
    ),
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2240-01-01"},
        {"record_date": ["Record date must be in the years 2000 to 2100 (this one is in 2240)."]},
    ),
    (
        "ballot-questions",
        lambda w: {"pk": w.draft.pk},
        {"kind": "resolution", "text": "Adopt the accounts?"},
        {"resolution_type": ["Choose the type of resolution the rules define."]},
    ),
    (
        "ballot-questions",
        lambda w: {"pk": w.draft.pk},
        {"kind": "resolution", "text": "Adopt the accounts?", "resolution_type": "unanimous"},
        {
            "resolution_type": [
                "The rules in force on the record date define no resolution of the type "
                "“unanimous”."
            ]
        },
    ),
    (
        "ballot-questions",
        lambda w: {"pk": w.open.pk},
        {"kind": "choice", "text": "Which tree?"},
        {"status": ["The ballot is no longer being prepared: its questions cannot change."]},
    ),
    (
        "ballot-question-options",
        lambda w: {"pk": w.draft.pk, "question_id": w.draft_question.pk},
        {"label": "alaw"},
        {"label": ["This name is already on the list."]},
    ),
    (
        "ballot-question-options",
        lambda w: {"pk": w.draft.pk, "question_id": w.draft_question.pk},
        {"label": "Eirlys", "member_class": "investors"},
        {"member_class": ["Dyfi Care Co-operative has no member class with the code “investors”."]},
    ),
    (
        "ballot-question-reserved-seats",
        lambda w: {"pk": w.draft.pk, "question_id": w.draft_question.pk},
        {"member_class": "workers", "seats": 3},
        {"seats": ["Reserved seats (3) cannot be more than the seats to fill (2)."]},
    ),
    (
        "ballot-question-casting-vote",
        lambda w: {"pk": w.counted.pk, "question_id": w.counted_question.pk},
        {"casting_vote": "for"},
        {
            "casting_vote": [
                "This question is not tied, or the rules give the chair no casting vote."
            ]
        },
    ),
    (
        "ballot-question-casting-vote",
        lambda w: {"pk": w.counted.pk, "question_id": w.counted_question.pk},
        {"casting_vote": "abstain"},
        {"casting_vote": ['"abstain" is not a valid choice.']},
    ),
    (
        "ballot-schedule",
        lambda w: {"pk": w.draft.pk},
        {"opens_at": None, "closes_at": _past()},
        {"closes_at": ["The closing time is in the past."]},
    ),
    (
        "ballot-schedule",
        lambda w: {"pk": w.draft.pk},
        {"opens_at": "1999-12-31T09:00:00+00:00", "closes_at": None},
        {"opens_at": ["Opens at must be in the years 2000 to 2100 (this one is in 1999)."]},
    ),
    (
        "ballot-channels",
        lambda w: {"pk": w.open.pk},
        {"allow_online": False, "allow_in_room": False},
        {"allow_online": ["A ballot must take votes online, in the room, or both."]},
    ),
    (
        "ballot-open",
        lambda w: {"pk": w.open.pk},
        {},
        {"status": ["A ballot that is “Open for voting” cannot become “Open for voting”."]},
    ),
    (
        "ballot-close",
        lambda w: {"pk": w.draft.pk},
        {},
        {"status": ["A ballot that is “Being prepared” cannot become “Closed: being checked”."]},
    ),
    (
        "ballot-publish",
        lambda w: {"pk": w.open.pk},
        {},
        {"status": ["A ballot that is “Open for voting” cannot become “Results published”."]},
    ),
    (
        "ballot-cancel",
        lambda w: {"pk": w.open.pk},
        {"reason": "   "},
        {"reason": ["This field may not be blank."]},
    ),
    (
        "ballot-cancel",
        lambda w: {"pk": w.counted.pk},
        {"reason": "Mistake"},
        {
            "status": [
                "A ballot that is “Closed: being checked” cannot become “Cancelled”.",
            ]
        },
    ),
    (
        "ballot-hands",
        lambda w: {"pk": w.open.pk},
        {"counts": {"maybe": 1}, "present": []},
        {"counts": ["“maybe” is not an answer to this question: count for, against or abstain."]},
    ),
    (
        "ballot-hands",
        lambda w: {"pk": w.open.pk},
        {"counts": {"for": 1}, "present": [4040]},
        {"present": ["Dyfi Care Co-operative has no member number 4040."]},
    ),
    (
        "ballot-proxies",
        lambda w: {"pk": w.open.pk},
        {"member": 4040, "kind": "discretionary", "holder_name": "The chair"},
        {"member": ["Dyfi Care Co-operative has no member number 4040."]},
    ),
    (
        "ballot-proxies",
        lambda w: {"pk": w.open.pk},
        {"member": 0, "kind": "directed", "holder_name": "The chair"},
        {"member": ["Dyfi Care Co-operative has no member number 0."]},
    ),
    (
        "ballot-proxies",
        lambda w: {"pk": w.open.pk},
        {"member": 0, "kind": "by post"},
        {"kind": ['"by post" is not a valid choice.']},
    ),
    (
        "ballot-proxy-revoke",
        lambda w: {"pk": w.open.pk, "proxy_id": w.revoked.pk},
        {},
        {"proxy": ["Only a proxy not yet used can be revoked."]},
    ),
    (
        "ballot-proxy-present",
        lambda w: {"pk": w.open.pk, "proxy_id": w.proxy.pk},
        {"present": "perhaps"},
        {"present": ["Must be a valid boolean."]},
    ),
    (
        "ballot-proxy-cast",
        lambda w: {"pk": w.open.pk, "proxy_id": w.proxy.pk},
        {},
        {"proxy": ["A proxy vote can be cast only by a proxy who is present."]},
    ),
]


def test_bad_input_is_refused_naming_the_field(world, secretary):
    """Every case in one pass over one world: each answer that differs is listed, and any
    case that wrote something is named."""
    client = client_for(secretary)
    answers, expected, wrote = {}, {}, []

    for n, (name, kwargs, body, errors) in enumerate(CASES):
        key = f"{n} {name}"
        before = counts()
        response = client.post(url(name, **kwargs(world)), body, format="json")
        answers[key] = (response.status_code, response.json())
        expected[key] = (400, errors)
        if counts() != before:
            wrote.append(key)

    assert answers == expected
    assert wrote == []


def test_a_directed_proxy_needs_directions_on_the_paper(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("ballot-proxies", pk=world.open.pk),
        {
            "member": world.members[3].number,
            "kind": "directed",
            "holder_name": "The chair",
            "directions": {str(world.open_question.pk): [world.counted_question.pk * 1000]},
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"directions": ["That choice is not on the paper for question 1."]}
    assert counts() == before
