"""Tests for the Scottish STV count engine (no database, no Django).

The small elections are worked out by hand in the comments; every number
asserted can be checked with pencil and paper.  Candidate letters are names;
in ballots they are written by index (A=0, B=1, ...).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.shared_data import find_shared_data
from voting.stv import (
    Ballot,
    count_stv,
    format_value,
    parse_value,
)

EDINBURGH = (find_shared_data() or Path("/nonexistent")) / "stv" / "edinburgh-2017"
A, B, C, D, E = range(5)


def ballots(*spec: tuple[int, tuple[int, ...]]) -> list[Ballot]:
    return [Ballot(weight=w, preferences=p) for w, p in spec]


def stage_totals_balance(result) -> bool:
    """Candidates' votes plus non-transferable = valid papers, at every stage."""
    return all(
        sum(parse_value(v) for v in s.votes.values()) + parse_value(s.non_transferable)
        == result.valid_papers * 100_000
        for s in result.stages
    )


# --------------------------------------------------------------------- helpers
def test_format_and_parse_value():
    assert format_value(0) == "0.00000"
    assert format_value(123_456_789) == "1234.56789"
    assert format_value(1) == "0.00001"
    assert parse_value("1234.00000") == 123_400_000
    assert parse_value("0.16666") == 16_666
    assert parse_value("7") == 700_000


# ----------------------------------------------------------------------- quota
@pytest.mark.parametrize(
    ("papers", "seats", "quota"),
    [
        (100, 3, "26.00000"),  # 100 / 4 = 25, + 1 = 26
        (103, 2, "35.00000"),  # 103 / 3 = 34.33.., decimals ignored -> 34, + 1 = 35
        (14207, 4, "2842.00000"),  # Almond 2017: 14207 / 5 = 2841.4 -> 2841 + 1
        (9, 1, "5.00000"),  # 9 / 2 = 4.5 -> 4 + 1
    ],
)
def test_quota(papers, seats, quota):
    # One paper each for A, the rest for B; plus enough other candidates.
    result = count_stv(
        candidates=["A", "B", "C", "D", "E"],
        ballots=ballots((1, (A,)), (papers - 1, (B,))),
        seats=seats,
        seed="s",
    )
    assert result.quota == quota
    assert result.valid_papers == papers


def test_quota_counts_only_valid_papers():
    # Papers whose only preferences are for withdrawn candidates are not valid
    # papers: 10 valid papers, 1 seat -> 10 / 2 + 1 = 6.
    result = count_stv(
        candidates=["A", "B", "C"],
        ballots=ballots((6, (A,)), (4, (B,)), (5, (C,))),
        seats=1,
        seed="s",
        withdrawn=[C],
    )
    assert result.valid_papers == 10
    assert result.quota == "6.00000"


# ------------------------------------------------- surplus, then an exclusion
def test_surplus_with_truncation_then_exclusion():
    # Ballots:  7 A>B>C, 3 A>C, 2 A, 4 B>C, 5 C, 6 D.  2 seats.
    # Stage 1: A 12, B 4, C 5, D 6.  27 papers; quota = 27/3 + 1 = 10.
    #          A (12) is elected with a surplus of 2.
    # Stage 2: surplus of A.  Transfer value = 2 x 1 / 12 = 0.1666666..
    #          -> 0.16666 (five places, remainder ignored).
    #          B: 4 + 7 x 0.16666 = 5.16662; C: 5 + 3 x 0.16666 = 5.49998.
    #          A keeps the quota (10).  Non-transferable: the 2 "A only"
    #          papers (0.33332) + fractions lost (2 - 12 x 0.16666 = 0.00008)
    #          = 0.33340; check: 10 + 5.16662 + 5.49998 + 6 + 0.33340 = 27.
    # Stage 3: no surplus; B has fewest (5.16662) and is excluded.  Each of
    #          B's papers goes at the value B received it: 4 B>C at 1 and
    #          7 A>B>C at 0.16666 -> C: 5.49998 + 4 + 1.16662 = 10.66660,
    #          which reaches the quota: C is elected and the count ends.
    result = count_stv(
        candidates=["A", "B", "C", "D"],
        ballots=ballots((7, (A, B, C)), (3, (A, C)), (2, (A,)), (4, (B, C)), (5, (C,)), (6, (D,))),
        seats=2,
        seed="s",
    )
    assert result.quota == "10.00000"
    s1, s2, s3 = result.stages
    assert s1.action == "First preferences"
    assert s1.votes == {"A": "12.00000", "B": "4.00000", "C": "5.00000", "D": "6.00000"}
    assert s1.elected_this_stage == ["A"]
    assert s2.action == "Surplus of A transferred"
    assert s2.votes == {"A": "10.00000", "B": "5.16662", "C": "5.49998", "D": "6.00000"}
    assert s2.non_transferable == "0.33340"
    assert s3.action == "B excluded"
    assert s3.excluded_this_stage == ["B"]
    assert s3.votes == {"A": "10.00000", "B": "0.00000", "C": "10.66660", "D": "6.00000"}
    assert s3.non_transferable == "0.33340"
    assert s3.elected_this_stage == ["C"]
    assert result.elected == ["A", "C"]
    assert stage_totals_balance(result)


