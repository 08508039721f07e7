"""Valid governance objects, built through the services, on a fixed calendar; and helpers for
tests of refusals (`refused()` checks the field, the message and that nothing changed).

The calendar: notice is given on Monday 2 March 2026 (`NOTICE_AT`); the meeting is on
Thursday 2 April 2026 at 18:30 (`MEETING_AT`), after the clocks went forward. Travel there
with `time_machine.travel(...)` before calling a service that reads the date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Meeting,
    MeetingProxy,
    Minutes,
    Motion,
    NoticeDispatch,
    Requisition,
    RequisitionSignature,
    Resolution,
)
from membership import services as membership_services
from membership.models import Member, Organisation
from membership.services.organisations import DEFAULT_RESOLUTION_TYPES
from tests.factories import membership as mf
from voting import services as voting
from voting.models import Ballot, BallotPaper, Participation, Proxy, Receipt, SealedPaper

LONDON = ZoneInfo("Europe/London")
NOTICE_AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
MEETING_AT = dt.datetime(2026, 4, 2, 18, 30, tzinfo=LONDON)
#: A few minutes after the meeting's start: travel here to run it.
DURING = MEETING_AT + dt.timedelta(minutes=5)

MOTION_TEXT = "Pay every worker the real living wage."
AMENDED_TEXT = "Pay every worker the real living wage from April."

_slugs = itertools.count(1)

#: Resolution types of a co-op whose rules also define a three-quarters resolution.
WITH_THREE_QUARTERS: tuple[dict[str, Any], ...] = (
    *DEFAULT_RESOLUTION_TYPES,
    {
        "code": "dissolution",
        "name": "Resolution to dissolve",
        "name_cy": "Penderfyniad i ddiddymu",
        "threshold": "three_quarters",
        "rule_number": "rule 60",
    },
)


def plain_coop(
    *,
    resolution_types: tuple[dict[str, Any], ...] = DEFAULT_RESOLUTION_TYPES,
    **settings: Any,
) -> Organisation:
    """A co-op whose classes carry no fixed share or cap of the vote (a show of hands can
    decide), quorum 3 or 10%, rules cited by number. `settings` override its rules (e.g.
    `proxies_allowed=True`, `chair_casting_vote=True`)."""
    n = next(_slugs)
    org = membership_services.organisation_create(
        slug=f"plain-{n}",
        name=f"Plain Co-operative {n}",
        name_cy=f"Cydweithfa Blaen {n}",
        kind=Organisation.Kind.COOPERATIVE,
        registered_office="2 Heol y Bont\nMachynlleth",
        registered_on=mf.FOUNDED,
        registered_number=f"RS8{n:05d}",
        actor=None,
    )
    rules: dict[str, Any] = {"quorum_members": 3, "quorum_percent": Decimal("10")}
    rules.update(settings)
    membership_services.rules_version_create(
        organisation=org,
        effective_from=mf.FOUNDED,
        title="Rules as registered",
        rule_numbers={
            "notice_clear_days": "30",
            "motion_deadline_days": "31",
            "quorum_members": "33",
            "proxies_allowed": "35",
            "proxy_limit": "35",
        },
        resolution_types=resolution_types,
        actor=None,
        **rules,
    )
    share = membership_services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership shares",
        nominal_value_pence=100,
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    for position, code in enumerate(("users", "workers", "supporters")):
        membership_services.member_class_create(
            organisation=org,
            code=code,
            name=code.title(),
            position=position,
            share_classes=[share],
            actor=None,
        )
    return org


def members(org: Organisation, count: int, **fields: Any) -> list[Member]:
    return [mf.member(org, **fields) for _ in range(count)]


def member_with_login(org: Organisation, **fields: Any) -> tuple[Member, User]:
    """A member who signs in (to vote online)."""
    n = next(_slugs)
    user = User.objects.create_user(
        email=f"voter{n}@example.org", password="correct horse battery", full_name=f"Voter {n}"
    )
    return mf.member(org, name=f"Voter {n}", user=user, **fields), user


def member_by_post(org: Organisation, name: str = "Pat Post") -> Member:
    """A member who gave no email address: their notices are posted."""
    n = next(_slugs)
    person = membership_services.member_register(
        organisation=org,
        name=name,
        member_class=mf.member_class(org),
        entered_on=dt.date(2020, 1, 6),
        postal_address=f"{n} Ffordd y Post\nTywyn",
        postcode="LL36 9AA",
        actor=None,
    )
    membership_services.shares_allot(
        member=person,
        share_class=mf.share_class(org),
        shares=1,
        effective_on=dt.date(2020, 1, 6),
        paid_pence=100,
        actor=None,
    )
    return person


def cease(member: Member) -> Member:
    """The member leaves (their share cancelled first, as the rules require)."""
    membership_services.shares_cancel(
        member=member,
        share_class=mf.share_class(member.organisation),
        shares=1,
        effective_on=dt.date(2024, 3, 31),
        reason="Left",
        actor=None,
    )
    return membership_services.member_cease(
        member=member,
        ceased_on=dt.date(2024, 3, 31),
        reason=Member.CeasedReason.WITHDRAWAL,
        actor=None,
    )


def suspend(member: Member) -> Member:
    return membership_services.member_suspend(member=member, reason="Arrears", actor=None)


def plan(
    org: Organisation,
    *,
    kind: str = "agm",
    starts_at: dt.datetime = MEETING_AT,
    title: str = "AGM 2026",
    **kwargs: Any,
) -> Meeting:
    """A meeting planned (call it on or before `NOTICE_AT`'s day)."""
    fmt = kwargs.get("format", Meeting.Format.IN_PERSON)
    if fmt != Meeting.Format.ONLINE:
        kwargs.setdefault("place", "Y Plas, Machynlleth")
    if fmt != Meeting.Format.IN_PERSON:
        kwargs.setdefault("online_link", "https://meet.example.org/agm")
    return services.meeting_plan(
        organisation=org,
        kind=kind,
        title=title,
        title_cy="Cyfarfod Cyffredinol Blynyddol 2026",
        starts_at=starts_at,
        actor=None,
        **kwargs,
    )


def motion(
    meeting: Meeting,
    proposer: Member,
    seconder: Member | None = None,
    *,
    admit: bool = True,
    code: str = "ordinary",
    title: str = "Living wage",
    text: str = MOTION_TEXT,
) -> Motion:
    """A member's motion, seconded and admitted if a seconder is given (and `admit`)."""
    made = services.motion_submit(
        meeting=meeting,
        proposer=proposer,
        title=title,
        title_cy="Cyflog byw",
        text=text,
        supporting_statement="Fair pay keeps good carers.",
        resolution_type=code,
        actor=None,
    )
    if seconder is not None:
        services.motion_second(motion=made, seconder=seconder, actor=None)
        if admit:
            services.motion_decide_admissibility(
                motion=made, admissible=True, reason="In order", actor=None
            )
    return Motion.objects.get(pk=made.pk)


def board_motion(meeting: Meeting, *, code: str = "ordinary", title: str = "Accounts") -> Motion:
    return services.board_motion_add(
        meeting=meeting,
        title=title,
        text=f"{title}: adopt them.",
        resolution_type=code,
        actor=None,
    )


def amendment(
    of: Motion,
    proposer: Member,
    seconder: Member | None = None,
    *,
    text: str = AMENDED_TEXT,
    summary: str = "from April",
) -> Amendment:
    made = services.amendment_submit(
        motion=of, proposer=proposer, summary=summary, text=text, actor=None
    )
    if seconder is not None:
        services.amendment_second(amendment=made, seconder=seconder, actor=None)
    return Amendment.objects.get(pk=made.pk)


def give_notice(meeting: Meeting) -> Meeting:
    services.meeting_give_notice(meeting=meeting, actor=None)
    return Meeting.objects.get(pk=meeting.pk)


def check_in(meeting: Meeting, people: Sequence[Member], status: str = "present") -> None:
    for person in people:
        services.attendance_record(meeting=meeting, member=person, status=status, actor=None)


def start(meeting: Meeting, present: Sequence[Member], chair: str = "Ceri Chair") -> Meeting:
    """Check `present` in at the door and open the meeting (travel to its day first)."""
    check_in(meeting, present)
    services.meeting_start(meeting=meeting, chair_name=chair, actor=None)
    return Meeting.objects.get(pk=meeting.pk)


def ballot_of(item: Motion | Amendment) -> Ballot:
    """The item's ballot as it is now."""
    item.refresh_from_db()
    assert item.ballot_id is not None
    return Ballot.objects.get(pk=item.ballot_id)


def cast(
    item: Motion | Amendment,
    member: Member,
    choice: str,
    *,
    channel: str = "room",
    actor: User | None = None,
) -> str:
    ballot = ballot_of(item)
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    return voting.ballot_cast(
        ballot=ballot,
        member=member,
        selections={question.pk: [codes[choice]]},
        channel=channel,
        actor=actor,
    )


def poll(item: Motion | Amendment, votes: Sequence[tuple[Member, str]]) -> None:
    """Paper votes in the room."""
    for member, choice in votes:
        cast(item, member, choice)


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


# --- Refusals: the field, the message, and nothing changed ---------------------------------


def state() -> dict[str, Any]:
    """Everything a refused governance call must leave as it was."""
    return {
        "meetings": sorted(Meeting.objects.values_list("id", "status", "starts_at")),
        "agenda": AgendaItem.objects.count(),
        "motions": sorted(Motion.objects.values_list("id", "status", "final_text", "ballot_id")),
        "amendments": sorted(Amendment.objects.values_list("id", "status", "ballot_id")),
        "attendance": sorted(Attendance.objects.values_list("id", "status", "channel")),
        "meeting_proxies": sorted(MeetingProxy.objects.values_list("id", "is_revoked")),
        "dispatches": NoticeDispatch.objects.count(),
        "requisitions": sorted(Requisition.objects.values_list("id", "status")),
        "signatures": RequisitionSignature.objects.count(),
        "resolutions": sorted(Resolution.objects.values_list("id", "status")),
        "minutes": sorted(Minutes.objects.values_list("id", "status", "body")),
        "audit": AuditEvent.objects.count(),
        "ballots": sorted(
            Ballot.objects.values_list("id", "status", "allow_online", "allow_in_room")
        ),
        "participations": Participation.objects.count(),
        "voted": Participation.objects.filter(has_voted=True).count(),
        "papers": BallotPaper.objects.count(),
        "sealed": SealedPaper.objects.count(),
        "receipts": Receipt.objects.count(),
        "proxies": sorted(Proxy.objects.values_list("id", "status", "holder_present")),
    }


@contextmanager
def refused(field: str, *fragments: str) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect the block to raise a ValidationError about `field` alone, whose message
    contains each of `fragments` (e.g. the rule it cites), and to change nothing."""
    before = state()
    with pytest.raises(ValidationError) as info:
        yield info
    errors = info.value.message_dict
    assert list(errors) == [field], errors
    message = " ".join(errors[field])
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert state() == before
