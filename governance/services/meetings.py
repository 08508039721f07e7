"""Planning a meeting, giving notice, the agenda, attendance, quorum, adjournment."""

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
from governance.models import AgendaItem, Attendance, Meeting, MeetingProxy, Motion
from governance.services._common import (
    check_member_of,
    fail,
    lock_meeting,
    meeting_day,
    rules_for,
    today,
    transition,
)
from membership.models import Member, MemberClass, Organisation
from voting.models import Ballot


def _check_notice_period(meeting: Meeting, given_on: dt.date, field: str) -> None:
    """Refuse a general meeting inside the notice period (clear days, from the rules)."""
    if not meeting.is_general:
        return
    version = rules_for(meeting.organisation, given_on)
    earliest = rules.earliest_meeting_on(
        given_on,
        meeting.notice_channel,
        clear_days=version.notice_clear_days,
        email_days=version.email_deemed_delivery_days,
        post_days=version.post_deemed_delivery_days,
    )
    if meeting_day(meeting) < earliest:
        raise fail(
            field,
            _(
                "Notice given on %(given)s by %(channel)s is deemed delivered on "
                "%(delivered)s; the rules need %(days)s clear days' notice (%(rule)s), "
                "so the meeting can be held on "
                "%(earliest)s at the earliest."
            )
            % {
                "given": date_format(given_on),
                "channel": meeting.get_notice_channel_display(),
                "delivered": date_format(
                    rules.deemed_delivered_on(
                        given_on,
                        meeting.notice_channel,
                        email_days=version.email_deemed_delivery_days,
                        post_days=version.post_deemed_delivery_days,
                    )
                ),
                "days": version.notice_clear_days,
                "rule": version.cite("notice_clear_days"),
                "earliest": date_format(earliest),
            },
        )


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
    _check_notice_period(meeting, today(), "starts_at")
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


