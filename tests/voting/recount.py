"""An independent recount of a resolution from the recount kit alone (papers.csv and
rules.json), as a scrutineer would do it: the kit is complete when this equals the result."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from voting import rules
from voting.counting import fraction_text


def kit_papers(text: str) -> list[dict[str, str]]:
    """The kit's papers.csv (each distinct content and how many papers had it) as one row per
    paper."""
    papers = []
    for row in csv.DictReader(io.StringIO(text)):
        n = int(row.pop("papers"))
        papers += [dict(row) for _ in range(n)]
    return papers


def _percent(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def recount_resolution(
    papers: list[dict[str, str]], rules_json: dict[str, Any], position: int
) -> dict[str, Any]:
    """The stored result of resolution `position`, recounted: its outcome, votes and
    weighted totals (the rest of the stored result copied, so a test compares the whole)."""
    question = next(q for q in rules_json["questions"] if q["position"] == position)
    codes = {o["label"]: o["code"] for o in question["options"]}
    class_codes = [c["class"] for c in rules_json["class_weights"]]
    votes_by_class: dict[int, dict[str, int]] = {}
    blank = 0
    for paper in (p for p in papers if p["question"] == str(position)):
        if not paper["choices"]:
            blank += 1
            continue
        group = class_codes.index(paper["member_class"]) if "member_class" in paper else -1
        votes = votes_by_class.setdefault(group, {})
        code = codes[paper["choices"]]
        votes[code] = votes.get(code, 0) + 1
    weighting = rules.ClassWeighting.from_percentages(
        {i: _percent(c["fixed_share_percent"]) for i, c in enumerate(rules_json["class_weights"])},
        {i: _percent(c["cap_percent"]) for i, c in enumerate(rules_json["class_weights"])},
    )
    rtype = question["resolution_type"]
    stored = question["result"]
    result = rules.tally_resolution(
        votes_by_class=votes_by_class,
        rule=rules.ResolutionRule(
            threshold=rtype["threshold"],
            abstentions_in_base=rtype["abstentions_in_base"],
            turnout_floor_percent=_percent(rtype["turnout_floor_percent"]),
            majority_in_every_class=rtype["majority_in_every_class"],
            chair_casting_vote=bool(rules_json["chair_casting_vote"]),
        ),
        weighting=weighting,
        voted=stored["turnout"]["voted"],
        electorate=stored["turnout"]["electorate"],
    )
    return {
        **stored,
        "outcome": result.outcome,
        "votes": {**result.votes, "blank": blank},
        "weighted": {k: fraction_text(v) for k, v in result.weighted.items()},
        "is_weighted": result.is_weighted,
        "base": fraction_text(result.base),
        "share_for_percent": fraction_text(result.share_for * 100, 2),
        "reasons": result.reasons,
    }
