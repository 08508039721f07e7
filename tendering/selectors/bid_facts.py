"""The facts of a bid that its hard gates, its coverage matrix and its prices read alike: the
approved co-ops, the answers the tender requires of them, the coverage of the lots
(`rules.coverage`) and the problems of the prices (`rules.price_problems`)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from tendering import rules
from tendering.models import (
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    JointBid,
    PriceLine,
    TenderQuestion,
)


def approved_participants(bid: JointBid) -> list[BidParticipant]:
    return list(
        bid.participants.filter(status=BidParticipant.Status.APPROVED)
        .select_related("member")
        .prefetch_related("allowed_lots")
    )


def undecided_participants(bid: JointBid) -> list[BidParticipant]:
    """The co-ops invited that have neither approved the bid nor been withdrawn from it
    (declined or dropped out): every gate waits for them."""
    return list(
        bid.participants.filter(status=BidParticipant.Status.INVITED)
        .select_related("member")
        .order_by("member__name")
    )


def required_answers(
    bid: JointBid, participants: list[BidParticipant]
) -> list[tuple[TenderQuestion, BidParticipant | None]]:
    """Every (question, member co-op) pair that needs an answer: mandatory questions, once for
    the consortium or the lead, once per participating co-op where each answers. A question
    limited to some lots is needed only if the bid commits capacity to one of them (and, where
    each co-op answers, only from the co-ops committing to one of them)."""
    lots_of: dict[int, set[int]] = {}
    for participant_id, lot_id in Commitment.objects.filter(
        bid=bid, participant__in=participants
    ).values_list("participant_id", "lot_id"):
        lots_of.setdefault(participant_id, set()).add(lot_id)
    bid_lots = set().union(*lots_of.values()) if lots_of else set()
    wanted: list[tuple[TenderQuestion, BidParticipant | None]] = []
    for question in (
        bid.opportunity.questions.filter(is_mandatory=True)
        .prefetch_related("lots")
        .order_by("section", "number")
    ):
        scope = {lot.pk for lot in question.lots.all()}
        if scope and not scope & bid_lots:
            continue
        if question.answered_by == TenderQuestion.AnsweredBy.EACH_MEMBER:
            wanted.extend(
                (question, p) for p in participants if not scope or scope & lots_of.get(p.pk, set())
            )
        else:
            wanted.append((question, None))
    return wanted


def coverage_for(bid: JointBid, participants: list[BidParticipant] | None = None) -> rules.Coverage:
    """`rules.coverage` of the bid's approved co-ops: each lot's committed hours against the
    buyer's estimate, broken approval conditions, over-commitment across open bids."""
    participants = participants if participants is not None else approved_participants(bid)
    lots = [
        rules.LotFacts(lot.pk, lot.number, lot.estimated_hours_per_week, lot.role)
        for lot in bid.opportunity.lots.all()
    ]
    commitments = [
        rules.CommitmentFacts(c.participant_id, c.lot_id, c.hours_per_week, c.role)
        for c in Commitment.objects.filter(bid=bid, participant__in=participants)
    ]
    member_ids = [p.member_id for p in participants]
    elsewhere = dict(
        Commitment.objects.filter(
            participant__member_id__in=member_ids,
            participant__status=BidParticipant.Status.APPROVED,
            bid__status__in=JointBid.OPEN,
        )
        .exclude(bid=bid)
        .values_list("participant__member_id")
        .annotate(total=Sum("hours_per_week"))
        .order_by()
    )
    capacity: dict[int, Decimal] = {}
    for declaration in CapacityDeclaration.objects.filter(member_id__in=member_ids).order_by(
        "member_id", "-declared_on", "-id"
    ):
        capacity.setdefault(declaration.member_id, declaration.hours_per_week)
    facts = [
        rules.ParticipantFacts(
            participant_id=p.pk,
            name=p.member.name,
            allowed_lots=frozenset(lot.pk for lot in p.allowed_lots.all()),
            max_hours=p.max_hours_per_week,
            capacity_hours=capacity.get(p.member_id),
            committed_elsewhere=elsewhere.get(p.member_id, Decimal(0)),
        )
        for p in participants
    ]
    return rules.coverage(lots, commitments, facts, bid_lot_ids={c.lot_id for c in commitments})


def price_problems_for(
    bid: JointBid, participants: list[BidParticipant]
) -> list[rules.PriceProblem]:
    """`rules.price_problems` of the approved co-ops' lines: pay below the floor, the
    consortium's rate or yearly value above a lot's ceiling."""
    lots = {lot.pk: lot for lot in bid.opportunity.lots.all()}
    lines = [
        rules.PriceFacts(
            line.participant_id, line.lot_id, line.rate_type, line.pay_pence, line.rate_pence
        )
        for line in PriceLine.objects.filter(bid=bid, participant__in=participants)
    ]
    committed = {
        (c.participant_id, c.lot_id): c.hours_per_week for c in Commitment.objects.filter(bid=bid)
    }
    return rules.price_problems(
        lines,
        rate_ceilings={k: v.rate_ceiling_pence for k, v in lots.items()},
        value_ceilings={k: v.value_ceiling_pence for k, v in lots.items()},
        lot_hours={k: v.estimated_hours_per_week for k, v in lots.items()},
        pay_floor_pence=bid.pay_floor_pence,
        committed=committed,
    )
