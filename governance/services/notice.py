"""Notice of a general meeting: the check of the clear days (counted from the slowest channel
the notice goes by, `governance.selectors.notice`), giving notice, and sending it again to
those it has not reached."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from governance import rules
from governance.models import Meeting, Motion, NoticeRun
from governance.selectors import meeting_day, notice_channel_for, rules_for, today
from governance.services._common import check_meeting_transition, lock_meeting
from governance.services.ballots import open_item_ballots
from membership.models import RulesVersion


def _notice_period_error(
    meeting: Meeting, given_on: dt.date, version: RulesVersion, field: str
) -> ValidationError:
    channel = notice_channel_for(meeting)
    delivered = rules.deemed_delivered_on(
        given_on,
        channel,
        email_days=version.email_deemed_delivery_days,
        post_days=version.post_deemed_delivery_days,
    )
    earliest = rules.earliest_meeting_on(
        given_on,
        channel,
        clear_days=version.notice_clear_days,
        email_days=version.email_deemed_delivery_days,
        post_days=version.post_deemed_delivery_days,
    )
    message = _(
        "Notice given on %(given)s by %(channel)s is deemed delivered on "
        "%(delivered)s; the rules need %(days)s clear days' notice (%(rule)s), "
        "so the meeting can be held on "
        "%(earliest)s at the earliest."
    ) % {
        "given": date_format(given_on),
        "channel": _("post") if channel == rules.POST else _("email"),
        "delivered": date_format(delivered),
        "days": version.notice_clear_days,
        "rule": version.cite("notice_clear_days"),
        "earliest": date_format(earliest),
    }
    if channel == rules.POST and meeting.notice_channel != rules.POST:
        message = (
            _("Some members gave no email address for notices, so their notice is posted.")
            + " "
            + message
        )
    return fail(field, message)


def _earliest_day(meeting: Meeting, given_on: dt.date, version: RulesVersion) -> dt.date:
    return rules.earliest_meeting_on(
        given_on,
        notice_channel_for(meeting),
        clear_days=version.notice_clear_days,
        email_days=version.email_deemed_delivery_days,
        post_days=version.post_deemed_delivery_days,
    )


def check_notice_period(meeting: Meeting, given_on: dt.date, field: str) -> None:
    """Refuse a general meeting inside the notice period: neither the day notice is deemed
    delivered (by email or by post, as it goes) nor the meeting day counts (rules version:
    notice_clear_days, email_deemed_delivery_days, post_deemed_delivery_days)."""
    if not meeting.is_general:
        return
    version = rules_for(meeting.organisation, given_on)
    if meeting_day(meeting) < _earliest_day(meeting, given_on, version):
        raise _notice_period_error(meeting, given_on, version, field)


@transaction.atomic
def meeting_give_notice(
    *, meeting: Meeting, given_on: dt.date | None = None, actor: User | None
) -> Meeting:
    """Give notice of the meeting: checked against the clear days of the rules; the notice
    pack goes to each member in their language in the background, and online voting on each
    admitted motion opens (where the meeting allows advance voting)."""
    from governance.tasks import send_notices

    meeting = lock_meeting(meeting)
    check_meeting_transition(meeting, Meeting.Status.CALLED)
    given_on = given_on or today()
    if given_on > today():
        raise fail("given_on", _("Notice cannot be dated in the future."))
    check_notice_period(meeting, given_on, "starts_at")
    # Motions still waiting for a seconder do not hold the notice up: they may be seconded
    # and admitted (and put to an online vote) until the deadline.
    waiting = meeting.motions.filter(status=Motion.Status.SECONDED)
    if waiting_count := waiting.count():
        raise fail(
            "motions",
            ngettext(
                "The board has still to decide whether %(n)s motion is admissible.",
                "The board has still to decide whether %(n)s motions are admissible.",
                waiting_count,
            )
            % {"n": waiting_count},
        )
    before = snapshot(meeting, ["status", "notice_given_on"])
    meeting.status = Meeting.Status.CALLED
    meeting.notice_given_on = given_on
    meeting.rules_version = rules_for(meeting.organisation, given_on)
    meeting.save()
    audit(
        actor=actor,
        action="meeting.give_notice",
        obj=meeting,
        before=before,
        after=snapshot(meeting, ["status", "notice_given_on", "notice_channel"]),
    )
    if meeting.advance_voting:
        open_item_ballots(meeting=meeting, actor=actor)
    _run, _created = NoticeRun.objects.get_or_create(meeting=meeting)
    transaction.on_commit(lambda: send_notices.enqueue(meeting.pk))
    return meeting


@transaction.atomic
def meeting_notice_resend(*, meeting: Meeting, actor: User | None) -> NoticeRun:
    """Send the notice again to the members it has not reached (failed emails, members
    admitted since): notice already sent is not repeated."""
    from governance.tasks import send_notices

    meeting = lock_meeting(meeting)
    if meeting.status != Meeting.Status.CALLED:
        raise fail("meeting", _("Notice is sent again only while the meeting is called."))
    run, _created = NoticeRun.objects.select_for_update().get_or_create(meeting=meeting)
    # A run that has shown no progress for a while has died with its worker.
    busy = timezone.now() - run.updated_at < dt.timedelta(minutes=10)
    if not _created and run.status in (NoticeRun.Status.QUEUED, NoticeRun.Status.RUNNING) and busy:
        raise fail("meeting", _("The notice is being sent: wait until it has finished."))
    run.status = NoticeRun.Status.QUEUED
    run.error = ""
    run.save(update_fields=["status", "error", "updated_at"])
    audit(actor=actor, action="meeting.notice_resend", obj=meeting, after={"run": run.pk})
    transaction.on_commit(lambda: send_notices.enqueue(meeting.pk))
    return run
