"""Bad input to every write of the meetings API: 400 naming the field (and, where a service
refuses, the rule), and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tests.api.governance.conftest import MOTION_TEXT, World, client_for, counts, url


def _days(n: int) -> str:
    return (timezone.now() + dt.timedelta(days=n)).isoformat()


W = Callable[[World], Any]
#: (endpoint, its url kwargs, the body, the fields named, a fragment of the first message)
Case = tuple[str, W, W, list[str], str]

CASES: list[Case] = [
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "agm", "title": "AGM", "starts_at": _days(5), "place": "Hall"},
        ["starts_at"],
        "clear days",
    ),
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "picnic", "title": "AGM", "starts_at": _days(40)},
        ["kind"],
        '"picnic" is not a valid choice.',
    ),
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "class", "title": "C", "starts_at": _days(40), "member_class": "x"},
        ["member_class"],
        "has no member class with the code “x”",
    ),
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "agm", "title": "AGM", "starts_at": _days(40)},
        ["place"],
        "Say where the meeting is held.",
    ),
    (
        "meeting-notice",
        lambda w: {"pk": w.called.pk},
        lambda w: {},
        ["status"],
        "cannot become",
    ),
    (
        "meeting-notice",
        lambda w: {"pk": w.planned.pk},
        lambda w: {"given_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
        ["given_on"],
        "Notice cannot be dated in the future.",
    ),
    (
        "meetings",
        lambda w: {},
        lambda w: {"kind": "agm", "title": "AGM", "starts_at": "2202-05-01T14:00:00+01:00"},
        ["starts_at"],
        "Starts at must be in the years 2000 to 2100 (this one is in 2202).",
    ),
    (
        "meeting",
        lambda w: {"pk": w.planned.pk},
        lambda w: {"starts_at": "1926-05-01T14:00:00"},
        ["starts_at"],
        "Starts at must be in the years 2000 to 2100 (this one is in 1926).",
    ),
    (
        "meeting-notice",
        lambda w: {"pk": w.planned.pk},
        lambda w: {"given_on": "1999-12-31"},
        ["given_on"],
        "Given on must be in the years 2000 to 2100 (this one is in 1999).",
    ),
    (
        "meeting-notice-resend",
        lambda w: {"pk": w.held.pk},
        lambda w: {},
        ["meeting"],
        "only while the meeting is called",
    ),
    (
        "meeting-start",
        lambda w: {"pk": w.called.pk},
        lambda w: {"chair_name": "Ceri Chair"},
        ["starts_at"],
        "it cannot open before then",
    ),
    (
        "meeting-adjourn",
        lambda w: {"pk": w.held.pk},
        lambda w: {"reason": "Tea"},
        ["status"],
        "cannot become",
    ),
    (
        "meeting-adjourn",
        lambda w: {"pk": w.held.pk},
        lambda w: {"reason": "Tea", "to": "3026-01-01T10:00:00Z"},
        ["to"],
        "The time it is adjourned to must be in the years 2000 to 2100 (this one is in 3026).",
    ),
    (
        "meeting-resume",
        lambda w: {"pk": w.held.pk},
        lambda w: {},
        ["status"],
        "cannot become",
    ),
    (
        "meeting-close",
        lambda w: {"pk": w.planned.pk},
        lambda w: {},
        ["status"],
        "cannot become",
    ),
    (
        "meeting-cancel",
        lambda w: {"pk": w.held.pk},
        lambda w: {"reason": "Mistake"},
        ["status"],
        "cannot become",
    ),
    (
        "meeting-agenda",
        lambda w: {"pk": w.called.pk},
        lambda w: {"kind": "election", "title": "Board", "ballot": 999999},
        ["ballot"],
        "has no ballot with the id 999999",
    ),
    (
        "meeting-agenda",
        lambda w: {"pk": w.held.pk},
        lambda w: {"kind": "report", "title": "Late report"},
        ["meeting"],
        "The meeting has ended: its agenda cannot change.",
    ),
    (
        "meeting-agenda-move",
        lambda w: {"pk": w.called.pk, "item_id": w.item.pk},
        lambda w: {"position": 99},
        ["position"],
        "Choose a place between 1 and",
    ),
    (
        "meeting-attendance",
        lambda w: {"pk": w.called.pk},
        lambda w: {"member": 4040},
        ["member"],
        "has no member number 4040",
    ),
    (
        "meeting-attendance",
        lambda w: {"pk": w.held.pk},
        lambda w: {"member": w.members[0].number},
        ["meeting"],
        "The meeting has ended.",
    ),
    (
        "meeting-proxies",
        lambda w: {"pk": w.called.pk},
        lambda w: {
            "member": w.members[4].number,
            "kind": "directed",
            "holder_name": "The chair",
            "directions": {"999999": "for"},
        },
        ["directions"],
        "A direction names a motion not at this meeting.",
    ),
    (
        "meeting-proxies",
        lambda w: {"pk": w.called.pk},
        lambda w: {
            "member": w.members[4].number,
            "kind": "discretionary",
            "holder": w.members[4].number,
        },
        ["holder"],
        "A member cannot be their own proxy.",
    ),
    (
        "meeting-motions",
        lambda w: {"pk": w.called.pk},
        lambda w: {"proposer": 4040, "title": "T", "text": "That."},
        ["proposer"],
        "has no member number 4040",
    ),
    (
        "meeting-motions",
        lambda w: {"pk": w.called.pk},
        lambda w: {
            "proposer": w.members[0].number,
            "title": "T",
            "text": "That.",
            "resolution_type": "x",
        },
        ["resolution_type"],
        "The rules define no resolution of the type “x”.",
    ),
    (
        "meeting-motions",
        lambda w: {"pk": w.held.pk},
        lambda w: {"proposer": w.members[0].number, "title": "T", "text": "That."},
        ["meeting"],
        "This meeting is no longer taking motions.",
    ),
    (
        "meeting-board-motions",
        lambda w: {"pk": w.called.pk},
        lambda w: {"title": "T", "text": "   "},
        ["text"],
        "This field may not be blank.",
    ),
    (
        "meeting-minutes",
        lambda w: {"pk": w.held.pk},
        lambda w: {"body": ""},
        ["body"],
        "This field may not be blank.",
    ),
    (
        "meeting-minutes-approve",
        lambda w: {"pk": w.held.pk},
        lambda w: {"at_meeting": 999999},
        ["at_meeting"],
        "has no meeting with the id 999999",
    ),
    (
        "motion-second",
        lambda w: {"pk": w.waiting.pk},
        lambda w: {"seconder": w.waiting.proposer.number},
        ["seconder"],
        "The proposer cannot second their own motion.",
    ),
    (
        "motion-admissibility",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"admissible": True, "reason": "In order"},
        ["motion"],
        "Only a seconded motion waits for the board's decision.",
    ),
    (
        "motion-admissibility",
        lambda w: {"pk": w.seconded.pk},
        lambda w: {"admissible": True, "reason": " "},
        ["reason"],
        "This field may not be blank.",
    ),
    (
        "motion-withdraw",
        lambda w: {"pk": w.waiting.pk},
        lambda w: {"member": w.members[0].number},
        ["motion"],
        "Only the proposer can withdraw the motion.",
    ),
    (
        "motion-confirmation",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"meeting": w.planned.pk},
        ["first"],
        "Only a resolution awaiting confirmation can be confirmed.",
    ),
    (
        "motion-amendments",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"text": MOTION_TEXT, "proposer": w.members[4].number},
        ["text"],
        "The amendment does not change the motion.",
    ),
    (
        "motion-amendments",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"text": "Something else.", "proposer": 4040},
        ["proposer"],
        "has no member number 4040",
    ),
    (
        "motion-vote",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"casting_vote": "abstain"},
        ["casting_vote"],
        '"abstain" is not a valid choice.',
    ),
    (
        "motion-vote",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {},
        ["meeting"],
        "Votes are taken while the meeting is under way.",
    ),
    (
        "motion-hands",
        lambda w: {"pk": w.admitted.pk},
        lambda w: {"counts": {"for": -1}},
        ["counts"],
        "Ensure this value is greater than or equal to 0.",
    ),
    (
        "amendment-second",
        lambda w: {"pk": w.amendment.pk},
        lambda w: {"seconder": w.members[4].number},
        ["amendment"],
        "This amendment is not waiting for a seconder.",
    ),
    (
        "amendment-rule-out",
        lambda w: {"pk": w.amendment.pk},
        lambda w: {"reason": ""},
        ["reason"],
        "This field may not be blank.",
    ),
    (
        "amendment-withdraw",
        lambda w: {"pk": w.amendment.pk},
        lambda w: {"member": w.members[0].number},
        ["amendment"],
        "Only the proposer can withdraw the amendment.",
    ),
    (
        "amendment-vote",
        lambda w: {"pk": w.amendment.pk},
        lambda w: {},
        ["meeting"],
        "Votes are taken while the meeting is under way.",
    ),
    (
        "amendment-hands",
        lambda w: {"pk": w.amendment.pk},
        lambda w: {"counts": {"for": 1}},
        ["meeting"],
        "Votes are taken while the meeting is under way.",
    ),
    (
        "requisitions",
        lambda w: {},
        lambda w: {"purpose": "", "member": w.members[0].number},
        ["purpose"],
        "This field may not be blank.",
    ),
    (
        "requisition-sign",
        lambda w: {"pk": w.requisition.pk},
        lambda w: {"member": w.members[0].number},
        ["requisition"],
        "This requisition is no longer collecting signatures.",
    ),
    (
        "meeting",
        lambda w: {"pk": w.planned.pk},
        lambda w: {"starts_at": _days(5)},
        ["starts_at"],
        "clear days",
    ),
    (
        "meeting",
        lambda w: {"pk": w.planned.pk},
        lambda w: {"format": "online", "online_link": ""},
        ["online_link"],
        "Give the link to join the meeting online.",
    ),
    (
        "meeting",
        lambda w: {"pk": w.planned.pk},
        lambda w: {},
        ["non_field_errors"],
        "Give at least one of the fields to change: title, title_cy, starts_at",
    ),
    (
        "meeting",
        lambda w: {"pk": w.called.pk},
        lambda w: {"place": "Somewhere else"},
        ["meeting"],
        "Notice of this meeting has been given, so it cannot be changed",
    ),
    (
        "requisition-called",
        lambda w: {"pk": w.requisition.pk},
        lambda w: {"meeting": 999999},
        ["meeting"],
        "has no meeting with the id 999999",
    ),
]


def refusals(client: Any, world: World, cases: list[Case]) -> tuple[dict, dict, list[str]]:
    """Send each case: (the answers, the answers expected, the cases that wrote something)."""
    answers, expected, wrote = {}, {}, []
    for n, (name, kwargs, body, fields, fragment) in enumerate(cases):
        key = f"{n} {name}"
        before = counts()
        method = client.patch if name in ("meeting-minutes", "meeting") else client.post
        response = method(url(name, **kwargs(world)), body(world), format="json")
        errors = response.json()
        first = next(iter(errors.values()), [""])
        answers[key] = (response.status_code, sorted(errors), fragment in str(first))
        expected[key] = (400, fields, True)
        if counts() != before:
            wrote.append(key)
        if answers[key] != expected[key]:
            answers[key] += (errors,)
    return answers, expected, wrote


def test_bad_input_is_refused_naming_the_field(world, secretary):
    """Every case in one pass over one world (as the secretary, who may act for any member):
    each answer that differs is listed, and any case that wrote something is named."""
    answers, expected, wrote = refusals(client_for(secretary), world, CASES)

    assert answers == expected
    assert wrote == []
