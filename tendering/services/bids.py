"""A joint bid's life: creation, its plan (liability, internal deadlines, pay floor), the
state machine with its hard gates, submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import check_transition, fail
from membership.models import Organisation
from tendering import rules
from tendering.models import BidParticipant, JointBid, Opportunity, SignOff
from tendering.selectors.gates import bid_gate, bid_gates, failing
from tendering.services._common import (
    SIGNED,
    check_changeable,
    check_pence,
    lock_bid,
    now,
    uk_format,
    uk_time,
)

Status = JointBid.Status
INTERNAL_DEADLINES = ("answers_due", "prices_due", "signoff_due")


def _check_deadlines(bid: JointBid) -> None:
    """Internal deadlines fall before the buyer's submission deadline."""
    deadline = bid.opportunity.submission_deadline
    for name in INTERNAL_DEADLINES:
        value = getattr(bid, name)
        if value is not None and value >= deadline:
            raise fail(
                name,
                _("Internal deadlines must fall before the buyer's deadline (%(deadline)s).")
                % {"deadline": uk_format(deadline)},
            )


def _internal(value: dt.datetime | None, field: str) -> dt.datetime | None:
    return uk_time(value, field) if value is not None else None


@transaction.atomic
def bid_create(
    *,
    opportunity: Opportunity,
    consortium: Organisation,
    liability: str = JointBid.Liability.JOINT_AND_SEVERAL,
    answers_due: dt.datetime | None = None,
    prices_due: dt.datetime | None = None,
    signoff_due: dt.datetime | None = None,
    pay_floor_pence: int = 1345,
    actor: User | None,
) -> JointBid:
    """Identify an opportunity the consortium may bid for. Internal deadlines (UK time) fall
    before the buyer's; the pay floor (pence an hour, e.g. the Real Living Wage) is what no
    member's pay line may go below."""
    if not consortium.is_consortium:
        raise fail("consortium", _("Joint bids are made by a consortium."))
    if opportunity.organisation_id != consortium.pk:
        raise fail("opportunity", _("Choose an opportunity this consortium tracks."))
    if JointBid.objects.filter(opportunity=opportunity, consortium=consortium).exists():
        raise fail("opportunity", _("The consortium already has a bid for this opportunity."))
    if opportunity.submission_deadline <= now():
        raise fail("opportunity", _("The deadline for this opportunity has passed."))
    if liability not in JointBid.Liability.values:
        raise fail("liability", _("Choose how liability is shared."))
    check_pence(pay_floor_pence, "pay_floor_pence", allow_zero=False)
    bid = JointBid(
        opportunity=opportunity,
        consortium=consortium,
        liability=liability,
        answers_due=_internal(answers_due, "answers_due"),
        prices_due=_internal(prices_due, "prices_due"),
        signoff_due=_internal(signoff_due, "signoff_due"),
        pay_floor_pence=pay_floor_pence,
    )
    _check_deadlines(bid)
    bid.full_clean()
    bid.save()
    audit(
        actor=actor,
        action="bid.create",
        obj=bid,
        organisation_id=consortium.pk,
        after=snapshot(bid),
    )
    return bid


@transaction.atomic
def bid_update_plan(
    *,
    bid: JointBid,
    liability: str | None = None,
    answers_due: dt.datetime | None = None,
    prices_due: dt.datetime | None = None,
    signoff_due: dt.datetime | None = None,
    pay_floor_pence: int | None = None,
    actor: User | None,
) -> JointBid:
    """Change the liability model, the internal deadlines (a deadline left out stays as it
    is) or the pay floor. The liability model is part of what the co-ops signed off: once the
    bid is in final sign-off or ready, changing it needs the bid reopened for drafting."""
    bid = lock_bid(bid)
    check_changeable(bid)
    before = snapshot(bid, ["liability", *INTERNAL_DEADLINES, "pay_floor_pence"])
    if liability is not None and liability != bid.liability:
        if liability not in JointBid.Liability.values:
            raise fail("liability", _("Choose how liability is shared."))
        if bid.status in SIGNED:
            raise fail(
                "liability",
                _("The co-ops have signed off this bid: reopen it for drafting first."),
            )
        bid.liability = liability
    bid.answers_due = _internal(answers_due, "answers_due") or bid.answers_due
    bid.prices_due = _internal(prices_due, "prices_due") or bid.prices_due
    bid.signoff_due = _internal(signoff_due, "signoff_due") or bid.signoff_due
    if pay_floor_pence is not None:
        bid.pay_floor_pence = check_pence(pay_floor_pence, "pay_floor_pence", allow_zero=False)
    _check_deadlines(bid)
    bid.full_clean()
    bid.save()
    audit(
        actor=actor,
        action="bid.update_plan",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after=snapshot(bid, list(before)),
    )
    return bid


