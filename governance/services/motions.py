"""Motions: submission by the deadline, seconding, the board's motions, the board's decision
on admissibility, withdrawal. Amendments are in `governance.services.amendments`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length, check_model_lengths
from coop.core.models import User
from coop.core.validation import fail
from governance import limits, permissions, rules
from governance.models import AgendaItem, Amendment, Meeting, Motion
from governance.selectors import meeting_day, rules_for, today
from governance.services._common import cancel_open_ballots, check_meeting_open, check_member_of
from governance.services.ballots import open_item_ballots
from membership.models import Member, ResolutionType


def _resolution_type(meeting: Meeting, code: str) -> ResolutionType:
    version = meeting.rules_version or rules_for(meeting.organisation, meeting_day(meeting))
    rtype = version.resolution_types.filter(code=code).first()
    if rtype is None:
        raise fail(
            "resolution_type",
            _("The rules define no resolution of the type “%(code)s”.") % {"code": code},
        )
    return rtype


def _check_deadline(meeting: Meeting, day: dt.date, field: str) -> None:
    version = meeting.rules_version or rules_for(meeting.organisation, meeting_day(meeting))
    deadline = rules.motion_deadline_on(meeting_day(meeting), version.motion_deadline_days)
    if day > deadline:
        raise fail(
            field,
            _(
                "Members' motions had to be received by %(deadline)s, %(days)s days "
                "before the meeting (%(rule)s)."
            )
            % {
                "deadline": date_format(deadline),
                "days": version.motion_deadline_days,
                "rule": version.cite("motion_deadline_days"),
            },
        )


def _check_meeting_takes_motions(meeting: Meeting) -> None:
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.CALLED):
        raise fail("meeting", _("This meeting is no longer taking motions."))


def _check_not_future(day: dt.date, field: str) -> None:
    if day > today():
        raise fail(field, _("The date cannot be in the future."))


def open_business_ballots(meeting: Meeting, actor: User | None) -> None:
    """Put newly admitted business to the vote the meeting is taking: online once notice is
    given (where it allows advance voting), in the room once it has opened."""
    if meeting.status != Meeting.Status.PLANNED:
        open_item_ballots(meeting=meeting, actor=actor)


@transaction.atomic
def motion_submit(
    *,
    meeting: Meeting,
    proposer: Member,
    title: str,
    text: str,
    supporting_statement: str = "",
    title_cy: str = "",
    text_cy: str = "",
    supporting_statement_cy: str = "",
    resolution_type: str = "ordinary",
    submitted_on: dt.date | None = None,
    actor: User | None,
) -> Motion:
    """A member submits a motion, with a supporting statement, by the rules' deadline; it
    then needs a seconder."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_meeting_takes_motions(meeting)
    if not meeting.is_general:
        raise fail("meeting", _("Members' motions are for general meetings."))
    check_member_of(meeting.organisation, proposer, "proposer")
    if not title.strip():
        raise fail("title", _("Give the motion a short title."))
    if not text.strip():
        raise fail("text", _("Write the motion."))
    submitted_on = submitted_on or today()
    _check_not_future(submitted_on, "submitted_on")
    _check_deadline(meeting, submitted_on, "submitted_on")
    motion = Motion(
        organisation=meeting.organisation,
        meeting=meeting,
        title=title.strip(),
        title_cy=title_cy.strip(),
        text=text.strip(),
        text_cy=text_cy.strip(),
        supporting_statement=supporting_statement.strip(),
        supporting_statement_cy=supporting_statement_cy.strip(),
        proposer=proposer,
        submitted_on=submitted_on,
        resolution_type=_resolution_type(meeting, resolution_type),
    )
    check_model_lengths(motion)
    motion.full_clean()
    motion.save()
    audit(
        actor=actor,
        action="motion.submit",
        obj=motion,
        after={
            **snapshot(motion, ["title", "text", "resolution_type"]),
            "proposer": proposer.number,
        },
    )
    return motion


@transaction.atomic
def motion_second(
    *, motion: Motion, seconder: Member, seconded_on: dt.date | None = None, actor: User | None
) -> Motion:
    """Another member seconds a motion (by the same deadline): a member's motion needs a
    proposer and a seconder who are both members."""
    motion = (
        Motion.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=motion.pk)
    )
    if motion.status != Motion.Status.SUBMITTED:
        raise fail("motion", _("This motion is not waiting for a seconder."))
    check_member_of(motion.organisation, seconder, "seconder")
    if motion.proposer_id == seconder.pk:
        raise fail(
            "seconder",
            _(
                "The proposer cannot second their own motion. A member's motion needs a "
                "seconder who is another member."
            ),
        )
    seconded_on = seconded_on or today()
    _check_not_future(seconded_on, "seconded_on")
    _check_deadline(motion.meeting, seconded_on, "seconded_on")
    motion.seconder = seconder
    motion.seconded_on = seconded_on
    motion.status = Motion.Status.SECONDED
    motion.full_clean()
    motion.save()
    audit(
        actor=actor,
        action="motion.second",
        obj=motion,
        after={"seconder": seconder.number, "status": motion.status},
    )
    return motion


