"""Counting a ballot's papers: reads the multiset of each question's papers (distinct content →
number of papers: `CountedPaper`, written at close, or given by the closing service), applies
`voting.rules` / `voting.stv`, and returns each question's result as JSON-safe data (stored on
the question at close)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count

from membership.models import MemberClass
from voting import rules, stv
from voting.models import Ballot, CountedPaper, Participation, Question

# question id → (member class or None, choices) → number of papers
Multiset = dict[int, dict[tuple[int | None, tuple[int, ...]], int]]
# one question's papers: (member class or None, choices, number of papers)
Papers = Sequence[tuple[int | None, Sequence[int], int]]


def fraction_text(value: Fraction, places: int = 5) -> str:
    """An exact fraction as a decimal string (rounded half up at `places`)."""
    quantum = Decimal(1).scaleb(-places)
    return str(
        (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            quantum, rounding=ROUND_HALF_UP
        )
    )


def papers_of(question: Question, multiset: Multiset | None = None) -> Papers:
    """A question's papers as (member class, choices, number): from `multiset` where the
    caller has it (closing), else as counted at close."""
    if multiset is not None:
        return [(c, choices, n) for (c, choices), n in multiset.get(question.pk, {}).items()]
    return list(
        CountedPaper.objects.filter(ballot_id=question.ballot_id, question=question).values_list(
            "member_class_id", "choices", "count"
        )
    )


def _class_info(ballot: Ballot) -> dict[int, MemberClass]:
    return {c.pk: c for c in MemberClass.objects.filter(organisation_id=ballot.organisation_id)}


@dataclass(frozen=True)
class ParticipationCounts:
    """Who voted, from the participations of a ballot (one query)."""

    voted: int  # members who voted, by any channel
    hands: int  # of whom by a show of hands (they get no receipt)
    electorate: int  # members who may vote
    by_class: dict[int, tuple[int, int]]  # member class id → (voted, may vote)


def participation_counts(ballot: Ballot) -> ParticipationCounts:
    rows = (
        Participation.objects.filter(ballot=ballot, is_eligible=True)
        .values_list("member_class_id", "has_voted", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_class: dict[int, list[int]] = {}
    hands = 0
    for class_id, voted, channel, n in rows:
        entry = by_class.setdefault(class_id, [0, 0])
        entry[1] += n
        if voted:
            entry[0] += n
            hands += n if channel == "hands" else 0
    return ParticipationCounts(
        voted=sum(v for v, _ in by_class.values()),
        hands=hands,
        electorate=sum(e for _, e in by_class.values()),
        by_class={k: (v[0], v[1]) for k, v in by_class.items()},
    )


def _turnout(ballot: Ballot) -> tuple[int, int, dict[int, tuple[int, int]]]:
    counts = participation_counts(ballot)
    return counts.voted, counts.electorate, counts.by_class


def _resolution_votes(question: Question, papers: Papers) -> tuple[dict[int, dict[str, int]], int]:
    """A resolution's votes by member class and answer code, and its blank papers."""
    codes = {o.pk: o.code for o in question.options.all()}
    votes_by_class: dict[int, dict[str, int]] = {}
    blank = 0
    for class_id, choices, n in papers:
        if not choices:
            blank += n
            continue
        code = codes[int(choices[0])]
        votes = votes_by_class.setdefault(class_id or 0, {})
        votes[code] = votes.get(code, 0) + n
    return votes_by_class, blank


def count_resolution(
    question: Question,
    voted: int,
    electorate: int,
    classes: dict[int, MemberClass],
    papers: Papers,
) -> dict[str, Any]:
    ballot = question.ballot
    version = ballot.rules_version
    rtype = question.resolution_type
    assert version is not None
    assert rtype is not None
    votes_by_class, blank = _resolution_votes(question, papers)
    weighting = rules.ClassWeighting.from_percentages(
        {c.pk: c.vote_share_percent for c in classes.values()},
        {c.pk: c.vote_cap_percent for c in classes.values()},
    )
    rule = rules.ResolutionRule(
        threshold=rtype.threshold,
        abstentions_in_base=rtype.abstentions_in_base,
        turnout_floor_percent=rtype.turnout_floor_percent,
        majority_in_every_class=rtype.majority_in_every_class,
        chair_casting_vote=version.chair_casting_vote,
    )
    result = rules.tally_resolution(
        votes_by_class=votes_by_class,
        rule=rule,
        weighting=weighting,
        voted=voted,
        electorate=electorate,
        casting_vote=question.casting_vote,
    )
    return {
        "kind": "resolution",
        "outcome": result.outcome,
        "votes": {**result.votes, "blank": blank},
        "weighted": {k: fraction_text(v) for k, v in result.weighted.items()},
        "is_weighted": result.is_weighted,
        "base": fraction_text(result.base),
        "share_for_percent": fraction_text(result.share_for * 100, 2),
        "threshold": rule.threshold,
        "abstentions_in_base": rule.abstentions_in_base,
        "turnout_floor_percent": str(rule.turnout_floor_percent)
        if rule.turnout_floor_percent is not None
        else None,
        "turnout_met": result.turnout_met,
        "majority_in_every_class": rule.majority_in_every_class,
        "is_tie": result.is_tie,
        "chair_casting_vote": rule.chair_casting_vote,
        "casting_vote": result.casting_vote,
        "reasons": result.reasons,
        "classes": [
            {
                "class": classes[c.member_class].code if c.member_class in classes else "",
                "votes": c.votes,
                "multiplier": fraction_text(c.multiplier),
                "met": c.met,
                "voters": sum(c.votes.values()),
            }
            for c in result.classes
        ],
        "rule": {
            "resolution_type": rtype.code,
            "name": rtype.name,
            "name_cy": rtype.name_cy,
            "rule_number": rtype.rule_number,
            "rules_version": version.title,
            "requires_confirmation": rtype.requires_confirmation,
        },
    }


