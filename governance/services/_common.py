"""Helpers shared by the governance services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Meeting
from membership.models import Member, Organisation, RulesVersion


def fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def today() -> dt.date:
    return timezone.localdate()


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's calendar date in Europe/London."""
    return timezone.localtime(meeting.starts_at).date()


def rules_for(organisation: Organisation, day: dt.date) -> RulesVersion:
    version = organisation.rules_versions.in_force_on(day).first()
    if version is None:
        raise fail(
            "__all__",
            _("No rules are recorded for %(org)s on that date.") % {"org": organisation.name},
        )
    return version


def lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("organisation").get(pk=meeting.pk)


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
