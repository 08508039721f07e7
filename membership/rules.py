"""Pure rules of the register: no database access, easy to test by hand.

Sources: Co-operative and Community Benefit Societies Act 2014 (CCBS Act) and the
organisation's registered rules (a `RulesVersion`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from itertools import groupby

#: CCBS Act 2014 s.24(1): an individual may hold at most £100,000 of withdrawable shares.
STATUTORY_INDIVIDUAL_CAP_PENCE = 10_000_000
#: CCBS Act 2014 s.37: a nomination covers property up to £5,000.
NOMINATION_MAXIMUM_PENCE = 500_000


@dataclass(frozen=True)
class Holding:
    """A member's holding of one share class at a date, derived from the ledger."""

    shares: int = 0
    paid_pence: int = 0

    def __add__(self, other: Holding) -> Holding:
        return Holding(self.shares + other.shares, self.paid_pence + other.paid_pence)


def format_pounds(pence: int) -> str:
    """1234567 → '£12,345.67' (for messages; pages use the `pounds` filter)."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def cap_applies(*, is_registered_society: bool) -> bool:
    """The £100,000 cap does not apply to members that are registered societies (s.24(2))."""
    return not is_registered_society


def withdrawable_value_pence(
    holdings: dict[int, int], nominal_by_class: dict[int, int], withdrawable: set[int]
) -> int:
    """Nominal value of the withdrawable shares in `holdings` (share class id → shares)."""
    return sum(
        shares * nominal_by_class[cls] for cls, shares in holdings.items() if cls in withdrawable
    )


def notice_ends_on(requested_on: dt.date, notice_days: int) -> dt.date:
    """The day a withdrawal's notice period ends (the board may decide from that day)."""
    return requested_on + dt.timedelta(days=notice_days)


def lock_in_ends_on(allotted_on: dt.date, lock_in_days: int) -> dt.date:
    """Shares allotted on `allotted_on` may be withdrawn from this day."""
    return allotted_on + dt.timedelta(days=lock_in_days)


def unpaid_pence(holding: Holding, nominal_value_pence: int) -> int:
    """What the member still owes on their shares of one class."""
    return max(0, holding.shares * nominal_value_pence - holding.paid_pence)


def proportional_paid(holding: Holding, shares_removed: int) -> int:
    """The amount paid that leaves with `shares_removed` of `holding` (pro rata, in pence,
    rounded down so the paid amount of the shares left is never understated)."""
    if holding.shares == 0:
        return 0
    return holding.paid_pence * shares_removed // holding.shares


def percent_of(count: int, percent: Decimal) -> int:
    """`percent`% of `count`, rounded up to a whole number of members."""
    return int((Decimal(count) * percent / 100).to_integral_value(rounding=ROUND_CEILING))


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def nomination_allowed(*, relationship: str, nominee_is_officer_or_employee: bool) -> bool:
    """CCBS Act 2014 s.37(3): a nomination to an officer or employee of the society is void
    unless they are the member's spouse, civil partner, parent, child, brother, sister,
    nephew or niece."""
    family = {"spouse", "parent", "child", "sibling", "nephew_niece"}
    return not nominee_is_officer_or_employee or relationship in family


# --- Holding limits -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassTerms:
    """The terms of a share class that limit a holding (share class terms)."""

    nominal_value_pence: int
    is_withdrawable: bool = True
    minimum_shares: int = 0
    maximum_shares: int | None = None
    qualifies_for_membership: bool = False


@dataclass(frozen=True)
class HoldingLimits:
    """The limits the rules in force (and the Act) put on one member's holding."""

    #: Rules version `minimum_shares`: qualifying shares needed to be a member.
    membership_minimum_shares: int = 1
    #: Rules version `maximum_holding_pence` (all classes, nominal value).
    maximum_holding_pence: int | None = None
    #: CCBS Act 2014 s.24 and rules version `individual_cap_pence` (withdrawable shares).
    individual_cap_pence: int = STATUTORY_INDIVIDUAL_CAP_PENCE
    #: False for a member that is a registered society (s.24(2)).
    cap_applies: bool = True


