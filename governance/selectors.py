"""Reads of governance for pages, documents and the API."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from governance import rules
from governance.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Meeting,
    MeetingProxy,
    Motion,
    NoticeDispatch,
    Requisition,
    Resolution,
)
from governance.services._common import meeting_day, rules_for
from governance.services.attendance import quorum_status
from governance.services.notice import notice_channel_for
from membership.models import Member, Organisation


def meetings(organisation: Organisation, *, include_planned: bool) -> QuerySet[Meeting]:
    found = Meeting.objects.filter(organisation=organisation)
    if not include_planned:
        found = found.exclude(status=Meeting.Status.PLANNED)
    return found.annotate(motion_count=Count("motions")).order_by("-starts_at")


def meeting_agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.select_related("ballot")
        .prefetch_related(
            Prefetch(
                "motion__amendments",
                queryset=Amendment.objects.select_related("proposer", "seconder", "ballot"),
            )
        )
        .order_by("position")
    )


def meeting_motions(meeting: Meeting) -> QuerySet[Motion]:
    return (
        meeting.motions.select_related(
            "proposer", "seconder", "resolution_type", "ballot", "agenda_item"
        )
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related(
                    "proposer", "seconder", "ballot"
                ).order_by("position"),
            )
        )
        .order_by("id")
    )


@dataclass(frozen=True)
class NoticeFacts:
    given_on: Any
    deemed_delivered_on: Any
    earliest_meeting_on: Any
    clear_days: int
    rule: str
    motion_deadline_on: Any
    channel: str = "email"  # the channel the notice period is counted from


def notice_facts(meeting: Meeting, given_on: Any = None) -> NoticeFacts:
    """The notice arithmetic for a meeting, for the planning page."""
    given_on = given_on or meeting.notice_given_on or timezone.localdate()
    version = meeting.rules_version or rules_for(meeting.organisation, given_on)
    channel = notice_channel_for(meeting)
    return NoticeFacts(
        given_on=given_on,
        deemed_delivered_on=rules.deemed_delivered_on(
            given_on,
            channel,
            email_days=version.email_deemed_delivery_days,
            post_days=version.post_deemed_delivery_days,
        ),
        earliest_meeting_on=rules.earliest_meeting_on(
            given_on,
            channel,
            clear_days=version.notice_clear_days,
            email_days=version.email_deemed_delivery_days,
            post_days=version.post_deemed_delivery_days,
        ),
        clear_days=version.notice_clear_days,
        rule=version.cite("notice_clear_days"),
        motion_deadline_on=rules.motion_deadline_on(
            meeting_day(meeting), version.motion_deadline_days
        ),
        channel=channel,
    )


@dataclass(frozen=True)
class Quorum:
    present: int
    required: int

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.required


def quorum(meeting: Meeting) -> Quorum:
    present, required = quorum_status(meeting)
    return Quorum(present, required)


def attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("member", "member__member_class").order_by(
        "member__number"
    )


def meeting_proxies(meeting: Meeting) -> QuerySet[MeetingProxy]:
    return meeting.proxies.filter(is_revoked=False).select_related("member", "holder")


def notice_dispatches(meeting: Meeting) -> QuerySet[NoticeDispatch]:
    return meeting.dispatches.select_related("member").order_by("member__number")


def motions_waiting_for_seconder(organisation: Organisation) -> QuerySet[Motion]:
    return Motion.objects.filter(
        organisation=organisation,
        status=Motion.Status.SUBMITTED,
        meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.CALLED],
    ).select_related("meeting", "proposer")


def resolutions_register(organisation: Organisation) -> QuerySet[Resolution]:
    return (
        Resolution.objects.filter(organisation=organisation)
        .select_related("meeting", "resolution_type", "motion")
        .order_by("-passed_on", "-number")
    )


def requisitions(organisation: Organisation) -> QuerySet[Requisition]:
    return (
        Requisition.objects.filter(organisation=organisation)
        .annotate(signature_count=Count("signatures"))
        .select_related("started_by", "meeting")
    )


def has_signed(requisition: Requisition, member: Member | None) -> bool:
    return member is not None and requisition.signatures.filter(member=member).exists()


_WORD = re.compile(r"\s+|[^\s]+")


def text_changes(original: str, amended: str) -> list[tuple[str, str]]:
    """The amended text with its changes marked: a list of (kind, text) where kind is
    'same', 'del' or 'ins' (word by word)."""
    before, after = _WORD.findall(original), _WORD.findall(amended)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(before[a0:a1])))
            continue
        if op in ("delete", "replace"):
            out.append(("del", "".join(before[a0:a1])))
        if op in ("insert", "replace"):
            out.append(("ins", "".join(after[b0:b1])))
    return out


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes say, from the record (no queries in the template)."""
    present = list(attendance(meeting).filter(status=Attendance.Status.PRESENT))
    apologies = list(attendance(meeting).filter(status=Attendance.Status.APOLOGIES))
    motions = list(meeting_motions(meeting))
    return {
        "meeting": meeting,
        "organisation": meeting.organisation,
        "present": present,
        "apologies": apologies,
        "proxies": list(meeting_proxies(meeting)),
        "agenda": meeting_agenda(meeting),
        "motions": motions,
        "resolutions": list(meeting.resolutions.order_by("number")),
        "quorum_required": meeting.quorum_required,
        "elections": [
            item
            for item in meeting_agenda(meeting)
            if item.kind == AgendaItem.Kind.ELECTION and item.ballot_id
        ],
    }


def attention_for(
    organisation: Organisation, member: Member | None, is_secretary: bool
) -> list[dict[str, Any]]:
    """Things needing this person: motions waiting for a seconder, meetings under notice,
    requisitions over threshold (for the board)."""
    items: list[dict[str, Any]] = []
    upcoming = Meeting.objects.filter(
        organisation=organisation, status=Meeting.Status.CALLED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    for meeting in upcoming[:3]:
        items.append({"kind": "meeting", "meeting": meeting})
    if is_secretary:
        for motion in Motion.objects.filter(
            organisation=organisation, status=Motion.Status.SECONDED
        )[:5]:
            items.append({"kind": "admissibility", "motion": motion})
        for requisition in Requisition.objects.filter(
            organisation=organisation, status=Requisition.Status.REACHED
        ):
            items.append({"kind": "requisition", "requisition": requisition})
    if member is not None:
        for motion in motions_waiting_for_seconder(organisation).exclude(Q(proposer=member))[:5]:
            items.append({"kind": "second", "motion": motion})
    return items
