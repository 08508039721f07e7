"""Pure rules of a resolution by member class (`voting.rules`): a majority in every class,
and the weights the rules give each class (fixed shares, caps).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from voting.rules import (
    ABSTAIN,
    AGAINST,
    CARRIED,
    FOR,
    LOST,
    TWO_THIRDS,
    ClassWeighting,
    ResolutionRule,
    class_multipliers,
    tally_resolution,
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
