"""What may be disclosed of a secret ballot's papers, to anyone, through any reader.

The one place for the threshold and the suppression rules: the results page, the PDF, the
CSV, the recount kit, the API and the audit trail all ask here. Pure functions of plain
values (no Django), so each rule is checked by hand in a test.

- No reader breaks papers down by any attribute (member class, channel, proxy or direct, or
  anything else) for a group of fewer than `MIN_GROUP` voters. A breakdown is all or
  nothing: leaving out only the small groups would let them be found by subtraction from the
  totals.
- A weighted count publishes weighted totals. Where a class that voted has fewer than
  `MIN_GROUP` voters, those totals (with the weights, which the rules make public) can tell
  how that class voted; so can the outcome where a majority is needed in every class. That
  cannot be hidden without hiding the result, so it is said plainly, before the ballot opens
  (set-up page) and with the result (page, PDF, CSV, API).
- The recount kit carries no channel, and the member class only where the count used it
  (class weights, or a majority in every class) and every class group is large enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Below this many voters, no group of papers is shown apart.
MIN_GROUP = 5


def group_shown(voters: int) -> bool:
    """A group of papers of `voters` voters may be shown apart."""
    return voters >= MIN_GROUP


def breakdown_shown(group_sizes: Iterable[int]) -> bool:
    """A breakdown may be shown only if every group in it is empty or holds at least
    `MIN_GROUP` voters (all or nothing: a small group left out is found by subtraction)."""
    return all(n == 0 or group_shown(n) for n in group_sizes)


def _class_voters(entry: Mapping[str, Any]) -> int:
    if "voters" in entry:
        return int(entry["voters"])
    return sum(int(v) for v in (entry.get("votes") or {}).values())


def public_result(result: Mapping[str, Any] | None) -> tuple[dict[str, Any], bool]:
    """A question's stored result as any reader may see it, and whether the breakdown by
    class was left out (a class had fewer than `MIN_GROUP` voters). The totals stay."""
    shown = dict(result or {})
    classes = shown.get("classes") or []
    hidden = not breakdown_shown(_class_voters(c) for c in classes)
    if hidden:
        shown["classes"] = []
    return shown, hidden


def revealing_classes(result: Mapping[str, Any] | None) -> list[str]:
    """The classes (codes) whose votes a result may reveal: where the count treated classes
    apart (weighted totals, or a majority needed in every class), each class that voted with
    fewer than `MIN_GROUP` voters."""
    if not result or not (result.get("is_weighted") or result.get("majority_in_every_class")):
        return []
    return [
        str(c.get("class", ""))
        for c in result.get("classes") or []
        if 0 < _class_voters(c) < MIN_GROUP
    ]


def classes_at_risk(electorates: Mapping[str, int], *, weighted: bool) -> list[str]:
    """Before a ballot opens: the classes (codes) whose votes a weighted count's totals may
    reveal, those with a weight (in a weighted count, every class that votes has one) and
    fewer than `MIN_GROUP` members who may vote."""
    if not weighted:
        return []
    return [code for code, n in electorates.items() if 0 < n < MIN_GROUP]


#: Why the recount kit leaves out the member class.
CLASS_NOT_COUNTED = "class_not_counted"
CLASS_GROUP_TOO_SMALL = "class_group_too_small"


@dataclass(frozen=True)
class KitClasses:
    """Whether the recount kit's papers carry their member class, and if not, why."""

    included: bool
    reason: str = ""


def kit_classes(*, count_uses_classes: bool, group_sizes: Iterable[int]) -> KitClasses:
    """The recount kit gives a paper's member class only where the count used it, and only
    if every (question, class) group of papers holds at least `MIN_GROUP` voters."""
    if not count_uses_classes:
        return KitClasses(False, CLASS_NOT_COUNTED)
    if not breakdown_shown(group_sizes):
        return KitClasses(False, CLASS_GROUP_TOO_SMALL)
    return KitClasses(True)


def hands_counts(counts: Mapping[str, int], present: int) -> dict[str, int] | None:
    """A show of hands' counts as the audit trail may keep them: none for fewer than
    `MIN_GROUP` members (with the roll, they would say how each of them voted)."""
    return dict(counts) if group_shown(present) else None
