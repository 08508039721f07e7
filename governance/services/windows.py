"""The legal windows a meeting's date must fall in, re-checked whenever the date changes
(changing the meeting, adjourning it to a later day): the s.111 confirmation of a special
resolution on its agenda, the notice period, the deadline of each members' motion received
for it, and the deadline of the requisition it answers. The arithmetic is pure
(`governance.rules`); this module reads what the windows depend on and words the refusal.

A change that breaks a window is refused, naming each window and its lawful dates. Where the
rules version allows it (`date_windows_overridable`), the board may go ahead with a reason,
which is recorded, except for the s.111 window: the Act, not the rules, sets it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.validation import fail
from governance import rules
from governance.models import Meeting, Motion, Requisition
from governance.selectors import meeting_day, notice_channel_for, rules_for, today
from membership.models import RulesVersion


def _version(meeting: Meeting) -> RulesVersion:
    return meeting.rules_version or rules_for(meeting.organisation, today())


def meeting_windows(meeting: Meeting, *, with_notice: bool = True) -> list[rules.Window]:
    """Every window the meeting's date depends on, as things stand."""
    version = _version(meeting)
    windows: list[rules.Window] = []
    confirming = Motion.objects.filter(
        meeting=meeting, confirms__isnull=False, status__in=Motion.OPEN
    ).select_related("confirms__meeting")
    for motion in confirming.order_by("pk"):
        first = motion.confirms
        assert first is not None
        first_day = first.decided_on or meeting_day(first.meeting)
        windows.append(rules.confirmation_window_of(first_day, first.title))
    members_motions = Motion.objects.filter(
        meeting=meeting, is_board_motion=False, status__in=Motion.OPEN
    )
    for motion in members_motions.order_by("pk"):
        windows.append(
            rules.motion_deadline_window_of(
                motion.submitted_on, version.motion_deadline_days, motion.title
            )
        )
    needs_notice = meeting.is_general and meeting.status == Meeting.Status.PLANNED
    requisitions = Requisition.objects.filter(meeting=meeting, call_by__isnull=False)
    if (needs_notice and with_notice) or requisitions.exists():
        channel = notice_channel_for(meeting)
        days = {
            "clear_days": version.notice_clear_days,
            "email_days": version.email_deemed_delivery_days,
            "post_days": version.post_deemed_delivery_days,
        }
        if needs_notice and with_notice:
            windows.append(rules.notice_window_of(today(), channel, **days))
        for requisition in requisitions.order_by("pk"):
            assert requisition.call_by is not None
            windows.append(
                rules.requisition_window_of(
                    requisition.call_by, channel, subject=requisition.purpose[:80], **days
                )
            )
    return windows


def _day(day: dt.date | None) -> str:
    return date_format(day, "j F Y") if day else "–"


def describe(window: rules.Window, version: RulesVersion) -> str:
    """One sentence: the window, what it is about, its lawful dates and its rule."""
    if window.code == rules.CONFIRMATION:
        return _(
            "The s.111 confirmation window of “%(subject)s”: the confirming meeting must be "
            "held between %(start)s and %(end)s, not less than 14 days nor more than one "
            "month after the first (CCBS Act 2014 s.111)."
        ) % {"subject": window.subject, "start": _day(window.earliest), "end": _day(window.latest)}
    if window.code == rules.NOTICE:
        return _(
            "The notice period: with notice given today, the meeting can be held on %(start)s "
            "at the earliest (%(days)s clear days, %(rule)s)."
        ) % {
            "start": _day(window.earliest),
            "days": version.notice_clear_days,
            "rule": version.cite("notice_clear_days"),
        }
    if window.code == rules.MOTION_DEADLINE:
        return _(
            "The motion deadline of “%(subject)s”: received %(days)s days or fewer before a "
            "meeting on a day before %(start)s, it would be late; the meeting must be on "
            "%(start)s or later (%(rule)s)."
        ) % {
            "subject": window.subject,
            "days": version.motion_deadline_days,
            "start": _day(window.earliest),
            "rule": version.cite("motion_deadline_days"),
        }
    return _(
        "The requisition's deadline (“%(subject)s”): the board must call the meeting in time "
        "for it to be held by %(end)s (%(rule)s)."
    ) % {
        "subject": window.subject,
        "end": _day(window.latest),
        "rule": version.cite("requisition_call_days"),
    }


def _lawful_dates(windows: list[rules.Window]) -> str:
    start, end = rules.lawful_days(windows)
    if start is not None and end is not None and start > end:
        return _("No date satisfies every window.")
    if start is not None and end is not None:
        return _("Lawful dates: %(start)s to %(end)s.") % {"start": _day(start), "end": _day(end)}
    if start is not None:
        return _("Lawful dates: %(start)s or later.") % {"start": _day(start)}
    return _("Lawful dates: %(end)s at the latest.") % {"end": _day(end)}


def check_windows(
    meeting: Meeting,
    day: dt.date,
    field: str,
    override_reason: str = "",
    *,
    with_notice: bool = True,
) -> list[rules.Window]:
    """Refuse a meeting on `day` outside any window it depends on (naming each one, with
    the lawful dates), unless the rules allow an override and a reason is given; returns
    the windows overridden (for the audit event)."""
    version = _version(meeting)
    windows = meeting_windows(meeting)
    checked = [w for w in windows if with_notice or w.code != rules.NOTICE]
    broken = rules.broken_windows(checked, day)
    if not broken:
        return []
    statutory = [w for w in broken if w.code == rules.CONFIRMATION]
    if override_reason.strip() and not statutory:
        if not version.date_windows_overridable:
            raise fail(
                "override_reason",
                _(
                    "The rules do not allow a meeting to be moved outside a legal window "
                    "(%(rule)s): choose a lawful date."
                )
                % {"rule": version.cite("date_windows_overridable")},
            )
        return broken
    messages = [describe(w, version) for w in broken]
    messages.append(_lawful_dates(windows))
    if statutory and override_reason.strip():
        messages.append(_("The s.111 window is set by the Act: no rule can override it."))
    raise ValidationError({field: messages})


def check_deferral(meeting: Meeting, day: dt.date, field: str) -> None:
    """Items deferred to `day` (a meeting adjourned to it): a confirmation vote among them
    must still fall in its s.111 window."""
    version = _version(meeting)
    windows = [
        w for w in meeting_windows(meeting, with_notice=False) if w.code == rules.CONFIRMATION
    ]
    broken = rules.broken_windows(windows, day)
    if broken:
        raise ValidationError(
            {field: [describe(w, version) for w in broken] + [_lawful_dates(windows)]}
        )
