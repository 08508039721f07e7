"""Reads of capacity and prices: the coverage matrix (`selectors.gates.coverage_for`, i.e.
`rules.coverage`) and the consolidated rates with their checks (`rules.consolidated_rate`,
`rules.price_problems`). Members' cost build-ups are private: pages show them to the lead
and to the co-op itself only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tendering import rules
from tendering.models import (
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    JointBid,
    Lot,
    PriceLine,
)
from tendering.selectors.bid_facts import coverage_for
from tendering.selectors.bids import bid_participants

# --- Coverage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    hours: Decimal
    role: str
    role_label: str


@dataclass
class LotRow:
    lot: Lot
    cells: list[Cell | None]
    is_bid_for: bool
    committed: Decimal
    gap: Decimal
    has_primary: bool
    is_covered: bool


@dataclass
class MemberColumn:
    participant: BidParticipant
    total: Decimal
    capacity: Decimal | None
    broken: list[str] = field(default_factory=list)
    over_committed: tuple[Decimal, Decimal] | None = None


@dataclass
class CoverageMatrix:
    columns: list[MemberColumn]
    rows: list[LotRow]
    is_met: bool
    lots_bid_for: int


def coverage_matrix(bid: JointBid) -> CoverageMatrix:
    """Lots × participating co-ops: each cell the hours a week committed (primary or
    secondary provider); each lot's total against the buyer's estimate, its gap and whether
    it has a primary provider; each co-op's broken approval conditions and over-commitment
    across all open bids (`selectors.gates.coverage_for`, i.e. `rules.coverage`)."""
    participants = [p for p in bid_participants(bid) if p.status == BidParticipant.Status.APPROVED]
    cover = coverage_for(bid, participants)
    commitments = {
        (c.participant_id, c.lot_id): c
        for c in Commitment.objects.filter(bid=bid, participant__in=participants)
    }
    capacity: dict[int, Decimal] = {}
    for declaration in CapacityDeclaration.objects.filter(
        member_id__in=[p.member_id for p in participants]
    ).order_by("member_id", "-declared_on", "-id"):
        capacity.setdefault(declaration.member_id, declaration.hours_per_week)
    by_lot = {row.lot.lot_id: row for row in cover.lots}
    roles = dict(Lot.Role.choices)
    rows = []
    for lot in bid.opportunity.lots.order_by("number"):
        row = by_lot.get(lot.pk)
        cells: list[Cell | None] = []
        for p in participants:
            c = commitments.get((p.pk, lot.pk))
            cells.append(
                Cell(c.hours_per_week, c.role, str(roles.get(c.role, c.role))) if c else None
            )
        rows.append(
            LotRow(
                lot=lot,
                cells=cells,
                is_bid_for=row is not None,
                committed=row.committed if row else Decimal(0),
                gap=row.gap if row else lot.estimated_hours_per_week,
                has_primary=row.has_primary if row else False,
                is_covered=row.is_covered if row else False,
            )
        )
    columns = []
    for p in participants:
        column = MemberColumn(
            participant=p,
            total=sum(
                (c.hours_per_week for (pid, _lot), c in commitments.items() if pid == p.pk),
                Decimal(0),
            ),
            capacity=capacity.get(p.member_id),
        )
        for pid, kind in cover.conditions_broken:
            if pid == p.pk:
                column.broken.append(
                    _("works on a lot its approval does not cover")
                    if kind == "lots"
                    else _("more hours a week than its approval allows")
                )
        for pid, total, cap in cover.over_committed:
            if pid == p.pk:
                column.over_committed = (total, cap)
        columns.append(column)
    return CoverageMatrix(
        columns=columns,
        rows=rows,
        is_met=cover.is_met and bool(cover.lots),
        lots_bid_for=len(cover.lots),
    )


# --- Prices ----------------------------------------------------------------------------------


@dataclass
class PriceRow:
    lot: Lot
    rate_type: str
    rate_label: str
    consolidated_pence: int | None
    yearly_value_pence: int | None
    problems: list[str]
    lines: list[PriceLine]


def _price_problem_text(problem: rules.PriceProblem, names: dict[int, str]) -> str:
    if problem.code == "below_pay_floor":
        return _("%(name)s: pay of %(v)s an hour is below the floor of %(l)s.") % {
            "name": names.get(problem.participant_id or 0, "?"),
            "v": _pounds(problem.value),
            "l": _pounds(problem.limit),
        }
    if problem.code == "above_ceiling":
        return _("The consortium rate %(v)s an hour is above the ceiling of %(l)s.") % {
            "v": _pounds(problem.value),
            "l": _pounds(problem.limit),
        }
    return _("The yearly value %(v)s is above the ceiling of %(l)s.") % {
        "v": _pounds(problem.value),
        "l": _pounds(problem.limit),
    }


def _pounds(pence: int) -> str:
    return f"£{Decimal(pence) / 100:,.2f}"


def price_lines(bid: JointBid, participants: Iterable[BidParticipant]) -> list[PriceLine]:
    """The cost build-ups of the given co-ops (private: the lead's and each co-op's own)."""
    return list(
        PriceLine.objects.filter(bid=bid, participant__in=list(participants))
        .select_related("participant__member", "lot")
        .order_by("lot__number", "rate_type", "participant__member__name")
    )


def consolidated_prices(bid: JointBid) -> list[PriceRow]:
    """Per lot and rate type: the consortium's rate (`rules.consolidated_rate`, weighted by
    the hours each co-op commits), the yearly value of standard hours, and the checks
    (`rules.price_problems`: above the ceiling, below the pay floor). Each row carries the
    members' lines: show them to the lead only."""
    participants = [p for p in bid_participants(bid) if p.status == BidParticipant.Status.APPROVED]
    names = {p.pk: p.member.name for p in participants}
    lots = list(bid.opportunity.lots.order_by("number"))
    lines = price_lines(bid, participants)
    committed = {
        (c.participant_id, c.lot_id): c.hours_per_week
        for c in Commitment.objects.filter(bid=bid, participant__in=participants)
    }
    facts = [
        rules.PriceFacts(
            line.participant_id, line.lot_id, line.rate_type, line.pay_pence, line.rate_pence
        )
        for line in lines
    ]
    problems = rules.price_problems(
        facts,
        rate_ceilings={lot.pk: lot.rate_ceiling_pence for lot in lots},
        value_ceilings={lot.pk: lot.value_ceiling_pence for lot in lots},
        lot_hours={lot.pk: lot.estimated_hours_per_week for lot in lots},
        pay_floor_pence=bid.pay_floor_pence,
        committed=committed,
    )
    labels = dict(PriceLine.RateType.choices)
    rows = []
    for lot in lots:
        for rate_type in PriceLine.RateType.values:
            group = [f for f in facts if f.lot_id == lot.pk and f.rate_type == rate_type]
            if not group:
                continue
            hours = {
                f.participant_id: committed.get((f.participant_id, lot.pk), Decimal(0))
                for f in group
            }
            rate = rules.consolidated_rate(group, hours)
            rows.append(
                PriceRow(
                    lot=lot,
                    rate_type=rate_type,
                    rate_label=str(labels[rate_type]),
                    consolidated_pence=rate,
                    yearly_value_pence=int(Decimal(rate) * lot.estimated_hours_per_week * 52)
                    if rate is not None and rate_type == PriceLine.RateType.STANDARD
                    else None,
                    problems=[
                        _price_problem_text(p, names)
                        for p in problems
                        if p.lot_id == lot.pk and p.rate_type == rate_type
                    ],
                    lines=[
                        line
                        for line in lines
                        if line.lot_id == lot.pk and line.rate_type == rate_type
                    ],
                )
            )
    return rows