def _agenda_item_for(motion: Motion) -> AgendaItem:
    last = motion.meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=motion.meeting,
        position=last + 1,
        kind=AgendaItem.Kind.MOTION,
        title=motion.title,
        title_cy=motion.title_cy,
    )


@transaction.atomic
def board_motion_add(
    *,
    meeting: Meeting,
    title: str,
    text: str,
    resolution_type: str = "ordinary",
    supporting_statement: str = "",
    title_cy: str = "",
    text_cy: str = "",
    supporting_statement_cy: str = "",
    actor: User | None,
) -> Motion:
    """The board puts a motion to the meeting: it needs no seconder and goes on the agenda
    (and to the vote, once notice has been given)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_meeting_open(meeting)
    if not title.strip():
        raise fail("title", _("Give the motion a short title."))
    if not text.strip():
        raise fail("text", _("Write the motion."))
    motion = Motion(
        organisation=meeting.organisation,
        meeting=meeting,
        title=title.strip(),
        title_cy=title_cy.strip(),
        text=text.strip(),
        text_cy=text_cy.strip(),
        supporting_statement=supporting_statement.strip(),
        supporting_statement_cy=supporting_statement_cy.strip(),
        is_board_motion=True,
        submitted_on=today(),
        status=Motion.Status.ADMISSIBLE,
        resolution_type=_resolution_type(meeting, resolution_type),
        admissibility_decided_on=today(),
    )
    check_model_lengths(motion)
    motion.full_clean()
    motion.save()
    motion.agenda_item = _agenda_item_for(motion)
    motion.save(update_fields=["agenda_item", "updated_at"])
    audit(
        actor=actor,
        action="motion.board_add",
        obj=motion,
        after=snapshot(motion, ["title", "text", "resolution_type", "status"]),
    )
    open_business_ballots(meeting, actor)
    motion.refresh_from_db()
    return motion


@transaction.atomic
def motion_decide_admissibility(
    *, motion: Motion, admissible: bool, reason: str, actor: User | None
) -> Motion:
    """The board records whether a seconded motion is admissible, and why; an admitted
    motion goes on the agenda and to the vote."""
    motion = (
        Motion.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=motion.pk)
    )
    check_meeting_open(motion.meeting)
    if motion.status != Motion.Status.SECONDED:
        raise fail("motion", _("Only a seconded motion waits for the board's decision."))
    if not reason.strip():
        raise fail("reason", _("Record the board's reason."))
    check_length("reason", reason.strip(), limits.REASON, _("The board's reason"))
    motion.status = Motion.Status.ADMISSIBLE if admissible else Motion.Status.INADMISSIBLE
    motion.admissibility_reason = reason.strip()
    motion.admissibility_decided_on = today()
    motion.save()
    if admissible:
        motion.agenda_item = _agenda_item_for(motion)
        motion.save(update_fields=["agenda_item", "updated_at"])
    audit(
        actor=actor,
        action="motion.admissibility",
        obj=motion,
        after={"status": motion.status},
        reason=reason,
    )
    if admissible:
        open_business_ballots(motion.meeting, actor)
        motion.refresh_from_db()
    return motion


@transaction.atomic
def motion_withdraw(*, motion: Motion, by: Member | None, actor: User | None) -> Motion:
    """The proposer withdraws their motion before it is decided. Its amendments fall with
    it, and the voting on it and on them is cancelled (votes cast are never counted)."""
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related("meeting__organisation")
        .get(pk=motion.pk)
    )
    if motion.status not in Motion.OPEN:
        raise fail("motion", _("Only a motion not yet decided can be withdrawn."))
    if motion.is_board_motion:
        # The board's own motion: withdrawn for the board by its secretary (a person acting
        # through the pages or the API; `actor=None` is the system itself).
        if actor is not None and not permissions.can_withdraw_motion(actor, motion):
            raise fail("motion", _("Only the secretary can withdraw a board motion."))
    elif by is None or by.pk != motion.proposer_id:
        raise fail("motion", _("Only the proposer can withdraw the motion."))
    motion.status = Motion.Status.WITHDRAWN
    motion.save(update_fields=["status", "updated_at"])
    falling = list(
        motion.amendments.select_for_update().filter(status__in=Amendment.OPEN).order_by("pk")
    )
    Amendment.objects.filter(pk__in=[a.pk for a in falling]).update(
        status=Amendment.Status.WITHDRAWN, updated_at=timezone.now()
    )
    ballots = {b for b in [motion.ballot_id, *(a.ballot_id for a in falling)] if b}
    cancel_open_ballots(ballots, _("Motion withdrawn"), actor)
    audit(
        actor=actor,
        action="motion.withdraw",
        obj=motion,
        after={"status": motion.status, "amendments_fallen": [a.pk for a in falling]},
    )
    return motion
