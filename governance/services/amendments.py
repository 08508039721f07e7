"""Amendments to a motion: proposing one (by a member, or by the board), seconding,
ruling it out of order, withdrawal. Amendments are decided before the motion they amend."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.limits import check_length, check_model_lengths
from coop.core.models import User
from coop.core.validation import fail
from governance import limits, permissions
from governance.models import Amendment, Motion
from governance.selectors import today
from governance.services._common import cancel_open_ballots, check_meeting_open, check_member_of
from governance.services.motions import open_business_ballots
from membership.models import Member


def _check_motion_open(motion: Motion) -> None:
    if motion.status in Motion.DECIDED:
        raise fail(
            "motion",
            _(
                "The motion has already been decided: it can no longer be amended. "
                "Amendments are decided before the motion they amend."
            ),
        )
    if motion.status not in Motion.OPEN:
        raise fail(
            "motion",
            _("This motion cannot be amended (%(status)s).")
            % {"status": motion.get_status_display()},
        )


@transaction.atomic
def amendment_submit(
    *,
    motion: Motion,
    text: str,
    summary: str = "",
    text_cy: str = "",
    proposer: Member | None = None,
    by_board: bool = False,
    actor: User | None,
) -> Amendment:
    """Propose an amendment: the motion's full text as it would read if carried (its change
    is applied to the motion as it stands when it is carried). Amendments are taken in the
    order proposed, before the motion."""
    motion = (
        Motion.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=motion.pk)
    )
    _check_motion_open(motion)
    check_meeting_open(motion.meeting)
    if not by_board:
        check_member_of(motion.organisation, proposer, "proposer")
    if not text.strip():
        raise fail("text", _("Write the motion as it would read if amended."))
    if text.strip() == motion.substantive_text.strip():
        raise fail("text", _("The amendment does not change the motion."))
    position = (motion.amendments.aggregate(last=Max("position"))["last"] or 0) + 1
    amendment = Amendment(
        motion=motion,
        position=position,
        text=text.strip(),
        text_cy=text_cy.strip(),
        base_text=motion.substantive_text.strip(),
        summary=summary.strip(),
        proposer=None if by_board else proposer,
        is_board_amendment=by_board,
        submitted_on=today(),
        status=Amendment.Status.SECONDED if by_board else Amendment.Status.SUBMITTED,
    )
    check_model_lengths(amendment, "text", "text_cy", "summary")
    amendment.full_clean()
    amendment.save()
    audit(
        actor=actor,
        action="amendment.submit",
        obj=motion,
        after={
            "amendment": amendment.pk,
            "summary": amendment.summary,
            "proposer": proposer.number if proposer and not by_board else "board",
        },
    )
    if by_board and motion.status == Motion.Status.ADMISSIBLE:
        open_business_ballots(motion.meeting, actor)
        amendment.refresh_from_db()
    return amendment


@transaction.atomic
def amendment_second(*, amendment: Amendment, seconder: Member, actor: User | None) -> Amendment:
    """Another member seconds an amendment; it then goes to the vote with the motion."""
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("motion", "motion__meeting")
        .get(pk=amendment.pk)
    )
    _check_motion_open(amendment.motion)
    check_meeting_open(amendment.motion.meeting)
    if amendment.status != Amendment.Status.SUBMITTED:
        raise fail("amendment", _("This amendment is not waiting for a seconder."))
    check_member_of(amendment.motion.organisation, seconder, "seconder")
    if amendment.proposer_id == seconder.pk:
        raise fail(
            "seconder",
            _(
                "The proposer cannot second their own amendment. It needs a seconder who "
                "is another member."
            ),
        )
    amendment.seconder = seconder
    amendment.status = Amendment.Status.SECONDED
    amendment.full_clean()
    amendment.save()
    audit(
        actor=actor,
        action="amendment.second",
        obj=amendment.motion,
        after={"amendment": amendment.pk, "seconder": seconder.number},
    )
    if amendment.motion.status == Motion.Status.ADMISSIBLE:
        open_business_ballots(amendment.motion.meeting, actor)
        amendment.refresh_from_db()
    return amendment


@transaction.atomic
def amendment_rule_out(*, amendment: Amendment, reason: str, actor: User | None) -> Amendment:
    """The chair rules an amendment out of order (not admissible), with the reason. Voting
    on it is cancelled: votes cast on it in advance are never counted."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status not in Amendment.OPEN:
        raise fail("amendment", _("Only an amendment not yet decided can be ruled out."))
    if not reason.strip():
        raise fail("reason", _("Record the reason."))
    check_length("reason", reason.strip(), limits.REASON, _("The reason"))
    amendment.status = Amendment.Status.INADMISSIBLE
    amendment.result_summary = reason.strip()
    amendment.save(update_fields=["status", "result_summary", "updated_at"])
    if amendment.ballot_id:
        cancel_open_ballots({amendment.ballot_id}, _("Amendment ruled out of order"), actor)
    audit(
        actor=actor,
        action="amendment.rule_out",
        obj=amendment.motion,
        after={"amendment": amendment.pk},
        reason=reason,
    )
    return amendment


@transaction.atomic
def amendment_withdraw(*, amendment: Amendment, by: Member | None, actor: User | None) -> Amendment:
    """The proposer withdraws their amendment before it is decided (voting on it is
    cancelled); the board's amendment is withdrawn by the secretary."""
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("motion__meeting__organisation")
        .get(pk=amendment.pk)
    )
    if amendment.status not in Amendment.OPEN:
        raise fail("amendment", _("Only an amendment not yet decided can be withdrawn."))
    if amendment.is_board_amendment:
        # The board's own amendment: withdrawn for the board by its secretary (`actor=None`
        # is the system itself).
        if actor is not None and not permissions.can_withdraw_amendment(actor, amendment):
            raise fail("amendment", _("Only the secretary can withdraw a board amendment."))
    elif by is None or by.pk != amendment.proposer_id:
        raise fail("amendment", _("Only the proposer can withdraw the amendment."))
    amendment.status = Amendment.Status.WITHDRAWN
    amendment.save(update_fields=["status", "updated_at"])
    if amendment.ballot_id:
        cancel_open_ballots({amendment.ballot_id}, _("Amendment withdrawn"), actor)
    audit(
        actor=actor,
        action="amendment.withdraw",
        obj=amendment.motion,
        after={"amendment": amendment.pk},
    )
    return amendment
