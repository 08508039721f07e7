"""Reading and writing BLT ballot files (pure Python, no Django).

The format (as used by OpenSTV, eSTV and the published Scottish council
election preference data)::

    10 4                 number of candidates, number of seats
    -2 -7                optional: withdrawn candidates, as negative numbers
    3 1 10 0             ballot lines: weight, preferences (1-based), 0
    1 9 8 7 4 10 6 0
    0                    end of ballots
    "Daniel FRASER"      one quoted name per candidate, in candidate order
    ...
    "Ward 1 - Almond"    the quoted election title

The parser is strict: a file that does not follow this exactly raises
:class:`BltError` naming the line (1-based) and what is wrong.  Blank lines are
allowed only at the end of the file.  Not supported (rejected with a clear
reason): equal rankings written with ``=``, a candidate ranked twice, ballots
without any preference, comments, and ballot IDs.  Names are kept exactly as
written between the quotes (including repeated spaces).

After the ``0`` line the *last* line is always taken as the title, so a file
with one candidate name missing reports ``missing candidate names: expected
12, found 11``.  Errors about one line carry its 1-based number in
``BltError.line`` (``str(error)`` is then ``"line 7: <reason>"``); errors about
the file as a whole (missing names, unexpected end of file) have
``line = None`` and ``str(error)`` is just the reason.

Preferences for withdrawn candidates may appear in ballots; the count strikes
them out (see :mod:`voting.stv`).
"""

from __future__ import annotations

from dataclasses import dataclass

from voting.stv import Ballot

__all__ = ["BltElection", "BltError", "parse_blt", "write_blt"]


class BltError(ValueError):
    """A malformed BLT file.  ``line`` is 1-based, or None for whole-file problems."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}" if line is not None else reason)


@dataclass(frozen=True)
class BltElection:
    title: str
    candidates: tuple[str, ...]
    seats: int
    ballots: tuple[Ballot, ...]
    withdrawn: tuple[int, ...] = ()  # 0-based candidate indexes, ascending


def _int(token: str, line: int) -> int:
    try:
        digits = token[1:] if token.startswith("-") else token
        if not (digits.isascii() and digits.isdigit()):
            raise ValueError
        return int(token)
    except ValueError:
        if "=" in token:
            raise BltError(f"equal rankings ('{token}') are not supported", line) from None
        raise BltError(f"'{token}' is not a whole number", line) from None


def _quoted(text: str, line: int, what: str) -> str:
    stripped = text.strip()
    if len(stripped) < 2 or not (stripped.startswith('"') and stripped.endswith('"')):
        raise BltError(f"{what} must be written in double quotes, found {stripped!r}", line)
    inner = stripped[1:-1]
    if '"' in inner:
        raise BltError(f"{what} must not contain a double quote", line)
    return inner


def _lines(text: str) -> list[str]:
    """The file's lines; trailing blank lines (e.g. a final newline) are fine, none elsewhere."""
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    for number, content in enumerate(lines, start=1):
        if not content.strip():
            raise BltError("unexpected blank line", number)
    if not lines:
        raise BltError("the file is empty", 1)
    return lines


def _header(line: str) -> tuple[int, int]:
    """Line 1: the number of candidates and of seats."""
    header = line.split()
    if len(header) != 2 or not all(t.isascii() and t.isdigit() for t in header):
        raise BltError("expected two integers: candidates and seats", 1)
    n_candidates, seats = int(header[0]), int(header[1])
    if n_candidates < 1:
        raise BltError("the number of candidates must be at least 1", 1)
    if seats < 1:
        raise BltError("the number of seats must be at least 1", 1)
    if seats > n_candidates:
        raise BltError(f"{seats} seats but only {n_candidates} candidates", 1)
    return n_candidates, seats


def _withdrawn(line: str, number: int, n_candidates: int) -> list[int]:
    """The optional line of withdrawn candidates (negative numbers), as 0-based indexes."""
    withdrawn: list[int] = []
    for token in line.split():
        value = _int(token, number)
        if value >= 0:
            raise BltError(
                "withdrawn candidates must all be negative numbers "
                f"(-1 to -{n_candidates}), found {token}",
                number,
            )
        if -value > n_candidates:
            raise BltError(
                f"withdrawn candidate {token} is not a candidate number (1-{n_candidates})",
                number,
            )
        if -value - 1 in withdrawn:
            raise BltError(f"candidate {-value} is withdrawn twice", number)
        withdrawn.append(-value - 1)
    return withdrawn


