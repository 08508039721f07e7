"""Reads the meetings API needs that `governance.selectors` does not offer yet.

Each one is a plain, typed query with the joins its serializer needs, so list endpoints make
a constant number of queries. They belong in `governance/selectors.py`; they live here only
because that module has another owner.
"""

from __future__ import annotations

from django.db.models import QuerySet

from governance import selectors
from governance.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Meeting,
    MeetingProxy,
    Minutes,
    Motion,
    NoticeRun,
    Requisition,
    RequisitionSignature,
)
from membership.models import Member, MemberClass, Organisation
from voting.models import Ballot


def meeting_in(organisation: Organisation, pk: int) -> Meeting | None:
    """A meeting of the organisation, by id (named in a request body)."""
    return Meeting.objects.filter(organisation=organisation, pk=pk).first()


def ballot_in(organisation: Organisation, pk: int) -> Ballot | None:
    """A ballot of the organisation, by id (an election's, named in a request body)."""
    return Ballot.objects.filter(organisation=organisation, pk=pk).first()


def meeting_again(meeting: Meeting) -> Meeting:
    """The meeting as it now stands, with what its serializer shows."""
    return Meeting.objects.select_related("organisation", "member_class").get(pk=meeting.pk)


def member_class_by_code(organisation: Organisation, code: str) -> MemberClass | None:
    return organisation.member_classes.filter(code=code).first()


def agenda_item_get(meeting: Meeting, pk: int) -> AgendaItem | None:
    return meeting.agenda.filter(pk=pk).select_related("ballot").first()


def notice_run(meeting: Meeting) -> NoticeRun | None:
    return NoticeRun.objects.filter(meeting=meeting).first()


def attendance_of(meeting: Meeting, member: Member) -> Attendance:
    return (
        Attendance.objects.select_related("member", "member__member_class")
        .filter(meeting=meeting, member=member)
        .get()
    )


def meeting_proxies(meeting: Meeting) -> QuerySet[MeetingProxy]:
    return selectors.meeting_proxies(meeting).order_by("member__number", "id")


def meeting_proxy_get(meeting: Meeting, pk: int) -> MeetingProxy | None:
    return (
        MeetingProxy.objects.filter(meeting=meeting, pk=pk)
        .select_related("member", "holder")
        .first()
    )


def motion_detail(meeting: Meeting, pk: int) -> Motion:
    """One motion of the meeting with everything its detail shows (amendments included)."""
    return selectors.meeting_motions(meeting).get(pk=pk)


def amendment_get(organisation: Organisation, pk: int) -> Amendment | None:
    return (
        Amendment.objects.filter(pk=pk, motion__organisation=organisation)
        .select_related("proposer", "seconder", "ballot")
        .first()
    )


def requisitions(organisation: Organisation) -> QuerySet[Requisition]:
    """The organisation's requisitions, newest first, with their signatures counted."""
    return selectors.requisitions(organisation).order_by("-created_at", "-id")


def requisition_get(organisation: Organisation, pk: int) -> Requisition | None:
    return requisitions(organisation).filter(pk=pk).first()


def requisitions_signed_by(organisation: Organisation, member: Member | None) -> set[int]:
    """Ids of the requisitions the member has signed (one query for a whole list)."""
    if member is None:
        return set()
    return set(
        RequisitionSignature.objects.filter(
            member=member, requisition__organisation=organisation
        ).values_list("requisition_id", flat=True)
    )


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def meetings_list(
    organisation: Organisation, *, include_planned: bool, include_board: bool
) -> QuerySet[Meeting]:
    meetings = selectors.meetings(organisation, include_planned=include_planned).select_related(
        "member_class"
    )
    if not include_board:
        meetings = meetings.exclude(kind=Meeting.Kind.BOARD)
    return meetings
