"""Fixtures of the meetings API tests: the API routes, clients, URL building, the counts that
prove a refusal wrote nothing, and a small world of meetings, motions, amendments and a
requisition to aim at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

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
    NoticeRun,
    Requisition,
    RequisitionSignature,
    Resolution,
)
from membership.models import Member, Organisation
from tests.api.voting.conftest import PERSONAS
from tests.factories import membership as mf
from voting.models import Ballot, BallotPaper, HandCount, Participation, Proxy, SealedPaper

__all__ = ["PERSONAS"]

MOTION_TEXT = "That the co-operative pays every worker the real living wage."
AMENDED_TEXT = "That the co-operative pays every worker the real living wage from April."


@pytest.fixture
def organisation(db) -> Organisation:
    """The personas' co-op, with rules that allow proxies and give the chair a casting vote
    (quorum: the greater of 3 members and 10%)."""
    return mf.cooperative(proxies_allowed=True, proxy_limit=2, chair_casting_vote=True)


def url(name: str, slug: str = "dyfi-care", **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"slug": slug, **kwargs})


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


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
    """What a refusal must leave exactly as it was: the rows of governance, of voting and of
    the audit trail, and the state of each meeting, motion, amendment, minutes and ballot."""
    found: dict[str, Any] = {m._meta.label: m._default_manager.count() for m in _COUNTED}
    found["voted"] = Participation.objects.filter(has_voted=True).count()
    found["meetings"] = sorted(
        Meeting.objects.values_list("id", "status", "starts_at", "notice_given_on")
    )
    found["agenda"] = sorted(AgendaItem.objects.values_list("id", "position"))
    found["motions"] = sorted(
        Motion.objects.values_list("id", "status", "seconder_id", "final_text")
    )
    found["amendments"] = sorted(Amendment.objects.values_list("id", "status", "seconder_id"))
    found["minutes"] = sorted(Minutes.objects.values_list("id", "status", "body", "body_cy"))
    found["ballots"] = sorted(Ballot.objects.values_list("id", "status"))
    found["requisitions"] = sorted(Requisition.objects.values_list("id", "status", "meeting_id"))
    return found


def plan(organisation: Organisation, *, days: int = 40, title: str = "AGM 2026") -> Meeting:
    """An AGM in person, `days` ahead."""
    return services.meeting_plan(
        organisation=organisation,
        kind="agm",
        title=title,
        title_cy="Cyfarfod Cyffredinol Blynyddol",
        starts_at=timezone.now() + dt.timedelta(days=days),
        place="Y Plas, Machynlleth",
        actor=None,
    )


def motion(
    meeting: Meeting,
    proposer: Member,
    seconder: Member | None = None,
    *,
    admit: bool = True,
    title: str = "Living wage",
    code: str = "ordinary",
) -> Motion:
    """A member's motion; seconded and admitted if asked."""
    made = services.motion_submit(
        meeting=meeting,
        proposer=proposer,
        title=title,
        text=MOTION_TEXT,
        supporting_statement="Fair pay keeps good carers.",
        resolution_type=code,
        actor=None,
    )
    if seconder is not None:
        made = services.motion_second(motion=made, seconder=seconder, actor=None)
        if admit:
            made = services.motion_decide_admissibility(
                motion=made, admissible=True, reason="In order", actor=None
            )
    return Motion.objects.get(pk=made.pk)


def give_notice(meeting: Meeting) -> Meeting:
    services.meeting_give_notice(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    return meeting


def on_the_day(meeting: Meeting) -> Meeting:
    """The meeting's day has come: it starts now."""
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


@dataclass
class World:
    organisation: Organisation
    voter: Member  # the `member` persona's record
    members: list[Member]
    planned: Meeting
    called: Meeting  # under notice: an admitted motion with a seconded amendment
    admitted: Motion
    seconded: Motion  # seconded, waiting for the board
    waiting: Motion  # waiting for a seconder
    amendment: Amendment  # seconded
    item: AgendaItem
    held: Meeting  # closed, with draft minutes
    requisition: Requisition  # over its threshold
    revoked_proxy: MeetingProxy  # a proxy for `called`, revoked


@pytest.fixture
def world(organisation: Organisation, member_record: Member, secretary: User) -> World:
    members = [mf.member(organisation) for _ in range(5)]
    planned = plan(organisation, title="Special meeting", days=60)
    held = give_notice(plan(organisation, title="AGM 2025", days=30))
    held = start(held, members[:3])
    services.meeting_close(meeting=held, actor=None)
    called = plan(organisation)
    admitted = motion(called, members[0], members[1])
    called = give_notice(called)
    amendment = services.amendment_submit(
        motion=admitted, proposer=members[2], text=AMENDED_TEXT, summary="from April", actor=None
    )
    amendment = services.amendment_second(amendment=amendment, seconder=members[3], actor=None)
    seconded = motion(called, members[1], members[2], admit=False, title="Solar panels")
    waiting = motion(called, members[3], title="Four-day week")
    requisition = services.requisition_start(
        organisation=organisation, member=members[4], purpose="Discuss the merger", actor=None
    )
    revoked_proxy = services.meeting_proxy_appoint(
        meeting=called,
        member=members[4],
        kind="discretionary",
        holder_name="The chair of the meeting",
        actor=None,
    )
    services.meeting_proxy_revoke(proxy=revoked_proxy, actor=None)
    return World(
        organisation=organisation,
        voter=member_record,
        members=members,
        planned=planned,
        called=called,
        admitted=Motion.objects.get(pk=admitted.pk),
        seconded=seconded,
        waiting=waiting,
        amendment=Amendment.objects.get(pk=amendment.pk),
        item=called.agenda.order_by("position").first(),
        held=Meeting.objects.get(pk=held.pk),
        requisition=Requisition.objects.get(pk=requisition.pk),
        revoked_proxy=revoked_proxy,
    )
