"""Scottish STV count engine (pure Python, no Django).

This module counts single transferable vote ballots by the rules for the
count of votes at Scottish local government elections: the Scottish Local
Government Elections Order 2011 (SSI 2011/399), Schedule 1, rules 46 to 53.
The same rules, numbered 45 to 52, were in the 2007 Order (SSI 2007/42); the
2011 Order re-enacted them one number higher ("continuing candidate" is
defined by reference to exclusion "under rule 51", and rule 53 is "Filling of
last vacancies").  Rule numbers below are those of the 2011 Order.

The rules as implemented
------------------------

* Arithmetic (rule 49(3)).  Every vote value is a fixed-point decimal with
  five places, held as an integer scaled by 100 000.  There are no floats.
* First stage (rule 46).  Each valid ballot paper is credited, at a value of
  one, to the candidate given its first preference.  A paper is valid if it
  gives a preference for at least one candidate who has not withdrawn;
  preferences for withdrawn candidates are struck out before the count
  (as if those names had never been on the ballot paper).
* Quota (rule 47).  ``floor(valid papers / (seats + 1)) + 1``: "the result of
  the division (ignoring any decimal places), increased by one".
* Election (rule 48).  A continuing candidate whose votes equal or exceed the
  quota at the end of a stage is deemed elected.  Candidates elected at the
  same stage are listed in descending order of votes (ties: ballot order;
  this order is only for reporting, it does not affect the count).
* Surplus transfer (rules 49 and 50).  While vacancies remain and the last
  vacancies cannot be filled under rule 53, the surplus of the elected
  candidate with the *largest* surplus is transferred, one surplus per stage.
  Scottish rules give no priority to a surplus that arose at an earlier stage
  and never defer a surplus: rule 50(1) simply takes the highest surplus
  among all candidates whose votes exceed the quota at the end of the stage.
  Equal surpluses: the candidate with more votes at the end of the most
  recent preceding stage at which the tied candidates had unequal votes goes
  first; if equal at all stages, by lot (rule 50(2), (3)).
  *All* ballot papers held by the candidate are transferred (weighted
  inclusive Gregory), each to its next available preference for a continuing
  candidate, at the transfer value
  ``(surplus x value of the paper when received) / total votes of the
  candidate``, calculated to five decimal places, any remainder ignored
  (truncated), separately for each paper value.  The candidate's votes
  become the quota.
* Exclusion (rules 51 and 52).  When no surplus is to be transferred, the
  continuing candidate with the fewest votes is excluded, and *all* their
  papers are transferred in that one stage, each at the value at which the
  candidate received it (one for first preferences).  Only one candidate is
  excluded per stage (no bulk exclusion).  Ties: the candidate with fewer
  votes at the end of the most recent preceding stage at which they had
  unequal votes is excluded; if equal at every stage, by lot.
* Last vacancies (rule 53).  When the number of continuing candidates equals
  the number of vacancies remaining unfilled they are all deemed elected and
  no further transfer is made.  The Order has no other "last vacancy" rule
  (unlike, for example, the Irish rule about a candidate whose votes exceed
  all the others together); none is applied here.

Tie-breaking ("look-back") for three or more tied candidates: going back one
stage at a time, at the first stage where the tied candidates' votes are not
all equal only those with the most votes (for surplus order) or the fewest
votes (for exclusion) stay tied; if more than one stays tied, keep looking
further back among those; if some remain tied at stage 1, one is chosen by
lot.

Non-transferable votes are reported cumulatively and include both papers
with no further available preference and the fractions of a vote lost by
truncating transfer values, so that at every stage the candidates' votes
plus the non-transferable votes add up to the number of valid papers.

Lots.  The engine is given a ``seed`` (fixed before the ballot closes); all
lots are drawn, in order, from one ``random.Random(seed)`` instance, choosing
among the tied candidates sorted by ballot order.  So the same ballots and
seed always give the same result, and the stage notes record each lot and
the seed.

Reserved seats (our extension, not in the Order)
------------------------------------------------

``candidate_classes`` maps candidate index to a class name; ``reserved`` maps
a class name to the minimum number of seats that must go to candidates of
that class.  A reservation is capped at the number of non-withdrawn
candidates of its class (noted in the stage-1 notes); the (capped)
reservations must not add up to more than the seats.  Throughout the count:

* ``unfilled(X)`` = reserved(X) minus the number of X candidates elected so
  far (never below 0); ``R`` = sum of ``unfilled`` over all classes;
  ``V`` = vacancies remaining.  The engine keeps ``V >= R``.
* Election: when candidates reach the quota they are considered in
  descending order of votes; a candidate whose class has an unfilled
  reservation is always elected; any other candidate is elected only if
  ``V - 1 >= R``, otherwise they are not deemed elected (a note says so) and
  are excluded by the next point.
* Reserved-only stage: when ``R > 0`` and ``V == R``, every continuing
  candidate not in a class with ``unfilled > 0`` can no longer be elected.
  They are all excluded together in one stage (before any pending surplus is
  transferred) and their papers transferred at their current values.
* Protection: a continuing candidate of class X with ``unfilled(X) > 0`` is
  protected when the number of continuing X candidates is no more than
  ``unfilled(X)``.  Protected candidates are skipped when choosing whom to
  exclude (the lowest unprotected candidate is excluded, ties as above).
  They are elected either on reaching the quota or under rule 53 when the
  last vacancies are filled.

With ``R == 0`` (no reservations, or all met) none of this applies and the
count is exactly the Scottish count.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SCALE",
    "Ballot",
    "Stage",
    "StvResult",
    "count_stv",
    "format_stage_table",
    "format_value",
    "parse_value",
]

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


_CONTINUING, _ELECTED, _EXCLUDED, _WITHDRAWN = 0, 1, 2, 3

# A parcel of identical papers: (preferences, index of the candidate now holding
# them within preferences, number of papers, value of each paper scaled by 10**5).
_Parcel = tuple[tuple[int, ...], int, int, int]


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class _Count:
    def __init__(
        self,
        candidates: Sequence[str],
        ballots: Iterable[Ballot],
        seats: int,
        seed: str | int,
        withdrawn: Collection[int],
        reserved: Mapping[str, int] | None,
        candidate_classes: Mapping[int, str] | None,
    ) -> None:
        self.names = [str(c) for c in candidates]
        n = len(self.names)
        if len(set(self.names)) != n:
            raise ValueError("candidate names must be unique")
        if not isinstance(seats, int) or seats < 1:
            raise ValueError("seats must be a positive integer")
        self.seats = seats
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - drawing lots reproducibly, not security
        self.lots_drawn = False

        self.status = [_CONTINUING] * n
        for w in withdrawn:
            if not 0 <= w < n:
                raise ValueError(f"withdrawn candidate {w} is not a candidate index (0-{n - 1})")
            self.status[w] = _WITHDRAWN

        # Reservations.
        self.classes: dict[int, str] = dict(candidate_classes or {})
        for idx in self.classes:
            if not 0 <= idx < n:
                raise ValueError(f"candidate_classes: {idx} is not a candidate index (0-{n - 1})")
        self.reserved: dict[str, int] = {}
        self.first_notes: list[str] = []
        for cls, number in (reserved or {}).items():
            if not isinstance(number, int) or number < 0:
                raise ValueError(f"reserved seats for {cls!r} must be a non-negative integer")
            available = sum(
                1 for i, c in self.classes.items() if c == cls and self.status[i] != _WITHDRAWN
            )
            if available < number:
                self.first_notes.append(
                    f"{number} seat(s) reserved for {cls!r} but only {available} candidate(s) "
                    f"of that class are standing: reservation reduced to {available}"
                )
                number = available
            if number:
                self.reserved[cls] = number
        if sum(self.reserved.values()) > seats:
            raise ValueError("reserved seats add up to more than the number of seats")

        # Group identical preference lists (after striking out withdrawn candidates).
        groups: dict[tuple[int, ...], int] = {}
        has_withdrawn = any(s == _WITHDRAWN for s in self.status)
        standing = [s != _WITHDRAWN for s in self.status]
        valid = 0
        for ballot in ballots:
            weight = ballot.weight
            prefs = tuple(ballot.preferences)
            if not isinstance(weight, int) or weight < 0:
                raise ValueError(f"ballot weight must be a non-negative integer: {ballot!r}")
            if prefs and (min(prefs) < 0 or max(prefs) >= n):
                raise ValueError(f"ballot preference out of range 0-{n - 1}: {ballot!r}")
            if len(set(prefs)) != len(prefs):
                raise ValueError(f"ballot ranks a candidate twice: {ballot!r}")
            if has_withdrawn:
                prefs = tuple(c for c in prefs if standing[c])
            if not prefs or weight == 0:
                continue
            valid += weight
            groups[prefs] = groups.get(prefs, 0) + weight
        self.valid = valid
        self.total = valid * SCALE
        self.quota = (valid // (seats + 1) + 1) * SCALE

        self.piles: list[list[_Parcel]] = [[] for _ in range(n)]
        self.votes = [0] * n
        for prefs, count in groups.items():
            first = prefs[0]
            self.piles[first].append((prefs, 0, count, SCALE))
            self.votes[first] += count * SCALE

        self.vacancies = seats
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected candidates with an untransferred surplus
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.finished = False

    # ----------------------------------------------------------------- helpers
    def continuing(self) -> list[int]:
        return [i for i, s in enumerate(self.status) if s == _CONTINUING]

    def unfilled(self) -> dict[str, int]:
        out = {}
        for cls, number in self.reserved.items():
            done = sum(1 for i in self.elected if self.classes.get(i) == cls)
            if number > done:
                out[cls] = number - done
        return out

    def protected(self) -> set[int]:
        unfilled = self.unfilled()
        prot: set[int] = set()
        for cls, need in unfilled.items():
            members = [i for i in self.continuing() if self.classes.get(i) == cls]
            if len(members) <= need:
                prot.update(members)
        return prot

    def draw_lot(self, tied: list[int]) -> int:
        self.lots_drawn = True
        return self.rng.choice(sorted(tied))

    def break_tie(self, tied: list[int], *, highest: bool, what: str) -> tuple[int, str]:
        """Choose one of ``tied`` by the look-back rule, then by lot.

        ``highest``: choose the one with the most votes at the most recent
        preceding stage where they differed (surplus order); otherwise the one
        with the fewest (exclusion).
        """
        group = sorted(tied)
        names = _join([self.names[i] for i in group])
        value = format_value(self.votes[group[0]])
        # history[-1] is the stage that has just ended; look at those before it.
        for idx in range(len(self.history) - 2, -1, -1):
            row = self.history[idx]
            values = [row[i] for i in group]
            target = max(values) if highest else min(values)
            if any(v != target for v in values):
                group = [i for i in group if row[i] == target]
                if len(group) == 1:
                    more = "most" if highest else "fewest"
                    return group[0], (
                        f"{names} were tied on {value} votes ({what}); tie decided by the most "
                        f"recent preceding stage at which they had unequal votes (stage "
                        f"{idx + 1}): {self.names[group[0]]} had the {more} votes"
                    )
        chosen = self.draw_lot(group)
        return chosen, (
            f"{names} were tied on {value} votes ({what}) and equal at every preceding stage; "
            f"tie decided by lot, seed {self.seed!r}: {self.names[chosen]} drawn"
        )

    def move(self, sources: list[int], surplus_of: int | None = None) -> None:
        """Transfer all papers of ``sources`` to their next continuing preference.

        With ``surplus_of`` (a single source), papers go at the rule 49(3)
        transfer value; otherwise at their current value (rule 51(4)).
        """
        status = self.status
        piles = self.piles
        votes = self.votes
        cache: dict[int, int] = {}
        surplus = total = 0
        if surplus_of is not None:
            total = votes[surplus_of]
            surplus = total - self.quota
        for src in sources:
            pile = piles[src]
            piles[src] = []
            for prefs, pos, count, value in pile:
                if surplus_of is not None:
                    new = cache.get(value)
                    if new is None:
                        new = cache[value] = surplus * value // total
                    value = new
                    if value == 0:
                        continue
                pos += 1
                end = len(prefs)
                while pos < end and status[prefs[pos]] != _CONTINUING:
                    pos += 1
                if pos < end:
                    to = prefs[pos]
                    piles[to].append((prefs, pos, count, value))
                    votes[to] += count * value

    # --------------------------------------------------------------- the count
    def end_of_stage(self, action: str, excluded: list[int], notes: list[str]) -> None:
        """Elect (rules 48 and 53), then record the stage."""
        elected_now: list[int] = []
        if self.vacancies > 0:
            reaching = [i for i in self.continuing() if self.votes[i] >= self.quota]
            reaching.sort(key=lambda i: (-self.votes[i], i))
            for i in reaching:
                if self.vacancies == 0:
                    break
                unfilled = self.unfilled()
                reserved_need = sum(unfilled.values())
                if self.classes.get(i) not in unfilled and self.vacancies - 1 < reserved_need:
                    notes.append(
                        f"{self.names[i]} reached the quota but cannot be elected: the "
                        f"remaining seats are reserved for {_join(sorted(unfilled))}"
                    )
                    continue
                self.status[i] = _ELECTED
                self.elected.append(i)
                elected_now.append(i)
                self.vacancies -= 1
                if self.votes[i] > self.quota:
                    self.pending.append(i)
        cont = self.continuing()
        if self.vacancies == 0:
            self.finished = True
        elif len(cont) <= self.vacancies:
            last = sorted(cont, key=lambda i: (-self.votes[i], i))
            for i in last:
                self.status[i] = _ELECTED
                self.elected.append(i)
                elected_now.append(i)
            self.vacancies -= len(last)
            if last:
                notes.append(
                    f"{_join([self.names[i] for i in last])} deemed elected: the number of "
                    f"continuing candidates equals the number of vacancies remaining (rule 53)"
                )
            if self.vacancies:
                notes.append(
                    f"{self.vacancies} seat(s) left unfilled: not enough continuing candidates"
                )
            self.finished = True
        if self.finished:
            self.pending = []
        self.history.append(list(self.votes))
        self.stages.append(
            Stage(
                stage=len(self.stages) + 1,
                action=action,
                votes={
                    name: format_value(v) for name, v in zip(self.names, self.votes, strict=True)
                },
                non_transferable=format_value(self.total - sum(self.votes)),
                elected_this_stage=[self.names[i] for i in elected_now],
                excluded_this_stage=[self.names[i] for i in excluded],
                notes=notes,
            )
        )

    def next_stage(self) -> tuple[str, list[int], list[str]]:
        notes: list[str] = []
        unfilled = self.unfilled()
        if unfilled and self.vacancies == sum(unfilled.values()):
            barred = [i for i in self.continuing() if self.classes.get(i) not in unfilled]
            if barred:
                for i in barred:
                    self.status[i] = _EXCLUDED
                self.move(barred)
                for i in barred:
                    self.votes[i] = 0
                names = _join([self.names[i] for i in barred])
                classes = _join(sorted(unfilled))
                notes.append(
                    f"the {self.vacancies} remaining seat(s) are reserved for {classes}: "
                    f"{names} can no longer be elected"
                )
                return f"{names} excluded (remaining seats reserved)", barred, notes

        if self.pending:
            top = max(self.votes[i] for i in self.pending)
            tied = [i for i in self.pending if self.votes[i] == top]
            chosen = tied[0]
            if len(tied) > 1:
                chosen, note = self.break_tie(tied, highest=True, what="equal surpluses")
                notes.append(note)
            self.pending.remove(chosen)
            notes.append(
                f"surplus {format_value(self.votes[chosen] - self.quota)} of "
                f"{format_value(self.votes[chosen])} votes"
            )
            self.move([chosen], surplus_of=chosen)
            self.votes[chosen] = self.quota
            return f"Surplus of {self.names[chosen]} transferred", [], notes

        protected = self.protected()
        candidates = [i for i in self.continuing() if i not in protected]
        low = min(self.votes[i] for i in candidates)
        tied = [i for i in candidates if self.votes[i] == low]
        chosen = tied[0]
        if len(tied) > 1:
            chosen, note = self.break_tie(tied, highest=False, what="fewest votes")
            notes.append(note)
        if protected:
            notes.append(
                f"{_join([self.names[i] for i in sorted(protected)])} cannot be excluded "
                f"(needed to fill reserved seats)"
            )
        self.status[chosen] = _EXCLUDED
        self.move([chosen])
        self.votes[chosen] = 0
        return f"{self.names[chosen]} excluded", [chosen], notes

    def run(self) -> StvResult:
        for i, s in enumerate(self.status):
            if s == _WITHDRAWN:
                self.first_notes.append(f"{self.names[i]} withdrew")
        self.end_of_stage("First preferences", [], list(self.first_notes))
        while not self.finished:
            action, excluded, notes = self.next_stage()
            self.end_of_stage(action, excluded, notes)
        return StvResult(
            seats=self.seats,
            quota=format_value(self.quota),
            elected=[self.names[i] for i in self.elected],
            stages=self.stages,
            candidates=list(self.names),
            valid_papers=self.valid,
            seed=str(self.seed),
            lots_drawn=self.lots_drawn,
        )


def count_stv(
    *,
    candidates: Sequence[str],
    ballots: Iterable[Ballot],
    seats: int,
    seed: str | int,
    withdrawn: Collection[int] = (),
    reserved: Mapping[str, int] | None = None,
    candidate_classes: Mapping[int, str] | None = None,
) -> StvResult:
    """Count ``ballots`` by the Scottish STV rules (see the module docstring).

    ``candidates`` are names, indexed from 0 as in ``Ballot.preferences``;
    ``withdrawn`` are indexes of withdrawn candidates; ``seed`` decides lots.
    ``reserved``/``candidate_classes`` enable the reserved-seats extension.
    """
    return _Count(candidates, ballots, seats, seed, withdrawn, reserved, candidate_classes).run()


def format_stage_table(result: StvResult) -> str:
    """A plain-text table: one row per candidate, one column per stage."""
    names = result.candidates or (list(result.stages[0].votes) if result.stages else [])
    status: dict[str, str] = {}
    for stage in result.stages:
        for name in stage.elected_this_stage:
            status[name] = f"elected at stage {stage.stage}"
        for name in stage.excluded_this_stage:
            status[name] = f"excluded at stage {stage.stage}"
    for note in result.stages[0].notes if result.stages else []:
        for name in names:
            if note == f"{name} withdrew":
                status[name] = "withdrawn"

    headers = ["Candidate"] + [f"Stage {s.stage}" for s in result.stages] + ["Result"]
    rows = [
        [name] + [s.votes.get(name, "") for s in result.stages] + [status.get(name, "")]
        for name in names
    ]
    rows.append(["Non-transferable"] + [s.non_transferable for s in result.stages] + [""])
    widths = [max(len(r[c]) for r in [headers, *rows]) for c in range(len(headers))]

    def line(cells: list[str]) -> str:
        out = [cells[0].ljust(widths[0])]
        out += [cell.rjust(w) for cell, w in zip(cells[1:-1], widths[1:-1], strict=True)]
        out.append(cells[-1].ljust(widths[-1]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    text = [
        f"Seats: {result.seats}    Quota: {result.quota}    Valid papers: {result.valid_papers}",
        "",
        line(headers),
        rule,
        *(line(r) for r in rows[:-1]),
        rule,
        line(rows[-1]),
        "",
        "Stages:",
    ]
    for s in result.stages:
        text.append(f"  {s.stage}. {s.action}")
        text.extend(f"       - {note}" for note in s.notes)
    text.append("")
    text.append("Elected, in order: " + (", ".join(result.elected) or "nobody"))
    return "\n".join(text) + "\n"
