"""Free text sent to the meetings API has a limit: a requisition's business of 100,000
characters (and an over-long title, place, reason, name, motion, amendment or minutes) answers
400 naming the field and the limit, and nothing is written."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.api.governance.conftest import client_for
from tests.api.governance.test_bad_input import Case, refusals


def _days(n: int) -> str:
    return (timezone.now() + dt.timedelta(days=n)).isoformat()


CASES: list[Case] = [
    (
        "requisitions",
        lambda w: {},
        lambda w: {"purpose": "x" * 100_000, "member": w.members[0].number},
        ["purpose"],
        "The business must be 5,000 characters or fewer.",
    ),
    (
        "requisitions",
        lambda w: {},
        lambda w: {"purpose": "Merger", "purpose_cy": "x" * 5_001, "member": w.members[0].number},
        ["purpose_cy"],
        "The business in Welsh must be 5,000 characters or fewer.",
    ),
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "agm", "title": "AGM", "starts_at": _days(40), "place": "x" * 1_001},
        ["place"],
        "The place must be 1,000 characters or fewer.",
    ),
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "agm", "title": "x" * 201, "starts_at": _days(40), "place": "Hall"},
        ["title"],
        "The title must be 200 characters or fewer.",
    ),
    (
        "meeting",
        lambda w: {"pk": w.planned.pk},
        lambda w: {"place": "x" * 1_001},
        ["place"],
        "The place must be 1,000 characters or fewer.",
    ),
    (
        "meeting-cancel",
        lambda w: {"pk": w.called.pk},
        lambda w: {"reason": "x" * 2_001},
        ["reason"],
        "The reason must be 2,000 characters or fewer.",
    ),
    (
        "meeting-adjourn",
        lambda w: {"pk": w.called.pk},
        lambda w: {"reason": "x" * 2_001},
        ["reason"],
        "The reason must be 2,000 characters or fewer.",
    ),
    (
        "meeting-start",
        lambda w: {"pk": w.called.pk},
        lambda w: {"chair_name": "x" * 201},
        ["chair_name"],
        "The chair's name must be 200 characters or fewer.",
    ),
    (
        "meeting-agenda",
        lambda w: {"pk": w.called.pk},
        lambda w: {"kind": "report", "title": "Report", "body": "x" * 10_001},
        ["body"],
        "The details must be 10,000 characters or fewer.",
    ),
    (
        "meeting-attendance",
        lambda w: {"pk": w.called.pk},
        lambda w: {"member": w.members[0].number, "representative_name": "x" * 201},
        ["representative_name"],
        "The representative's name must be 200 characters or fewer.",
    ),
    (
        "meeting-proxies",
        lambda w: {"pk": w.called.pk},
        lambda w: {
            "member": w.members[4].number,
            "kind": "discretionary",
            "holder_name": "x" * 201,
        },
        ["holder_name"],
        "The proxy's name must be 200 characters or fewer.",
    ),
    (
        "meeting-motions",
        lambda w: {"pk": w.called.pk},
        lambda w: {"proposer": w.members[0].number, "title": "T", "text": "x" * 20_001},
        ["text"],
        "The motion must be 20,000 characters or fewer.",
    ),
    (
        "meeting-motions",
        lambda w: {"pk": w.called.pk},
        lambda w: {
            "proposer": w.members[0].number,
            "title": "T",
            "text": "That.",
            "supporting_statement": "x" * 10_001,
        },
        ["supporting_statement"],
        "The supporting statement must be 10,000 characters or fewer.",
    ),
    (
        "meeting-board-motions",
        lambda w: {"pk": w.called.pk},
        lambda w: {"title": "T", "text": "That.", "text_cy": "x" * 20_001},
        ["text_cy"],
        "The motion in Welsh must be 20,000 characters or fewer.",
    ),
    (
        "meeting-minutes",
        lambda w: {"pk": w.held.pk},
        lambda w: {"body": "x" * 200_001},
        ["body"],
        "The minutes in English must be 200,000 characters or fewer.",
    ),
    (
        "motion-admissibility",
        lambda w: {"pk": w.seconded.pk},
        lambda w: {"admissible": False, "reason": "x" * 2_001},
        ["reason"],
        "The board's reason must be 2,000 characters or fewer.",
    ),
    (
        "motion-amendments",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"text": "x" * 20_001, "proposer": w.members[4].number},
        ["text"],
        "The motion as amended must be 20,000 characters or fewer.",
    ),
    (
        "amendment-rule-out",
        lambda w: {"pk": w.amendment.pk},
        lambda w: {"reason": "x" * 2_001},
        ["reason"],
        "The reason must be 2,000 characters or fewer.",
    ),
]


def test_over_long_text_is_refused_naming_the_field_and_the_limit(world, secretary):
    answers, expected, wrote = refusals(client_for(secretary), world, CASES)

    assert answers == expected
    assert wrote == []
