"""The meeting on the day: opening it (the quorum fixed and checked), adjourning, resuming
and closing it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import fail
from governance import limits, rules
from governance.models import Meeting
from governance.selectors import eligible_member_count, meeting_day, present_count, rules_for, today
from governance.services._common import (
    cancel_open_ballots,
    check_meeting_transition,
    item_ballots,
    lock_meeting,
)
from governance.services.attendance import check_quorate
from governance.services.ballots import start_item_ballots
from governance.services.minutes import minutes_generate
from governance.services.windows import check_deferral


def _check_day_has_come(meeting: Meeting) -> None:
    """A general meeting cannot open before the day its notice named. That day was checked
    against the notice period (clear days) when notice was given and no service moves it,
    so a meeting opened under this check is never inside its notice period."""
    if not meeting.is_general:
        return
    if today() < meeting_day(meeting):
        raise fail(
            "starts_at",
            _(
                "The notice called the meeting for %(day)s: it cannot open before then "
                "(%(days)s clear days' notice, %(rule)s)."
            )
            % {
                "day": date_format(meeting_day(meeting)),
                "days": meeting.rules_version.notice_clear_days if meeting.rules_version else "–",
                "rule": meeting.rules_version.cite("notice_clear_days")
                if meeting.rules_version
                else "–",
            },
        )


@transaction.atomic
def meeting_start(*, meeting: Meeting, chair_name: str, actor: User | None) -> Meeting:
    """Open the meeting on its day: the quorum is fixed from the rules and the membership,
    and checked (a meeting adjourned for want of a quorum before it opened starts the same
    way). Votes in the room open on every item; for a meeting held only in person, online
    voting stops now."""

    meeting = lock_meeting(meeting)
    if meeting.status == Meeting.Status.ADJOURNED and meeting.started_at is not None:
        raise fail("status", _("The meeting has already opened: resume it."))
    check_meeting_transition(meeting, Meeting.Status.IN_PROGRESS)
    if not chair_name.strip():
        raise fail("chair_name", _("Name the chair of the meeting."))
    check_length("chair_name", chair_name.strip(), limits.NAME, _("The chair's name"))
    _check_day_has_come(meeting)
    version = meeting.rules_version or rules_for(meeting.organisation, meeting_day(meeting))
    count = eligible_member_count(meeting)
    meeting.rules_version = version
    meeting.member_count_at_start = count
    meeting.quorum_required = rules.quorum_required(
        count, quorum_members=version.quorum_members, quorum_percent=version.quorum_percent
    )
    meeting.chair_name = chair_name.strip()
    check_quorate(meeting)
    meeting.status = Meeting.Status.IN_PROGRESS
    meeting.started_at = timezone.now()
    meeting.save()
    audit(
        actor=actor,
        action="meeting.start",
        obj=meeting,
        after={
            "quorum_required": meeting.quorum_required,
            "present": present_count(meeting),
            "chair": meeting.chair_name,
        },
    )
    start_item_ballots(meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_adjourn(
    *, meeting: Meeting, reason: str, to: dt.datetime | None = None, actor: User | None
) -> Meeting:
    """Adjourn the meeting, optionally to a set time: while under way (e.g. when it
    becomes inquorate), or on its day before it opens when no quorum is present. Votes
    already taken stand; the items not reached wait for the resumed meeting."""
    meeting = lock_meeting(meeting)
    check_meeting_transition(meeting, Meeting.Status.ADJOURNED)
    if not reason.strip():
        raise fail("reason", _("Give the reason for adjourning."))
    check_length("reason", reason.strip(), limits.REASON, _("The reason"))
    if meeting.status == Meeting.Status.CALLED and today() < meeting_day(meeting):
        raise fail(
            "status",
            _("A meeting is adjourned on its day; to call it off before then, cancel it."),
        )
    if to is not None:
        if timezone.is_naive(to):
            to = timezone.make_aware(to)
        if to <= timezone.now():
            raise fail("to", _("Adjourn the meeting to a time in the future."))
        check_deferral(
            meeting, timezone.localtime(to, timezone.get_default_timezone()).date(), "to"
        )
    meeting.status = Meeting.Status.ADJOURNED
    meeting.adjourned_to = to
    meeting.save(update_fields=["status", "adjourned_to", "updated_at"])
    audit(
        actor=actor,
        action="meeting.adjourn",
        obj=meeting,
        after={"to": to.isoformat() if to else None},
        reason=reason,
    )
    return meeting


@transaction.atomic
def meeting_resume(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Resume an adjourned meeting: it must be quorate again (a meeting adjourned before it
    opened is started instead, naming the chair)."""
    meeting = lock_meeting(meeting)
    check_meeting_transition(meeting, Meeting.Status.IN_PROGRESS)
    if meeting.started_at is None:
        raise fail(
            "status",
            _("The meeting was adjourned before it opened: start it, naming the chair."),
        )
    check_quorate(meeting)
    meeting.status = Meeting.Status.IN_PROGRESS
    meeting.adjourned_to = None
    meeting.save(update_fields=["status", "adjourned_to", "updated_at"])
    audit(actor=actor, action="meeting.resume", obj=meeting, after={"status": meeting.status})
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User | None) -> Meeting:
    """End the meeting. Motions and amendments not reached stay undecided and the online
    voting on them is cancelled (those votes are never counted); draft minutes are generated
    from the record."""
    meeting = lock_meeting(meeting)
    check_meeting_transition(meeting, Meeting.Status.CLOSED)
    if meeting.started_at is None:
        raise fail(
            "status",
            _("The meeting never opened: start it, or cancel it if it cannot be held."),
        )
    meeting.status = Meeting.Status.CLOSED
    meeting.ended_at = timezone.now()
    meeting.save(update_fields=["status", "ended_at", "updated_at"])
    audit(actor=actor, action="meeting.close", obj=meeting, after={"status": meeting.status})
    cancel_open_ballots(
        item_ballots(meeting), _("The meeting closed before this vote was taken."), actor
    )
    minutes_generate(meeting=meeting, actor=actor)
    return meeting
