"""Pure rules of the register: no database access, easy to test by hand.

Sources: Co-operative and Community Benefit Societies Act 2014 (CCBS Act) and the
organisation's registered rules (a `RulesVersion`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

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
