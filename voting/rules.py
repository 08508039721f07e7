"""Pure rules of voting: eligibility, thresholds, class weights and tallies.

No database access and no Django: the functions take plain values and return plain
dataclasses, so every rule can be checked by hand in a test. Arithmetic is exact
(`fractions.Fraction`); figures are rounded only for display.

Sources: the organisation's registered rules (a rules version and its resolution types) and
the CCBS Act 2014; Scottish STV is in `voting.stv`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from voting import disclosure

# --- Eligibility --------------------------------------------------------------------------

NOT_A_MEMBER = "not_a_member"
CEASED = "ceased"
SUSPENDED = "suspended"
UNPAID = "unpaid"
UNDER_AGE = "under_age"
CLASS_EXCLUDED = "class_excluded"


@dataclass(frozen=True)
class VoterFacts:
    """What the register says of one member, at the record date of a ballot."""

    entered_by_record_date: bool
    ceased_by_record_date: bool
    suspended: bool
    paid_qualifying_pence: int
    required_paid_pence: int
    age: int | None
    minimum_age: int
    class_may_vote: bool


def ineligibility(facts: VoterFacts) -> str:
    """Why a member may not vote ('' if they may). The order is the order a secretary would
    explain it in: membership first, then standing, then the ballot's own limits."""
    if not facts.entered_by_record_date:
        return NOT_A_MEMBER
    if facts.ceased_by_record_date:
        return CEASED
    if facts.suspended:
        return SUSPENDED
    if facts.paid_qualifying_pence < facts.required_paid_pence:
        return UNPAID
    if facts.age is not None and facts.age < facts.minimum_age:
        return UNDER_AGE
    if not facts.class_may_vote:
        return CLASS_EXCLUDED
    return ""


# --- Thresholds ---------------------------------------------------------------------------

MORE_THAN_HALF = "more_than_half"
TWO_THIRDS = "two_thirds"
THREE_QUARTERS = "three_quarters"

#: threshold → (fraction of the base, whether it must be strictly exceeded)
THRESHOLDS: dict[str, tuple[Fraction, bool]] = {
    MORE_THAN_HALF: (Fraction(1, 2), True),
    TWO_THIRDS: (Fraction(2, 3), False),
    THREE_QUARTERS: (Fraction(3, 4), False),
}


def threshold_met(votes_for: Fraction, base: Fraction, threshold: str) -> bool:
    """More than half: strictly more than 1/2 of the base; two thirds and three quarters: at
    least that share. Nothing is carried on an empty base."""
    if base <= 0:
        return False
    share, strict = THRESHOLDS[threshold]
    return votes_for / base > share if strict else votes_for / base >= share


# --- Class weights ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassWeighting:
    """Fixed shares of the vote and caps per member class (fractions of the whole, 0..1)."""

    fixed: Mapping[int, Fraction] = field(default_factory=dict)
    caps: Mapping[int, Fraction] = field(default_factory=dict)

    @property
    def is_plain(self) -> bool:
        return not self.fixed and not self.caps

    @classmethod
    def from_percentages(
        cls, fixed: Mapping[int, Decimal | None], caps: Mapping[int, Decimal | None]
    ) -> ClassWeighting:
        return cls(
            fixed={k: Fraction(v) / 100 for k, v in fixed.items() if v is not None},
            caps={k: Fraction(v) / 100 for k, v in caps.items() if v is not None},
        )


def _fill(
    weights: Mapping[int, Fraction], pool: Fraction, caps: Mapping[int, Fraction]
) -> dict[int, Fraction]:
    """Share `pool` out in proportion to `weights`, no class above its cap: a class over its
    cap is pinned at it and the rest shared again. What no class can take (all capped) is
    left over."""
    shares: dict[int, Fraction] = {}
    free = {c for c, w in weights.items() if w > 0}
    while free and pool > 0:
        total = sum(weights[c] for c in free)
        over = {c for c in free if c in caps and pool * weights[c] / total > caps[c]}
        if not over:
            shares.update({c: pool * weights[c] / total for c in free})
            break
        for c in over:
            shares[c] = caps[c]
            pool -= caps[c]
        free -= over
    return shares


