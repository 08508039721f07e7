"""Shared set-up of the governance page tests (no tests here): meetings and motions built
through the services, the personas signed in, and the counts that prove a refusal wrote
nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent
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
    NoticeRun,
    Requisition,
    RequisitionSignature,
    Resolution,
)
from membership.models import Member, Organisation
from tests.factories import membership as mf
from voting import services as voting
from voting.models import Ballot, BallotPaper, HandCount, Participation, Proxy, SealedPaper

PERSONAS = (
    "secretary",
    "board_member",
    "scrutineer",
    "member",
    "bid_manager",
    "outsider",
    "anonymous",
)

MOTION_TEXT = "That the co-operative pays every worker the real living wage."
AMENDED_TEXT = "That the co-operative pays every worker the real living wage from April."


def signed_in(client: Client, request: pytest.FixtureRequest, persona: str) -> Client:
    """The test client signed in as `persona` (or left anonymous)."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"governance:{name}", args=list(args))


def text(response: Any) -> str:
    return response.content.decode()


def expected(codes: tuple[int, ...], persona: str) -> int:
    return codes[PERSONAS.index(persona)]


_COUNTED: tuple[type[Model], ...] = (
    Meeting,
    AgendaItem,
    Motion,
    Amendment,
    Attendance,
    MeetingProxy,
    NoticeDispatch,
    NoticeRun,
    Requisition,
    RequisitionSignature,
    Resolution,
    Minutes,
    AuditEvent,
    Ballot,
    BallotPaper,
    SealedPaper,
    HandCount,
    Proxy,
)


def counts() -> dict[str, Any]:
    """What a refused page must leave exactly as it was: the rows of governance, of voting
    and of the audit trail, and the state of each meeting, motion and amendment."""
    found: dict[str, Any] = {m._meta.label: m._default_manager.count() for m in _COUNTED}
    found["voted"] = Participation.objects.filter(has_voted=True).count()
    found["meetings"] = sorted(Meeting.objects.values_list("id", "status", "starts_at"))
    found["motions"] = sorted(
        Motion.objects.values_list("id", "status", "seconder_id", "final_text")
    )
    found["amendments"] = sorted(Amendment.objects.values_list("id", "status", "seconder_id"))
    found["ballots"] = sorted(Ballot.objects.values_list("id", "status"))
    return found


def plan_agm(
    organisation: Organisation, *, days: int = 40, title: str = "AGM 2026", **kwargs: Any
) -> Meeting:
    """An AGM planned `days` ahead, in person."""
    kwargs.setdefault("place", "Y Plas, Machynlleth")
    return services.meeting_plan(
        organisation=organisation,
        kind="agm",
        title=title,
        title_cy="Cyfarfod Cyffredinol Blynyddol 2026",
        starts_at=timezone.now() + dt.timedelta(days=days),
        actor=None,
        **kwargs,
    )


def member_motion(
    meeting: Meeting,
    proposer: Member,
    seconder: Member | None = None,
    *,
    admit: bool = True,
    title: str = "Living wage",
    text: str = MOTION_TEXT,
    code: str = "ordinary",
) -> Motion:
    """A member's motion with a supporting statement; seconded and admitted if asked."""
    motion = services.motion_submit(
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
        motion = services.motion_second(motion=motion, seconder=seconder, actor=None)
        if admit:
            motion = services.motion_decide_admissibility(
                motion=motion, admissible=True, reason="In order", actor=None
            )
    return Motion.objects.get(pk=motion.pk)


def amend(motion: Motion, proposer: Member, seconder: Member | None = None) -> Amendment:
    amendment = services.amendment_submit(
        motion=motion, proposer=proposer, summary="from April", text=AMENDED_TEXT, actor=None
    )
    if seconder is not None:
        amendment = services.amendment_second(amendment=amendment, seconder=seconder, actor=None)
    return Amendment.objects.get(pk=amendment.pk)


@dataclass
class Agm:
    meeting: Meeting
    members: list[Member]
    motion: Motion


def called_agm(organisation: Organisation, *, member_count: int = 5, **kwargs: Any) -> Agm:
    """An AGM under notice with `member_count` members and one admitted member's motion
    (online voting open on it)."""
    members = [mf.member(organisation) for _ in range(member_count)]
    meeting = plan_agm(organisation, **kwargs)
    motion = member_motion(meeting, members[0], members[1])
    services.meeting_give_notice(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    return Agm(meeting, members, Motion.objects.get(pk=motion.pk))


def on_the_day(meeting: Meeting) -> Meeting:
    """The meeting's day has come: it starts now (as the smoke test does)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meeting.refresh_from_db()
    return meeting


def start(meeting: Meeting, present: list[Member]) -> Meeting:
    """Check `present` in at the door and open the meeting."""
    on_the_day(meeting)
    for member in present:
        services.attendance_record(meeting=meeting, member=member, actor=None)
    services.meeting_start(meeting=meeting, chair_name="Ceri Chair", actor=None)
    meeting.refresh_from_db()
    return meeting


def vote(
    ballot: Ballot, member: Member, choice: str, channel: str = "room", actor: Any = None
) -> str:
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    return voting.ballot_cast(
        ballot=ballot,
        member=member,
        selections={question.pk: [codes[choice]]},
        channel=channel,
        actor=actor,
    )
