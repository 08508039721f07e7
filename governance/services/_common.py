"""What the governance services share: locking a meeting, the allowed moves of its status,
the member an action is for, and the ballots of a meeting's business."""

from __future__ import annotations

from django.utils.translation import gettext as _

from coop.core.models import User
from coop.core.validation import check_transition, fail
from governance.models import Amendment, Meeting, Motion
from membership.models import Member, Organisation
from voting.models import Ballot
from voting.services import ballot_cancel


def lock_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=meeting.pk)
    )


def check_meeting_transition(meeting: Meeting, to: str) -> None:
    """Refuse a move of the meeting's status that `Meeting.TRANSITIONS` does not allow."""
    check_transition(
        meeting.status,
        to,
        transitions=Meeting.TRANSITIONS,
        labels=Meeting.Status,
        message=_("A meeting that is “%(now)s” cannot become “%(to)s”."),
    )


def check_member_of(organisation: Organisation, member: Member | None, field: str) -> Member:
    """A member of the organisation who has not ceased (and is not suspended)."""
    if member is None or member.organisation_id != organisation.pk:
        raise fail(field, _("Only a member of %(org)s can do this.") % {"org": organisation.name})
    if member.status == Member.Status.CEASED:
        raise fail(
            field, _("Member %(number)s has ceased to be a member.") % {"number": member.number}
        )
    if member.status == Member.Status.SUSPENDED:
        raise fail(field, _("Member %(number)s is suspended.") % {"number": member.number})
    return member


def check_meeting_open(meeting: Meeting) -> None:
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("meeting", _("The meeting has ended."))


def item_ballots(meeting: Meeting) -> set[int]:
    """Ids of the ballots on the meeting's motions and their amendments."""
    motions = Motion.objects.filter(meeting=meeting, ballot__isnull=False)
    amendments = Amendment.objects.filter(motion__meeting=meeting, ballot__isnull=False)
    return {
        *motions.values_list("ballot_id", flat=True),
        *amendments.values_list("ballot_id", flat=True),
    }


def cancel_open_ballots(ballot_ids: set[int], reason: str, actor: User | None) -> int:
    """Cancel those of the ballots still being prepared or open (their votes are never
    counted); returns how many."""
    cancelled = 0
    for ballot in Ballot.objects.filter(
        pk__in=ballot_ids, status__in=[Ballot.Status.DRAFT, Ballot.Status.OPEN]
    ).order_by("pk"):
        ballot_cancel(ballot=ballot, reason=reason, actor=actor)
        cancelled += 1
    return cancelled