def class_multipliers(
    base_votes: Mapping[int, int], weighting: ClassWeighting
) -> dict[int, Fraction]:
    """How much one vote of each class counts, so each class holds its share of the vote.

    - A class with a fixed share holds that share of the weighted total whatever its size.
    - The share the fixed classes leave (100% less every fixed share) goes to the other
      classes in proportion to their votes, a capped class holding at most its cap (the
      excess going to the uncapped ones in proportion).
    - A class that cast no votes holds nothing; the shares of those that did are scaled up
      in proportion to make the whole (so an absent class cannot sink a vote), a capped class
      still holding at most its cap unless every class that voted is capped.
    Weighted totals keep the scale of the raw count: the multipliers satisfy
    sum(multiplier × votes) = sum(votes).
    """
    voting = {c: v for c, v in base_votes.items() if v > 0}
    if not voting:
        return {}
    if weighting.is_plain:
        return dict.fromkeys(voting, Fraction(1))
    total = Fraction(sum(voting.values()))
    caps = {c: cap for c, cap in weighting.caps.items() if c not in weighting.fixed}
    shares: dict[int, Fraction] = {c: weighting.fixed[c] for c in voting if c in weighting.fixed}
    # The share left by the fixed classes, whether or not they voted: an absent fixed class's
    # share is scaled out below in proportion, not handed to the other classes alone.
    left = max(Fraction(0), 1 - sum(weighting.fixed.values(), Fraction(0)))
    shares.update(_fill({c: Fraction(v) for c, v in voting.items() if c not in shares}, left, caps))
    held = sum(shares.values(), Fraction(0))
    if held == 0:
        return dict.fromkeys(voting, Fraction(1))
    if held < 1:
        # Scale up every class that voted in proportion, none past its cap.
        at_cap = {c: s for c, s in shares.items() if c in caps and s >= caps[c]}
        scaled = _fill(
            {c: s for c, s in shares.items() if c not in at_cap},
            1 - sum(at_cap.values(), Fraction(0)),
            caps,
        )
        shares = {**shares, **at_cap, **scaled}
        held = sum(shares.values(), Fraction(0))
    return {c: shares.get(c, Fraction(0)) / held * total / voting[c] for c in voting}


# --- Resolutions --------------------------------------------------------------------------

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"

CARRIED = "carried"
LOST = "lost"
AWAITING_CASTING_VOTE = "awaiting_casting_vote"


@dataclass(frozen=True)
class ResolutionRule:
    """How a resolution is decided (from the rules version and its resolution type)."""

    threshold: str = MORE_THAN_HALF
    abstentions_in_base: bool = False
    turnout_floor_percent: Decimal | None = None
    majority_in_every_class: bool = False
    chair_casting_vote: bool = False


@dataclass(frozen=True)
class ClassTally:
    member_class: int
    votes: dict[str, int]
    multiplier: Fraction
    met: bool | None


@dataclass(frozen=True)
class ResolutionResult:
    outcome: str
    votes: dict[str, int]
    weighted: dict[str, Fraction]
    base: Fraction
    share_for: Fraction
    rule: ResolutionRule
    voted: int
    electorate: int
    turnout_met: bool
    is_tie: bool
    casting_vote: str
    classes: list[ClassTally]
    reasons: list[str]

    @property
    def is_weighted(self) -> bool:
        return any(c.multiplier != 1 for c in self.classes)


def _base_of(votes: Mapping[str, Any], rule: ResolutionRule) -> Any:
    """The votes a resolution is decided on: for and against, and abstentions where the rules
    count them (rules version: resolution type's abstentions_in_base)."""
    abstain = votes.get(ABSTAIN, 0) if rule.abstentions_in_base else 0
    return votes.get(FOR, 0) + votes.get(AGAINST, 0) + abstain


def _class_tallies(
    votes_by_class: Mapping[int, Mapping[str, int]],
    rule: ResolutionRule,
    multipliers: Mapping[int, Fraction],
) -> tuple[list[ClassTally], bool]:
    """Each class's votes and multiplier, and whether each class that voted met the threshold
    (where the rules ask for a majority in every class)."""
    classes = []
    every_class_met = True
    for c, v in sorted(votes_by_class.items()):
        met = None
        base = _base_of(v, rule)
        if rule.majority_in_every_class and base > 0:
            met = threshold_met(Fraction(v.get(FOR, 0)), Fraction(base), rule.threshold)
            every_class_met = every_class_met and met
        classes.append(ClassTally(c, dict(v), multipliers.get(c, Fraction(0)), met))
    return classes, every_class_met


