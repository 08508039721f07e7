"""Pure rules (`voting.rules`): the chair's casting vote on a tie, a choice of k from n
(lots from the seed), turnout and the smallest group shown apart, and eligibility.
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
    ClassWeighting,
    ResolutionRule,
    VoterFacts,
    tally_choice,
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
