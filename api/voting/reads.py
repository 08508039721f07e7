"""Reads the ballots API needs that `voting.selectors` does not offer yet.

Each one is a plain, typed query with the joins its serializer needs, so list endpoints make
a constant number of queries. They belong in `voting/selectors.py`; they live here only
because that module has another owner.
"""

from __future__ import annotations

from django.db.models import QuerySet

from membership.models import Member, MemberClass, Organisation, ResolutionType
from voting.models import Ballot, Option, Participation, Proxy, Question, Receipt


def members_numbered(organisation: Organisation, numbers: list[int]) -> dict[int, Member]:
    return {
        m.number: m for m in Member.objects.filter(organisation=organisation, number__in=numbers)
    }


def member_classes_by_code(organisation: Organisation, codes: list[str]) -> dict[str, MemberClass]:
    return {c.code: c for c in organisation.member_classes.filter(code__in=codes)}


def question_get(ballot: Ballot, pk: int) -> Question | None:
    return (
        Question.objects.filter(ballot=ballot, pk=pk)
        .select_related("ballot", "resolution_type")
        .first()
    )


def question_with_options(question: Question) -> Question:
    """The question again, with what its serializer shows (after a change)."""
    return (
        Question.objects.filter(pk=question.pk)
        .select_related("resolution_type")
        .prefetch_related("options__member_class", "reservations__member_class")
        .get()
    )


def option_get(pk: int) -> Option:
    return Option.objects.select_related("member_class").get(pk=pk)


def resolution_type_for(ballot: Ballot, code: str) -> ResolutionType | None:
    """A resolution type of the rules in force on the ballot's record date, by code."""
    version = ballot.organisation.rules_versions.in_force_on(ballot.record_date).first()
    if version is None:
        return None
    return version.resolution_types.filter(code=code).first()


def ballot_with_classes(ballot: Ballot) -> Ballot:
    """The ballot again, with its eligible classes (for its serializer)."""
    return (
        Ballot.objects.filter(pk=ballot.pk)
        .select_related("organisation")
        .prefetch_related("eligible_classes")
        .get()
    )


def roll(
    ballot: Ballot, *, voted: bool | None, eligible: bool | None, member_class: str
) -> QuerySet[Participation]:
    """The ballot's frozen roll, by member number (who voted is not secret; what they
    chose is), with filters."""
    rows = (
        Participation.objects.filter(ballot=ballot)
        .select_related("member", "member_class")
        .order_by("member__number")
    )
    if voted is not None:
        rows = rows.filter(has_voted=voted)
    if eligible is not None:
        rows = rows.filter(is_eligible=eligible)
    if member_class:
        rows = rows.filter(member_class__code=member_class)
    return rows


def receipt_codes(ballot: Ballot, *, code: str = "") -> QuerySet[Receipt]:
    """The ballot's receipt codes in code order (no link to a paper or a voter)."""
    receipts = Receipt.objects.filter(ballot=ballot)
    if code:
        receipts = receipts.filter(code=code)
    return receipts.order_by("code")


def proxy_get(ballot: Ballot, pk: int) -> Proxy | None:
    return Proxy.objects.filter(ballot=ballot, pk=pk).select_related("member", "holder").first()
