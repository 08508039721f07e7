"""Helpers shared by the governance services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.models import User
from governance.models import Amendment, Meeting, Motion
from membership.models import Member, Organisation, RulesVersion
from voting.models import Ballot
from voting.services import ballot_cancel


def fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def today() -> dt.date:
    return timezone.localdate()


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's calendar date in the organisation's time zone (Europe/London): a meeting
    at 00:30 on the day after the clocks change is held on that day, not the day before in
    UTC."""
    return timezone.localtime(meeting.starts_at, timezone.get_default_timezone()).date()


def rules_for(organisation: Organisation, day: dt.date) -> RulesVersion:
    version = organisation.rules_versions.in_force_on(day).first()
    if version is None:
        raise fail(
            "__all__",
            _("No rules are recorded for %(org)s on that date.") % {"org": organisation.name},
        )
    return version


def lock_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=meeting.pk)
    )


def transition(meeting: Meeting, to: str) -> None:
    if to not in Meeting.TRANSITIONS[meeting.status]:
        raise fail(
            "status",
            _("A meeting that is “%(now)s” cannot become “%(to)s”.")
            % {"now": meeting.get_status_display(), "to": Meeting.Status(to).label},
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