def test_truncation_can_keep_a_candidate_below_the_quota():
    # 6 A>B, 2 B, 2 C; 2 seats.  10 papers, quota = 10/3 + 1 = 4.
    # Stage 1: A 6 elected (surplus 2).  Stage 2: transfer value 2/6 =
    # 0.33333; B = 2 + 6 x 0.33333 = 3.99998 -- short of the quota.
    # Stage 3: C (2) excluded; only B continues for the one vacancy, so B is
    # deemed elected (rule 53) on 3.99998.
    result = count_stv(
        candidates=["A", "B", "C"],
        ballots=ballots((6, (A, B)), (2, (B,)), (2, (C,))),
        seats=2,
        seed="s",
    )
    assert result.stages[1].votes["B"] == "3.99998"
    assert result.stages[1].elected_this_stage == []
    assert result.stages[2].action == "C excluded"
    assert result.stages[2].elected_this_stage == ["B"]
    assert any("rule 53" in n for n in result.stages[2].notes)
    assert result.elected == ["A", "B"]


# -------------------------------------------------------------------- ties
def test_exclusion_tie_decided_by_most_recent_preceding_stage():
    # 10 A, 4 B, 5 C, 1 D>C, 2 D, 2 E>B; 1 seat.  24 papers, quota 13.
    # Stage 1: A 10, B 4, C 5, D 3, E 2.  Nobody elected.
    # Stage 2: E (2) excluded -> B 6.           (B 6, C 5)
    # Stage 3: D (3) excluded -> C 6, 2 papers non-transferable.  (B 6, C 6)
    # Stage 4: B and C tie on 6.  The most recent preceding stage at which
    #          they differed is stage 2 (B 6, C 5), so C is excluded.  (At
    #          stage 1, B had fewer -- a "first difference" rule would
    #          wrongly exclude B.)
    # Stage 5: B (6) excluded; A alone continues and is elected (rule 53).
    result = count_stv(
        candidates=["A", "B", "C", "D", "E"],
        ballots=ballots((10, (A,)), (4, (B,)), (5, (C,)), (1, (D, C)), (2, (D,)), (2, (E, B))),
        seats=1,
        seed="s",
    )
    assert [s.action for s in result.stages] == [
        "First preferences",
        "E excluded",
        "D excluded",
        "C excluded",
        "B excluded",
    ]
    assert result.stages[2].votes["B"] == result.stages[2].votes["C"] == "6.00000"
    notes = result.stages[3].notes
    assert len(notes) == 1
    assert "most recent preceding stage" in notes[0]
    assert "(stage 2)" in notes[0]
    assert "lot" not in notes[0]
    assert result.lots_drawn is False
    assert result.elected == ["A"]


def test_exclusion_tie_decided_by_lot_with_fixed_seed():
    # 3 A, 2 B, 2 C; 2 seats.  7 papers, quota = 7/3 + 1 = 3.
    # Stage 1: A (3) elected, no surplus.  B and C tie on 2 and there is no
    # preceding stage, so the one to exclude is drawn by lot from
    # random.Random(seed).choice([B, C]); the other wins the second seat.
    def run(seed):
        return count_stv(
            candidates=["A", "B", "C"],
            ballots=ballots((3, (A,)), (2, (B,)), (2, (C,))),
            seats=2,
            seed=seed,
        )

    result = run("abc")
    excluded = ["A", "B", "C"][random.Random("abc").choice([B, C])]
    other = "C" if excluded == "B" else "B"
    assert result.stages[1].action == f"{excluded} excluded"
    assert result.elected == ["A", other]
    assert result.lots_drawn is True
    assert result.seed == "abc"
    note = result.stages[1].notes[0]
    assert "by lot" in note
    assert "seed 'abc'" in note
    # Same seed, same result, same report.
    assert run("abc").to_json() == result.to_json()
    # The seed really decides: over a few seeds both outcomes occur.
    assert {run(f"seed-{i}").elected[1] for i in range(20)} == {"B", "C"}


