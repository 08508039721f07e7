"""The day it is, a meeting's day, and the rules in force on a day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.validation import fail
from governance.models import Meeting
from membership.models import Organisation, RulesVersion


def today() -> dt.date:
    return timezone.localdate()


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's calendar date in the organisation's time zone (Europe/London): a meeting
    at 00:30 on the day after the clocks change is held on that day, not the day before in
    UTC."""
    return timezone.localtime(meeting.starts_at, timezone.get_default_timezone()).date()


def rules_for(organisation: Organisation, day: dt.date) -> RulesVersion:
    """The version of the organisation's rules in force on `day`; a refusal naming the
    organisation if none is recorded (nothing can be reckoned without rules)."""
    version = organisation.rules_versions.in_force_on(day).first()
    if version is None:
        raise fail(
            "__all__",
            _("No rules are recorded for %(org)s on that date.") % {"org": organisation.name},
        )
    return version


def windows_overridable(meeting: Meeting) -> bool:
    """Whether the meeting's rules let the board move it outside a legal window the rules
    set, with a reason (`RulesVersion.date_windows_overridable`)."""
    version = meeting.rules_version or rules_for(meeting.organisation, today())
    return version.date_windows_overridable
