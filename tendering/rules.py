"""Pure rules of joint bids: answer limits, coverage of lots, price roll-up, over-commitment
and the hard gates before a bid is ready. No database access."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

WORDS, CHARACTERS, PAGES, NONE = "words", "characters", "pages", "none"

_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words as a buyer's portal counts them: runs of non-space characters (a hyphenated
    word, a number or "£21.50" is one word; a dash between spaces is one too)."""
    return len(_WORD.findall(text or ""))


def character_count(text: str) -> int:
    """Characters including spaces, as a buyer's portal counts them: a line break is one
    character however the browser sent it (\\r\\n, \\r or \\n), and a Welsh letter with its
    accent (ŵ, ŷ, â) is one character even when typed as a letter plus a combining accent."""
    normal = unicodedata.normalize("NFC", text or "")
    return len(normal.replace("\r\n", "\n").replace("\r", "\n"))


def measure(text: str, limit_kind: str, pages: int | None = None) -> int:
    if limit_kind == WORDS:
        return word_count(text)
    if limit_kind == CHARACTERS:
        return character_count(text)
    if limit_kind == PAGES:
        return pages or 0
    return 0


def within_limit(text: str, limit_kind: str, limit: int | None, pages: int | None = None) -> bool:
    if limit_kind == NONE or limit is None:
        return True
    return measure(text, limit_kind, pages) <= limit


# --- Coverage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LotFacts:
    lot_id: int
    number: int
    estimated_hours: Decimal
    role: str


@dataclass(frozen=True)
class CommitmentFacts:
    participant_id: int
    lot_id: int
    hours: Decimal
    role: str


@dataclass(frozen=True)
class ParticipantFacts:
    participant_id: int
    name: str
    allowed_lots: frozenset[int]  # empty: all lots
    max_hours: Decimal | None
    capacity_hours: Decimal | None  # declared total capacity across all bids
    committed_elsewhere: Decimal  # hours committed to other open bids


@dataclass
class LotCoverage:
    lot: LotFacts
    committed: Decimal
    by_participant: dict[int, Decimal]
    has_primary: bool

    @property
    def gap(self) -> Decimal:
        return max(Decimal(0), self.lot.estimated_hours - self.committed)

    @property
    def is_covered(self) -> bool:
        return self.committed >= self.lot.estimated_hours and self.has_primary


@dataclass
class Coverage:
    lots: list[LotCoverage]
    conditions_broken: list[tuple[int, str]] = field(default_factory=list)
    over_committed: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)

    @property
    def is_met(self) -> bool:
        return (
            all(lot.is_covered for lot in self.lots)
            and not self.conditions_broken
            and not self.over_committed
        )


def coverage(
    lots: Sequence[LotFacts],
    commitments: Iterable[CommitmentFacts],
    participants: Sequence[ParticipantFacts],
    *,
    bid_lot_ids: Iterable[int] | None = None,
) -> Coverage:
    """The lots × members matrix: committed hours against the buyer's estimate, gaps, lots
    with no primary provider, broken approval conditions (a lot not approved, more hours than
    approved) and members over-committed across all open bids (their declared capacity).

    `bid_lot_ids` are the lots the consortium bids for (all lots if not given; none if
    empty: a bid with no capacity committed covers nothing)."""
    wanted = set(bid_lot_ids) if bid_lot_ids is not None else {lot.lot_id for lot in lots}
    per_lot = {
        lot.lot_id: LotCoverage(lot, Decimal(0), {}, False) for lot in lots if lot.lot_id in wanted
    }
    totals: dict[int, Decimal] = {}
    for c in commitments:
        totals[c.participant_id] = totals.get(c.participant_id, Decimal(0)) + c.hours
        if c.lot_id in per_lot:
            row = per_lot[c.lot_id]
            row.committed += c.hours
            row.by_participant[c.participant_id] = (
                row.by_participant.get(c.participant_id, Decimal(0)) + c.hours
            )
            if c.role == "primary":
                row.has_primary = True
    result = Coverage(list(per_lot.values()))
    committed_lots: dict[int, set[int]] = {}
    for row in result.lots:
        for pid in row.by_participant:
            committed_lots.setdefault(pid, set()).add(row.lot.lot_id)
    for p in participants:
        mine = totals.get(p.participant_id, Decimal(0))
        if p.allowed_lots:
            outside = committed_lots.get(p.participant_id, set()) - p.allowed_lots
            if outside:
                result.conditions_broken.append((p.participant_id, "lots"))
        if p.max_hours is not None and mine > p.max_hours:
            result.conditions_broken.append((p.participant_id, "hours"))
        if p.capacity_hours is not None and mine + p.committed_elsewhere > p.capacity_hours:
            result.over_committed.append(
                (p.participant_id, mine + p.committed_elsewhere, p.capacity_hours)
            )
    return result