def count_choice(question: Question, papers: Papers) -> dict[str, Any]:
    options = [o.pk for o in question.options.all() if not o.is_withdrawn]
    counts: Counter[int] = Counter()
    blank = 0
    for _class_id, choices, n in papers:
        if not choices:
            blank += n
        for c in choices:
            counts[int(c)] += n
    result = rules.tally_choice(
        counts=counts, options=options, seats=question.seats, seed=question.ballot.stv_seed
    )
    return {
        "kind": "choice",
        "method": question.method,
        "seats": question.seats,
        "counts": {str(o): counts.get(o, 0) for o in options},
        "blank": blank,
        "elected": result.elected,
        "tie_broken_by_lot": result.tie_broken_by_lot,
        "seed": result.seed,
    }


def stv_ballots(
    question: Question, papers: Papers | None = None
) -> tuple[list[int], list[stv.Ballot]]:
    """The question's candidates (option ids in ballot order) and its papers as STV ballots
    (candidate indexes), identical rankings grouped (in ballot order of the rankings)."""
    candidates = [o.pk for o in question.options.all()]
    index = {pk: i for i, pk in enumerate(candidates)}
    grouped: Counter[tuple[int, ...]] = Counter()
    for _class_id, choices, n in papers_of(question) if papers is None else papers:
        ranking = tuple(index[int(c)] for c in choices if int(c) in index)
        if ranking:
            grouped[ranking] += n
    return candidates, [stv.Ballot(weight=n, preferences=r) for r, n in grouped.items()]


def count_stv(question: Question, papers: Papers) -> dict[str, Any]:
    options = list(question.options.select_related("member_class"))
    candidates, ballots = stv_ballots(question, papers)
    by_pk = {o.pk: o for o in options}
    names = [by_pk[pk].label for pk in candidates]
    withdrawn = [i for i, pk in enumerate(candidates) if by_pk[pk].is_withdrawn]
    reserved = {
        r.member_class.code: r.seats for r in question.reservations.select_related("member_class")
    }
    candidate_classes = {
        i: member_class.code
        for i, pk in enumerate(candidates)
        if (member_class := by_pk[pk].member_class) is not None
    }
    if not ballots:
        return {
            "kind": "stv",
            "seats": question.seats,
            "elected": [],
            "stages": [],
            "quota": "0.00000",
            "seed": question.ballot.stv_seed,
            "papers": 0,
        }
    result = stv.count_stv(
        candidates=names,
        ballots=ballots,
        seats=question.seats,
        seed=question.ballot.stv_seed,
        withdrawn=withdrawn,
        reserved=reserved or None,
        candidate_classes=candidate_classes or None,
    )
    return {
        **result.to_json(),
        "kind": "stv",
        "seed": question.ballot.stv_seed,
        "reserved": reserved,
        "papers": sum(b.weight for b in ballots),
    }


def count_question(
    question: Question,
    voted: int,
    electorate: int,
    classes: dict[int, MemberClass],
    multiset: Multiset | None = None,
) -> dict[str, Any]:
    papers = papers_of(question, multiset)
    if question.kind == Question.Kind.RESOLUTION:
        data = count_resolution(question, voted, electorate, classes, papers)
    elif question.kind == Question.Kind.CHOICE:
        data = count_choice(question, papers)
    else:
        data = count_stv(question, papers)
    data["turnout"] = {
        "voted": voted,
        "electorate": electorate,
        "percent": fraction_text(rules.turnout_percent(voted, electorate), 2),
    }
    return data


def count_ballot(
    ballot: Ballot, counts: ParticipationCounts | None = None, multiset: Multiset | None = None
) -> dict[int, dict[str, Any]]:
    """Results of every question of the ballot, keyed by question id (`counts`: the
    participation counts if the caller has them already; `multiset`: the papers, if not yet
    stored as counted)."""
    counts = counts or participation_counts(ballot)
    voted, electorate = counts.voted, counts.electorate
    classes = _class_info(ballot)
    return {
        q.pk: count_question(q, voted, electorate, classes, multiset)
        for q in ballot.questions.select_related(
            "resolution_type", "ballot__rules_version"
        ).prefetch_related("options")
    }


def turnout_by_class(ballot: Ballot) -> tuple[int, int, dict[int, tuple[int, int]]]:
    """(voted, electorate, {class id: (voted, electorate)})."""
    return _turnout(ballot)
