"""The pure rules of joint bids: counting an answer against its limit, the coverage matrix,
over-commitment, the price roll-up and its checks, approvals in date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tendering import rules
from tendering.rules import CommitmentFacts, LotFacts, ParticipantFacts, PriceFacts

D = Decimal

# --- Limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("One", 1),
        ("Care at home, in Welsh.", 5),
        ("  leading   and trailing  ", 3),
        ("line\nbreaks\r\ncount\ras spaces", 5),
        ("person-centred care", 2),  # a hyphenated word is one word
        ("£21.50 an hour, 24/7", 4),  # figures are words
        ("rota – on call", 4),  # a dash between spaces counts, as portals count it
        ("Gofal cartref ym Mhowys wledig", 5),
    ],
)
def test_words_are_runs_of_non_space_characters(text, words):
    assert rules.word_count(text) == words


@pytest.mark.parametrize(
    ("text", "characters"),
    [
        ("", 0),
        ("abc", 3),
        ("a b", 3),  # spaces count
        ("a\nb", 3),
        ("a\r\nb", 3),  # a Windows line break is one character
        ("a\rb", 3),
        ("Dŵr", 3),  # precomposed ŵ
        ("Dw\u0302r", 3),  # w + combining circumflex: still one letter
        ("tŷ bach", 7),
    ],
)
def test_characters_count_spaces_and_each_line_break_and_accented_letter_once(text, characters):
    assert rules.character_count(text) == characters


def test_measure_counts_by_the_kind_of_limit():
    text = "Four words of text"
    assert rules.measure(text, "words") == 4
    assert rules.measure(text, "characters") == 18
    assert rules.measure(text, "pages", pages=3) == 3
    assert rules.measure(text, "pages") == 0
    assert rules.measure(text, "none") == 0


@pytest.mark.parametrize(
    ("text", "kind", "limit", "pages", "within"),
    [
        ("one two three", "words", 3, None, True),  # exactly at the limit
        ("one two three four", "words", 3, None, False),
        ("x" * 200, "characters", 200, None, True),
        ("x" * 201, "characters", 200, None, False),
        ("", "pages", 4, 4, True),
        ("", "pages", 4, 5, False),
        ("", "pages", 4, None, True),  # nothing uploaded is not over the limit
        ("word " * 10_000, "none", None, None, True),
        ("one two", "words", None, None, True),  # no limit given
    ],
)
def test_within_limit(text, kind, limit, pages, within):
    assert rules.within_limit(text, kind, limit, pages) is within


# --- Coverage ------------------------------------------------------------------------------

LOT1 = LotFacts(lot_id=1, number=1, estimated_hours=D("100"), role="primary")
LOT2 = LotFacts(lot_id=2, number=2, estimated_hours=D("60"), role="secondary")
LOT3 = LotFacts(lot_id=3, number=3, estimated_hours=D("40"), role="primary")


def member(pid: int, **kw: object) -> ParticipantFacts:
    values: dict = {
        "participant_id": pid,
        "name": f"Co-op {pid}",
        "allowed_lots": frozenset(),
        "max_hours": None,
        "capacity_hours": None,
        "committed_elsewhere": D(0),
    }
    values.update(kw)
    return ParticipantFacts(**values)


def test_the_coverage_matrix_sums_each_lots_hours_against_the_estimate():
    commitments = [
        CommitmentFacts(10, 1, D("60"), "primary"),
        CommitmentFacts(20, 1, D("40.5"), "secondary"),
        CommitmentFacts(20, 2, D("35"), "secondary"),
    ]

    cover = rules.coverage([LOT1, LOT2, LOT3], commitments, [member(10), member(20)])

    rows = {row.lot.number: row for row in cover.lots}
    assert list(rows) == [1, 2, 3]  # no lots named: every lot counts
    assert (rows[1].committed, rows[1].gap, rows[1].has_primary, rows[1].is_covered) == (
        D("100.5"),
        D("0"),
        True,
        True,
    )
    assert rows[1].by_participant == {10: D("60"), 20: D("40.5")}
    # Lot 2: 35 of 60 hours, and only a secondary provider.
    assert (rows[2].committed, rows[2].gap, rows[2].has_primary, rows[2].is_covered) == (
        D("35"),
        D("25"),
        False,
        False,
    )
    assert (rows[3].committed, rows[3].gap, rows[3].is_covered) == (D("0"), D("40"), False)
    assert cover.is_met is False


def test_only_the_lots_bid_for_are_in_the_matrix():
    commitments = [CommitmentFacts(10, 1, D("100"), "primary")]

    cover = rules.coverage([LOT1, LOT2, LOT3], commitments, [member(10)], bid_lot_ids=[1])

    assert [row.lot.number for row in cover.lots] == [1]
    assert cover.is_met is True


def test_a_lot_covered_in_hours_without_a_primary_provider_is_not_covered():
    commitments = [
        CommitmentFacts(10, 1, D("50"), "secondary"),
        CommitmentFacts(20, 1, D("50"), "secondary"),
    ]

    cover = rules.coverage([LOT1], commitments, [member(10), member(20)])

    assert (cover.lots[0].gap, cover.lots[0].has_primary, cover.is_met) == (D(0), False, False)


def test_a_plan_outside_a_co_ops_approved_lots_breaks_its_conditions():
    commitments = [
        CommitmentFacts(10, 1, D("100"), "primary"),
        CommitmentFacts(10, 2, D("60"), "primary"),
    ]

    cover = rules.coverage(
        [LOT1, LOT2], commitments, [member(10, allowed_lots=frozenset({1}))], bid_lot_ids=[1, 2]
    )

    assert cover.conditions_broken == [(10, "lots")]
    assert all(row.is_covered for row in cover.lots)
    assert cover.is_met is False


def test_more_hours_than_approved_break_the_conditions_and_exactly_as_many_do_not():
    commitments = [
        CommitmentFacts(10, 1, D("100"), "primary"),
        CommitmentFacts(10, 2, D("60"), "primary"),
    ]

    exactly = rules.coverage([LOT1, LOT2], commitments, [member(10, max_hours=D("160"))])
    above = rules.coverage([LOT1, LOT2], commitments, [member(10, max_hours=D("159.99"))])

    assert exactly.conditions_broken == []
    assert exactly.is_met is True
    assert above.conditions_broken == [(10, "hours")]


def test_a_co_op_is_over_committed_when_this_and_its_other_open_bids_exceed_its_capacity():
    commitments = [CommitmentFacts(10, 1, D("100"), "primary")]

    # 100 here + 60 in other open bids = 160 hours against a declared capacity of 150.
    over = rules.coverage(
        [LOT1],
        commitments,
        [member(10, capacity_hours=D("150"), committed_elsewhere=D("60"))],
    )
    at_capacity = rules.coverage(
        [LOT1],
        commitments,
        [member(10, capacity_hours=D("160"), committed_elsewhere=D("60"))],
    )
    undeclared = rules.coverage([LOT1], commitments, [member(10, committed_elsewhere=D("900"))])

    assert over.over_committed == [(10, D("160"), D("150"))]
    assert over.is_met is False
    assert at_capacity.over_committed == []
    assert at_capacity.is_met is True
    assert undeclared.over_committed == []  # nothing declared: nothing to exceed


# --- Prices --------------------------------------------------------------------------------


def line(pid: int, rate: int, *, lot: int = 1, pay: int = 1500, kind: str = "standard"):
    return PriceFacts(
        participant_id=pid, lot_id=lot, rate_type=kind, pay_pence=pay, rate_pence=rate
    )


def test_the_consolidated_rate_weights_each_members_rate_by_its_hours():
    # (2400 × 30 + 2300 × 10) / 40 = (72000 + 23000) / 40 = 2375
    assert rules.consolidated_rate([line(1, 2400), line(2, 2300)], {1: D(30), 2: D(10)}) == 2375


def test_the_consolidated_rate_is_rounded_half_up_to_a_penny():
    # (2401 × 1 + 2400 × 1) / 2 = 2400.5 → 2401
    assert rules.consolidated_rate([line(1, 2401), line(2, 2400)], {1: D(1), 2: D(1)}) == 2401
    # (2400 × 2 + 2401 × 1) / 3 = 2400.33… → 2400
    assert rules.consolidated_rate([line(1, 2400), line(2, 2401)], {1: D(2), 2: D(1)}) == 2400
    # (2400 × 1 + 2401 × 2) / 3 = 2400.67… → 2401
    assert rules.consolidated_rate([line(1, 2400), line(2, 2401)], {1: D(1), 2: D(2)}) == 2401


def test_a_member_without_hours_on_the_lot_does_not_weigh_in_the_rate():
    assert rules.consolidated_rate([line(1, 2400), line(2, 9000)], {1: D(10)}) == 2400


def test_with_no_hours_committed_the_rate_is_the_plain_average():
    assert rules.consolidated_rate([line(1, 2400), line(2, 2301)], {}) == 2351  # 2350.5 up


def test_no_lines_no_rate():
    assert rules.consolidated_rate([], {1: D(10)}) is None


def test_a_year_of_a_rate_is_rate_times_hours_times_52_rounded_half_up():
    assert rules.yearly_value(2350, D("20")) == 2_444_000
    assert rules.yearly_value(1, D("0.01")) == 1  # 0.52p → 1p
    assert rules.yearly_value(1, D("0.005")) == 0  # 0.26p → 0p


def _problems(lines, *, ceiling=3000, value_ceiling=None, hours=None, floor=1345):
    return rules.price_problems(
        lines,
        rate_ceilings={1: ceiling},
        value_ceilings={1: value_ceiling},
        lot_hours={1: D("20")},
        pay_floor_pence=floor,
        committed=hours if hours is not None else {(1, 1): D(10), (2, 1): D(10)},
    )


def test_a_dear_member_balanced_by_the_others_keeps_the_consolidated_rate_under_the_ceiling():
    # (3200 × 10 + 2700 × 10) / 20 = 2950 ≤ 3000: no problem, though one member is above.
    assert _problems([line(1, 3200), line(2, 2700)]) == []


def test_the_consolidated_rate_above_the_ceiling_is_a_problem():
    # (3200 × 10 + 2900 × 10) / 20 = 3050 > 3000
    assert _problems([line(1, 3200), line(2, 2900)]) == [
        rules.PriceProblem(1, "standard", None, "above_ceiling", 3050, 3000)
    ]


def test_the_ceiling_itself_is_allowed():
    assert _problems([line(1, 3100), line(2, 2900)]) == []  # exactly 3000


def test_pay_below_the_floor_is_a_problem_of_that_member():
    assert _problems([line(1, 2400, pay=1344), line(2, 2400, pay=1345)]) == [
        rules.PriceProblem(1, "standard", 1, "below_pay_floor", 1344, 1345)
    ]


def test_a_yearly_value_above_the_value_ceiling_is_a_problem_for_standard_hours():
    # 2350 × 20 hours × 52 weeks = 2,444,000p
    lines = [line(1, 2400), line(2, 2300)]
    assert _problems(lines, value_ceiling=2_444_000) == []
    assert _problems(lines, value_ceiling=2_443_999) == [
        rules.PriceProblem(1, "standard", None, "above_value_ceiling", 2_444_000, 2_443_999)
    ]
    unsocial = [line(1, 2900, kind="unsocial"), line(2, 2800, kind="unsocial")]
    assert _problems(unsocial, value_ceiling=1) == []


def test_each_rate_type_is_rolled_up_and_checked_on_its_own():
    lines = [
        line(1, 2400),
        line(2, 2300),
        line(1, 3200, kind="unsocial"),
        line(2, 3000, kind="unsocial"),
    ]
    # unsocial: (3200 + 3000) / 2 = 3100 > 3000; standard: 2350.
    assert _problems(lines) == [
        rules.PriceProblem(1, "unsocial", None, "above_ceiling", 3100, 3000)
    ]


def test_no_ceiling_no_ceiling_problem():
    assert _problems([line(1, 9000), line(2, 9000)], ceiling=None) == []


# --- Approvals and weights ----------------------------------------------------------------

DAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("approved", "expires", "in_date"),
    [
        (None, None, False),  # never approved
        (DAY, None, True),  # no expiry
        (DAY, DAY, True),  # the last day of an approval still counts
        (DAY - dt.timedelta(days=30), DAY - dt.timedelta(days=1), False),  # expired
        (DAY + dt.timedelta(days=1), None, False),  # not given yet
    ],
)
def test_an_approval_is_in_date_from_the_day_given_to_the_day_it_expires(
    approved, expires, in_date
):
    assert rules.approval_in_date(approved, expires, DAY) is in_date


def test_weights_total():
    assert rules.weights_total([60, 30, 10]) == 100
    assert rules.weights_total([]) == 0


def test_a_bid_with_no_lots_named_bid_for_covers_nothing():
    cover = rules.coverage([LOT1, LOT2], [], [member(10)], bid_lot_ids=[])
    assert (cover.lots, cover.is_met) == ([], True)
