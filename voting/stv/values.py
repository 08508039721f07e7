"""The values and records of an STV count: vote values as integers scaled by 10**5 (rule
49(3): five decimal places, no floats), a ballot, a stage, and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Vote values are integers scaled by 10**5 (five decimal places).
SCALE = 100_000


def format_value(value: int) -> str:
    """Format a value scaled by 10**5 as a decimal string: 123456 -> "1.23456"."""
    if value < 0:
        return "-" + format_value(-value)
    whole, frac = divmod(value, SCALE)
    return f"{whole}.{frac:05d}"


def parse_value(text: str) -> int:
    """Parse a decimal string with at most five places into a scaled integer."""
    text = text.strip()
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    whole, _, frac = text.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 5:
        raise ValueError(f"not a decimal with at most 5 places: {text!r}")
    value = int(whole) * SCALE + int(frac.ljust(5, "0") or "0")
    return -value if negative else value


@dataclass(frozen=True)
class Ballot:
    """``weight`` identical ballot papers ranking candidate indexes (0-based) in order."""

    weight: int
    preferences: tuple[int, ...]


@dataclass
class Stage:
    stage: int
    action: str
    votes: dict[str, str]
    non_transferable: str
    elected_this_stage: list[str] = field(default_factory=list)
    excluded_this_stage: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "action": self.action,
            "votes": dict(self.votes),
            "non_transferable": self.non_transferable,
            "elected": list(self.elected_this_stage),
            "excluded": list(self.excluded_this_stage),
            "notes": list(self.notes),
        }


@dataclass
class StvResult:
    seats: int
    quota: str
    elected: list[str]
    stages: list[Stage]
    candidates: list[str] = field(default_factory=list)
    valid_papers: int = 0
    seed: str = ""
    lots_drawn: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "seats": self.seats,
            "quota": self.quota,
            "elected": list(self.elected),
            "stages": [s.to_json() for s in self.stages],
        }
