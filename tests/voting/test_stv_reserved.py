"""The STV count (`voting.stv`): seats reserved by member class, invalid input, the output
formats, and the Edinburgh 2017 council election counted as published.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shared_data import edinburgh_dir, find_shared_data
from voting.blt import parse_blt
from voting.stv import (
    Ballot,
    count_stv,
    format_stage_table,
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


# -------------------------------------------------------------- reserved seats
WORKERS = {3: "workers", 4: "workers"}  # X1 and X2


def test_reserved_seat_goes_to_top_candidate_of_class():
    # 10 A, 8 B, 6 C, 3 X1, 2 X2 (no later preferences); 2 seats.
    # 29 papers; quota = 29/3 + 1 = 10.
    # Without reservation: A elected at stage 1; then X2, X1 and C are
    # excluded in turn and B is deemed elected: the workers win nothing.
    # With 1 seat reserved for workers: A (not a worker) may take the first
    # seat because 1 vacancy still remains for the 1 reserved seat.  Now the
    # 1 vacancy equals the 1 unfilled reserved seat, so B and C can no longer
    # be elected and are excluded together at stage 2; X2 (2) is excluded at
    # stage 3; X1 is then the only continuing candidate and is elected.
    names = ["A", "B", "C", "X1", "X2"]
    spec = ballots((10, (A,)), (8, (B,)), (6, (C,)), (3, (D,)), (2, (E,)))
    plain = count_stv(candidates=names, ballots=spec, seats=2, seed="s")
    assert plain.elected == ["A", "B"]
    # Giving classes without reservations changes nothing.
    classed = count_stv(
        candidates=names, ballots=spec, seats=2, seed="s", candidate_classes=WORKERS
    )
    assert classed.to_json() == plain.to_json()

    result = count_stv(
        candidates=names,
        ballots=spec,
        seats=2,
        seed="s",
        reserved={"workers": 1},
        candidate_classes=WORKERS,
    )
    assert [s.action for s in result.stages] == [
        "First preferences",
        "B and C excluded (remaining seats reserved)",
        "X2 excluded",
    ]
    assert result.stages[1].excluded_this_stage == ["B", "C"]
    assert result.elected == ["A", "X1"]


def test_reserved_class_candidate_protected_from_exclusion():
    # 5 A, 4 B, 3 C, 2 D, 1 X1; 2 seats; 1 seat reserved for workers and X1
    # is the only worker.  15 papers, quota = 15/3 + 1 = 6; nobody reaches it.
    # X1 has the fewest votes but is protected, so D, C, then B are excluded
    # (one per stage); A and X1 are then the 2 continuing candidates for 2
    # vacancies and are deemed elected.
    names = ["A", "B", "C", "D", "X1"]
    spec = ballots((5, (A,)), (4, (B,)), (3, (C,)), (2, (D,)), (1, (E,)))
    plain = count_stv(candidates=names, ballots=spec, seats=2, seed="s")
    assert plain.elected == ["A", "B"]
    result = count_stv(
        candidates=names,
        ballots=spec,
        seats=2,
        seed="s",
        reserved={"workers": 1},
        candidate_classes={4: "workers"},
    )
    assert [s.action for s in result.stages] == [
        "First preferences",
        "D excluded",
        "C excluded",
        "B excluded",
    ]
    assert "X1 cannot be excluded (needed to fill reserved seats)" in result.stages[1].notes
    assert result.elected == ["A", "X1"]


def test_quota_reached_by_non_reserved_candidate_when_seats_are_reserved():
    # 6 A, 5 B, 1 X1; 2 seats, 1 reserved for X1's class.  12 papers,
    # quota = 12/3 + 1 = 5: A and B both reach it at stage 1, but only one of
    # them can be elected (1 seat must stay for the workers).  A (more votes)
    # is elected; B is not, and is excluded at stage 2; X1 is then elected.
    result = count_stv(
        candidates=["A", "B", "X1"],
        ballots=ballots((6, (A,)), (5, (B,)), (1, (C,))),
        seats=2,
        seed="s",
        reserved={"workers": 1},
        candidate_classes={2: "workers"},
    )
    assert result.stages[0].elected_this_stage == ["A"]
    assert any("B reached the quota but cannot be elected" in n for n in result.stages[0].notes)
    assert result.stages[1].excluded_this_stage == ["B"]
    assert result.elected == ["A", "X1"]


def test_reservations_validated():
    with pytest.raises(ValueError, match="more than the number of seats"):
        count_stv(
            candidates=["A", "B", "C"],
            ballots=ballots((1, (A,))),
            seats=1,
            seed="s",
            reserved={"x": 1, "y": 1},
            candidate_classes={0: "x", 1: "y"},
        )
    # A reservation larger than the class is capped (and noted).
    result = count_stv(
        candidates=["A", "B", "C"],
        ballots=ballots((3, (A,)), (2, (B,)), (1, (C,))),
        seats=2,
        seed="s",
        reserved={"x": 2},
        candidate_classes={2: "x"},
    )
    assert "C" in result.elected
    assert any("reservation reduced to 1" in n for n in result.stages[0].notes)


def test_invalid_ballots_rejected():
    with pytest.raises(ValueError, match="twice"):
        count_stv(candidates=["A", "B"], ballots=ballots((1, (A, A))), seats=1, seed="s")
    with pytest.raises(ValueError, match="out of range"):
        count_stv(candidates=["A", "B"], ballots=ballots((1, (2,))), seats=1, seed="s")


# ------------------------------------------------------------ output formats
def test_to_json_shape_and_table():
    result = count_stv(
        candidates=["A", "B", "C", "D"],
        ballots=ballots((7, (A, B, C)), (3, (A, C)), (2, (A,)), (4, (B, C)), (5, (C,)), (6, (D,))),
        seats=2,
        seed="s",
    )
    data = result.to_json()
    assert set(data) == {"seats", "quota", "elected", "stages"}
    assert data["seats"] == 2
    assert data["quota"] == "10.00000"
    assert data["elected"] == ["A", "C"]
    assert data["stages"][0]["stage"] == 1
    assert data["stages"][0]["action"] == "First preferences"
    assert data["stages"][1]["votes"]["B"] == "5.16662"
    assert data["stages"][1]["non_transferable"] == "0.33340"
    assert json.loads(json.dumps(data)) == data
    table = format_stage_table(result)
    assert "Quota: 10.00000" in table
    assert "Stage 3" in table
    assert "5.16662" in table
    assert "elected at stage 3" in table
    assert "Elected, in order: A, C" in table


# --------------------------------------------------------- Edinburgh 2017
def _edinburgh_files():
    if not EDINBURGH.is_dir():
        return []
    return sorted(EDINBURGH.glob("*.blt"))


def test_edinburgh_files_match_elected_json():
    expected = json.loads((edinburgh_dir() / "elected.json").read_text())
    assert {p.name for p in _edinburgh_files()} == set(expected)


@pytest.mark.parametrize("path", _edinburgh_files(), ids=lambda p: p.stem)
def test_edinburgh_2017_ward(path):
    expected = json.loads((EDINBURGH / "elected.json").read_text())[path.name]
    election = parse_blt(path.read_text())
    assert election.seats == expected["seats"]
    result = count_stv(
        candidates=election.candidates,
        ballots=election.ballots,
        seats=election.seats,
        seed="edinburgh-2017",
        withdrawn=election.withdrawn,
    )
    assert result.seats == expected["seats"]
    assert len(result.elected) == expected["seats"]
    assert set(result.elected) == set(expected["elected"])
    assert not result.lots_drawn
    assert stage_totals_balance(result)
