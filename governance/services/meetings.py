"""Planning a meeting, the agenda, opening, adjourning, resuming, closing, cancelling.

Notice is in `governance.services.notice`; attendance, the quorum and proxies in
`governance.services.attendance` (both re-exported here)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from governance import rules
from governance.models import AgendaItem, Meeting
from governance.services._common import (
    cancel_open_ballots,
    fail,
    item_ballots,
    lock_meeting,
    meeting_day,
    rules_for,
    today,
    transition,
)
from governance.services.attendance import (
    attendance_record,
    check_quorate,
    eligible_member_count,
    meeting_proxy_appoint,
    meeting_proxy_revoke,
    present_count,
    present_members,
    quorum_status,
)
from governance.services.ballots import start_item_ballots
from governance.services.notice import (
    check_notice_period,
    meeting_give_notice,
    meeting_notice_resend,
    notice_channel_for,
    notice_recipients,
)
from membership.models import MemberClass, Organisation
from voting.models import Ballot


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
) -> Meeting:
    """Change a planned meeting: its title, date, place or link, how notice goes and whether
    members vote online in advance (a field left as None keeps its value). Once notice is
    given the date and place are what members were told: changing them means cancelling and
    calling the meeting again with fresh notice. The new date must still allow the notice
    period, counted as if notice were given today."""
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
    meeting.full_clean()
    check_notice_period(meeting, today(), "starts_at")
    meeting.save()
    after = snapshot(meeting, [*UPDATABLE, "notice_channel", "advance_voting"])
    audit(actor=actor, action="meeting.update", obj=meeting, before=before, after=after)
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    title_cy: str = "",
    body: str = "",
    body_cy: str = "",
    ballot: Ballot | None = None,
    actor: User | None,
) -> AgendaItem:
    """Add an item at the end of the agenda (motions add themselves when admitted)."""
    meeting = lock_meeting(meeting)
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("meeting", _("The meeting has ended: its agenda cannot change."))
    if kind not in AgendaItem.Kind.values:
        raise fail("kind", _("Choose the kind of item."))
    if not title.strip():
        raise fail("title", _("Give the item a title."))
    if ballot is not None and ballot.organisation_id != meeting.organisation_id:
        raise fail("ballot", _("Choose a ballot of this organisation."))
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        kind=kind,
        title=title.strip(),
        title_cy=title_cy.strip(),
        body=body,
        body_cy=body_cy,
        ballot=ballot,
    )
    item.full_clean()
    item.save()
    audit(actor=actor, action="meeting.agenda_add", obj=meeting, after=snapshot(item))
    return item


@transaction.atomic
def agenda_item_mark(*, item: AgendaItem, status: str, note: str, actor: User) -> AgendaItem:
    """Record where the meeting is with an item (to come, being taken, done) and what
    happened, for the minutes. The meeting must not have ended."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    )
    if item.meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("status", _("The meeting has ended."))
    if status not in AgendaItem.Status.values:
        raise fail("status", _("Choose where the meeting is with this item."))
    before = snapshot(item, ["status", "note"])
    item.status = status
    item.note = note.strip()
    item.full_clean()
    item.save(update_fields=["status", "note", "updated_at"])
    audit(
        actor=actor,
        action="meeting.agenda_progress",
        obj=item.meeting,
        before={"item": item.pk, **before},
        after={"item": item.pk, **snapshot(item, ["status", "note"])},
    )
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, position: int, actor: User | None) -> AgendaItem:
    """Move an item to another place in the agenda (the others shift)."""
    meeting = lock_meeting(item.meeting)
    items = list(meeting.agenda.order_by("position"))
    if not 1 <= position <= len(items):
        raise fail("position", _("Choose a place between 1 and %(n)s.") % {"n": len(items)})
    items.remove(next(i for i in items if i.pk == item.pk))
    items.insert(position - 1, item)
    # Two passes keep the (meeting, position) constraint satisfied while renumbering.
    for offset, entry in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=entry.pk).update(position=1000 + offset)
    for offset, entry in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=entry.pk).update(position=offset)
    audit(
        actor=actor,
        action="meeting.agenda_move",
        obj=meeting,
        after={"item": item.pk, "position": position},
    )
    item.refresh_from_db()
    return item


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
    transition(meeting, Meeting.Status.IN_PROGRESS)
    if not chair_name.strip():
        raise fail("chair_name", _("Name the chair of the meeting."))
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
    transition(meeting, Meeting.Status.ADJOURNED)
    if not reason.strip():
        raise fail("reason", _("Give the reason for adjourning."))
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
    transition(meeting, Meeting.Status.IN_PROGRESS)
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
    from governance.services.minutes import minutes_generate

    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.CLOSED)
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


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: User | None) -> Meeting:
    """Call the meeting off before it opens (or when, adjourned for want of a quorum, it
    never could): online voting on its motions and amendments is cancelled."""
    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.CANCELLED)
    if meeting.started_at is not None:
        raise fail("status", _("The meeting has opened: close it instead."))
    if not reason.strip():
        raise fail("reason", _("Give the reason for cancelling."))
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


__all__ = [
    "agenda_item_add",
    "agenda_item_move",
    "attendance_record",
    "check_quorate",
    "eligible_member_count",
    "meeting_adjourn",
    "meeting_cancel",
    "meeting_close",
    "meeting_give_notice",
    "meeting_notice_resend",
    "meeting_plan",
    "meeting_proxy_appoint",
    "meeting_proxy_revoke",
    "meeting_resume",
    "meeting_start",
    "notice_channel_for",
    "notice_recipients",
    "present_count",
    "present_members",
    "quorum_status",
]
