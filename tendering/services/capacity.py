"""Capacity and prices: what each member co-op can deliver across bids, the hours it
commits to each lot, and its cost build-ups."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, Organisation
from tendering import rules
from tendering.models import (
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    JointBid,
    Lot,
    PriceLine,
)
from tendering.services._common import (
    check_editable,
    check_hours,
    check_pence,
    lock_bid,
    lock_participant,
    today,
)


@transaction.atomic
def capacity_declare(
    *, consortium: Organisation, member: Member, hours_per_week: Decimal | str, actor: User | None
) -> CapacityDeclaration:
    """A member co-op in good standing declares the care hours a week it can deliver across
    all the consortium's open bids (the latest declaration counts)."""
    member = Member.objects.get(pk=member.pk)
    if member.organisation_id != consortium.pk:
        raise fail("member", _("Choose a member co-op of the consortium."))
    if member.status != Member.Status.ACTIVE:
        raise fail(
            "member",
            _("%(name)s is not a member in good standing (%(status)s).")
            % {"name": member.name, "status": member.get_status_display()},
        )
    hours = check_hours(hours_per_week, "hours_per_week", scope="coop")
    declaration = CapacityDeclaration(
        consortium=consortium, member=member, hours_per_week=hours, declared_on=today()
    )
    declaration.full_clean()
    declaration.save()
    audit(
        actor=actor,
        action="bid.capacity_declare",
        obj=member,
        organisation_id=consortium.pk,
        after={"hours_per_week": hours},
    )
    return declaration


def check_approved(participant: BidParticipant) -> None:
    """The co-op has approved the bid, its approval is in date and it is in good standing
    in the consortium's register."""
    name = participant.member.name
    if participant.status != BidParticipant.Status.APPROVED:
        raise fail("participant", _("%(name)s has not approved the bid.") % {"name": name})
    if participant.member.status != Member.Status.ACTIVE:
        raise fail(
            "participant",
            _("%(name)s is not a member in good standing (%(status)s).")
            % {"name": name, "status": participant.member.get_status_display()},
        )
    if not rules.approval_in_date(
        participant.approved_on, participant.approval_expires_on, today()
    ):
        raise fail(
            "participant",
            _("%(name)s's approval of the bid expired on %(day)s: record its renewed approval.")
            % {
                "name": name,
                "day": date_format(participant.approval_expires_on)
                if participant.approval_expires_on
                else "–",
            },
        )


def _check_commitment(
    bid: JointBid,
    participant: BidParticipant,
    lot: Lot,
    hours: Decimal,
    role: str,
    staff_count: int,
) -> None:
    """A commitment within the tender's rules and the co-op's approval: a provider role,
    a plausible number of staff, an approved lot, the approved hours in all, the tender's
    most lots per bidder."""
    if role not in Lot.Role.values:
        raise fail("role", _("Choose primary or secondary provider."))
    if (
        isinstance(staff_count, bool)
        or not isinstance(staff_count, int)
        or not 0 <= staff_count <= 10_000
    ):
        raise fail("staff_count", _("Give the number of care staff, a whole number."))
    allowed = set(participant.allowed_lots.values_list("pk", flat=True))
    if allowed and lot.pk not in allowed:
        raise fail(
            "lot",
            _("%(name)s approved the bid only for other lots (its conditions: %(conditions)s).")
            % {"name": participant.member.name, "conditions": participant.conditions or "–"},
        )
    others = Commitment.objects.filter(participant=participant).exclude(lot=lot)
    total = sum((c.hours_per_week for c in others), Decimal(0)) + hours
    if participant.max_hours_per_week is not None and total > participant.max_hours_per_week:
        raise fail(
            "hours_per_week",
            _("%(name)s approved at most %(max)s hours a week; this makes %(total)s.")
            % {
                "name": participant.member.name,
                "max": participant.max_hours_per_week,
                "total": total,
            },
        )
    limit = bid.opportunity.max_lots_per_bidder
    lots_bid = set(bid.commitments.values_list("lot_id", flat=True)) | {lot.pk}
    if limit is not None and len(lots_bid) > limit:
        raise fail("lot", _("The tender allows a bidder at most %(n)s lots.") % {"n": limit})


