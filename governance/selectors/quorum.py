"""Who counts towards a meeting's quorum, and the quorum now."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from governance import rules
from governance.models import Amendment, Attendance, Meeting, MeetingProxy, Motion
from governance.selectors.calendar import rules_for, today
from membership.models import Member
from voting.presence import Presence


def present_members(meeting: Meeting) -> list[Member]:
    """Members present in person (at the door or online) who are still members."""
    return [
        a.member
        for a in meeting.attendance.filter(
            status=Attendance.Status.PRESENT, member__status=Member.Status.ACTIVE
        ).select_related("member")
    ]


def present_ids(meeting: Meeting) -> set[int]:
    return set(
        meeting.attendance.filter(
            status=Attendance.Status.PRESENT, member__status=Member.Status.ACTIVE
        ).values_list("member_id", flat=True)
    )


def present_count(meeting: Meeting) -> int:
    """Members counted towards the quorum: each member present once (a member organisation
    through its representative), and, where the rules allow proxies, each member not
    present whose proxy is: a member present, or the chair once the meeting has one."""
    present = present_ids(meeting)
    version = meeting.rules_version
    if version is not None and version.proxies_allowed:
        holders = Q(holder_id__in=present)
        if meeting.chair_name:
            holders |= Q(holder__isnull=True)
        represented = (
            MeetingProxy.objects.filter(
                meeting=meeting, is_revoked=False, member__status=Member.Status.ACTIVE
            )
            .filter(holders)
            .exclude(member_id__in=present)
            .values_list("member_id", flat=True)
        )
        present |= set(represented)
    return len(present)


def eligible_member_count(meeting: Meeting) -> int:
    """Members the quorum is reckoned on: active members (of the class, for a class
    meeting)."""
    members = Member.objects.filter(organisation=meeting.organisation).active()
    if meeting.member_class_id:
        members = members.filter(member_class_id=meeting.member_class_id)
    return members.count()


def quorum_status(meeting: Meeting) -> tuple[int, int]:
    """(members counted present, quorum needed). The quorum is fixed when the meeting
    starts; before then it is worked out from the membership as it stands (rules version:
    quorum_members, quorum_percent)."""
    required = meeting.quorum_required
    if required is None:
        version = meeting.rules_version or rules_for(meeting.organisation, today())
        required = rules.quorum_required(
            eligible_member_count(meeting),
            quorum_members=version.quorum_members,
            quorum_percent=version.quorum_percent,
        )
    return present_count(meeting), required


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


def room_presence(ballot_id: int) -> Presence | None:
    """Who is in the room for a ballot on one of a meeting's motions or amendments (the
    finder governance registers with `voting.presence`); None for any other ballot."""
    meeting_id = (
        Motion.objects.filter(ballot_id=ballot_id).values_list("meeting_id", flat=True).first()
        or Amendment.objects.filter(ballot_id=ballot_id)
        .values_list("motion__meeting_id", flat=True)
        .first()
    )
    if meeting_id is None:
        return None
    meeting = Meeting.objects.get(pk=meeting_id)
    return Presence(
        member_ids=frozenset(present_ids(meeting)),
        chair_present=bool(meeting.chair_name) and meeting.status == Meeting.Status.IN_PROGRESS,
        meeting=meeting.title,
    )