class BreachKind(StrEnum):
    NEGATIVE = "negative"
    RESERVED = "reserved"
    BELOW_CLASS_MINIMUM = "below_class_minimum"
    BELOW_MEMBERSHIP_MINIMUM = "below_membership_minimum"
    ABOVE_CLASS_MAXIMUM = "above_class_maximum"
    ABOVE_MAXIMUM_HOLDING = "above_maximum_holding"
    ABOVE_INDIVIDUAL_CAP = "above_individual_cap"
    PAID_OUT_OF_RANGE = "paid_out_of_range"


@dataclass(frozen=True)
class Breach:
    """The first limit a change breaks, and the figure that breaks it (shares or pence)."""

    kind: BreachKind
    amount: int


def holdings_from(
    entries: Iterable[tuple[dt.date, int, int, int]], start: dt.date
) -> Iterator[tuple[dt.date, dict[int, Holding]]]:
    """Cumulative holdings (share class id → holding) as at `start`, then as at each later
    date on which an entry falls. `entries` are (date, share class id, shares, paid pence)
    in date order. A change dated `start` shows in the register as at every one of these
    points, so each of them must stay within the limits."""
    holdings: dict[int, Holding] = {}
    start_done = False
    for day, group in groupby(entries, key=lambda entry: entry[0]):
        if day > start and not start_done:
            yield start, dict(holdings)
            start_done = True
        for _day, class_id, shares, paid in group:
            holdings[class_id] = holdings.get(class_id, Holding()) + Holding(shares, paid)
        if day > start:
            yield day, dict(holdings)
    if not start_done:
        yield start, dict(holdings)


def holding_breach(
    *,
    holdings: Mapping[int, Holding],
    class_id: int,
    change: Holding,
    terms: Mapping[int, ClassTerms],
    limits: HoldingLimits,
    reserved: int = 0,
    check_minimum: bool = True,
) -> Breach | None:
    """The first limit that adding `change` to the holding of class `class_id` breaks, given
    the member's holdings at one date (class id → holding), or None.

    - never below zero, nor below the `reserved` shares (open withdrawals) it must keep;
    - the amount paid between nothing and the shares' nominal value;
    - a holding reduced (or started) below the class minimum (share class terms) or, for the
      qualifying class, below the rules' `minimum_shares`, unless it is nil;
    - a holding increased above the class maximum (share class terms), the rules'
      `maximum_holding_pence`, or the individual cap on withdrawable shares (CCBS Act 2014
      s.24; not for registered societies). Reductions are never refused for a cap, so a
      member above a cap lowered later can always come down.
    """
    own = terms[class_id]
    before = holdings.get(class_id, Holding())
    after = before + change
    if after.shares < 0:
        return Breach(BreachKind.NEGATIVE, before.shares)
    if change.shares < 0 and after.shares < reserved:
        return Breach(BreachKind.RESERVED, before.shares - reserved)
    if after.paid_pence < 0 or after.paid_pence > after.shares * own.nominal_value_pence:
        return Breach(BreachKind.PAID_OUT_OF_RANGE, after.paid_pence)
    lowers = change.shares < 0 or before.shares == 0
    if check_minimum and lowers and after.shares > 0:
        if after.shares < own.minimum_shares:
            return Breach(BreachKind.BELOW_CLASS_MINIMUM, after.shares)
        if own.qualifies_for_membership and after.shares < limits.membership_minimum_shares:
            return Breach(BreachKind.BELOW_MEMBERSHIP_MINIMUM, after.shares)
    if change.shares <= 0:
        return None
    if own.maximum_shares is not None and after.shares > own.maximum_shares:
        return Breach(BreachKind.ABOVE_CLASS_MAXIMUM, after.shares)
    shares_after = {**{pk: h.shares for pk, h in holdings.items()}, class_id: after.shares}
    total = sum(n * terms[pk].nominal_value_pence for pk, n in shares_after.items())
    if limits.maximum_holding_pence is not None and total > limits.maximum_holding_pence:
        return Breach(BreachKind.ABOVE_MAXIMUM_HOLDING, total)
    if limits.cap_applies and own.is_withdrawable:
        withdrawable = withdrawable_value_pence(
            shares_after,
            {pk: t.nominal_value_pence for pk, t in terms.items()},
            {pk for pk, t in terms.items() if t.is_withdrawable},
        )
        if withdrawable > limits.individual_cap_pence:
            return Breach(BreachKind.ABOVE_INDIVIDUAL_CAP, withdrawable)
    return None