@transaction.atomic
def commitment_set(
    *,
    participant: BidParticipant,
    lot: Lot,
    hours_per_week: Decimal | str,
    role: str = Lot.Role.PRIMARY,
    staff_count: int = 0,
    base: str = "",
    ciw_registration: str = "",
    actor: User | None,
) -> Commitment:
    """A member co-op commits hours a week to a lot (replacing an earlier commitment).
    Refused for a lot not in the tender, beyond the lots one bidder may bid for, outside the
    co-op's approved lots or above its approved hours, for a co-op whose approval expired or
    that is not in good standing, and for hours that are not positive or not plausible.
    Over-commitment across open bids is not refused here: the coverage gate flags it."""
    bid = lock_bid(participant.bid)
    participant = lock_participant(participant)
    check_editable(bid)
    check_approved(participant)
    if lot.opportunity_id != bid.opportunity_id:
        raise fail("lot", _("Lot %(n)s is not in this tender.") % {"n": lot.number})
    hours = check_hours(hours_per_week, "hours_per_week")
    _check_commitment(bid, participant, lot, hours, role, staff_count)
    commitment = Commitment.objects.filter(participant=participant, lot=lot).first()
    before = (
        {"hours": commitment.hours_per_week, "role": commitment.role}
        if commitment is not None
        else None
    )
    if commitment is None:
        commitment = Commitment(participant=participant, lot=lot)
    commitment.bid = bid
    commitment.hours_per_week = hours
    commitment.role = role
    commitment.staff_count = staff_count
    commitment.base = base.strip()
    commitment.ciw_registration = ciw_registration.strip()
    commitment.full_clean()
    commitment.save()
    audit(
        actor=actor,
        action="bid.commitment_set",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={
            "member": participant.member.name,
            "lot": lot.number,
            "hours": hours,
            "role": role,
            "created": before is None,
        },
    )
    return commitment


@transaction.atomic
def commitment_remove(*, commitment: Commitment, actor: User | None) -> None:
    """Take a co-op's commitment off a lot (while the bid is being put together)."""
    bid = lock_bid(commitment.bid)
    check_editable(bid)
    commitment = Commitment.objects.select_related("participant__member", "lot").get(
        pk=commitment.pk
    )
    audit(
        actor=actor,
        action="bid.commitment_remove",
        obj=bid,
        organisation_id=bid.consortium_id,
        before={
            "member": commitment.participant.member.name,
            "lot": commitment.lot.number,
            "hours": commitment.hours_per_week,
        },
    )
    commitment.delete()


@transaction.atomic
def price_line_set(
    *,
    participant: BidParticipant,
    lot: Lot,
    pay_pence: int,
    on_costs_pence: int = 0,
    travel_pence: int = 0,
    overhead_pence: int = 0,
    margin_pence: int = 0,
    rate_type: str = PriceLine.RateType.STANDARD,
    actor: User | None,
) -> PriceLine:
    """A member's cost build-up for a lot and rate type (pence an hour). Refused: pay below
    the bid's floor, an amount that is not whole pence or not plausible (units mixed up), a
    lot not in the tender, a co-op that has not approved (or whose approval expired).

    A member's own rate above the lot's ceiling is accepted: the buyer is offered the
    consortium's rate, the members' rates weighted by the hours each commits
    (`rules.consolidated_rate`), and a dearer member (a rural zone, long travel) may be
    balanced by the others. The consolidated rate is checked against the lot's hourly and
    yearly ceilings by the prices gate, which blocks final sign-off, ready and submission.

    Member costs are private to the lead and that member: the audit event keeps only the
    total rate, never the build-up."""
    bid = lock_bid(participant.bid)
    participant = lock_participant(participant)
    check_editable(bid)
    check_approved(participant)
    if lot.opportunity_id != bid.opportunity_id:
        raise fail("lot", _("Lot %(n)s is not in this tender.") % {"n": lot.number})
    if rate_type not in PriceLine.RateType.values:
        raise fail("rate_type", _("Choose a rate type."))
    values = {
        name: check_pence(value, name, allow_zero=name != "pay_pence")
        for name, value in (
            ("pay_pence", pay_pence),
            ("on_costs_pence", on_costs_pence),
            ("travel_pence", travel_pence),
            ("overhead_pence", overhead_pence),
            ("margin_pence", margin_pence),
        )
    }
    if values["pay_pence"] < bid.pay_floor_pence:
        raise fail(
            "pay_pence",
            _("Pay of %(pay)sp an hour is below the bid's floor of %(floor)sp.")
            % {"pay": values["pay_pence"], "floor": bid.pay_floor_pence},
        )
    line = PriceLine.objects.filter(participant=participant, lot=lot, rate_type=rate_type).first()
    before = {"rate_pence": line.rate_pence} if line is not None else None
    if line is None:
        line = PriceLine(participant=participant, lot=lot, rate_type=rate_type)
    line.bid = bid
    for name, value in values.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    audit(
        actor=actor,
        action="bid.price_set",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={
            "member": participant.member.name,
            "lot": lot.number,
            "rate_type": rate_type,
            "rate_pence": line.rate_pence,
        },
    )
    return line
