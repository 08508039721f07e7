"""Look-ups of one thing: what an address names (a consortium, an opportunity, a bid and its
parts, each only under the consortium and the bid of the address), and what a request body
names (a lot by number, a question, a co-op of the bid). Each returns None when there is no
such thing there; `tendering.permissions` turns that into 404, and the API's look-ups of a
request body into 400 on the field.

Each loads the joins the predicates of `tendering.permissions` and the pages read (the bid's
consortium and opportunity), so that deciding and showing cost no further query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, QuerySet

from membership.models import Organisation
from tendering.models import (
    Answer,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    Evidence,
    JointBid,
    Lot,
    Opportunity,
    TenderQuestion,
)
from voting.models import Ballot

_BID_JOINS = ("bid__consortium", "bid__opportunity", "bid__lead")


def consortium_at(slug: str) -> Organisation | None:
    """The organisation of the address (the bids section exists only for a consortium: the
    predicates say so)."""
    return Organisation.objects.filter(slug=slug).first()


def opportunity_at(slug: str, pk: int) -> Opportunity | None:
    """An opportunity the consortium of the address tracks."""
    return (
        Opportunity.objects.select_related("organisation")
        .filter(pk=pk, organisation__slug=slug)
        .first()
    )


def bid_at(slug: str, pk: int) -> JointBid | None:
    """A bid of the consortium of the address."""
    return (
        JointBid.objects.select_related(
            "opportunity", "consortium", "lead", "lead__member_organisation", "decision_ballot"
        )
        .filter(pk=pk, consortium__slug=slug)
        .first()
    )


def participant_at(slug: str, pk: int, participant_id: int) -> BidParticipant | None:
    """A co-op of the bid of the address, with its member record."""
    return (
        BidParticipant.objects.select_related(
            *_BID_JOINS, "member", "member__member_organisation", "approval_ballot__organisation"
        )
        .prefetch_related(Prefetch("allowed_lots", queryset=Lot.objects.order_by("number")))
        .filter(pk=participant_id, bid_id=pk, bid__consortium__slug=slug)
        .first()
    )


def answer_at(slug: str, pk: int, answer_id: int) -> Answer | None:
    """An answer of the bid of the address, with its question, co-op and author."""
    return (
        Answer.objects.select_related(*_BID_JOINS, "question", "participant__member", "author")
        .filter(pk=answer_id, bid_id=pk, bid__consortium__slug=slug)
        .first()
    )


def commitment_at(slug: str, pk: int, commitment_id: int) -> Commitment | None:
    """A commitment of the bid of the address, with its co-op and lot."""
    return (
        Commitment.objects.select_related(*_BID_JOINS, "participant__member", "lot")
        .filter(pk=commitment_id, bid_id=pk, bid__consortium__slug=slug)
        .first()
    )


def evidence_at(slug: str, pk: int, evidence_id: int) -> Evidence | None:
    """A file of evidence of the bid of the address."""
    return (
        Evidence.objects.select_related(*_BID_JOINS, "participant__member")
        .filter(pk=evidence_id, bid_id=pk, bid__consortium__slug=slug)
        .first()
    )


def question_of(bid: JointBid, pk: int) -> TenderQuestion | None:
    """A question of the bid's tender."""
    return TenderQuestion.objects.filter(pk=pk, opportunity_id=bid.opportunity_id).first()


def opportunity_in(consortium: Organisation, pk: int) -> Opportunity | None:
    """An opportunity the consortium tracks."""
    return Opportunity.objects.filter(organisation=consortium, pk=pk).first()


def lots_numbered(opportunity: Opportunity, numbers: Sequence[int]) -> dict[int, Lot]:
    """The tender's lots with these numbers, by number."""
    return {lot.number: lot for lot in opportunity.lots.filter(number__in=list(numbers))}


def questions_numbered(
    opportunity: Opportunity, numbers: Sequence[str]
) -> dict[str, TenderQuestion]:
    """The tender's questions with these numbers, by number."""
    return {q.number: q for q in opportunity.questions.filter(number__in=list(numbers))}


def participant_in(bid: JointBid, pk: int) -> BidParticipant | None:
    """A co-op of the bid, with its member record (and the bid, for the services)."""
    participant = (
        BidParticipant.objects.filter(bid=bid, pk=pk)
        .select_related("member", "member__member_organisation", "approval_ballot__organisation")
        .first()
    )
    if participant is not None:
        participant.bid = bid
    return participant


def participant_with_lots(bid: JointBid, pk: int) -> list[BidParticipant]:
    """One co-op of the bid as `selectors.participant_rows` wants it (its approved lots)."""
    return list(
        BidParticipant.objects.filter(bid=bid, pk=pk)
        .select_related("member", "member__member_organisation", "approval_ballot__organisation")
        .prefetch_related(Prefetch("allowed_lots", queryset=Lot.objects.order_by("number")))
    )


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


def coop_closed_ballots(participant: BidParticipant) -> QuerySet[Ballot]:
    """The co-op's own ballots that have closed (its members' decisions), newest first: what
    an approval by ballot may link to. None for a co-op whose organisation is not in Cyd."""
    own = participant.member.member_organisation_id
    if own is None:
        return Ballot.objects.none()
    return Ballot.objects.filter(
        organisation_id=own, status__in=[Ballot.Status.CLOSED, Ballot.Status.PUBLISHED]
    ).order_by("-closed_at", "-pk")


def coop_ballot_numbered(participant: BidParticipant, pk: int) -> Ballot | None:
    """One of the co-op's closed ballots, by id (an API request body names it)."""
    return coop_closed_ballots(participant).filter(pk=pk).first()
