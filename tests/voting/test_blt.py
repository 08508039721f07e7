"""Tests for the BLT parser and writer (no database, no Django)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import edinburgh_dir, find_shared_data
from voting.blt import BltElection, BltError, parse_blt, write_blt
from voting.stv import Ballot

EDINBURGH = (find_shared_data() or Path("/nonexistent")) / "stv" / "edinburgh-2017"

NAMES_12 = "\n".join(f'"Candidate {i}"' for i in range(1, 13))

GOOD = """4 2
-3
5 1 2 0
3 2 0
1 4 3 1 0
2 3 0
0
"Alice"
"Bob  SMITH"
"Carol"
"Dan"
"Board election 2025"
"""


def test_parse_good_file():
    election = parse_blt(GOOD)
    assert election == BltElection(
        title="Board election 2025",
        candidates=("Alice", "Bob  SMITH", "Carol", "Dan"),
        seats=2,
        ballots=(
            Ballot(5, (0, 1)),
            Ballot(3, (1,)),
            Ballot(1, (3, 2, 0)),
            Ballot(2, (2,)),
        ),
        withdrawn=(2,),
    )


def test_round_trip_text():
    assert write_blt(parse_blt(GOOD)) == GOOD


def test_round_trip_election():
    election = BltElection(
        title="T",
        candidates=("A", "B", "C"),
        seats=1,
        ballots=(Ballot(2, (2, 0)), Ballot(1, (1,))),
        withdrawn=(0, 1),
    )
    text = write_blt(election)
    assert text.splitlines()[1] == "-1 -2"
    assert parse_blt(text) == election


def test_crlf_and_trailing_blank_lines_accepted():
    text = GOOD.replace("\n", "\r\n") + "\r\n\r\n"
    assert parse_blt(text) == parse_blt(GOOD)


def test_edinburgh_files_round_trip_exactly():
    files = sorted(edinburgh_dir().glob("*.blt"))
    assert files
    for path in files:
        text = path.read_text()
        assert write_blt(parse_blt(text)) == text, path.name


def _ballots_12(*lines: str) -> str:
    return "12 4\n" + "".join(line + "\n" for line in lines) + "0\n" + NAMES_12 + '\n"Title"\n'


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("12\n", 1, "expected two integers: candidates and seats"),
        ("12 four\n", 1, "expected two integers: candidates and seats"),
        ("12 4 1\n", 1, "expected two integers: candidates and seats"),
        ("3 4\n", 1, "4 seats but only 3 candidates"),
        ("3 0\n", 1, "the number of seats must be at least 1"),
        ("", 1, "the file is empty"),
        # Ballot lines (line 1 is the header).
        (_ballots_12("1 2 3 0", "1 2 3"), 3, "ballot line must end with 0"),
        (_ballots_12("1 4 2 4 0"), 2, "candidate 4 ranked twice"),
        (
            _ballots_12("1 2 0", "3 1 0", "1 5 6 0", "2 3 0", "1 1 0", "1 14 2 0"),
            7,
            "preference 14 is not a candidate number (1-12)",
        ),
        (_ballots_12("1 0 2 0"), 2, "0 may only appear at the end of a ballot line"),
        (_ballots_12("1 2=3 0"), 2, "equal rankings ('2=3') are not supported"),
        (_ballots_12("x 2 0"), 2, "'x' is not a whole number"),
        (_ballots_12("0 2 0"), 2, "ballot weight must be a positive whole number, found 0"),
        (_ballots_12("3 0"), 2, "ballot has no preferences"),
        (_ballots_12("1 2 0", "", "1 3 0"), 3, "unexpected blank line"),
        # Withdrawn candidates line.
        (_ballots_12("-13"), 2, "withdrawn candidate -13 is not a candidate number (1-12)"),
        (
            _ballots_12("-2 3"),
            2,
            "withdrawn candidates must all be negative numbers (-1 to -12), found 3",
        ),
        (_ballots_12("-2 -2"), 2, "candidate 2 is withdrawn twice"),
        (_ballots_12("1 2 0", "-2"), 3, "ballot weight must be a positive whole number, found -2"),
    ],
)
def test_malformed_lines(text, line, reason):
    with pytest.raises(BltError) as info:
        parse_blt(text)
    assert info.value.line == line
    assert info.value.reason == reason
    assert str(info.value) == f"line {line}: {reason}"


def test_str_matches_the_documented_message():
    text = _ballots_12("1 2 0", "3 1 0", "1 5 6 0", "2 3 0", "1 1 0", "1 14 2 0")
    with pytest.raises(
        BltError, match=r"^line 7: preference 14 is not a candidate number \(1-12\)$"
    ):
        parse_blt(text)


def test_missing_candidate_name():
    # 11 names and a title for 12 candidates: the last line is the title.
    names_11 = "\n".join(f'"Candidate {i}"' for i in range(1, 12))
    text = "12 4\n1 2 0\n0\n" + names_11 + '\n"Title"\n'
    with pytest.raises(BltError) as info:
        parse_blt(text)
    assert info.value.line is None
    assert info.value.reason == "missing candidate names: expected 12, found 11"
    assert str(info.value) == "missing candidate names: expected 12, found 11"


def test_missing_names_and_title():
    with pytest.raises(BltError) as info:
        parse_blt("2 1\n1 2 0\n0\n")
    assert info.value.reason == "missing candidate names: expected 2, found 0 (and no title)"


def test_missing_end_of_ballots_marker():
    # The names follow the ballots directly, without the "0" line.
    text = '2 1\n1 2 0\n"A"\n"B"\n"T"\n'
    with pytest.raises(BltError) as info:
        parse_blt(text)
    assert info.value.line == 3
    assert info.value.reason == (
        "expected a ballot line or a line containing 0 to end the ballots, found a quoted name"
    )


def test_unexpected_end_of_file_in_ballots():
    with pytest.raises(BltError) as info:
        parse_blt("2 1\n1 2 0\n")
    assert info.value.line is None
    assert info.value.reason == (
        "unexpected end of file: the ballots must be followed by a line containing 0"
    )


def test_unquoted_candidate_name():
    text = '2 1\n1 2 0\n0\n"A"\nBob\n"T"\n'
    with pytest.raises(BltError) as info:
        parse_blt(text)
    assert info.value.line == 5
    assert info.value.reason == "candidate name must be written in double quotes, found 'Bob'"


def test_unquoted_title():
    text = '2 1\n1 2 0\n0\n"A"\n"B"\nTitle\n'
    with pytest.raises(BltError) as info:
        parse_blt(text)
    assert info.value.line == 6
    assert info.value.reason == "the title must be written in double quotes, found 'Title'"


def test_text_after_title():
    text = '2 1\n1 2 0\n0\n"A"\n"B"\n"T"\n"extra"\n'
    with pytest.raises(BltError) as info:
        parse_blt(text)
    assert info.value.line == 7
    assert info.value.reason == (
        "too many lines after the ballots: expected 2 candidate names and a title"
    )


def test_write_rejects_unrepresentable_names():
    election = BltElection(title="T", candidates=('Say "hi"',), seats=1, ballots=())
    with pytest.raises(ValueError, match="quotes"):
        write_blt(election)