@transaction.atomic
def meeting_give_notice(
    *, meeting: Meeting, given_on: dt.date | None = None, actor: User | None
) -> Meeting:
    """Give notice of the meeting: checked against the clear days of the rules; the notice
    pack goes to each member in their language in the background, and online voting on each
    admitted motion opens (where the meeting allows advance voting)."""
    from governance.services.votes import open_item_ballots
    from governance.tasks import send_notices

    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.CALLED)
    given_on = given_on or today()
    if given_on > today():
        raise fail("given_on", _("Notice cannot be dated in the future."))
    _check_notice_period(meeting, given_on, "starts_at")
    waiting = meeting.motions.filter(status__in=[Motion.Status.SUBMITTED, Motion.Status.SECONDED])
    if waiting.exists():
        raise fail(
            "motions",
            _("The board has still to decide whether %(n)s motion(s) are admissible.")
            % {"n": waiting.count()},
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
    from governance.models import NoticeRun

    _run, _created = NoticeRun.objects.get_or_create(meeting=meeting)
    transaction.on_commit(lambda: send_notices.enqueue(meeting.pk))
    return meeting


def present_members(meeting: Meeting) -> list[Member]:
    return [
        a.member
        for a in meeting.attendance.filter(status=Attendance.Status.PRESENT).select_related(
            "member"
        )
    ]


def present_count(meeting: Meeting) -> int:
    """Members counted towards the quorum: those present, and (where the rules allow
    proxies) those represented by a proxy who is present."""
    present_ids = set(
        meeting.attendance.filter(status=Attendance.Status.PRESENT).values_list(
            "member_id", flat=True
        )
    )
    version = meeting.rules_version
    if version is not None and version.proxies_allowed:
        represented = (
            MeetingProxy.objects.filter(
                meeting=meeting, is_revoked=False, holder_id__in=present_ids
            )
            .exclude(member_id__in=present_ids)
            .values_list("member_id", flat=True)
        )
        present_ids |= set(represented)
    return len(present_ids)


def eligible_member_count(meeting: Meeting) -> int:
    members = Member.objects.filter(organisation=meeting.organisation).active()
    if meeting.member_class_id:
        members = members.filter(member_class_id=meeting.member_class_id)
    return members.count()


def quorum_status(meeting: Meeting) -> tuple[int, int]:
    """(members counted present, quorum needed)."""
    required = meeting.quorum_required
    if required is None:
        version = meeting.rules_version or rules_for(meeting.organisation, today())
        required = rules.quorum_required(
            eligible_member_count(meeting),
            quorum_members=version.quorum_members,
            quorum_percent=version.quorum_percent,
        )
    return present_count(meeting), required


def check_quorate(meeting: Meeting, field: str = "quorum") -> None:
    """Refuse business while the meeting is inquorate, citing the rule."""
    present, required = quorum_status(meeting)
    if present < required:
        version = meeting.rules_version
        raise fail(
            field,
            _(
                "The meeting is not quorate: %(present)s members present, "
                "%(required)s needed (%(rule)s). No vote can be taken."
            )
            % {
                "present": present,
                "required": required,
                "rule": version.cite("quorum_members") if version else "–",
            },
        )


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    member: Member,
    status: str = "present",
    channel: str = Attendance.Channel.DOOR,
    representative_name: str = "",
    actor: User | None,
) -> Attendance:
    """Check a member in (at the door or online), record apologies, or record that they
    left. Only members of the organisation (of the class, for a class meeting)."""
    meeting = lock_meeting(meeting)
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("meeting", _("The meeting has ended."))
    check_member_of(meeting.organisation, member, "member")
    if meeting.member_class_id and member.member_class_id != meeting.member_class_id:
        raise fail(
            "member",
            _("This is a meeting of the %(cls)s class only.") % {"cls": meeting.member_class.name},
        )
    if status not in Attendance.Status.values:
        raise fail("status", _("Choose present, apologies or left."))
    if status == Attendance.Status.PRESENT and channel not in Attendance.Channel.values:
        raise fail("channel", _("Say whether they are at the door or online."))
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        meeting=meeting, member=member, defaults={"status": status}
    )
    before = None if created else snapshot(attendance, ["status", "channel"])
    attendance.status = status
    attendance.channel = channel if status == Attendance.Status.PRESENT else ""
    attendance.representative_name = representative_name.strip()
    attendance.checked_in_at = (
        timezone.now() if status == Attendance.Status.PRESENT else attendance.checked_in_at
    )
    attendance.save()
    audit(
        actor=actor,
        action=f"meeting.attendance_{status}",
        obj=meeting,
        before=before,
        after={"member": member.number, "status": status, "channel": attendance.channel},
    )
    from voting.models import Proxy

    if meeting.status == Meeting.Status.IN_PROGRESS:
        # A proxy holder arriving or leaving changes whether their proxies can vote.
        for proxy in Proxy.objects.filter(
            ballot__organisation=meeting.organisation,
            ballot__status=Ballot.Status.OPEN,
            holder=member,
            status=Proxy.Status.APPOINTED,
        ):
            proxy.holder_present = status == Attendance.Status.PRESENT
            proxy.save(update_fields=["holder_present", "updated_at"])
    return attendance


@transaction.atomic
def meeting_start(*, meeting: Meeting, chair_name: str, actor: User | None) -> Meeting:
    """Open the meeting: the quorum is fixed from the rules and the membership, and checked.
    For a meeting held only in person, online voting on its motions stops now."""
    from governance.services.votes import start_item_ballots

    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.IN_PROGRESS)
    if not chair_name.strip():
        raise fail("chair_name", _("Name the chair of the meeting."))
    version = meeting.rules_version or rules_for(meeting.organisation, meeting_day(meeting))
    count = eligible_member_count(meeting)
    meeting.rules_version = version
    meeting.member_count_at_start = count
    meeting.quorum_required = rules.quorum_required(
        count, quorum_members=version.quorum_members, quorum_percent=version.quorum_percent
    )
    check_quorate(meeting)
    meeting.status = Meeting.Status.IN_PROGRESS
    meeting.started_at = timezone.now()
    meeting.chair_name = chair_name.strip()
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
    """Adjourn (e.g. when inquorate), optionally to a set time."""
    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.ADJOURNED)
    if not reason.strip():
        raise fail("reason", _("Give the reason for adjourning."))
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
    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.IN_PROGRESS)
    check_quorate(meeting)
    meeting.status = Meeting.Status.IN_PROGRESS
    meeting.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action="meeting.resume", obj=meeting, after={"status": meeting.status})
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User | None) -> Meeting:
    """End the meeting. Motions not reached stay undecided; draft minutes are generated from
    the record."""
    from governance.services.minutes import minutes_generate

    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.CLOSED)
    meeting.status = Meeting.Status.CLOSED
    meeting.ended_at = timezone.now()
    meeting.save(update_fields=["status", "ended_at", "updated_at"])
    audit(actor=actor, action="meeting.close", obj=meeting, after={"status": meeting.status})
    minutes_generate(meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: User | None) -> Meeting:
    from voting.services import ballot_cancel

    meeting = lock_meeting(meeting)
    transition(meeting, Meeting.Status.CANCELLED)
    if not reason.strip():
        raise fail("reason", _("Give the reason for cancelling."))
    for motion in meeting.motions.filter(ballot__isnull=False).select_related("ballot"):
        if motion.ballot and motion.ballot.status in (Ballot.Status.DRAFT, Ballot.Status.OPEN):
            ballot_cancel(ballot=motion.ballot, reason=reason, actor=actor)
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


