"""Reads of answers, the library, evidence, social value, and a co-op's own part of a bid.

Who acts for a co-op (and so whose answers are its own) is a question of
`tendering.permissions`; `member_part` is given the answer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from membership.models import Organisation
from tendering import rules
from tendering.models import (
    Answer,
    AnswerVersion,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    Evidence,
    JointBid,
    LibraryAnswer,
    Lot,
    PriceLine,
    SignOff,
    SocialValueFigure,
    TenderQuestion,
)
from tendering.selectors.capacity import price_lines

# --- Answers ---------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    question: TenderQuestion
    participant: BidParticipant | None
    answer: Answer | None

    @property
    def status(self) -> str:
        return self.answer.status if self.answer else Answer.Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(Answer.Status(self.status).label)

    @property
    def count(self) -> int:
        if self.answer is None:
            return 0
        return rules.measure(self.answer.text, self.question.limit_kind, self.answer.pages)

    @property
    def within_limit(self) -> bool:
        if self.answer is None:
            return True
        return rules.within_limit(
            self.answer.text, self.question.limit_kind, self.question.limit, self.answer.pages
        )


def answer_rows(bid: JointBid, *, participant: BidParticipant | None = None) -> list[AnswerRow]:
    """Every question of the tender with its answer (once per approved co-op where each
    answers), in section and number order; only `participant`'s own if given."""
    participants = [
        p
        for p in bid.participants.select_related("member").order_by("member__name")
        if p.status == BidParticipant.Status.APPROVED
    ]
    answers = {
        (a.question_id, a.participant_id): a
        for a in Answer.objects.filter(bid=bid).select_related("author", "participant__member")
    }
    rows = []
    for question in bid.opportunity.questions.prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number"))
    ):
        if question.answered_by == TenderQuestion.AnsweredBy.EACH_MEMBER:
            for p in participants:
                if participant is None or p.pk == participant.pk:
                    rows.append(AnswerRow(question, p, answers.get((question.pk, p.pk))))
        elif participant is None:
            rows.append(AnswerRow(question, None, answers.get((question.pk, None))))
    return rows


def answer_versions(answer: Answer) -> list[AnswerVersion]:
    return list(answer.versions.select_related("saved_by").order_by("-number"))


def library_for_bid(bid: JointBid) -> list[LibraryAnswer]:
    """Library entries the bid may reuse: the consortium's and its co-ops' (in Cyd)."""
    organisation_ids = [
        bid.consortium_id,
        *bid.participants.filter(member__member_organisation__isnull=False).values_list(
            "member__member_organisation_id", flat=True
        ),
    ]
    return list(
        LibraryAnswer.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def library_list(organisation: Organisation) -> list[LibraryAnswer]:
    return list(
        LibraryAnswer.objects.filter(organisation=organisation)
        .select_related("owner")
        .order_by("review_by", "title")
    )


def evidence_list(bid: JointBid) -> list[Evidence]:
    return list(
        bid.evidence.select_related("participant__member", "question", "uploaded_by").order_by(
            "title", "pk"
        )
    )


def social_value_list(bid: JointBid) -> list[SocialValueFigure]:
    return list(
        bid.social_value.select_related("participant__member").order_by(
            "participant__member__name", "code"
        )
    )


# --- A member co-op's part -------------------------------------------------------------------


@dataclass
class MemberPart:
    participant: BidParticipant
    lot_numbers: list[int]
    approval_in_date: bool
    commitments: list[Commitment]
    prices: list[PriceLine]
    answers: list[AnswerRow]
    capacity: CapacityDeclaration | None
    signoff: SignOff | None
    is_lead: bool


def member_part(
    bid: JointBid, participant: BidParticipant, *, people: Collection[int]
) -> MemberPart:
    """One co-op's part of a bid: its approval and conditions, its commitments, its own
    cost build-ups, the questions it answers or its people (`people`: the ids of the users
    who act for it, `permissions.officers_of`) were given, their due dates."""
    rows = [
        row
        for row in answer_rows(bid)
        if (row.participant is not None and row.participant.pk == participant.pk)
        or (row.answer is not None and row.answer.author_id in people)
    ]
    return MemberPart(
        participant=participant,
        lot_numbers=sorted(lot.number for lot in participant.allowed_lots.all()),
        approval_in_date=participant.status == BidParticipant.Status.APPROVED
        and rules.approval_in_date(
            participant.approved_on, participant.approval_expires_on, timezone.localdate()
        ),
        commitments=list(participant.commitments.select_related("lot").order_by("lot__number")),
        prices=price_lines(bid, [participant]),
        answers=rows,
        capacity=CapacityDeclaration.objects.filter(member=participant.member)
        .order_by("-declared_on", "-id")
        .first(),
        signoff=SignOff.objects.filter(
            bid=bid, participant=participant, invalidated_at__isnull=True
        ).first(),
        is_lead=participant.member_id == bid.lead_id,
    )
