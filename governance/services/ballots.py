"""The ballots of a meeting's motions and amendments: opened with the notice (online) or
when the meeting opens (in the room); members' proxies for the meeting put on each ballot;
directed proxies cast at the vote."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.models import User
from coop.core.validation import fail
from governance.models import Amendment, Meeting, MeetingProxy, Motion
from governance.selectors import meeting_day, present_ids, rules_for, today
from membership.models import Member, ResolutionType
from voting import services as voting
from voting.models import Ballot, Participation, Proxy, Question
from voting.services.channels import ballot_set_channels

Item = Motion | Amendment


def _ordinary(meeting: Meeting) -> ResolutionType:
    version = meeting.rules_version or rules_for(meeting.organisation, meeting_day(meeting))
    rtype = version.resolution_types.filter(code="ordinary").first()
    if rtype is None:
        raise fail(
            "resolution_type",
            _("The rules define no ordinary resolution to decide amendments by."),
        )
    return rtype


def pending_amendments(motion: Motion) -> list[Amendment]:
    return list(motion.amendments.filter(status__in=Amendment.OPEN).order_by("position"))


def ballot_for(
    item: Item, meeting: Meeting, *, online: bool, in_room: bool, actor: User | None
) -> Ballot:
    """Create and open the ballot on a motion or amendment.

    Its record date is the day notice of the meeting was given: the members entitled to
    that notice are the meeting's electorate, the same for every item (members admitted
    later may attend, and see why they may not vote). Votes in the room are taken only once
    the meeting has opened."""
    version = meeting.rules_version or rules_for(meeting.organisation, today())
    if isinstance(item, Motion):
        title, title_cy = item.title, item.title_cy
        text, text_cy = item.substantive_text, item.final_text_cy or item.text_cy
        rtype = item.resolution_type
    else:
        title = _("Amendment %(n)s to “%(motion)s”") % {
            "n": item.position,
            "motion": item.motion.title,
        }
        title_cy, text, text_cy = "", item.text, item.text_cy
        rtype = _ordinary(meeting)
    ballot = voting.ballot_create(
        organisation=meeting.organisation,
        title=title[:200],
        title_cy=title_cy[:200],
        description=meeting.title,
        record_date=meeting.notice_given_on or today(),
        eligible_classes=[meeting.member_class] if meeting.member_class else [],
        allow_online=online,
        allow_in_room=in_room,
        allow_proxy=version.proxies_allowed,
        actor=actor,
    )
    voting.question_add(
        ballot=ballot,
        kind=Question.Kind.RESOLUTION,
        text=text,
        text_cy=text_cy,
        resolution_type=rtype,
        actor=actor,
    )
    voting.ballot_open(ballot=ballot, actor=actor)
    item.ballot = ballot
    item.save(update_fields=["ballot", "updated_at"])
    return ballot


def _items(meeting: Meeting) -> list[Item]:
    """The admitted motions, each after its seconded amendments (in their order)."""
    items: list[Item] = []
    for motion in meeting.motions.filter(status=Motion.Status.ADMISSIBLE).order_by("id"):
        items.extend(
            motion.amendments.filter(status=Amendment.Status.SECONDED).order_by("position")
        )
        items.append(motion)
    return items


def _under_way(meeting: Meeting) -> bool:
    return meeting.status in (Meeting.Status.IN_PROGRESS, Meeting.Status.ADJOURNED)


def online_at_meeting(meeting: Meeting) -> bool:
    return meeting.format != Meeting.Format.IN_PERSON


@transaction.atomic
def open_item_ballots(*, meeting: Meeting, actor: User | None) -> list[Ballot]:
    """Open voting on every admitted motion and seconded amendment without a ballot: online
    before the meeting (with the notice, where the meeting allows advance voting); once the
    meeting has opened, in the room too (and online unless it is held only in person)."""
    under_way = _under_way(meeting)
    online = online_at_meeting(meeting) if under_way else meeting.advance_voting
    if not online and not under_way:
        return []
    made = []
    for item in _items(meeting):
        if item.ballot_id is None:
            made.append(ballot_for(item, meeting, online=online, in_room=under_way, actor=actor))
    if under_way:
        for ballot in made:
            sync_proxies(meeting, ballot, actor)
    return made


def sync_proxies(meeting: Meeting, ballot: Ballot, actor: User | None) -> None:
    """Give each member's proxy for the meeting a proxy on the ballot, with the member's
    direction on this motion if they gave one (otherwise, as on amendments, at the proxy's
    discretion), and mark whether its holder is present (the chair holds the proxies given
    to the chair).

    A member present in person votes themselves: their proxy is set aside. Members who have
    already voted (online before the meeting, say) or may not vote in this ballot get no
    proxy, nor does a proxy whose holder is no longer an active member."""
    if not ballot.allow_proxy or ballot.status != Ballot.Status.OPEN:
        return
    present = present_ids(meeting)
    chair_present = bool(meeting.chair_name) and meeting.status == Meeting.Status.IN_PROGRESS
    live = {p.member_id: p for p in ballot.proxies.exclude(status=Proxy.Status.REVOKED)}
    participations = {
        p.member_id: p for p in Participation.objects.filter(ballot=ballot).order_by()
    }
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    motion = Motion.objects.filter(ballot=ballot).only("pk").first()
    for mp in (
        MeetingProxy.objects.filter(meeting=meeting, is_revoked=False)
        .select_related("member", "holder")
        .order_by("pk")
    ):
        holder_present = mp.holder_id in present if mp.holder_id else chair_present
        proxy = live.get(mp.member_id)
        if proxy is not None:
            if proxy.status != Proxy.Status.APPOINTED:
                continue
            if mp.member_id in present:
                voting.proxy_revoke(proxy=proxy, actor=actor)
            elif proxy.holder_present != holder_present:
                voting.proxy_mark_present(proxy=proxy, present=holder_present, actor=actor)
            continue
        participation = participations.get(mp.member_id)
        if (
            mp.member_id in present
            or participation is None
            or not participation.is_eligible
            or participation.has_voted
            or mp.member.status != Member.Status.ACTIVE
            or (mp.holder is not None and mp.holder.status != Member.Status.ACTIVE)
        ):
            continue
        direction = mp.directions.get(str(motion.pk)) if motion is not None else None
        proxy = voting.proxy_appoint(
            ballot=ballot,
            member=mp.member,
            kind=Proxy.Kind.DIRECTED if direction else Proxy.Kind.DISCRETIONARY,
            holder=mp.holder,
            holder_name=mp.holder_name,
            directions={question.pk: [codes[direction]]} if direction else None,
            actor=actor,
        )
        if holder_present:
            voting.proxy_mark_present(proxy=proxy, present=True, actor=actor)


@transaction.atomic
def start_item_ballots(*, meeting: Meeting, actor: User | None) -> None:
    """When the meeting opens: every item has a ballot taking votes in the room; online
    voting stops for a meeting held only in person and goes on for one held online or
    hybrid; members' proxies are put on each ballot so that their holders can use them in
    the room."""
    online = online_at_meeting(meeting)
    for item in _items(meeting):
        if item.ballot_id is None:
            ballot = ballot_for(item, meeting, online=online, in_room=True, actor=actor)
        else:
            assert item.ballot is not None
            ballot = item.ballot
            if ballot.status == Ballot.Status.OPEN:
                ballot = ballot_set_channels(
                    ballot=ballot, allow_online=online, allow_in_room=True, actor=actor
                )
        sync_proxies(meeting, ballot, actor)


def cast_directed_proxies(meeting: Meeting, ballot: Ballot, actor: User | None) -> None:
    """Cast the directed proxies whose holder is present, as directed, for members not
    present who have not voted."""
    present = present_ids(meeting)
    voted = set(
        Participation.objects.filter(ballot=ballot, has_voted=True).values_list(
            "member_id", flat=True
        )
    )
    for proxy in ballot.proxies.filter(
        status=Proxy.Status.APPOINTED, kind=Proxy.Kind.DIRECTED, holder_present=True
    ).order_by("pk"):
        if proxy.member_id in voted or proxy.member_id in present:
            continue
        try:
            with transaction.atomic():
                voting.ballot_cast_proxy(proxy=proxy, actor=actor)
        except ValidationError:
            # The member voted meanwhile (online, or on paper in the room): that vote stands.
            if not Participation.objects.filter(
                ballot=ballot, member_id=proxy.member_id, has_voted=True
            ).exists():
                raise


def forget_directions(meeting: Meeting, motion: Motion) -> None:
    """Once a secret vote is taken, members' directions on it are dropped from their proxies:
    kept, they would say how each of those members voted."""
    key = str(motion.pk)
    for mp in MeetingProxy.objects.select_for_update().filter(meeting=meeting).order_by("pk"):
        if key in mp.directions:
            mp.directions = {k: v for k, v in mp.directions.items() if k != key}
            mp.save(update_fields=["directions", "updated_at"])
