"""Attendance, the check of the quorum, and members' proxies for a meeting (who counts
towards the quorum is read by `governance.selectors.quorum`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import fail
from governance import limits
from governance.models import Attendance, Meeting, MeetingProxy
from governance.selectors import quorum_status, rules_for, today
from governance.services._common import check_member_of, item_ballots, lock_meeting
from membership.models import Member, Representative
from voting.models import Ballot, Proxy


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


def _representative_name(member: Member, given: str) -> str:
    """A member organisation attends through a named person: the one given, or its current
    representative on the register."""
    if member.kind != Member.Kind.ORGANISATION:
        return ""
    if given.strip():
        check_length(
            "representative_name", given.strip(), limits.NAME, _("The representative's name")
        )
        return given.strip()
    day = today()
    current = (
        Representative.objects.filter(member=member, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("role", "name")
        .first()
    )
    if current is None:
        raise fail(
            "representative_name",
            _(
                "%(name)s is an organisation: it attends through a representative. "
                "Name the person attending for it."
            )
            % {"name": member.name},
        )
    return current.name


def _follow_attendance_on_ballots(
    meeting: Meeting, member: Member, status: str, actor: User | None
) -> None:
    """Once the meeting has opened: a proxy holder arriving or leaving decides whether
    their proxies can vote; a member arriving in person sets aside their own proxy (they vote
    themselves), and it stands again if they leave."""
    from voting import services as voting

    ballots = Ballot.objects.filter(pk__in=item_ballots(meeting), status=Ballot.Status.OPEN)
    present = status == Attendance.Status.PRESENT
    for proxy in Proxy.objects.filter(
        ballot__in=ballots, holder=member, status=Proxy.Status.APPOINTED
    ).exclude(holder_present=present):
        voting.proxy_mark_present(proxy=proxy, present=present, actor=actor)
    if present:
        for proxy in Proxy.objects.filter(
            ballot__in=ballots, member=member, status=Proxy.Status.APPOINTED
        ):
            voting.proxy_revoke(proxy=proxy, actor=actor)


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
    left. Only members of the organisation (of the class, for a class meeting) who have not
    ceased and are not suspended; a member organisation attends through a representative."""
    meeting = lock_meeting(meeting)
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("meeting", _("The meeting has ended."))
    check_member_of(meeting.organisation, member, "member")
    if meeting.member_class_id and member.member_class_id != meeting.member_class_id:
        assert meeting.member_class is not None
        raise fail(
            "member",
            _("This is a meeting of the %(cls)s class only.") % {"cls": meeting.member_class.name},
        )
    if status not in Attendance.Status.values:
        raise fail("status", _("Choose present, apologies or left."))
    if status == Attendance.Status.PRESENT and channel not in Attendance.Channel.values:
        raise fail("channel", _("Say whether they are at the door or online."))
    representative = (
        _representative_name(member, representative_name)
        if status == Attendance.Status.PRESENT
        else ""
    )
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, member=member)
    existing = attendance.first()
    before = None if existing is None else {"status": existing.status, "channel": existing.channel}
    record = existing or Attendance(meeting=meeting, member=member)
    record.status = status
    record.channel = channel if status == Attendance.Status.PRESENT else ""
    if status == Attendance.Status.PRESENT or existing is None:
        record.representative_name = representative
    record.checked_in_at = (
        timezone.now() if status == Attendance.Status.PRESENT else record.checked_in_at
    )
    record.full_clean()
    record.save()
    audit(
        actor=actor,
        action=f"meeting.attendance_{status}",
        obj=meeting,
        before=before,
        after={
            "member": member.number,
            "status": status,
            "channel": record.channel,
            "representative": record.representative_name,
        },
    )
    if meeting.status in (Meeting.Status.IN_PROGRESS, Meeting.Status.ADJOURNED):
        _follow_attendance_on_ballots(meeting, member, status, actor)
    return record


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
    check_length("holder_name", holder_name.strip(), limits.NAME, _("The proxy's name"))
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


@transaction.atomic
def meeting_proxy_revoke(*, proxy: MeetingProxy, actor: User | None) -> MeetingProxy:
    """The member revokes their proxy before the meeting starts (they may then appoint
    another, or come in person)."""
    meeting = lock_meeting(proxy.meeting)
    proxy = (
        MeetingProxy.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=proxy.pk)
    )
    if proxy.is_revoked:
        raise fail("proxy", _("This proxy has already been revoked."))
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.CALLED):
        raise fail("proxy", _("A proxy is revoked before the meeting starts."))
    proxy.is_revoked = True
    proxy.save(update_fields=["is_revoked", "updated_at"])
    audit(
        actor=actor,
        action="meeting.proxy_revoke",
        obj=meeting,
        before={"is_revoked": False},
        after={"member": proxy.member.number, "holder": proxy.holder_name, "is_revoked": True},
    )
    return proxy
