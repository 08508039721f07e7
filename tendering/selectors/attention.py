"""Reads for the home page's "what needs your attention": the bids under way that the lead
runs, and what each member co-op still owes the bids it takes part in. Each is a fixed number
of grouped queries, however many consortia, bids and co-ops there are."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Count

from membership.models import Organisation
from tendering.models import Answer, BidParticipant, Commitment, JointBid, SignOff

#: A bid the co-ops are still working on (submitted: the buyer has it).
UNDER_WAY = JointBid.OPEN - {JointBid.Status.SUBMITTED}


def bids_under_way(consortia: Sequence[Organisation]) -> dict[int, int]:
    """Consortium id → how many of its bids are under way (one grouped query)."""
    if not consortia:
        return {}
    return dict(
        JointBid.objects.filter(consortium__in=consortia, status__in=UNDER_WAY)
        .values_list("consortium_id")
        .annotate(n=Count("id"))
        .order_by()
    )


@dataclass(frozen=True)
class Owing:
    """Something a member co-op owes a bid: `what` is "approval" (its board or members have
    not approved yet), "authorisation" (of the lead, in writing), "commitments" (no hours
    committed while the bid is drafted), "answers" (`count` of its own answers not yet sent
    for review) or "signoff" (the final bid waits for its sign-off)."""

    participant: BidParticipant
    what: str
    count: int = 1


def _owed_by(
    p: BidParticipant, committed: Collection[int], answers: dict[int, int], signed: Collection[int]
) -> list[Owing]:
    status = p.bid.status
    if p.status == BidParticipant.Status.INVITED:
        return [Owing(p, "approval")]
    owed = []
    if not p.authorised_lead:
        owed.append(Owing(p, "authorisation"))
    if status == JointBid.Status.DRAFTING and p.pk not in committed:
        owed.append(Owing(p, "commitments"))
    if status in JointBid.EDITABLE and answers.get(p.pk):
        owed.append(Owing(p, "answers", answers[p.pk]))
    if status == JointBid.Status.FINAL_SIGNOFF and p.pk not in signed:
        owed.append(Owing(p, "signoff"))
    return owed


def parts_owing(member_ids: Collection[int]) -> list[Owing]:
    """What the member co-ops `member_ids` owe the bids under way they take part in, by
    consortium, deadline and co-op (four queries)."""
    if not member_ids:
        return []
    participants = list(
        BidParticipant.objects.filter(
            member_id__in=list(member_ids),
            status__in=[BidParticipant.Status.INVITED, BidParticipant.Status.APPROVED],
            bid__status__in=UNDER_WAY,
        )
        .select_related("bid__opportunity", "bid__consortium", "member")
        .order_by("bid__consortium__name", "bid__opportunity__submission_deadline", "member__name")
    )
    if not participants:
        return []
    ids = [p.pk for p in participants]
    committed = set(
        Commitment.objects.filter(participant_id__in=ids).values_list("participant_id", flat=True)
    )
    answers = dict(
        Answer.objects.filter(
            participant_id__in=ids,
            status__in=[Answer.Status.NOT_STARTED, Answer.Status.DRAFT],
        )
        .values_list("participant_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    signed = set(
        SignOff.objects.filter(participant_id__in=ids, invalidated_at__isnull=True).values_list(
            "participant_id", flat=True
        )
    )
    return [owing for p in participants for owing in _owed_by(p, committed, answers, signed)]
