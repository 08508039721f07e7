"""Reads of turnout (counts only: never who chose what) and the published receipt codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from membership.models import MemberClass
from voting import counting, disclosure, rules
from voting.models import Ballot, Receipt


@dataclass(frozen=True)
class ClassTurnout:
    member_class: MemberClass
    voted: int
    electorate: int
    shown: bool

    @property
    def percent(self) -> str:
        return counting.fraction_text(rules.turnout_percent(self.voted, self.electorate), 1)


@dataclass(frozen=True)
class Turnout:
    voted: int
    electorate: int
    by_class: list[ClassTurnout]

    @property
    def percent(self) -> str:
        return counting.fraction_text(rules.turnout_percent(self.voted, self.electorate), 1)

    @property
    def shown_classes(self) -> list[ClassTurnout]:
        """The classes large enough to show apart (`disclosure.group_shown`)."""
        return [c for c in self.by_class if c.shown]


def turnout(ballot: Ballot) -> Turnout:
    """Turnout, overall and by class; a class of fewer than 5 voters shows no breakdown
    (`disclosure.MIN_GROUP`)."""
    voted, electorate, by_class = counting.turnout_by_class(ballot)
    classes = {c.pk: c for c in MemberClass.objects.filter(organisation_id=ballot.organisation_id)}
    rows = [
        ClassTurnout(classes[k], v, e, disclosure.group_shown(e))
        for k, (v, e) in sorted(by_class.items(), key=lambda kv: classes[kv[0]].position)
        if k in classes
    ]
    return Turnout(voted, electorate, rows)


def receipts_published(ballot: Ballot) -> list[str]:
    """After close, the receipt codes of every vote counted (sorted, no link to papers)."""
    if not ballot.results_visible:
        return []
    return sorted(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True))


def receipt_codes(ballot: Ballot, *, code: str = "") -> QuerySet[Receipt]:
    """The ballot's receipt codes in code order, or the one code asked for (no link to a
    paper or a voter). The caller shows them only once the ballot has closed."""
    receipts = Receipt.objects.filter(ballot=ballot)
    if code:
        receipts = receipts.filter(code=code)
    return receipts.order_by("code")
