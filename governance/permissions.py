"""Who may do what with meetings, motions, amendments, requisitions, minutes and resolutions:
the one place in governance that decides (pages, the API, services and tasks name these
predicates; none of them checks a role).

Who sees what:

- the organisation's governance (its general meetings, their motions and amendments, its
  requisitions and the register of resolutions) is for those who take part in it: the
  secretary, the board, scrutineers and members. A bid manager's role is the joint bids, and
  anyone without a role in the organisation sees nothing of it;
- a board meeting is for the secretary, the board and scrutineers only;
- a planned general meeting shows (members need its date and the deadline for motions), but
  its notice pack is the secretary's until notice is given.

Who does what: the secretary runs meetings (plans, gives notice, checks in, opens, takes the
votes, keeps the minutes) and acts for a member on paper; the board (with the secretary)
decides whether a motion is admissible. Members' own actions (submit, second, amend,
withdraw, sign, appoint a proxy) are open to anyone who sees the meeting: the service then
decides, with its rule's message, whether the signed-in person's member record may do it.

The getters apply the one rule (`coop.core.permissions.gate`): what you may not see answers
404, exactly like something that does not exist (another organisation's meeting, one under
another organisation's address, a board meeting for a member); an action on what you may see
but not do answers 403.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404

from coop.core.models import User
from coop.core.permissions import AnyUser, Predicate, Role, gate, has_role, users_with_role
from governance import selectors
from governance.models import Amendment, Meeting, MeetingProxy, Motion, Requisition
from membership.models import Organisation

T = TypeVar("T")

_TAKING_PART = (Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER, Role.MEMBER)
_OVERSEEING = (Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER)
_BOARD = (Role.SECRETARY, Role.BOARD_MEMBER)


# --- the organisation's governance -------------------------------------------------------


def can_view_meetings(user: AnyUser | None, organisation: Organisation) -> bool:
    """The organisation's general meetings and their motions."""
    return has_role(user, organisation, *_TAKING_PART)


def can_view_board_meetings(user: AnyUser | None, organisation: Organisation) -> bool:
    return has_role(user, organisation, *_OVERSEEING)


def can_plan_meeting(user: AnyUser | None, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.SECRETARY)


def can_act_for_member(user: AnyUser | None, organisation: Organisation) -> bool:
    """Enter a member's action received on paper (a motion, a seconding, a proxy form),
    naming the member and the day it arrived."""
    return has_role(user, organisation, Role.SECRETARY)


def can_decide_as_board(user: AnyUser | None, organisation: Organisation) -> bool:
    """Decide as the board: whether motions are admissible, and calling a meeting that the
    members have requisitioned (the secretary and board members)."""
    return has_role(user, organisation, *_BOARD)


def can_view_resolutions(user: AnyUser | None, organisation: Organisation) -> bool:
    """The register of resolutions."""
    return can_view_meetings(user, organisation)


def can_view_requisitions(user: AnyUser | None, organisation: Organisation) -> bool:
    return can_view_meetings(user, organisation)


def can_start_requisition(user: AnyUser | None, organisation: Organisation) -> bool:
    """Open to those who take part; the service admits only a member."""
    return can_view_meetings(user, organisation)


def requisition_recipients(organisation: Organisation) -> QuerySet[User]:
    """Who is told that a requisition has reached its threshold: the secretary and the
    board, who must call the meeting."""
    people = users_with_role(organisation, Role.SECRETARY) | users_with_role(
        organisation, Role.BOARD_MEMBER
    )
    return people.distinct().order_by("pk")


# --- meetings ----------------------------------------------------------------------------


def can_view_meeting(user: AnyUser | None, meeting: Meeting) -> bool:
    if meeting.kind == Meeting.Kind.BOARD:
        return can_view_board_meetings(user, meeting.organisation)
    return can_view_meetings(user, meeting.organisation)


def can_run_meeting(user: AnyUser | None, meeting: Meeting) -> bool:
    """Change, cancel and give notice of the meeting, edit its agenda, check members in,
    open, adjourn, resume and close it, take its votes, keep its minutes."""
    return has_role(user, meeting.organisation, Role.SECRETARY)


def can_view_notice_pack(user: AnyUser | None, meeting: Meeting) -> bool:
    """The notice pack goes to members with the notice: before that it is a draft."""
    if meeting.status == Meeting.Status.PLANNED:
        return can_run_meeting(user, meeting)
    return can_view_meeting(user, meeting)


def can_submit_motion(user: AnyUser | None, meeting: Meeting) -> bool:
    return can_view_meeting(user, meeting)


def can_appoint_proxy(user: AnyUser | None, meeting: Meeting) -> bool:
    return can_view_meeting(user, meeting)


def can_revoke_proxy(user: AnyUser | None, proxy: MeetingProxy) -> bool:
    """The member who appointed the proxy, or the secretary."""
    if can_run_meeting(user, proxy.meeting):
        return True
    return (
        user is not None
        and user.is_authenticated
        and proxy.member.user_id is not None
        and proxy.member.user_id == user.pk
        and can_view_meeting(user, proxy.meeting)
    )


def can_view_minutes(user: AnyUser | None, meeting: Meeting) -> bool:
    return can_view_meeting(user, meeting)


# --- motions and amendments --------------------------------------------------------------


def can_view_motion(user: AnyUser | None, motion: Motion) -> bool:
    return can_view_meeting(user, motion.meeting)


