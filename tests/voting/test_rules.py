"""The pure rules of voting (`voting.rules`): every figure can be checked by hand.

Each case states its arithmetic in a comment. No database: the rules take plain values.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from voting import rules
from voting.rules import (
    ABSTAIN,
    AGAINST,
    AWAITING_CASTING_VOTE,
    CARRIED,
    FOR,
    LOST,
    MORE_THAN_HALF,
    THREE_QUARTERS,
    TWO_THIRDS,
    ClassWeighting,
    ResolutionRule,
    VoterFacts,
    class_multipliers,
    tally_choice,
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


# --- Majority in every class ----------------------------------------------------------------


def test_majority_in_every_class_failed_in_one_class():
    # Users 3 for 1 against (75%); workers 1 for 2 against (33%). Overall 4/7 = 57% > 50%,
    # but workers missed it → lost on the class majority.
    votes = {USERS: {FOR: 3, AGAINST: 1}, WORKERS: {FOR: 1, AGAINST: 2}}
    result = tally(votes, ResolutionRule(majority_in_every_class=True))
    assert result.share_for == Fraction(4, 7)
    assert result.outcome == LOST
    assert result.reasons == ["class_majority"]
    assert [(c.member_class, c.met) for c in result.classes] == [(USERS, True), (WORKERS, False)]


def test_majority_in_every_class_met():
    # Users 3/4, workers 2/3, supporters 2/3: each more than half → carried.
    votes = {
        USERS: {FOR: 3, AGAINST: 1},
        WORKERS: {FOR: 2, AGAINST: 1},
        SUPPORTERS: {FOR: 2, AGAINST: 1},
    }
    result = tally(votes, ResolutionRule(majority_in_every_class=True))
    assert result.outcome == CARRIED
    assert result.reasons == ["threshold", "class_majority"]
    assert all(c.met for c in result.classes)


def test_majority_in_every_class_ignores_a_class_that_only_abstained():
    # Supporters only abstained (base 0 in their class): they neither meet nor fail it.
    votes = {USERS: {FOR: 3, AGAINST: 1}, SUPPORTERS: {ABSTAIN: 4}}
    result = tally(votes, ResolutionRule(majority_in_every_class=True))
    assert result.outcome == CARRIED
    assert {c.member_class: c.met for c in result.classes} == {USERS: True, SUPPORTERS: None}


def test_majority_in_every_class_uses_the_resolutions_threshold():
    # Two thirds in each class: users 2/3 (met, inclusive), workers 3/5 = 60% (missed).
    votes = {USERS: {FOR: 2, AGAINST: 1}, WORKERS: {FOR: 3, AGAINST: 2}}
    result = tally(votes, ResolutionRule(threshold=TWO_THIRDS, majority_in_every_class=True))
    # Overall 5/8 = 62.5% < 2/3 already: the threshold decides first.
    assert result.outcome == LOST
    assert result.reasons == ["threshold"]
    assert {c.member_class: c.met for c in result.classes} == {USERS: True, WORKERS: False}


# --- Class weights --------------------------------------------------------------------------


def test_a_fixed_fifty_percent_class_ties_a_much_larger_class():
    # Workers hold a fixed 50% whatever their size; supporters hold the other 50%.
    # 2 workers for, 10 supporters against; 12 votes in all.
    # Workers: 50% of 12 = 6 → each worker's vote counts 6/2 = 3.
    # Supporters: 50% of 12 = 6 → each counts 6/10 = 0.6. For 6, against 6 → a tie → lost.
    weighting = ClassWeighting(fixed={WORKERS: Fraction(1, 2)})
    votes = {WORKERS: {FOR: 2}, SUPPORTERS: {AGAINST: 10}}
    result = tally(votes, weighting=weighting)
    assert {c.member_class: c.multiplier for c in result.classes} == {
        WORKERS: Fraction(3),
        SUPPORTERS: Fraction(3, 5),
    }
    assert result.weighted[FOR] == result.weighted[AGAINST] == Fraction(6)
    assert result.votes == {FOR: 2, AGAINST: 10, ABSTAIN: 0}
    assert result.is_tie is True
    assert result.outcome == LOST
    assert result.reasons == ["tie"]
    assert result.is_weighted is True


def test_fixed_fifty_percent_class_more_workers_still_tie_until_a_supporter_turns():
    # 3 workers for, 10 supporters against (13 votes): each class holds 13/2 → still 6.5 : 6.5,
    # a tie, however many workers there are. If 4 supporters vote for and 7 against instead
    # (14 votes), the supporters' half splits 4 : 7 and the resolution is carried.
    weighting = ClassWeighting(fixed={WORKERS: Fraction(1, 2)})
    tie = tally({WORKERS: {FOR: 3}, SUPPORTERS: {AGAINST: 10}}, weighting=weighting)
    assert tie.is_tie is True
    votes = {WORKERS: {FOR: 3}, SUPPORTERS: {FOR: 4, AGAINST: 7}}
    result = tally(votes, weighting=weighting)
    # 14 votes; workers 7 → 7/3 each; supporters 7 → 7/11 each.
    # For = 3 × 7/3 + 4 × 7/11 = 7 + 28/11 = 105/11; against = 7 × 7/11 = 49/11.
    assert result.weighted[FOR] == Fraction(105, 11)
    assert result.weighted[AGAINST] == Fraction(49, 11)
    assert result.base == Fraction(14)
    assert result.outcome == CARRIED


def test_a_capped_class_with_many_votes_holds_at_most_its_cap():
    # Investors capped at 10%: 90 investors against, 10 users for (100 votes).
    # Uncapped, investors would hold 90%; pinned at 10% of 100 = 10 → each counts 10/90 = 1/9.
    # Users take the other 90% = 90 → each counts 9. For 90, against 10 → carried (90%).
    weighting = ClassWeighting(caps={INVESTORS: Fraction(1, 10)})
    votes = {USERS: {FOR: 10}, INVESTORS: {AGAINST: 90}}
    result = tally(votes, weighting=weighting)
    assert {c.member_class: c.multiplier for c in result.classes} == {
        USERS: Fraction(9),
        INVESTORS: Fraction(1, 9),
    }
    assert result.weighted[FOR] == 90
    assert result.weighted[AGAINST] == 10
    assert result.outcome == CARRIED


def test_a_cap_not_reached_changes_nothing():
    # Investors capped at 10%: 1 investor for, 19 users against: investors hold 1/20 = 5% < 10%
    # → every vote counts 1; for 1, against 19 → lost.
    weighting = ClassWeighting(caps={INVESTORS: Fraction(1, 10)})
    result = tally({USERS: {AGAINST: 19}, INVESTORS: {FOR: 1}}, weighting=weighting)
    assert all(c.multiplier == 1 for c in result.classes)
    assert result.outcome == LOST


def test_fixed_share_cap_and_the_rest_together():
    # Workers fixed 50%; investors capped 10%; supporters take the rest.
    # Votes: workers 2 against, supporters 10 for, investors 88 for (100 in all).
    # Workers: 50 of 100 → 25 each. The other 50%: investors would hold 88/98 of it (44.9%)
    # > 10% → pinned at 10; supporters get 40 → 4 each; investors 10/88 = 5/44 each.
    weighting = ClassWeighting(fixed={WORKERS: Fraction(1, 2)}, caps={INVESTORS: Fraction(1, 10)})
    votes = {WORKERS: {AGAINST: 2}, SUPPORTERS: {FOR: 10}, INVESTORS: {FOR: 88}}
    m = class_multipliers({WORKERS: 2, SUPPORTERS: 10, INVESTORS: 88}, weighting)
    assert m == {WORKERS: Fraction(25), SUPPORTERS: Fraction(4), INVESTORS: Fraction(5, 44)}
    result = tally(votes, weighting=weighting)
    # For = 10 × 4 + 88 × 5/44 = 40 + 10 = 50; against = 2 × 25 = 50 → a tie.
    assert result.weighted[FOR] == result.weighted[AGAINST] == 50
    assert result.is_tie is True


def test_a_class_that_cast_no_votes_holds_nothing_and_the_rest_scale_up():
    # Rules: users 40%, workers 40% fixed, supporters the remaining 20%. No user votes.
    # Workers (3 for) hold 40, supporters (6 against) 20: 60% in all, scaled up to the
    # whole in proportion → workers 2/3, supporters 1/3 of the 9 votes cast.
    # Workers: 6 → 2 each; supporters: 3 → 1/2 each. For 6, against 3 → 2/3 → carried.
    weighting = ClassWeighting(fixed={USERS: Fraction(2, 5), WORKERS: Fraction(2, 5)})
    votes = {WORKERS: {FOR: 3}, SUPPORTERS: {AGAINST: 6}}
    result = tally(votes, weighting=weighting)
    assert {c.member_class: c.multiplier for c in result.classes} == {
        WORKERS: Fraction(2),
        SUPPORTERS: Fraction(1, 2),
    }
    assert (result.weighted[FOR], result.weighted[AGAINST]) == (6, 3)
    assert result.outcome == CARRIED


def test_only_fixed_classes_voted_share_the_whole_in_proportion():
    # Users 40% and workers 40% fixed; supporters cast nothing. 40 : 40 scaled → 50 : 50.
    # Users 1 for, workers 4 against (5 votes): users 2.5 → 2.5 each; workers 2.5 → 0.625.
    weighting = ClassWeighting(fixed={USERS: Fraction(2, 5), WORKERS: Fraction(2, 5)})
    m = class_multipliers({USERS: 1, WORKERS: 4}, weighting)
    assert m == {USERS: Fraction(5, 2), WORKERS: Fraction(5, 8)}
    assert tally({USERS: {FOR: 1}, WORKERS: {AGAINST: 4}}, weighting=weighting).is_tie is True


def test_scaling_up_keeps_a_capped_class_at_its_cap():
    # Users fixed 40% (cast nothing); investors capped 10%; supporters the rest (60%).
    # Investors 50 for, supporters 50 against. The 60% left: investors would hold 30% > 10%
    # → pinned at 10%, supporters 50%. Held 60%: scaling up gives supporters the 40% the users
    # left, investors stay at their 10% cap → supporters 90, investors 10 of 100.
    weighting = ClassWeighting(fixed={USERS: Fraction(2, 5)}, caps={INVESTORS: Fraction(1, 10)})
    m = class_multipliers({INVESTORS: 50, SUPPORTERS: 50}, weighting)
    assert m == {INVESTORS: Fraction(1, 5), SUPPORTERS: Fraction(9, 5)}


def test_a_class_alone_holds_the_whole_vote():
    # Only investors (capped 10%) voted: the cap cannot hold with no one else → weight 1.
    weighting = ClassWeighting(caps={INVESTORS: Fraction(1, 10)})
    assert class_multipliers({INVESTORS: 7}, weighting) == {INVESTORS: Fraction(1)}


def test_weighted_totals_keep_the_raw_scale():
    # sum(multiplier × votes) = votes cast, whatever the weighting.
    weighting = ClassWeighting(
        fixed={USERS: Fraction(2, 5), WORKERS: Fraction(2, 5)}, caps={INVESTORS: Fraction(1, 10)}
    )
    base = {USERS: 7, WORKERS: 3, SUPPORTERS: 11, INVESTORS: 40}
    m = class_multipliers(base, weighting)
    assert sum(m[c] * v for c, v in base.items()) == sum(base.values())


def test_plain_weighting_counts_every_vote_once():
    assert class_multipliers({USERS: 3, WORKERS: 5}, PLAIN) == {USERS: 1, WORKERS: 1}
    assert class_multipliers({}, PLAIN) == {}


def test_weighting_from_the_rules_percentages():
    weighting = ClassWeighting.from_percentages(
        {USERS: Decimal("40"), WORKERS: Decimal("12.5"), SUPPORTERS: None},
        {INVESTORS: Decimal("10"), USERS: None},
    )
    assert weighting.fixed == {USERS: Fraction(2, 5), WORKERS: Fraction(1, 8)}
    assert weighting.caps == {INVESTORS: Fraction(1, 10)}
    assert ClassWeighting.from_percentages({USERS: None}, {}).is_plain is True


# --- Casting vote ---------------------------------------------------------------------------


def test_a_tie_awaits_the_chairs_casting_vote_where_the_rules_give_one():
    # 2 for, 2 against, chair has a casting vote not yet given → awaiting.
    result = tally(one_class(2, 2), ResolutionRule(chair_casting_vote=True))
    assert result.outcome == AWAITING_CASTING_VOTE
    assert result.reasons == ["tie"]


def test_the_chairs_casting_vote_decides_a_tie():
    rule = ResolutionRule(chair_casting_vote=True)
    carried = tally(one_class(2, 2), rule, casting_vote="for")
    lost = tally(one_class(2, 2), rule, casting_vote="against")
    assert (carried.outcome, carried.reasons, carried.casting_vote) == (
        CARRIED,
        ["tie", "casting_vote"],
        "for",
    )
    assert (lost.outcome, lost.reasons, lost.casting_vote) == (
        LOST,
        ["tie", "casting_vote"],
        "against",
    )


def test_a_casting_vote_without_a_tie_is_ignored():
    # 3 for, 1 against is carried; a recorded casting vote "against" plays no part.
    result = tally(one_class(3, 1), ResolutionRule(chair_casting_vote=True), casting_vote="against")
    assert result.outcome == CARRIED
    assert result.casting_vote == ""


def test_a_casting_vote_is_ignored_where_the_rules_give_none():
    result = tally(one_class(2, 2), ResolutionRule(chair_casting_vote=False), casting_vote="for")
    assert result.outcome == LOST
    assert result.reasons == ["tie"]


def test_a_weighted_tie_awaits_the_casting_vote():
    # The 50% workers tie above (6 : 6) with a casting vote in the rules.
    weighting = ClassWeighting(fixed={WORKERS: Fraction(1, 2)})
    result = tally(
        {WORKERS: {FOR: 2}, SUPPORTERS: {AGAINST: 10}},
        ResolutionRule(chair_casting_vote=True),
        weighting=weighting,
    )
    assert result.outcome == AWAITING_CASTING_VOTE


def test_turnout_floor_decides_before_a_tie():
    # 1 : 1 with 2 of 10 voting (20%) under a 25% floor → lost on turnout, not a tie.
    result = tally(
        one_class(1, 1),
        ResolutionRule(turnout_floor_percent=Decimal("25"), chair_casting_vote=True),
        voted=2,
        electorate=10,
    )
    assert result.outcome == LOST
    assert result.reasons == ["turnout_floor"]


# --- Choice of k from n ---------------------------------------------------------------------


def test_choice_the_most_votes_win():
    # Options 11, 12, 13, 14 with 5, 9, 2, 7 votes; 2 places → 12 (9) and 14 (7).
    result = tally_choice(
        counts={11: 5, 12: 9, 13: 2, 14: 7}, options=[11, 12, 13, 14], seats=2, seed="s"
    )
    assert result.elected == [12, 14]
    assert result.tie_broken_by_lot is False


def test_choice_tie_inside_the_places_needs_no_lot():
    # 12 and 14 tie on 7 for 2 places, 11 behind on 5: both elected, no lot.
    result = tally_choice(counts={11: 5, 12: 7, 14: 7}, options=[11, 12, 14], seats=2, seed="s")
    assert result.elected == [12, 14]
    assert result.tie_broken_by_lot is False


def test_choice_tie_for_the_last_place_is_decided_by_lot_from_the_seed():
    # 11 leads with 9; 12, 13 and 14 tie on 4 for the one place left → a lot among them,
    # drawn with random.Random(seed).sample([12, 13, 14], 1) (Python's Mersenne Twister,
    # seeded from the seed's text, stable across Python versions).
    counts = {11: 9, 12: 4, 13: 4, 14: 4}
    opts = [11, 12, 13, 14]
    results = {
        seed: tally_choice(counts=counts, options=opts, seats=2, seed=seed)
        for seed in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")
    }
    for seed, result in results.items():
        assert result.tie_broken_by_lot is True
        assert result.seed == seed
        assert result.elected[0] == 11
        assert result.elected[1] in (12, 13, 14)
        assert result.elected[1:] == random.Random(seed).sample([12, 13, 14], 1)
        # The same seed always draws the same lot.
        again = tally_choice(counts=counts, options=opts, seats=2, seed=seed)
        assert again.elected == result.elected
    # It is a real lot: different seeds do not all pick the same option.
    assert len({r.elected[1] for r in results.values()}) > 1


def test_choice_with_no_more_options_than_places_elects_them_all():
    result = tally_choice(counts={11: 0, 12: 3}, options=[11, 12], seats=2, seed="s")
    assert result.elected == [12, 11]
    assert result.tie_broken_by_lot is False


def test_choice_places_filled_by_lot_among_options_with_no_votes():
    # One vote for 11; 12 and 13 on 0 tie for the second place → lot.
    result = tally_choice(counts={11: 1}, options=[11, 12, 13], seats=2, seed="x")
    assert result.elected[0] == 11
    assert result.elected[1] in (12, 13)
    assert result.tie_broken_by_lot is True


def test_turnout_and_breakdown_threshold():
    assert rules.turnout_percent(1, 3) == Fraction(100, 3)
    assert rules.turnout_percent(0, 0) == 0
    # No breakdown by class or group for fewer than 5 voters.
    assert rules.may_show_breakdown(4) is False
    assert rules.may_show_breakdown(5) is True


# --- Eligibility ----------------------------------------------------------------------------


def facts(**changes: object) -> VoterFacts:
    base: dict[str, object] = {
        "entered_by_record_date": True,
        "ceased_by_record_date": False,
        "suspended": False,
        "paid_qualifying_pence": 100,
        "required_paid_pence": 100,
        "age": 30,
        "minimum_age": 16,
        "class_may_vote": True,
    }
    base.update(changes)
    return VoterFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, ""),
        ({"entered_by_record_date": False}, rules.NOT_A_MEMBER),
        ({"ceased_by_record_date": True}, rules.CEASED),
        ({"suspended": True}, rules.SUSPENDED),
        ({"paid_qualifying_pence": 99}, rules.UNPAID),  # 99p paid of £1.00 needed
        ({"age": 15}, rules.UNDER_AGE),  # 15 < 16
        ({"age": 16}, ""),  # 16 is old enough
        ({"age": None}, ""),  # no date of birth given: not checked
        ({"class_may_vote": False}, rules.CLASS_EXCLUDED),
        # Several reasons: the first in the order membership, standing, the ballot's limits.
        ({"entered_by_record_date": False, "suspended": True, "age": 10}, rules.NOT_A_MEMBER),
        ({"ceased_by_record_date": True, "paid_qualifying_pence": 0}, rules.CEASED),
        ({"suspended": True, "paid_qualifying_pence": 0}, rules.SUSPENDED),
        ({"paid_qualifying_pence": 0, "age": 12}, rules.UNPAID),
        ({"age": 12, "class_may_vote": False}, rules.UNDER_AGE),
    ],
)
def test_ineligibility_reasons_in_order(changes, reason):
    assert rules.ineligibility(facts(**changes)) == reason


def test_preferences_are_numbered_with_welsh_ordinals_in_welsh():
    from django.utils import translation

    from voting.forms.paper import preference_label

    with translation.override("cy"):
        assert [preference_label(n) for n in (1, 2, 3, 5, 8, 11, 21)] == [
            "Dewis 1af",
            "Dewis 2il",
            "Dewis 3ydd",
            "Dewis 5ed",
            "Dewis 8fed",
            "Dewis 11eg",
            "Dewis 21",
        ]
    with translation.override("en-gb"):
        assert preference_label(2) == "2nd preference"
