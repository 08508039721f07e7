"""Who may do what with meetings (through `coop.core.permissions`)."""

from __future__ import annotations

from django.http import Http404

from coop.core.permissions import AnyUser, Role, get_for, has_role
from governance.models import Meeting, Motion

SECRETARIAT = (Role.SECRETARY,)
BOARD = (Role.SECRETARY, Role.BOARD_MEMBER)
VIEWERS = (Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER, Role.MEMBER)


def meeting_get_for_view(user: AnyUser | None, pk: int) -> Meeting:
    meeting = get_for(
        user, Meeting.objects.select_related("organisation", "rules_version"), VIEWERS, pk=pk
    )
    if meeting.kind == Meeting.Kind.BOARD and not has_role(
        user, meeting.organisation, *BOARD, Role.SCRUTINEER
    ):
        raise Http404
    return meeting


def meeting_get_for_run(user: AnyUser | None, pk: int) -> Meeting:
    return get_for(
        user, Meeting.objects.select_related("organisation", "rules_version"), SECRETARIAT, pk=pk
    )


def motion_get_for_view(user: AnyUser | None, pk: int) -> Motion:
    motion = get_for(user, Motion.objects.select_related("meeting", "organisation"), VIEWERS, pk=pk)
    meeting_get_for_view(user, motion.meeting_id)
    return motion


def can_run_meeting(user: AnyUser | None, meeting: Meeting) -> bool:
    return has_role(user, meeting.organisation, *SECRETARIAT)


def can_decide_admissibility(user: AnyUser | None, meeting: Meeting) -> bool:
    return has_role(user, meeting.organisation, *BOARD)
