"""Pure rules of the register (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from membership import rules
from membership.rules import (
    Breach,
    BreachKind,
    ClassTerms,
    Holding,
    HoldingLimits,
    holding_breach,
    holdings_from,
)

D = dt.date
MEMBERSHIP, INVESTOR, PATRON = 1, 2, 3
TERMS = {
    MEMBERSHIP: ClassTerms(
        nominal_value_pence=100,
        is_withdrawable=False,
        minimum_shares=1,
        maximum_shares=1,
        qualifies_for_membership=True,
    ),
    INVESTOR: ClassTerms(nominal_value_pence=100, is_withdrawable=True, minimum_shares=10),
    PATRON: ClassTerms(nominal_value_pence=100_000, is_withdrawable=False),
}
LIMITS = HoldingLimits()


def breach(holdings, class_id, shares, paid=0, limits=LIMITS, **kwargs):
    return holding_breach(
        holdings=holdings,
        class_id=class_id,
        change=Holding(shares, paid),
        terms=TERMS,
        limits=limits,
        **kwargs,
    )


def test_format_pounds():
    assert rules.format_pounds(0) == "£0.00"
    assert rules.format_pounds(5) == "£0.05"
    assert rules.format_pounds(1_234_567) == "£12,345.67"
    assert rules.format_pounds(-150) == "-£1.50"


def test_cap_does_not_apply_to_registered_societies():
    assert rules.cap_applies(is_registered_society=False) is True
    assert rules.cap_applies(is_registered_society=True) is False


def test_notice_and_lock_in_end_dates():
    assert rules.notice_ends_on(D(2024, 1, 31), 90) == D(2024, 4, 30)
    assert rules.notice_ends_on(D(2024, 1, 31), 0) == D(2024, 1, 31)
    assert rules.lock_in_ends_on(D(2023, 3, 1), 365) == D(2024, 2, 29)


def test_unpaid_and_pro_rata_paid_amounts():
    assert rules.unpaid_pence(Holding(10, 600), 100) == 400
    assert rules.unpaid_pence(Holding(10, 1_000), 100) == 0
    # Rounded down: the shares left keep at least their share of the amount paid.
    assert rules.proportional_paid(Holding(3, 100), 1) == 33
    assert rules.proportional_paid(Holding(3, 100), 3) == 100
    assert rules.proportional_paid(Holding(0, 0), 1) == 0


def test_percent_of_rounds_up_to_whole_members():
    assert rules.percent_of(95, Decimal("10")) == 10
    assert rules.percent_of(100, Decimal("10")) == 10
    assert rules.percent_of(0, Decimal("10")) == 0


def test_age_on_counts_whole_years():
    assert rules.age_on(D(2008, 6, 15), D(2024, 6, 14)) == 15
    assert rules.age_on(D(2008, 6, 15), D(2024, 6, 15)) == 16
    assert rules.age_on(D(2008, 2, 29), D(2024, 2, 28)) == 15


@pytest.mark.parametrize(
    ("relationship", "officer", "allowed"),
    [
        ("other", False, True),
        ("other", True, False),
        ("spouse", True, True),
        ("nephew_niece", True, True),
        ("child", False, True),
    ],
)
def test_nomination_of_an_officer_or_employee_needs_close_family(relationship, officer, allowed):
    assert (
        rules.nomination_allowed(relationship=relationship, nominee_is_officer_or_employee=officer)
        is allowed
    )


# --- holdings_from -----------------------------------------------------------------------


def test_holdings_from_gives_the_start_date_and_every_later_date_with_entries():
    entries = [
        (D(2020, 1, 1), INVESTOR, 100, 10_000),
        (D(2021, 1, 1), INVESTOR, 50, 0),
        (D(2021, 1, 1), MEMBERSHIP, 1, 100),
        (D(2022, 1, 1), INVESTOR, -150, -10_000),
        (D(2023, 1, 1), INVESTOR, 10, 1_000),
    ]
    assert list(holdings_from(entries, D(2021, 1, 1))) == [
        (D(2021, 1, 1), {INVESTOR: Holding(150, 10_000), MEMBERSHIP: Holding(1, 100)}),
        (D(2022, 1, 1), {INVESTOR: Holding(0, 0), MEMBERSHIP: Holding(1, 100)}),
        (D(2023, 1, 1), {INVESTOR: Holding(10, 1_000), MEMBERSHIP: Holding(1, 100)}),
    ]


def test_holdings_from_a_date_between_entries_and_after_the_last():
    entries = [(D(2020, 1, 1), INVESTOR, 100, 0), (D(2022, 1, 1), INVESTOR, 5, 0)]
    assert list(holdings_from(entries, D(2021, 6, 1))) == [
        (D(2021, 6, 1), {INVESTOR: Holding(100, 0)}),
        (D(2022, 1, 1), {INVESTOR: Holding(105, 0)}),
    ]
    assert list(holdings_from(entries, D(2024, 1, 1))) == [
        (D(2024, 1, 1), {INVESTOR: Holding(105, 0)})
    ]
    assert list(holdings_from([], D(2024, 1, 1))) == [(D(2024, 1, 1), {})]
    assert list(holdings_from(entries, D(2019, 1, 1))) == [
        (D(2019, 1, 1), {}),
        (D(2020, 1, 1), {INVESTOR: Holding(100, 0)}),
        (D(2022, 1, 1), {INVESTOR: Holding(105, 0)}),
    ]


# --- holding_breach ------------------------------------------------------------------------


def test_a_holding_never_goes_below_zero():
    assert breach({INVESTOR: Holding(20, 0)}, INVESTOR, -21) == Breach(BreachKind.NEGATIVE, 20)
    assert breach({INVESTOR: Holding(20, 0)}, INVESTOR, -20) is None
    assert breach({}, INVESTOR, -1) == Breach(BreachKind.NEGATIVE, 0)


def test_a_holding_keeps_the_shares_of_open_withdrawals():
    held = {INVESTOR: Holding(20, 0)}
    assert breach(held, INVESTOR, -15, reserved=6) == Breach(BreachKind.RESERVED, 14)
    assert breach(held, INVESTOR, -14, reserved=6, check_minimum=False) is None
    # Shares coming in are not limited by what is being withdrawn.
    assert breach(held, INVESTOR, 5, reserved=30) is None


def test_the_amount_paid_stays_between_nothing_and_the_value():
    held = {INVESTOR: Holding(20, 2_000)}
    assert breach(held, INVESTOR, -5, paid=-500) is None
    assert breach(held, INVESTOR, -10) == Breach(BreachKind.PAID_OUT_OF_RANGE, 2_000)
    assert breach(held, INVESTOR, 0, paid=-2_001) == Breach(BreachKind.PAID_OUT_OF_RANGE, -1)
    assert breach({INVESTOR: Holding(20, 0)}, INVESTOR, 0, paid=2_001) == Breach(
        BreachKind.PAID_OUT_OF_RANGE, 2_001
    )


def test_minimum_holdings_of_the_class_and_of_membership():
    assert breach({INVESTOR: Holding(15, 0)}, INVESTOR, -6) == Breach(
        BreachKind.BELOW_CLASS_MINIMUM, 9
    )
    assert breach({INVESTOR: Holding(15, 0)}, INVESTOR, -15) is None  # nil is allowed
    assert breach({}, INVESTOR, 9) == Breach(BreachKind.BELOW_CLASS_MINIMUM, 9)
    assert breach({INVESTOR: Holding(15, 0)}, INVESTOR, -6, check_minimum=False) is None
    membership_of_three = HoldingLimits(membership_minimum_shares=3)
    terms = {**TERMS, MEMBERSHIP: ClassTerms(100, False, 1, None, True)}
    assert holding_breach(
        holdings={MEMBERSHIP: Holding(3, 300)},
        class_id=MEMBERSHIP,
        change=Holding(-1, -100),
        terms=terms,
        limits=membership_of_three,
    ) == Breach(BreachKind.BELOW_MEMBERSHIP_MINIMUM, 2)


def test_a_holding_already_below_a_minimum_may_still_grow():
    assert breach({INVESTOR: Holding(3, 0)}, INVESTOR, 2) is None


def test_class_maximum():
    assert breach({MEMBERSHIP: Holding(1, 100)}, MEMBERSHIP, 1) == Breach(
        BreachKind.ABOVE_CLASS_MAXIMUM, 2
    )
    assert breach({}, MEMBERSHIP, 1) is None


def test_rules_maximum_holding_counts_every_class():
    limits = HoldingLimits(maximum_holding_pence=200_000)
    held = {MEMBERSHIP: Holding(1, 100), PATRON: Holding(1, 100_000)}
    assert breach(held, INVESTOR, 999, limits=limits) is None
    assert breach(held, INVESTOR, 1_000, limits=limits) == Breach(
        BreachKind.ABOVE_MAXIMUM_HOLDING, 200_100
    )


def test_individual_cap_counts_only_withdrawable_shares_and_spares_societies():
    held = {PATRON: Holding(500, 0), INVESTOR: Holding(99_999, 0)}
    assert breach(held, INVESTOR, 1) is None
    assert breach(held, INVESTOR, 2) == Breach(BreachKind.ABOVE_INDIVIDUAL_CAP, 10_000_100)
    assert breach(held, INVESTOR, 2, limits=HoldingLimits(cap_applies=False)) is None
    # More non-withdrawable shares never touch the cap.
    assert breach({INVESTOR: Holding(100_000, 0)}, PATRON, 1) is None


def test_reductions_are_never_refused_for_a_cap():
    """A member left above a cap lowered by new rules can always come down."""
    limits = HoldingLimits(maximum_holding_pence=1_000, individual_cap_pence=1_000)
    assert breach({INVESTOR: Holding(5_000, 0)}, INVESTOR, -100, limits=limits) is None
    assert breach({INVESTOR: Holding(5_000, 0)}, INVESTOR, 1, limits=limits) == Breach(
        BreachKind.ABOVE_MAXIMUM_HOLDING, 500_100
    )
