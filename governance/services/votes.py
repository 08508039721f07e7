"""Voting on motions and amendments through `voting`: advance online ballots, votes in the
room, proxies and shows of hands, all counted once; amendments before their motion; quorum
at every vote; confirmation at a second meeting (CCBS Act 2014 s.111)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from governance import rules
from governance.models import Amendment, Attendance, Meeting, MeetingProxy, Motion, Resolution
from governance.services._common import fail, meeting_day, rules_for, today
from governance.services.meetings import check_quorate, present_members
from membership.models import ResolutionType
from voting import rules as voting_rules
from voting import services as voting
from voting.models import Ballot, Participation, Proxy, Question
from voting.results import describe
from voting.services.channels import ballot_set_channels

Item = Motion | Amendment


def _ordinary(meeting: Meeting) -> ResolutionType:
    version = meeting.rules_version or rules_for(meeting.organisation, meeting_day(meeting))
    return version.resolution_types.get(code="ordinary")


def _pending_amendments(motion: Motion) -> list[Amendment]:
    return list(motion.amendments.filter(status__in=Amendment.OPEN).order_by("position"))


def _ballot_for(item: Item, meeting: Meeting, *, online: bool, actor: User | None) -> Ballot:
    """Create and open the ballot on a motion or amendment."""
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
        eligible_classes=[meeting.member_class] if meeting.member_class_id else [],
        allow_online=online,
        allow_in_room=True,
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
    items: list[Item] = []
    for motion in meeting.motions.filter(status=Motion.Status.ADMISSIBLE).order_by("id"):
        items.extend(
            motion.amendments.filter(status=Amendment.Status.SECONDED).order_by("position")
        )
        items.append(motion)
    return items


@transaction.atomic
def open_item_ballots(*, meeting: Meeting, actor: User | None) -> list[Ballot]:
    """Open online voting on every admitted motion and seconded amendment without a ballot
    (with the notice, where the meeting allows advance voting)."""
    made = []
    for item in _items(meeting):
        if item.ballot_id is None:
            made.append(_ballot_for(item, meeting, online=meeting.advance_voting, actor=actor))
    return made


def _sync_proxies(meeting: Meeting, ballot: Ballot, item: Item, actor: User | None) -> None:
    """Give each meeting proxy a proxy on the ballot (directions for the motion if given)."""
    if not ballot.allow_proxy:
        return
    present = set(
        meeting.attendance.filter(status=Attendance.Status.PRESENT).values_list(
            "member_id", flat=True
        )
    )
    existing = set(ballot.proxies.values_list("member_id", flat=True))
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    voted = set(
        Participation.objects.filter(ballot=ballot, has_voted=True).values_list(
            "member_id", flat=True
        )
    )
    for mp in MeetingProxy.objects.filter(meeting=meeting, is_revoked=False).select_related(
        "member", "holder"
    ):
        if mp.member_id in existing or mp.member_id in voted:
            continue
        direction = mp.directions.get(str(item.pk)) if isinstance(item, Motion) else None
        kind = Proxy.Kind.DIRECTED if direction else Proxy.Kind.DISCRETIONARY
        proxy = voting.proxy_appoint(
            ballot=ballot,
            member=mp.member,
            kind=kind,
            holder=mp.holder,
            holder_name=mp.holder_name,
            directions={question.pk: [codes[direction]]} if direction else None,
            actor=actor,
        )
        if mp.holder_id in present or (mp.holder_id is None and meeting.chair_name):
            voting.proxy_mark_present(proxy=proxy, present=True, actor=actor)


@transaction.atomic
def start_item_ballots(*, meeting: Meeting, actor: User | None) -> None:
    """When the meeting starts: online voting stops for a meeting held only in person; every
    item has a ballot taking votes in the room."""
    online = meeting.format != Meeting.Format.IN_PERSON
    for item in _items(meeting):
        if item.ballot_id is None:
            _ballot_for(item, meeting, online=online, actor=actor)
        elif item.ballot and item.ballot.status == Ballot.Status.OPEN:
            ballot_set_channels(
                ballot=item.ballot, allow_online=online, allow_in_room=True, actor=actor
            )


def _lock_item(item: Item) -> Item:
    model = Motion if isinstance(item, Motion) else Amendment
    return model.objects.select_for_update().get(pk=item.pk)  # type: ignore[attr-defined]


def _meeting_of(item: Item) -> Meeting:
    meeting = item.meeting if isinstance(item, Motion) else item.motion.meeting
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _cast_directed_proxies(ballot: Ballot, actor: User | None) -> None:
    for proxy in ballot.proxies.filter(
        status=Proxy.Status.APPOINTED, kind=Proxy.Kind.DIRECTED, holder_present=True
    ):
        if not Participation.objects.filter(
            ballot=ballot, member=proxy.member_id, has_voted=True
        ).exists():
            voting.ballot_cast_proxy(proxy=proxy, actor=actor)


def _resolution_number(meeting: Meeting) -> int:
    last = (
        Resolution.objects.filter(organisation=meeting.organisation).aggregate(n=Max("number"))["n"]
        or 0
    )
    return last + 1


def _apply(item: Item, meeting: Meeting, result: dict[str, object], actor: User | None) -> Item:
    outcome = result["outcome"]
    summary = describe(result)  # type: ignore[arg-type]
    carried = outcome == voting_rules.CARRIED
    item.result_summary = summary
    if isinstance(item, Amendment):
        item.status = Amendment.Status.CARRIED if carried else Amendment.Status.LOST
        item.save(update_fields=["status", "result_summary", "updated_at"])
        if carried:
            motion = Motion.objects.select_for_update().get(pk=item.motion_id)
            motion.final_text = item.text
            motion.final_text_cy = item.text_cy or motion.final_text_cy
            motion.save(update_fields=["final_text", "final_text_cy", "updated_at"])
        return item
    motion = item
    motion.decided_on = meeting_day(meeting)
    needs_confirmation = motion.resolution_type.requires_confirmation
    if carried:
        motion.status = Motion.Status.PROVISIONAL if needs_confirmation else Motion.Status.CARRIED
    else:
        motion.status = Motion.Status.LOST
    motion.save(update_fields=["status", "decided_on", "result_summary", "updated_at"])
    if carried:
        Resolution.objects.create(
            organisation=meeting.organisation,
            meeting=meeting,
            motion=motion,
            number=_resolution_number(meeting),
            text=motion.substantive_text,
            text_cy=motion.final_text_cy or motion.text_cy,
            resolution_type=motion.resolution_type,
            status=Resolution.Status.PROVISIONAL
            if needs_confirmation
            else Resolution.Status.PASSED,
            result=result,
            rule_applied=summary,
            passed_on=motion.decided_on,
        )
    if motion.confirms_id is not None:
        first = Motion.objects.select_for_update().get(pk=motion.confirms_id)
        first.status = Motion.Status.CONFIRMED if carried else Motion.Status.NOT_CONFIRMED
        first.save(update_fields=["status", "updated_at"])
        resolution = Resolution.objects.select_for_update().get(motion=first)
        resolution.status = (
            Resolution.Status.CONFIRMED if carried else Resolution.Status.NOT_CONFIRMED
        )
        resolution.confirmed_on = motion.decided_on if carried else None
        resolution.save(update_fields=["status", "confirmed_on", "updated_at"])
    return motion


@transaction.atomic
def vote_take(*, item: Item, actor: User | None, casting_vote: str = "") -> Item:
    """Take the vote on a motion or amendment now: quorum is checked, amendments must be
    decided before their motion, directed proxies of present holders are cast, the ballot
    closes and its result is applied (a carried amendment changes the motion's text)."""
    item = _lock_item(item)
    meeting = _meeting_of(item)
    if meeting.status != Meeting.Status.IN_PROGRESS:
        raise fail("meeting", _("Votes are taken while the meeting is under way."))
    check_quorate(meeting)
    if isinstance(item, Motion):
        if item.status != Motion.Status.ADMISSIBLE:
            raise fail(
                "motion",
                _("This motion is not open to a vote (%(status)s).")
                % {"status": item.get_status_display()},
            )
        pending = _pending_amendments(item)
        if pending:
            raise fail(
                "motion",
                _("Amendments are decided before the motion: decide amendment %(n)s first.")
                % {"n": pending[0].position},
            )
    elif item.status != Amendment.Status.SECONDED:
        raise fail(
            "amendment",
            _("This amendment is not open to a vote (%(status)s).")
            % {"status": item.get_status_display()},
        )
    else:
        earlier = item.motion.amendments.filter(
            status__in=Amendment.OPEN, position__lt=item.position
        )
        if earlier.exists():
            raise fail(
                "amendment",
                _("Amendments are decided in order: decide amendment %(n)s first.")
                % {"n": earlier.first().position},
            )
    ballot = item.ballot or _ballot_for(
        item, meeting, online=meeting.format != Meeting.Format.IN_PERSON, actor=actor
    )
    _sync_proxies(meeting, ballot, item, actor)
    _cast_directed_proxies(ballot, actor)
    voting.ballot_close(ballot=ballot, actor=actor)
    question = ballot.questions.get()
    result = question.result or {}
    if result.get("outcome") == voting_rules.AWAITING_CASTING_VOTE:
        if not casting_vote:
            raise fail(
                "casting_vote",
                _(
                    "The votes are tied and the rules give the chair a "
                    "casting vote: record it to decide the vote."
                ),
            )
        question = voting.ballot_record_casting_vote(
            question=question, vote=casting_vote, actor=actor
        )
        result = question.result or {}
    voting.ballot_publish(ballot=ballot, actor=actor)
    item = _apply(item, meeting, result, actor)
    audit(
        actor=actor,
        action="meeting.vote",
        obj=meeting,
        after={
            "item": f"{item._meta.model_name}:{item.pk}",
            "outcome": result.get("outcome"),
            "present": len(present_members(meeting)),
        },
    )
    return item


@transaction.atomic
def vote_by_show_of_hands(
    *, item: Item, counts: Mapping[str, int], actor: User, casting_vote: str = ""
) -> Item:
    """Decide by a show of hands of those present who have not already voted (advance online
    votes and proxies still count once), then take the vote. `counts`: for/against/abstain."""
    item = _lock_item(item)
    meeting = _meeting_of(item)
    if meeting.status != Meeting.Status.IN_PROGRESS:
        raise fail("meeting", _("Votes are taken while the meeting is under way."))
    check_quorate(meeting)
    if isinstance(item, Motion) and _pending_amendments(item):
        raise fail("motion", _("Amendments are decided before the motion."))
    ballot = item.ballot or _ballot_for(item, meeting, online=False, actor=actor)
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    unknown = set(counts) - set(codes)
    if unknown:
        raise fail("counts", _("Count for, against or abstain."))
    _sync_proxies(meeting, ballot, item, actor)
    _cast_directed_proxies(ballot, actor)
    voting.hands_record(
        question=question,
        counts={codes[k]: v for k, v in counts.items()},
        present_members=present_members(meeting),
        actor=actor,
    )
    return vote_take(item=item, actor=actor, casting_vote=casting_vote)


@transaction.atomic
def confirmation_propose(*, first: Motion, meeting: Meeting, actor: User | None) -> Motion:
    """Put a provisional special resolution to a second meeting for confirmation by more than
    half of the votes cast (CCBS Act 2014 s.111), held 14 days to one month after the first."""
    from governance.services.motions import board_motion_add

    first = Motion.objects.select_for_update().select_related("meeting").get(pk=first.pk)
    if first.status != Motion.Status.PROVISIONAL:
        raise fail("first", _("Only a resolution awaiting confirmation can be confirmed."))
    if meeting.organisation_id != first.organisation_id:
        raise fail("meeting", _("Choose a meeting of the same organisation."))
    first_day, second_day = meeting_day(first.meeting), meeting_day(meeting)
    if not rules.in_confirmation_window(first_day, second_day):
        start, end = rules.confirmation_window(first_day)
        raise fail(
            "meeting",
            _(
                "The confirming meeting must be held between %(start)s and "
                "%(end)s: not less than 14 days nor more than one month after "
                "the first (CCBS Act 2014 s.111)."
            )
            % {"start": date_format(start), "end": date_format(end)},
        )
    if hasattr(first, "confirmation"):
        raise fail("first", _("This resolution has already been put for confirmation."))
    motion = board_motion_add(
        meeting=meeting,
        title=_("Confirmation: %(title)s") % {"title": first.title},
        title_cy=(f"Cadarnhau: {first.title_cy}" if first.title_cy else ""),
        text=first.substantive_text,
        text_cy=first.final_text_cy or first.text_cy,
        supporting_statement=_("Confirms the special resolution passed provisionally on %(day)s.")
        % {"day": date_format(first_day)},
        resolution_type="ordinary",
        actor=actor,
    )
    motion.confirms = first
    motion.save(update_fields=["confirms", "updated_at"])
    audit(
        actor=actor, action="motion.confirmation_propose", obj=motion, after={"confirms": first.pk}
    )
    return motion
