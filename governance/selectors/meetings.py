"""Reads of meetings: finding one by its address, the lists, the agenda, attendance,
proxies and minutes; and the look-ups of a request (a meeting, ballot, member or member
class of the organisation named by id, number or code)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from governance.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Meeting,
    MeetingProxy,
    Minutes,
    Motion,
)
from governance.selectors.calendar import meeting_day, today
from membership.models import Member, MemberClass, Organisation, ResolutionType
from membership.selectors import rules_in_force_on
from voting.models import Ballot


def organisation_addressed(slug: str) -> Organisation | None:
    """The organisation of an address (whoever asks: the permission gate decides)."""
    return Organisation.objects.filter(slug=slug).first()


def meeting_addressed(slug: str, pk: int) -> Meeting | None:
    """The meeting `pk` of the organisation `slug`, with what its gate and pages need; None
    when there is none (a meeting of another organisation included)."""
    return (
        Meeting.objects.select_related("organisation", "rules_version", "member_class")
        .filter(organisation__slug=slug, pk=pk)
        .first()
    )


def meetings(
    organisation: Organisation, *, include_planned: bool, include_board: bool = True
) -> QuerySet[Meeting]:
    """The organisation's meetings, latest first, with their number of motions."""
    found = Meeting.objects.filter(organisation=organisation)
    if not include_planned:
        found = found.exclude(status=Meeting.Status.PLANNED)
    if not include_board:
        found = found.exclude(kind=Meeting.Kind.BOARD)
    return (
        found.select_related("organisation", "member_class")
        .annotate(motion_count=Count("motions"))
        .order_by("-starts_at", "-id")
    )


def meeting_in(organisation: Organisation, pk: int) -> Meeting | None:
    """A meeting of the organisation, by id (named in a request body)."""
    return Meeting.objects.filter(organisation=organisation, pk=pk).first()


def ballot_in(organisation: Organisation, pk: int) -> Ballot | None:
    """A ballot of the organisation, by id (an election's, named in a request body)."""
    return Ballot.objects.filter(organisation=organisation, pk=pk).first()


def member_numbered(organisation: Organisation, number: int) -> Member | None:
    """A member of the organisation by number (named in a form or a request body)."""
    return (
        Member.objects.filter(organisation=organisation, number=number)
        .select_related("member_class")
        .first()
    )


def member_class_coded(organisation: Organisation, code: str) -> MemberClass | None:
    return organisation.member_classes.filter(code=code).first()


def meeting_fresh(meeting: Meeting) -> Meeting:
    """The meeting as it now stands, with what its pages and serializers show."""
    return Meeting.objects.select_related("organisation", "rules_version", "member_class").get(
        pk=meeting.pk
    )


def meeting_agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.select_related("ballot", "motion")
        .prefetch_related(
            Prefetch(
                "motion__amendments",
                queryset=Amendment.objects.select_related("proposer", "seconder", "ballot"),
            )
        )
        .order_by("position")
    )


def agenda_item_get(meeting: Meeting, pk: int) -> AgendaItem | None:
    return meeting.agenda.filter(pk=pk).select_related("ballot").first()


def attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("member", "member__member_class").order_by(
        "member__number"
    )


def attendance_of(meeting: Meeting, member: Member) -> Attendance:
    return attendance(meeting).get(member=member)


def meeting_proxies(meeting: Meeting) -> QuerySet[MeetingProxy]:
    """The proxies for the meeting that stand (not revoked), by member number."""
    return (
        meeting.proxies.filter(is_revoked=False)
        .select_related("member", "holder")
        .order_by("member__number", "id")
    )


def meeting_proxy_get(meeting: Meeting, pk: int) -> MeetingProxy | None:
    return (
        MeetingProxy.objects.filter(meeting=meeting, pk=pk)
        .select_related("member", "holder", "meeting__organisation")
        .first()
    )


def live_proxy(meeting: Meeting, member: Member | None) -> MeetingProxy | None:
    """The member's proxy for the meeting that stands, if any."""
    if member is None:
        return None
    return meeting_proxies(meeting).filter(member=member).first()


def proxies_allowed(meeting: Meeting) -> bool:
    """Whether the rules let members appoint a proxy for the meeting (rules version:
    proxies_allowed)."""
    version = meeting.rules_version or rules_in_force_on(meeting.organisation, today())
    return bool(version and version.proxies_allowed)


def resolution_types(meeting: Meeting) -> list[ResolutionType]:
    """The types of resolution the rules in force for the meeting define."""
    version = meeting.rules_version or rules_in_force_on(meeting.organisation, meeting_day(meeting))
    return list(version.resolution_types.order_by("id")) if version else []


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def approval_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """Later meetings of the organisation now under way (where minutes are approved)."""
    return meetings(meeting.organisation, include_planned=False).filter(
        status=Meeting.Status.IN_PROGRESS, starts_at__gt=meeting.starts_at
    )


def minutes_waiting(meeting: Meeting) -> list[Minutes]:
    """Draft minutes of earlier meetings, to approve while this one is under way."""
    if meeting.status != Meeting.Status.IN_PROGRESS:
        return []
    return list(
        Minutes.objects.filter(
            meeting__organisation_id=meeting.organisation_id,
            status=Minutes.Status.DRAFT,
            meeting__starts_at__lt=meeting.starts_at,
        ).select_related("meeting")
    )


def confirmation_meetings(motion: Motion) -> QuerySet[Meeting]:
    """General meetings after the motion's, not yet held, that could confirm it."""
    return (
        meetings(motion.organisation, include_planned=True, include_board=False)
        .filter(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.CALLED, Meeting.Status.IN_PROGRESS],
            starts_at__gt=motion.meeting.starts_at,
        )
        .order_by("starts_at")
    )


def general_meetings_callable(organisation: Organisation) -> QuerySet[Meeting]:
    """General meetings not cancelled: those a requisition can be answered by."""
    return (
        meetings(organisation, include_planned=True, include_board=False)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