def can_second_motion(user: AnyUser | None, motion: Motion) -> bool:
    return can_view_motion(user, motion)


def can_amend_motion(user: AnyUser | None, motion: Motion) -> bool:
    return can_view_motion(user, motion)


def can_withdraw_motion(user: AnyUser | None, motion: Motion) -> bool:
    """A member's motion by its proposer (the service checks who proposed it); the board's
    motion by the secretary."""
    if motion.is_board_motion:
        return can_run_meeting(user, motion.meeting)
    return can_view_motion(user, motion)


def can_decide_admissibility(user: AnyUser | None, motion: Motion) -> bool:
    return can_view_motion(user, motion) and can_decide_as_board(user, motion.meeting.organisation)


def can_take_vote(user: AnyUser | None, item: Motion | Amendment) -> bool:
    """Take the vote on a motion or an amendment, or count a show of hands."""
    meeting = item.meeting if isinstance(item, Motion) else item.motion.meeting
    return can_run_meeting(user, meeting)


def can_propose_confirmation(user: AnyUser | None, motion: Motion) -> bool:
    """Put a provisional special resolution to a second meeting (CCBS Act 2014 s.111)."""
    return can_run_meeting(user, motion.meeting)


def can_propose_board_amendment(user: AnyUser | None, motion: Motion) -> bool:
    return can_run_meeting(user, motion.meeting)


def can_view_amendment(user: AnyUser | None, amendment: Amendment) -> bool:
    return can_view_motion(user, amendment.motion)


def can_second_amendment(user: AnyUser | None, amendment: Amendment) -> bool:
    return can_view_amendment(user, amendment)


def can_withdraw_amendment(user: AnyUser | None, amendment: Amendment) -> bool:
    """A member's amendment by its proposer (the service checks who proposed it); the
    board's amendment by the secretary."""
    if amendment.is_board_amendment:
        return can_run_meeting(user, amendment.motion.meeting)
    return can_view_amendment(user, amendment)


def can_rule_out_amendment(user: AnyUser | None, amendment: Amendment) -> bool:
    return can_run_meeting(user, amendment.motion.meeting)


# --- requisitions ------------------------------------------------------------------------


def can_view_requisition(user: AnyUser | None, requisition: Requisition) -> bool:
    return can_view_requisitions(user, requisition.organisation)


def can_sign_requisition(user: AnyUser | None, requisition: Requisition) -> bool:
    """Open to those who take part; the service admits only a member, once."""
    return can_view_requisition(user, requisition)


def can_record_requisition_called(user: AnyUser | None, requisition: Requisition) -> bool:
    return has_role(user, requisition.organisation, Role.SECRETARY)


# --- getters: the one rule ---------------------------------------------------------------


def _found(obj: T | None) -> T:
    if obj is None:
        raise Http404
    return obj


def organisation_get_for(
    user: AnyUser | None, slug: str, may: Predicate, *, action: bool
) -> Organisation:
    """The organisation of the address, gated by `may` (seeing its meetings decides 404)."""
    organisation = _found(selectors.organisation_addressed(slug))
    gate(user, organisation, may, sees=can_view_meetings, action=action)
    return organisation


def organisation_get_for_view(user: AnyUser | None, slug: str) -> Organisation:
    return organisation_get_for(user, slug, can_view_meetings, action=False)


def meeting_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool
) -> Meeting:
    """The meeting `pk` of the organisation `slug`, gated by `may`."""
    meeting = _found(selectors.meeting_addressed(slug, pk))
    gate(user, meeting, may, sees=can_view_meeting, action=action)
    return meeting


def meeting_get_for_view(user: AnyUser | None, slug: str, pk: int) -> Meeting:
    return meeting_get_for(user, slug, pk, can_view_meeting, action=False)


def meeting_get_for_run(user: AnyUser | None, slug: str, pk: int) -> Meeting:
    """A meeting to act on as its secretary (a form page or a POST): 403 for others who
    see it."""
    return meeting_get_for(user, slug, pk, can_run_meeting, action=True)


def meeting_get_for_oversight(user: AnyUser | None, slug: str, pk: int) -> Meeting:
    """The secretary's pages about a meeting (the running page, the quorum screen, the
    notice's progress): reads, so 404 for everyone else."""
    return meeting_get_for(user, slug, pk, can_run_meeting, action=False)


def motion_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool
) -> Motion:
    """The motion `pk` of the organisation `slug`, gated by `may`."""
    motion = _found(selectors.motion_addressed(slug, pk))
    gate(user, motion, may, sees=can_view_motion, action=action)
    return motion


def motion_get_for_view(user: AnyUser | None, slug: str, pk: int) -> Motion:
    return motion_get_for(user, slug, pk, can_view_motion, action=False)


def amendment_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool
) -> Amendment:
    """The amendment `pk` to a motion of the organisation `slug`, gated by `may`."""
    amendment = _found(selectors.amendment_addressed(slug, pk))
    gate(user, amendment, may, sees=can_view_amendment, action=action)
    return amendment


def requisition_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool
) -> Requisition:
    """The requisition `pk` of the organisation `slug`, gated by `may`."""
    requisition = _found(selectors.requisition_addressed(slug, pk))
    gate(user, requisition, may, sees=can_view_requisition, action=action)
    return requisition
