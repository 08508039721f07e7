"""Voting on motions and amendments through `voting`: advance online ballots, votes in the
room, proxies and shows of hands, all counted once; amendments before their motion; quorum
at every vote; confirmation at a second meeting (CCBS Act 2014 s.111)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from governance import rules
from governance.models import Amendment, Meeting, Motion, Resolution
from governance.selectors import meeting_day, present_members, today
from governance.services.attendance import check_quorate
from governance.services.ballots import (
    Item,
    ballot_for,
    cast_directed_proxies,
    forget_directions,
    online_at_meeting,
    open_item_ballots,
    pending_amendments,
    start_item_ballots,
    sync_proxies,
)
from membership.models import Organisation
from voting import rules as voting_rules
from voting import services as voting
from voting.results import describe

__all__ = [
    "confirmation_propose",
    "open_item_ballots",
    "start_item_ballots",
    "vote_by_show_of_hands",
    "vote_take",
]


def _lock_item(item: Item) -> Item:
    if isinstance(item, Motion):
        return Motion.objects.select_for_update().get(pk=item.pk)
    return Amendment.objects.select_for_update().get(pk=item.pk)


def _meeting_of(item: Item) -> Meeting:
    meeting = item.meeting if isinstance(item, Motion) else item.motion.meeting
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _confirmation_window_error(first: Motion, field: str, day: dt.date) -> ValidationError | None:
    """CCBS Act 2014 s.111(2)(b): the confirming vote is taken 14 days to one month after
    the special resolution was first passed."""
    first_day = first.decided_on or meeting_day(first.meeting)
    if rules.in_confirmation_window(first_day, day):
        return None
    start, end = rules.confirmation_window(first_day)
    return fail(
        field,
        _(
            "The confirming meeting must be held between %(start)s and "
            "%(end)s: not less than 14 days nor more than one month after "
            "the first (CCBS Act 2014 s.111)."
        )
        % {"start": date_format(start), "end": date_format(end)},
    )


def _amended_text(amendment: Amendment, motion: Motion) -> str | None:
    """The motion's text if the amendment is carried (None if it clashes with an amendment
    already carried)."""
    base = amendment.base_text or motion.text
    return rules.merge_amendment(base, motion.substantive_text, amendment.text)


def _check_vote(item: Item, meeting: Meeting) -> None:
    """Whether the vote on the item can be taken now: the meeting is under way and quorate,
    amendments are decided before their motion and in their order, and a confirmation
    falls in its window."""
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
        pending = pending_amendments(item)
        if pending:
            raise fail(
                "motion",
                _("Amendments are decided before the motion: decide amendment %(n)s first.")
                % {"n": pending[0].position},
            )
        if item.confirms_id is not None:
            first = Motion.objects.select_related("meeting").get(pk=item.confirms_id)
            error = _confirmation_window_error(first, "motion", today())
            if error is not None:
                raise error
        return
    if item.status != Amendment.Status.SECONDED:
        raise fail(
            "amendment",
            _("This amendment is not open to a vote (%(status)s).")
            % {"status": item.get_status_display()},
        )
    motion = item.motion
    if motion.status != Motion.Status.ADMISSIBLE:
        raise fail(
            "amendment",
            _("The motion it amends is not before the meeting (%(status)s).")
            % {"status": motion.get_status_display()},
        )
    earlier = motion.amendments.filter(
        status__in=Amendment.OPEN, position__lt=item.position
    ).order_by("position")
    first_open = earlier.first()
    if first_open is not None:
        raise fail(
            "amendment",
            _("Amendments are decided in order: decide amendment %(n)s first.")
            % {"n": first_open.position},
        )
    if _amended_text(item, motion) is None:
        raise fail(
            "amendment",
            _(
                "An amendment already carried changed the words this amendment changes: "
                "it cannot be put as written. Rule it out; it may be proposed again to "
                "the motion as amended."
            ),
        )


def _resolution_number(meeting: Meeting) -> int:
    # The organisation's row is locked so two meetings cannot take the same number.
    Organisation.objects.select_for_update().filter(pk=meeting.organisation_id).first()
    last = (
        Resolution.objects.filter(organisation=meeting.organisation).aggregate(n=Max("number"))["n"]
        or 0
    )
    return last + 1


def _apply(item: Item, meeting: Meeting, result: dict[str, Any]) -> Item:
    """Record the result on the item: a carried amendment changes the motion's substantive
    text; a carried motion enters the register of resolutions (provisionally where it needs
    confirmation); a confirming motion confirms, or fails to confirm, the first."""
    outcome = result["outcome"]
    # Stored in the site's language whoever took the vote; pages and minutes describe the
    # result afresh in the reader's language where the count is at hand.
    with translation.override(settings.LANGUAGE_CODE):
        summary = describe(result)
    carried = outcome == voting_rules.CARRIED
    item.result_summary = summary
    if isinstance(item, Amendment):
        item.status = Amendment.Status.CARRIED if carried else Amendment.Status.LOST
        item.save(update_fields=["status", "result_summary", "updated_at"])
        if carried:
            motion = Motion.objects.select_for_update().get(pk=item.motion_id)
            amended = _amended_text(item, motion)
            assert amended is not None  # checked before the vote
            motion.final_text = amended
            motion.final_text_cy = item.text_cy or motion.final_text_cy
            motion.save(update_fields=["final_text", "final_text_cy", "updated_at"])
        return item
    motion = item
    motion.decided_on = today()
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
    """Take the vote on a motion or amendment now: the meeting must be quorate, amendments
    are decided before their motion and in order; directed proxies of present holders are
    cast, the ballot closes (advance online, room and proxy votes each counted once) and its
    result is applied (a carried amendment changes the motion's text). On a tie where the
    rules give the chair a casting vote (rules version: chair_casting_vote), the vote is
    refused on `casting_vote` until the chair's vote is given; without one a tie is lost."""
    item = _lock_item(item)
    meeting = _meeting_of(item)
    _check_vote(item, meeting)
    ballot = item.ballot or ballot_for(
        item, meeting, online=online_at_meeting(meeting), in_room=True, actor=actor
    )
    sync_proxies(meeting, ballot, actor)
    cast_directed_proxies(meeting, ballot, actor)
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
    if isinstance(item, Motion) and ballot.is_secret:
        forget_directions(meeting, item)
    item = _apply(item, meeting, result)
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
    votes and directed proxies still count once), then take the vote. `counts`:
    for/against/abstain. A poll (votes on paper or online) is taken instead where one is
    demanded or the rules weigh the vote by class."""
    item = _lock_item(item)
    meeting = _meeting_of(item)
    _check_vote(item, meeting)
    ballot = item.ballot or ballot_for(item, meeting, online=False, in_room=True, actor=actor)
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    unknown = set(counts) - set(codes)
    if unknown:
        raise fail("counts", _("Count for, against or abstain."))
    sync_proxies(meeting, ballot, actor)
    cast_directed_proxies(meeting, ballot, actor)
    voting.hands_record(
        question=question,
        counts={codes[k]: v for k, v in counts.items()},
        present_members=present_members(meeting),
        actor=actor,
    )
    return vote_take(item=item, actor=actor, casting_vote=casting_vote)


@transaction.atomic
def confirmation_propose(*, first: Motion, meeting: Meeting, actor: User | None) -> Motion:
    """Put a provisional special resolution to a second general meeting for confirmation by
    more than half of the votes cast (CCBS Act 2014 s.111), held 14 days to one month after
    the first. The window is checked again when the confirming vote is taken."""
    from governance.services.motions import board_motion_add

    first = (
        Motion.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=first.pk)
    )
    if first.status != Motion.Status.PROVISIONAL:
        raise fail("first", _("Only a resolution awaiting confirmation can be confirmed."))
    if meeting.organisation_id != first.organisation_id or not meeting.is_general:
        raise fail("meeting", _("Choose a general meeting of the same organisation."))
    error = _confirmation_window_error(first, "meeting", meeting_day(meeting))
    if error is not None:
        raise error
    earlier = Motion.objects.select_for_update().filter(confirms=first).first()
    if earlier is not None:
        lapsed = earlier.status == Motion.Status.WITHDRAWN or (
            earlier.status in Motion.OPEN
            and earlier.meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED)
        )
        if not lapsed:
            raise fail("first", _("This resolution has already been put for confirmation."))
        # The earlier proposal never came to a vote: it no longer confirms anything.
        earlier.confirms = None
        earlier.save(update_fields=["confirms", "updated_at"])
    first_day = first.decided_on or meeting_day(first.meeting)
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
