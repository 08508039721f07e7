"""Planning a meeting, changing it before notice, and cancelling it.

The agenda is in `governance.services.agenda`, the meeting on the day in
`governance.services.running`, notice in `governance.services.notice`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length, check_model_lengths
from coop.core.models import User
from coop.core.validation import fail
from governance import limits, rules
from governance.models import AgendaItem, Meeting
from governance.selectors import meeting_day, today
from governance.services._common import (
    cancel_open_ballots,
    check_meeting_transition,
    item_ballots,
    lock_meeting,
)
from governance.services.notice import check_notice_period
from governance.services.windows import check_windows, meeting_windows
from membership.models import MemberClass, Organisation


def _check_when_and_where(
    title: str, starts_at: dt.datetime, format: str, place: str, online_link: str
) -> dt.datetime:
    """What planning and changing a meeting both check; returns the start, made aware."""
    if not title.strip():
        raise fail("title", _("Give the meeting a title."))
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise fail("starts_at", _("The meeting must be in the future."))
    if format in (Meeting.Format.IN_PERSON, Meeting.Format.HYBRID) and not place.strip():
        raise fail("place", _("Say where the meeting is held."))
    if format in (Meeting.Format.ONLINE, Meeting.Format.HYBRID) and not online_link.strip():
        raise fail("online_link", _("Give the link to join the meeting online."))
    return starts_at


@transaction.atomic
def meeting_plan(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    format: str = Meeting.Format.IN_PERSON,
    place: str = "",
    online_link: str = "",
    title_cy: str = "",
    notice_channel: str = "email",
    member_class: MemberClass | None = None,
    advance_voting: bool = True,
    actor: User | None,
) -> Meeting:
    """Plan a meeting. A general meeting dated inside the notice period (counted as if notice
    were given today) is refused, citing the rule."""
    if kind not in Meeting.Kind.values:
        raise fail("kind", _("Choose the kind of meeting."))
    starts_at = _check_when_and_where(title, starts_at, format, place, online_link)
    if kind == Meeting.Kind.CLASS and member_class is None:
        raise fail("member_class", _("Choose the member class whose meeting this is."))
    if member_class is not None and member_class.organisation_id != organisation.pk:
        raise fail("member_class", _("Choose a member class of this organisation."))
    meeting = Meeting(
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        title_cy=title_cy.strip(),
        format=format,
        starts_at=starts_at,
        place=place.strip(),
        online_link=online_link.strip(),
        member_class=member_class,
        notice_channel=notice_channel,
        advance_voting=advance_voting and kind != Meeting.Kind.BOARD,
        created_by=actor if actor is not None and actor.pk else None,
    )
    check_model_lengths(meeting, "title", "title_cy", "place", "online_link")
    meeting.full_clean()
    check_notice_period(meeting, today(), "starts_at")
    meeting.save()
    AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        kind=AgendaItem.Kind.MINUTES,
        title="Minutes of the last meeting",
        title_cy="Cofnodion y cyfarfod diwethaf",
    )
    audit(actor=actor, action="meeting.plan", obj=meeting, after=snapshot(meeting))
    return meeting


UPDATABLE = ("title", "title_cy", "starts_at", "format", "place", "online_link")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User | None,
    title: str | None = None,
    title_cy: str | None = None,
    starts_at: dt.datetime | None = None,
    format: str | None = None,
    place: str | None = None,
    online_link: str | None = None,
    notice_channel: str | None = None,
    advance_voting: bool | None = None,
    override_reason: str = "",
) -> Meeting:
    """Change a planned meeting: its title, date, place or link, how notice goes and whether
    members vote online in advance (a field left as None keeps its value). Once notice is
    given the date and place are what members were told: changing them means cancelling and
    calling the meeting again with fresh notice. The new date is checked against every
    window that depends on it (`governance.services.windows`): the notice period, counted
    as if notice were given today, the s.111 confirmation of a resolution on its agenda, the
    deadline of each members' motion received for it, and the requisition it answers. Where
    the rules allow it, `override_reason` moves it outside a window the rules set (never the
    Act's), and is recorded."""
    meeting = lock_meeting(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise fail(
            "meeting",
            _(
                "Notice of this meeting has been given, so it cannot be changed: cancel it "
                "and call it again with fresh notice."
            ),
        )
    before = snapshot(meeting, [*UPDATABLE, "notice_channel", "advance_voting"])
    changed = {
        "title": title,
        "title_cy": title_cy,
        "starts_at": starts_at,
        "format": format,
        "place": place,
        "online_link": online_link,
    }
    for field, value in changed.items():
        if value is not None:
            setattr(meeting, field, value.strip() if isinstance(value, str) else value)
    meeting.starts_at = _check_when_and_where(
        meeting.title, meeting.starts_at, meeting.format, meeting.place, meeting.online_link
    )
    if notice_channel is not None:
        meeting.notice_channel = notice_channel
    if advance_voting is not None:
        meeting.advance_voting = advance_voting and meeting.kind != Meeting.Kind.BOARD
    check_model_lengths(meeting, "title", "title_cy", "place", "online_link")
    meeting.full_clean()
    overridden = _check_new_date(meeting, override_reason)
    meeting.save()
    after = snapshot(meeting, [*UPDATABLE, "notice_channel", "advance_voting"])
    if overridden:
        after["windows_overridden"] = overridden
    audit(
        actor=actor,
        action="meeting.update",
        obj=meeting,
        before=before,
        after=after,
        reason=override_reason.strip() if overridden else "",
    )
    return meeting


def _check_new_date(meeting: Meeting, override_reason: str) -> list[str]:
    """Every window of the meeting's (new) date; the codes of those overridden."""
    check_length("override_reason", override_reason.strip(), limits.REASON, _("The reason"))
    day = meeting_day(meeting)
    overridden = [
        w.code for w in check_windows(meeting, day, "starts_at", override_reason, with_notice=False)
    ]
    notice = [w for w in meeting_windows(meeting) if w.code == rules.NOTICE]
    if any(not w.holds(day) for w in notice) and override_reason.strip():
        check_windows(meeting, day, "starts_at", override_reason)
        overridden.append(rules.NOTICE)
    else:
        check_notice_period(meeting, today(), "starts_at")
    return overridden


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: User | None) -> Meeting:
    """Call the meeting off before it opens (or when, adjourned for want of a quorum, it
    never could): online voting on its motions and amendments is cancelled."""
    meeting = lock_meeting(meeting)
    check_meeting_transition(meeting, Meeting.Status.CANCELLED)
    if meeting.started_at is not None:
        raise fail("status", _("The meeting has opened: close it instead."))
    if not reason.strip():
        raise fail("reason", _("Give the reason for cancelling."))
    check_length("reason", reason.strip(), limits.REASON, _("The reason"))
    cancel_open_ballots(item_ballots(meeting), reason, actor)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action="meeting.cancel",
        obj=meeting,
        after={"status": meeting.status},
        reason=reason,
    )
    return meeting