def _decide(
    *,
    rule: ResolutionRule,
    weighted: Mapping[str, Fraction],
    base: Fraction,
    turnout_met: bool,
    is_tie: bool,
    every_class_met: bool,
    casting_vote: str,
) -> tuple[str, list[str]]:
    """The outcome and the reasons (codes) that decided it, in the order the rules apply."""
    if base == 0:
        return LOST, ["no_votes"]
    if not turnout_met:
        return LOST, ["turnout_floor"]
    if is_tie:
        if rule.chair_casting_vote and casting_vote in (FOR, AGAINST):
            return (CARRIED if casting_vote == FOR else LOST), ["tie", "casting_vote"]
        if rule.chair_casting_vote:
            return AWAITING_CASTING_VOTE, ["tie"]
        return LOST, ["tie"]
    if not threshold_met(weighted[FOR], base, rule.threshold):
        return LOST, ["threshold"]
    if rule.majority_in_every_class and not every_class_met:
        return LOST, ["class_majority"]
    if rule.majority_in_every_class:
        return CARRIED, ["threshold", "class_majority"]
    return CARRIED, ["threshold"]


def tally_resolution(
    *,
    votes_by_class: Mapping[int, Mapping[str, int]],
    rule: ResolutionRule,
    weighting: ClassWeighting,
    voted: int,
    electorate: int,
    casting_vote: str = "",
) -> ResolutionResult:
    """Decide a resolution.

    `votes_by_class` maps member class → {"for": n, "against": n, "abstain": n}. The base is
    the votes cast for and against (and abstentions where the rules count them). Reasons
    (codes) say which rule decided: 'threshold', 'turnout_floor', 'class_majority', 'tie',
    'casting_vote', 'no_votes'.
    """
    multipliers = class_multipliers(
        {c: _base_of(v, rule) for c, v in votes_by_class.items()}, weighting
    )
    raw = {k: sum(v.get(k, 0) for v in votes_by_class.values()) for k in (FOR, AGAINST, ABSTAIN)}
    weighted = {
        k: sum(
            (multipliers.get(c, Fraction(0)) * v.get(k, 0) for c, v in votes_by_class.items()),
            Fraction(0),
        )
        for k in (FOR, AGAINST, ABSTAIN)
    }
    if weighting.is_plain:
        weighted = {k: Fraction(raw[k]) for k in raw}
    base = Fraction(_base_of(weighted, rule))
    turnout_met = True
    if rule.turnout_floor_percent is not None:
        turnout_met = electorate > 0 and Fraction(voted * 100, electorate) >= Fraction(
            rule.turnout_floor_percent
        )
    classes, every_class_met = _class_tallies(votes_by_class, rule, multipliers)
    is_tie = (
        rule.threshold == MORE_THAN_HALF
        and base > 0
        and weighted[FOR] == weighted[AGAINST]
        and (not rule.abstentions_in_base or weighted[ABSTAIN] == 0)
    )
    outcome, reasons = _decide(
        rule=rule,
        weighted=weighted,
        base=base,
        turnout_met=turnout_met,
        is_tie=is_tie,
        every_class_met=every_class_met,
        casting_vote=casting_vote,
    )
    return ResolutionResult(
        outcome=outcome,
        votes=raw,
        weighted=weighted,
        base=base,
        share_for=weighted[FOR] / base if base else Fraction(0),
        rule=rule,
        voted=voted,
        electorate=electorate,
        turnout_met=turnout_met,
        is_tie=is_tie,
        casting_vote=casting_vote if is_tie else "",
        classes=classes,
        reasons=reasons,
    )


# --- Choice of k from n -------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceResult:
    counts: dict[int, int]
    elected: list[int]
    tie_broken_by_lot: bool
    seed: str


def tally_choice(
    *, counts: Mapping[int, int], options: Sequence[int], seats: int, seed: str
) -> ChoiceResult:
    """The `seats` options with the most votes win. A tie for the last place is decided by
    lot from the ballot's seed (fixed before it closed), recorded in the result."""
    order = sorted(options, key=lambda o: (-counts.get(o, 0), options.index(o)))
    if len(order) <= seats:
        return ChoiceResult(dict(counts), order, False, seed)
    cutoff = counts.get(order[seats - 1], 0)
    sure = [o for o in order if counts.get(o, 0) > cutoff]
    tied = [o for o in order if counts.get(o, 0) == cutoff]
    places = seats - len(sure)
    if len(tied) == places:
        return ChoiceResult(dict(counts), sure + tied, False, seed)
    drawn = random.Random(seed).sample(tied, places)  # noqa: S311 - a lot, not a secret
    return ChoiceResult(dict(counts), sure + [o for o in tied if o in drawn], True, seed)


def turnout_percent(voted: int, electorate: int) -> Fraction:
    return Fraction(voted * 100, electorate) if electorate else Fraction(0)


#: Below this many voters no breakdown by class or group is shown (secrecy): the threshold
#: and the rules are in `voting.disclosure`, named here for the readers that ask `rules`.
MINIMUM_GROUP_FOR_BREAKDOWN = disclosure.MIN_GROUP
may_show_breakdown = disclosure.group_shown