@transaction.atomic
def meeting_proxy_appoint(
    *,
    meeting: Meeting,
    member: Member,
    kind: str,
    holder: Member | None = None,
    holder_name: str = "",
    directions: dict[str, str] | None = None,
    actor: User | None,
) -> MeetingProxy:
    """A member appoints a proxy for a meeting (where the rules allow it; at most the rules'
    number of proxies per holder). Directions: motion id → for/against/abstain."""
    meeting = lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.CALLED):
        raise fail("meeting", _("Proxies must be received before the meeting starts."))
    version = meeting.rules_version or rules_for(meeting.organisation, today())
    if not version.proxies_allowed:
        raise fail(
            "meeting",
            _("The rules do not allow proxy voting (%(rule)s).")
            % {"rule": version.cite("proxies_allowed")},
        )
    check_member_of(meeting.organisation, member, "member")
    if kind not in MeetingProxy.Kind.values:
        raise fail("kind", _("Choose a directed proxy or one at the proxy's discretion."))
    if holder is not None:
        check_member_of(meeting.organisation, holder, "holder")
        if holder.pk == member.pk:
            raise fail("holder", _("A member cannot be their own proxy."))
        holder_name = holder.name
    if not holder_name.strip():
        raise fail("holder_name", _("Name the proxy (a member, or the chair of the meeting)."))
    live = MeetingProxy.objects.filter(meeting=meeting, is_revoked=False)
    held = (
        live.filter(holder=holder)
        if holder
        else live.filter(holder__isnull=True, holder_name__iexact=holder_name.strip())
    )
    if held.count() >= version.proxy_limit:
        raise fail(
            "holder",
            _("%(name)s already holds %(n)s proxies, the most the rules allow (%(rule)s).")
            % {"name": holder_name, "n": held.count(), "rule": version.cite("proxy_limit")},
        )
    if live.filter(member=member).exists():
        raise fail("member", _("This member has already appointed a proxy for the meeting."))
    clean: dict[str, str] = {}
    if kind == MeetingProxy.Kind.DIRECTED:
        motion_ids = {str(pk) for pk in meeting.motions.values_list("pk", flat=True)}
        for motion_id, choice in (directions or {}).items():
            if str(motion_id) not in motion_ids:
                raise fail("directions", _("A direction names a motion not at this meeting."))
            if choice not in ("for", "against", "abstain"):
                raise fail("directions", _("Directions are for, against or abstain."))
            clean[str(motion_id)] = choice
        if not clean:
            raise fail("directions", _("Give the proxy's directions."))
    proxy = MeetingProxy(
        meeting=meeting,
        member=member,
        holder=holder,
        holder_name=holder_name.strip(),
        kind=kind,
        directions=clean,
        received_on=today(),
    )
    proxy.full_clean()
    proxy.save()
    audit(
        actor=actor,
        action="meeting.proxy_appoint",
        obj=meeting,
        after={"member": member.number, "holder": proxy.holder_name, "kind": kind},
    )
    return proxy
