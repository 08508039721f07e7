"""The pure rules of voting (`voting.rules`): every figure can be checked by hand.

Each case states its arithmetic in a comment. No database: the rules take plain values.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from voting.rules import (
    ABSTAIN,
    AGAINST,
    CARRIED,
    FOR,
    LOST,
    MORE_THAN_HALF,
    THREE_QUARTERS,
    TWO_THIRDS,
    ClassWeighting,
    ResolutionRule,
    tally_resolution,
    threshold_met,
)

USERS, WORKERS, SUPPORTERS, INVESTORS = 1, 2, 3, 4
PLAIN = ClassWeighting()
DEFAULT_RULE = ResolutionRule()


def tally(
    votes_by_class,
    rule=DEFAULT_RULE,
    weighting=PLAIN,
    voted=None,
    electorate=100,
    casting_vote="",
):
    if voted is None:
        voted = sum(sum(v.values()) for v in votes_by_class.values())
    return tally_resolution(
        votes_by_class=votes_by_class,
        rule=rule,
        weighting=weighting,
        voted=voted,
        electorate=electorate,
        casting_vote=casting_vote,
    )


def one_class(for_: int, against: int, abstain: int = 0) -> dict[int, dict[str, int]]:
    return {USERS: {FOR: for_, AGAINST: against, ABSTAIN: abstain}}


# --- Thresholds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes_for", "base", "threshold", "met"),
    [
        # More than half is strict: 2 of 4 is exactly half, not more.
        (2, 4, MORE_THAN_HALF, False),
        (3, 5, MORE_THAN_HALF, True),  # 3/5 = 60% > 50%
        (1, 2, MORE_THAN_HALF, False),  # 1/2 = 50%, not more
        (51, 101, MORE_THAN_HALF, True),  # 51/101 = 50.495% > 50%
        # Two thirds is inclusive: 2 of 3 is exactly two thirds → met.
        (2, 3, TWO_THIRDS, True),
        (4, 6, TWO_THIRDS, True),  # 4/6 = 2/3
        (5, 8, TWO_THIRDS, False),  # 5/8 = 62.5% < 66.67%
        (66, 100, TWO_THIRDS, False),  # 66% < 66.67%
        (67, 100, TWO_THIRDS, True),  # 67% ≥ 66.67%
        # Three quarters is inclusive: 3 of 4 is exactly three quarters → met.
        (3, 4, THREE_QUARTERS, True),
        (2, 3, THREE_QUARTERS, False),  # 66.67% < 75%
        (74, 99, THREE_QUARTERS, False),  # 74/99 = 74.75% < 75%
        (75, 100, THREE_QUARTERS, True),
        # Nothing is carried on an empty base.
        (0, 0, MORE_THAN_HALF, False),
        (0, 0, TWO_THIRDS, False),
    ],
)
def test_threshold_met(votes_for, base, threshold, met):
    assert threshold_met(Fraction(votes_for), Fraction(base), threshold) is met


def test_two_for_one_against_is_exactly_two_thirds_and_carried():
    # 2 / (2 + 1) = 2/3 exactly; two thirds is "at least" → carried.
    result = tally(one_class(2, 1), ResolutionRule(threshold=TWO_THIRDS))
    assert result.outcome == CARRIED
    assert result.share_for == Fraction(2, 3)
    assert result.reasons == ["threshold"]
    assert result.is_tie is False


def test_three_for_one_against_is_exactly_three_quarters_and_carried():
    # 3 / (3 + 1) = 3/4 exactly → carried for three quarters.
    result = tally(one_class(3, 1), ResolutionRule(threshold=THREE_QUARTERS))
    assert result.outcome == CARRIED
    assert result.share_for == Fraction(3, 4)


def test_two_for_one_against_misses_three_quarters():
    # 2/3 = 66.67% < 75% → lost on the threshold.
    result = tally(one_class(2, 1), ResolutionRule(threshold=THREE_QUARTERS))
    assert result.outcome == LOST
    assert result.reasons == ["threshold"]


def test_one_for_one_against_is_a_tie_lost_without_a_casting_vote():
    # 1 for, 1 against: 1/2 is not more than half, and for = against → a tie; the rules give
    # the chair no casting vote → lost.
    result = tally(one_class(1, 1))
    assert result.outcome == LOST
    assert result.is_tie is True
    assert result.reasons == ["tie"]
    assert result.casting_vote == ""


def test_a_tie_on_a_two_thirds_resolution_is_simply_not_carried():
    # 1/1 = 50% < 66.67%: lost on the threshold; a casting vote could not carry it anyway.
    result = tally(one_class(1, 1), ResolutionRule(threshold=TWO_THIRDS, chair_casting_vote=True))
    assert result.outcome == LOST
    assert result.is_tie is False
    assert result.reasons == ["threshold"]


def test_more_than_half_carried_and_lost():
    # 3 for, 2 against: 3/5 = 60% > 50% → carried; 2 for, 3 against: 40% → lost.
    assert tally(one_class(3, 2)).outcome == CARRIED
    lost = tally(one_class(2, 3))
    assert lost.outcome == LOST
    assert lost.reasons == ["threshold"]


def test_no_votes_for_or_against_is_lost():
    # Only abstentions, left out of the base: base = 0 → nothing to carry.
    result = tally(one_class(0, 0, 4))
    assert result.outcome == LOST
    assert result.reasons == ["no_votes"]
    assert result.base == 0


# --- Abstentions ----------------------------------------------------------------------------


def test_abstentions_left_out_of_the_base():
    # 3 for, 2 against, 2 abstain; base = 3 + 2 = 5; 3/5 = 60% > 50% → carried.
    result = tally(one_class(3, 2, 2), ResolutionRule(abstentions_in_base=False))
    assert result.base == 5
    assert result.share_for == Fraction(3, 5)
    assert result.outcome == CARRIED


def test_abstentions_counted_in_the_base():
    # Same votes, abstentions in the base: base = 3 + 2 + 2 = 7; 3/7 = 42.9% → lost.
    result = tally(one_class(3, 2, 2), ResolutionRule(abstentions_in_base=True))
    assert result.base == 7
    assert result.share_for == Fraction(3, 7)
    assert result.outcome == LOST
    assert result.reasons == ["threshold"]


def test_special_resolution_with_abstentions_in_and_out_of_the_base():
    # 4 for, 2 against, 3 abstain. Out: 4/6 = 2/3 → carried (inclusive). In: 4/9 → lost.
    out = tally(one_class(4, 2, 3), ResolutionRule(threshold=TWO_THIRDS))
    within = tally(
        one_class(4, 2, 3), ResolutionRule(threshold=TWO_THIRDS, abstentions_in_base=True)
    )
    assert (out.outcome, out.base) == (CARRIED, 6)
    assert (within.outcome, within.base) == (LOST, 9)


def test_equal_for_and_against_with_abstentions_in_the_base_is_not_a_tie():
    # 5 for, 5 against, 1 abstain, abstentions in the base: 5/11 < 1/2. A casting vote for
    # would give 6/12 = 1/2, still not more than half: not a tie but a plain loss.
    result = tally(
        one_class(5, 5, 1), ResolutionRule(abstentions_in_base=True, chair_casting_vote=True)
    )
    assert result.is_tie is False
    assert result.outcome == LOST
    assert result.reasons == ["threshold"]


# --- Turnout floor --------------------------------------------------------------------------


def test_turnout_floor_met_exactly():
    # 5 voted of an electorate of 10 = 50% ≥ floor 50% → counted; 4 for 1 against → carried.
    result = tally(
        one_class(4, 1), ResolutionRule(turnout_floor_percent=Decimal("50")), voted=5, electorate=10
    )
    assert result.turnout_met is True
    assert result.outcome == CARRIED


def test_turnout_floor_missed():
    # 4 voted of 10 = 40% < 50% → lost whatever the votes (4 for, 0 against).
    result = tally(
        one_class(4, 0), ResolutionRule(turnout_floor_percent=Decimal("50")), voted=4, electorate=10
    )
    assert result.turnout_met is False
    assert result.outcome == LOST
    assert result.reasons == ["turnout_floor"]


def test_turnout_floor_counts_abstainers_as_voters():
    # 2 for, 0 against, 3 abstain: 5 of 10 voted = 50% ≥ 50% → met; 2/2 → carried.
    result = tally(
        one_class(2, 0, 3),
        ResolutionRule(turnout_floor_percent=Decimal("50")),
        voted=5,
        electorate=10,
    )
    assert result.turnout_met is True
    assert result.outcome == CARRIED


def test_turnout_floor_with_a_fractional_percentage():
    # Floor 33.4%: 1 of 3 = 33.33% < 33.4% → missed; 2 of 6 likewise; 167 of 500 = 33.4% met.
    rule = ResolutionRule(turnout_floor_percent=Decimal("33.4"))
    assert tally(one_class(1, 0), rule, voted=1, electorate=3).turnout_met is False
    assert tally(one_class(167, 0), rule, voted=167, electorate=500).turnout_met is True


def test_no_turnout_floor_always_met():
    assert tally(one_class(1, 0), voted=1, electorate=1000).turnout_met is True