def _check_allowed(bid: JointBid, to: str) -> None:
    """`to` is a state, and one the bid may move to now (`JointBid.TRANSITIONS`)."""
    if to not in Status.values:
        raise fail("status", _("Choose a step from the list."))
    check_transition(
        bid.status,
        to,
        transitions=JointBid.TRANSITIONS,
        labels=Status,
        message=_("A bid that is “%(now)s” cannot become “%(to)s”."),
    )


def set_status(bid: JointBid, to: str, actor: User | None, reason: str = "") -> JointBid:
    """Move a (locked) bid to `to` if the state machine allows it, with an audit event (the
    state history). Going back to drafting after final sign-off invalidates the sign-offs."""
    _check_allowed(bid, to)
    before = bid.status
    bid.status = to
    if to == Status.SUBMITTED:
        bid.submitted_at = now()
    bid.save(update_fields=["status", "submitted_at", "updated_at"])
    if to == Status.DRAFTING and before in SIGNED:
        SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
            invalidated_at=now(), invalidated_reason=_("Bid reopened for drafting")
        )
    audit(
        actor=actor,
        action="bid.transition",
        obj=bid,
        organisation_id=bid.consortium_id,
        before={"status": before},
        after={"status": to},
        reason=reason,
    )
    return bid


def _check_participants(bid: JointBid) -> None:
    """At least two approved member co-ops, the lead among them (to start or resume
    drafting)."""
    approved = bid.participants.filter(status=BidParticipant.Status.APPROVED)
    if approved.count() < 2:
        raise fail(
            "participants",
            _("A joint bid needs at least two member co-ops that have approved it."),
        )
    if bid.lead_id is None or not approved.filter(member_id=bid.lead_id).exists():
        raise fail("lead", _("The lead must be one of the participating co-ops."))


def _gate_refusal(gates: Iterable[rules.Gate]) -> ValidationError:
    """A refusal naming each failing gate as its field, each message one thing it waits
    for."""
    return ValidationError(
        {
            gate.code: list(gate.detail)
            or [_("The “%(gate)s” gate is not met.") % {"gate": gate.code}]
            for gate in gates
        }
    )


@transaction.atomic
def bid_transition(*, bid: JointBid, to: str, reason: str = "", actor: User | None) -> JointBid:
    """Move a bid along its states (`JointBid.TRANSITIONS`); each step checks what it needs:
    drafting (from consulting or re-planning) two approved co-ops with the lead among them;
    review a draft of every mandatory answer; final sign-off every hard gate but the
    sign-offs; ready and submitted every gate. Withdrawing, declining and lapsing need a
    reason. A refusal names each failing gate (`deadline`, `participants`, `approvals`,
    `answers`, `coverage`, `prices`, `signoffs`) as its field."""
    bid = lock_bid(bid)
    _check_allowed(bid, to)
    if to == Status.CONSULTING and bid.go_decided_on is None:
        raise fail("status", _("Record the consortium's go decision first."))
    if to == Status.DRAFTING and bid.status in (Status.CONSULTING, Status.REPLANNING):
        _check_participants(bid)
    if to == Status.IN_REVIEW:
        started = bid_gate(bid, "answers_started")
        if not started.ok:
            raise fail(
                "answers",
                _("Every mandatory question needs a draft answer before review: %(what)s")
                % {"what": "; ".join(started.detail)},
            )
    if to == Status.FINAL_SIGNOFF:
        bad = failing(bid_gates(bid), ignore={"signoffs"})
        if bad:
            raise _gate_refusal(bad)
    if to in (Status.READY, Status.SUBMITTED):
        bad = failing(bid_gates(bid))
        if bad:
            raise _gate_refusal(bad)
    if to in (Status.WITHDRAWN, Status.DECLINED, Status.LAPSED) and not reason.strip():
        raise fail("reason", _("Give the reason."))
    check_length("reason", reason.strip(), rules.MAX_NOTE, _("The reason"))
    return set_status(bid, to, actor, reason.strip())


@transaction.atomic
def bid_submit(*, bid: JointBid, actor: User | None) -> JointBid:
    """Submit a ready bid: refused after the buyer's deadline (UK time) or while any gate
    fails."""
    bid = lock_bid(bid)
    if now() >= bid.opportunity.submission_deadline:
        raise fail(
            "deadline",
            _("The buyer's deadline (%(deadline)s) has passed: the bid can no longer be submitted.")
            % {"deadline": uk_format(bid.opportunity.submission_deadline)},
        )
    if bid.status != Status.READY:
        raise fail("status", _("Only a bid that is ready can be submitted."))
    return bid_transition(bid=bid, to=Status.SUBMITTED, actor=actor)
