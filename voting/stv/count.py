"""The Scottish STV count itself (see the `voting.stv` docstring for the rules applied)."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence

from voting.stv.values import SCALE, Ballot, Stage, StvResult, format_value

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

        self.classes: dict[int, str] = dict(candidate_classes or {})
        self.first_notes: list[str] = []
        self.reserved = self._reservations(reserved or {})
        groups, valid = self._group(ballots)
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

    def _reservations(self, reserved: Mapping[str, int]) -> dict[str, int]:
        """The reserved seats by class, each capped at the candidates of its class standing
        (the cap is noted at stage 1)."""
        n = len(self.names)
        for idx in self.classes:
            if not 0 <= idx < n:
                raise ValueError(f"candidate_classes: {idx} is not a candidate index (0-{n - 1})")
        kept: dict[str, int] = {}
        for cls, number in reserved.items():
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
                kept[cls] = number
        if sum(kept.values()) > self.seats:
            raise ValueError("reserved seats add up to more than the number of seats")
        return kept

    def _group(self, ballots: Iterable[Ballot]) -> tuple[dict[tuple[int, ...], int], int]:
        """Identical preference lists grouped (after striking out withdrawn candidates), and
        the number of valid papers."""
        n = len(self.names)
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
        return groups, valid

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
