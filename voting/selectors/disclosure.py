"""Reads of what a secret ballot's count may disclose before it closes: the classes whose
votes a weighted count (or a majority needed in every class) may reveal, because fewer than
`voting.disclosure.MIN_GROUP` of their members may vote. The set-up page says so."""

from __future__ import annotations

from django.db.models import Count, Q

from membership.models import Member, MemberClass
from voting import disclosure
from voting.models import Ballot, Participation, Question


def _count_uses_classes(ballot: Ballot, questions: list[Question]) -> bool:
    """Whether the count will treat classes apart: a resolution under class weights (a
    fixed share or a cap of any class), or one that needs a majority in every class."""
    resolutions = [q for q in questions if q.kind == Question.Kind.RESOLUTION]
    if not resolutions:
        return False
    if any(q.resolution_type and q.resolution_type.majority_in_every_class for q in resolutions):
        return True
    return (
        MemberClass.objects.filter(organisation_id=ballot.organisation_id)
        .filter(Q(vote_share_percent__isnull=False) | Q(vote_cap_percent__isnull=False))
        .exists()
    )


def _electorates(ballot: Ballot) -> dict[int, int]:
    """Members who may vote, by class: from the roll once the ballot has opened; before, the
    active members on the register at the record date, as it stands today."""
    if ballot.status != Ballot.Status.DRAFT:
        rows = (
            Participation.objects.filter(ballot=ballot, is_eligible=True)
            .values_list("member_class_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        return dict(rows)
    members = (
        Member.objects.filter(organisation_id=ballot.organisation_id)
        .members_on(ballot.record_date)
        .active()
    )
    allowed = list(ballot.eligible_classes.values_list("pk", flat=True))
    if allowed:
        members = members.filter(member_class_id__in=allowed)
    return dict(members.values_list("member_class_id").annotate(n=Count("id")).order_by())


def classes_at_risk(ballot: Ballot, questions: list[Question]) -> list[MemberClass]:
    """The classes whose votes the count of this secret ballot may reveal, before it closes
    (`disclosure.classes_at_risk`)."""
    if not ballot.is_secret or ballot.status not in (Ballot.Status.DRAFT, Ballot.Status.OPEN):
        return []
    weighted = _count_uses_classes(ballot, questions)
    if not weighted:
        return []
    classes = {c.pk: c for c in MemberClass.objects.filter(organisation_id=ballot.organisation_id)}
    electorates = {classes[k].code: n for k, n in _electorates(ballot).items() if k in classes}
    risky = set(disclosure.classes_at_risk(electorates, weighted=weighted))
    return [c for c in sorted(classes.values(), key=lambda c: c.position) if c.code in risky]
