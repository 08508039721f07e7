"""Reads the joint bids API needs that `tendering.selectors` does not offer: look-ups of what a
request names (within the consortium, the tender or the bid), one participant's row after a
change, and the latest capacity declarations of some co-ops.

Each is a plain, typed query with the joins its serializer needs. They belong in
`tendering/selectors/`; they live here only because that package has another owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Prefetch

from membership.models import Organisation
from tendering.models import (
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    JointBid,
    Lot,
    Opportunity,
    TenderQuestion,
)


def opportunity_in(consortium: Organisation, pk: int) -> Opportunity | None:
    """An opportunity the consortium tracks."""
    return Opportunity.objects.filter(organisation=consortium, pk=pk).first()


def lots_numbered(opportunity: Opportunity, numbers: Sequence[int]) -> dict[int, Lot]:
    return {lot.number: lot for lot in opportunity.lots.filter(number__in=list(numbers))}


def questions_numbered(
    opportunity: Opportunity, numbers: Sequence[str]
) -> dict[str, TenderQuestion]:
    return {q.number: q for q in opportunity.questions.filter(number__in=list(numbers))}


def question_in(opportunity: Opportunity, pk: int) -> TenderQuestion | None:
    return opportunity.questions.filter(pk=pk).first()


def participant_in(bid: JointBid, pk: int) -> BidParticipant | None:
    """A co-op of the bid, with its member record (and the bid, for the services)."""
    participant = (
        BidParticipant.objects.filter(bid=bid, pk=pk)
        .select_related("member", "member__member_organisation")
        .first()
    )
    if participant is not None:
        participant.bid = bid
    return participant


def participant_with_lots(bid: JointBid, pk: int) -> list[BidParticipant]:
    """One co-op of the bid as `selectors.participant_rows` wants it (its approved lots)."""
    return list(
        BidParticipant.objects.filter(bid=bid, pk=pk)
        .select_related("member", "member__member_organisation")
        .prefetch_related(Prefetch("allowed_lots", queryset=Lot.objects.order_by("number")))
    )


def commitment_in(bid: JointBid, pk: int) -> Commitment | None:
    commitment = (
        Commitment.objects.filter(bid=bid, pk=pk).select_related("participant", "lot").first()
    )
    if commitment is not None:
        commitment.bid = bid
    return commitment


def capacity_latest(
    consortium: Organisation, member_ids: Iterable[int]
) -> list[CapacityDeclaration]:
    """The latest capacity declaration of each of the consortium's co-ops `member_ids` (the one
    over-commitment is checked against), by co-op name."""
    latest: dict[int, CapacityDeclaration] = {}
    for declaration in (
        CapacityDeclaration.objects.filter(consortium=consortium, member_id__in=list(member_ids))
        .select_related("member")
        .order_by("member_id", "-declared_on", "-id")
    ):
        latest.setdefault(declaration.member_id, declaration)
    return sorted(latest.values(), key=lambda d: (d.member.name, d.member_id))