def _ballot(content: str, number: int, n_candidates: int) -> Ballot:
    """One ballot line: weight, preferences (1-based), 0."""
    tokens = content.split()
    values = [_int(t, number) for t in tokens]
    weight = values[0]
    if weight < 1:
        raise BltError(f"ballot weight must be a positive whole number, found {tokens[0]}", number)
    if values[-1] != 0 or len(values) < 2:
        raise BltError("ballot line must end with 0", number)
    prefs = values[1:-1]
    if not prefs:
        raise BltError("ballot has no preferences", number)
    seen: set[int] = set()
    for p in prefs:
        if p == 0:
            raise BltError("0 may only appear at the end of a ballot line", number)
        if not 1 <= p <= n_candidates:
            raise BltError(f"preference {p} is not a candidate number (1-{n_candidates})", number)
        if p in seen:
            raise BltError(f"candidate {p} ranked twice", number)
        seen.add(p)
    return Ballot(weight=weight, preferences=tuple(p - 1 for p in prefs))


def _ballots(lines: list[str], index: int, n_candidates: int) -> tuple[list[Ballot], int]:
    """The ballot lines from `index` up to the line containing 0; the ballots, and the index
    of the line after that 0."""
    ballots: list[Ballot] = []
    while True:
        if index >= len(lines):
            raise BltError(
                "unexpected end of file: the ballots must be followed by a line containing 0"
            )
        number = index + 1
        content = lines[index]
        index += 1
        if content.lstrip().startswith('"'):
            raise BltError(
                "expected a ballot line or a line containing 0 to end the ballots, "
                "found a quoted name",
                number,
            )
        if content.split() == ["0"]:
            return ballots, index
        ballots.append(_ballot(content, number, n_candidates))


def _names(lines: list[str], index: int, n_candidates: int) -> tuple[tuple[str, ...], str]:
    """The candidates' names and the title: the last line is always the title."""
    rest = lines[index:]
    first_name_line = index + 1
    if not rest:
        raise BltError(f"missing candidate names: expected {n_candidates}, found 0 (and no title)")
    found = len(rest) - 1
    if found < n_candidates:
        raise BltError(f"missing candidate names: expected {n_candidates}, found {found}")
    if found > n_candidates:
        extra = first_name_line + n_candidates + 1
        raise BltError(
            f"too many lines after the ballots: expected {n_candidates} candidate names "
            "and a title",
            extra,
        )
    candidates = tuple(
        _quoted(rest[i], first_name_line + i, "candidate name") for i in range(n_candidates)
    )
    return candidates, _quoted(rest[-1], first_name_line + n_candidates, "the title")


def parse_blt(text: str) -> BltElection:
    """Parse BLT text into a :class:`BltElection` (0-based candidate indexes)."""
    lines = _lines(text)
    n_candidates, seats = _header(lines[0])
    index = 1  # 0-based index into lines of the next line to read
    withdrawn: list[int] = []
    if index < len(lines) and lines[index].split()[0].startswith("-"):
        withdrawn = _withdrawn(lines[index], index + 1, n_candidates)
        index += 1
    ballots, index = _ballots(lines, index, n_candidates)
    candidates, title = _names(lines, index, n_candidates)
    return BltElection(
        title=title,
        candidates=candidates,
        seats=seats,
        ballots=tuple(ballots),
        withdrawn=tuple(sorted(withdrawn)),
    )


def write_blt(election: BltElection) -> str:
    """Write ``election`` as BLT text; ``parse_blt(write_blt(e)) == e``."""
    n = len(election.candidates)
    out = [f"{n} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{i + 1}" for i in sorted(election.withdrawn)))
    for ballot in election.ballots:
        if ballot.weight < 1 or not ballot.preferences:
            raise ValueError(f"cannot write a ballot without weight or preferences: {ballot!r}")
        prefs = " ".join(str(p + 1) for p in ballot.preferences)
        out.append(f"{ballot.weight} {prefs} 0")
    out.append("0")
    for text in (*election.candidates, election.title):
        if '"' in text or "\n" in text or "\r" in text:
            raise ValueError(f"names and title may not contain quotes or newlines: {text!r}")
        out.append(f'"{text}"')
    return "\n".join(out) + "\n"