def test_equal_surpluses_ordered_by_lot_at_first_stage():
    # 7 A>C, 7 B>D, 2 C, 1 D; 3 seats.  17 papers, quota = 17/4 + 1 = 5.
    # A and B both have 7 (surplus 2) at stage 1: no preceding stage, so
    # which surplus goes first is decided by lot and noted.
    result = count_stv(
        candidates=["A", "B", "C", "D"],
        ballots=ballots((7, (A, C)), (7, (B, D)), (2, (C,)), (1, (D,))),
        seats=3,
        seed=42,
    )
    first = ["A", "B"][random.Random(42).choice([A, B])]
    assert result.stages[1].action == f"Surplus of {first} transferred"
    assert "equal surpluses" in result.stages[1].notes[0]
    assert "seed 42" in result.stages[1].notes[0]
    # Transfer value 2/7 = 0.28571; 7 x 0.28571 = 1.99997.
    assert result.stages[2].votes["C"] == "3.99997"
    assert result.stages[2].votes["D"] == "2.99997"
    assert set(result.elected) == {"A", "B", "C"}


def test_only_a_candidate_above_the_quota_has_a_surplus():
    # 9 A>C, 6 B>C, 3 C, 2 D; 3 seats.  20 papers, quota = 20/4 + 1 = 6.
    # Stage 1: A 9 (surplus 3) and B 6 (no surplus) elected.  Only A has a
    # surplus: transfer value 3/9 = 0.33333, C = 3 + 9 x 0.33333 = 5.99997.
    result = count_stv(
        candidates=["A", "B", "C", "D"],
        ballots=ballots((9, (A, C)), (6, (B, C)), (3, (C,)), (2, (D,))),
        seats=3,
        seed="s",
    )
    assert result.stages[0].elected_this_stage == ["A", "B"]
    assert result.stages[1].action == "Surplus of A transferred"
    assert result.stages[1].votes["C"] == "5.99997"
    # C and D are the two continuing candidates for one vacancy: D excluded,
    # then C is deemed elected.
    assert result.elected == ["A", "B", "C"]


# ------------------------------------------------------------- last vacancies
def test_last_vacancies_filled_without_further_transfer():
    # 6 A>C, 3 B, 1 C; 3 seats.  10 papers, quota = 10/4 + 1 = 3.
    # Stage 1: A (6) and B (3) reach the quota.  One vacancy is left and only
    # C continues, so C is deemed elected at once (rule 53) and A's surplus
    # is never transferred: there is only one stage.
    result = count_stv(
        candidates=["A", "B", "C"],
        ballots=ballots((6, (A, C)), (3, (B,)), (1, (C,))),
        seats=3,
        seed="s",
    )
    assert len(result.stages) == 1
    assert result.stages[0].elected_this_stage == ["A", "B", "C"]
    assert result.stages[0].votes["C"] == "1.00000"
    assert any("rule 53" in n for n in result.stages[0].notes)
    assert result.elected == ["A", "B", "C"]


def test_fewer_candidates_than_seats():
    result = count_stv(candidates=["A", "B"], ballots=ballots((3, (A,))), seats=3, seed="s")
    assert result.elected == ["A", "B"]
    assert any("left unfilled" in n for n in result.stages[0].notes)


# ------------------------------------------------------------------ withdrawn
def test_withdrawn_candidate():
    # 5 B>A, 3 A, 4 C, 1 B; 1 seat.
    # Without withdrawal: 13 papers, quota 7; A 3, B 6, C 4 -> A excluded
    # (no next preference), then C excluded, B deemed elected.
    # With B withdrawn: B is struck out: 5 A, 3 A, 4 C, and the "B only"
    # paper is not valid.  12 papers, quota 12/2 + 1 = 7; A has 8 and is
    # elected at stage 1.
    spec = ballots((5, (B, A)), (3, (A,)), (4, (C,)), (1, (B,)))
    plain = count_stv(candidates=["A", "B", "C"], ballots=spec, seats=1, seed="s")
    assert plain.elected == ["B"]
    result = count_stv(candidates=["A", "B", "C"], ballots=spec, seats=1, seed="s", withdrawn=[B])
    assert result.quota == "7.00000"
    assert result.stages[0].votes == {"A": "8.00000", "B": "0.00000", "C": "4.00000"}
    assert "B withdrew" in result.stages[0].notes
    assert result.elected == ["A"]
    assert len(result.stages) == 1