# --- Prices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceFacts:
    participant_id: int
    lot_id: int
    rate_type: str
    pay_pence: int
    rate_pence: int


def consolidated_rate(lines: Iterable[PriceFacts], hours: Mapping[int, Decimal]) -> int | None:
    """The consortium's rate for a lot and rate type: the members' rates weighted by the
    hours each commits to the lot (an unweighted mean if no hours are committed), rounded
    half up to a penny."""
    items = list(lines)
    if not items:
        return None
    weights = [hours.get(line.participant_id, Decimal(0)) for line in items]
    total = sum(weights, Decimal(0))
    if total == 0:
        value = Decimal(sum(line.rate_pence for line in items)) / len(items)
    else:
        value = (
            sum(
                (Decimal(line.rate_pence) * w for line, w in zip(items, weights, strict=True)),
                Decimal(0),
            )
            / total
        )
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class PriceProblem:
    lot_id: int
    rate_type: str
    participant_id: int | None
    code: str  # 'above_ceiling', 'below_pay_floor', 'above_value_ceiling'
    value: int
    limit: int


def yearly_value(rate_pence: int, hours_per_week: Decimal) -> int:
    """A year of an hourly rate: rate × hours a week × 52 weeks, rounded half up to a
    penny."""
    return int((Decimal(rate_pence) * hours_per_week * 52).quantize(Decimal(1), ROUND_HALF_UP))


def price_problems(
    lines: Sequence[PriceFacts],
    *,
    rate_ceilings: Mapping[int, int | None],
    value_ceilings: Mapping[int, int | None],
    lot_hours: Mapping[int, Decimal],
    pay_floor_pence: int,
    committed: Mapping[tuple[int, int], Decimal],
) -> list[PriceProblem]:
    """Pay below the floor; a consolidated rate above the lot's hourly ceiling; the lot's
    yearly value (rate × estimated hours × 52) above its value ceiling."""
    problems: list[PriceProblem] = []
    for line in lines:
        if line.pay_pence < pay_floor_pence:
            problems.append(
                PriceProblem(
                    line.lot_id,
                    line.rate_type,
                    line.participant_id,
                    "below_pay_floor",
                    line.pay_pence,
                    pay_floor_pence,
                )
            )
    groups: dict[tuple[int, str], list[PriceFacts]] = {}
    for line in lines:
        groups.setdefault((line.lot_id, line.rate_type), []).append(line)
    for (lot_id, rate_type), group in groups.items():
        hours = {
            line.participant_id: committed.get((line.participant_id, lot_id), Decimal(0))
            for line in group
        }
        rate = consolidated_rate(group, hours)
        if rate is None:
            continue
        ceiling = rate_ceilings.get(lot_id)
        if ceiling is not None and rate > ceiling:
            problems.append(PriceProblem(lot_id, rate_type, None, "above_ceiling", rate, ceiling))
        value_ceiling = value_ceilings.get(lot_id)
        if value_ceiling is not None and rate_type == "standard":
            yearly = yearly_value(rate, lot_hours.get(lot_id, Decimal(0)))
            if yearly > value_ceiling:
                problems.append(
                    PriceProblem(
                        lot_id, rate_type, None, "above_value_ceiling", yearly, value_ceiling
                    )
                )
    return problems


# --- Hard gates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Gate:
    code: str
    ok: bool
    detail: list[str] = field(default_factory=list)


def approval_in_date(approved_on: dt.date | None, expires_on: dt.date | None, day: dt.date) -> bool:
    return (
        approved_on is not None and approved_on <= day and (expires_on is None or expires_on >= day)
    )


def weights_total(weights: Iterable[int]) -> int:
    return sum(weights)


# --- Lengths of free text --------------------------------------------------------------------
# The longest text each field takes, in characters. Forms, the API and the services refuse
# longer text with a message naming the field and the limit (nothing is written): a tender's
# portal caps its own fields far below these, so only a mistake or an attack reaches them.

#: An opportunity's description (a buyer's notice runs to a few pages).
MAX_DESCRIPTION = 20_000
#: A tender question, in each language.
MAX_QUESTION = 5_000
#: An answer, or a library entry, in each language (10 pages of text is about 30,000).
MAX_ANSWER = 50_000
#: A reason, an approval's conditions, what an addendum changes.
MAX_NOTE = 2_000
#: A reviewer's note on an answer (kept with the answer's version).
MAX_REVIEW_NOTE = 300
