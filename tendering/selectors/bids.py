"""Reads for a bid's own pages: the lists, an opportunity, the lead's dashboard (the hard
gates of `selectors.gates.bid_gates` with who owes what and by when, deadlines, next steps,
the co-ops, answers by state) and the sign-offs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from membership.models import Organisation
from tendering import rules
from tendering.models import (
    Answer,
    AwardCriterion,
    BidParticipant,
    JointBid,
    Lot,
    Opportunity,
    OpportunityDocument,
    SignOff,
    TenderQuestion,
)
from tendering.selectors.bid_facts import required_answers
from tendering.selectors.gates import bid_gates

Status = JointBid.Status

GATE_LABELS = {
    "deadline": gettext_lazy("The buyer's deadline and the internal deadlines"),
    "participants": gettext_lazy("At least two member co-ops, the lead among them"),
    "approvals": gettext_lazy("Every co-op's approval and authorisation of the lead in date"),
    "answers_started": gettext_lazy("Every mandatory question has a draft answer"),
    "answers": gettext_lazy("Every mandatory answer approved and within its limit"),
    "coverage": gettext_lazy("Every lot bid for is covered, within the co-ops' conditions"),
    "prices": gettext_lazy("Prices within the ceilings and above the pay floor"),
    "signoffs": gettext_lazy("Every participating co-op has signed off"),
}
#: Which internal deadline each gate works to (the buyer's deadline for the others).
GATE_DUE = {
    "answers_started": "answers_due",
    "answers": "answers_due",
    "prices": "prices_due",
    "signoffs": "signoff_due",
}
#: Steps that need a reason (the service refuses them without one).
NEEDS_REASON = frozenset({Status.WITHDRAWN, Status.DECLINED, Status.LAPSED})
#: Steps that end the bid's chances: shown as warning buttons.
WARNING_STEPS = frozenset({Status.WITHDRAWN, Status.DECLINED, Status.LAPSED, Status.UNSUCCESSFUL})
_STATUS_ORDER = {value: index for index, value in enumerate(Status.values)}


# --- Lists -----------------------------------------------------------------------------------


def opportunity_list(consortium: Organisation) -> QuerySet[Opportunity]:
    """The opportunities the consortium tracks, soonest deadline first, with their counts."""
    return (
        Opportunity.objects.filter(organisation=consortium)
        .annotate(
            lot_count=Count("lots", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "bids", queryset=JointBid.objects.filter(consortium=consortium), to_attr="mine"
            )
        )
        .order_by("submission_deadline", "pk")
    )


def bid_list(
    consortium: Organisation, *, member_ids: Iterable[int] | None = None
) -> list[JointBid]:
    """The consortium's bids (only those its member co-ops `member_ids` take part in, if
    given), soonest deadline first."""
    bids = JointBid.objects.filter(consortium=consortium).select_related("opportunity", "lead")
    if member_ids is not None:
        bids = bids.filter(participants__member_id__in=list(member_ids)).distinct()
    return list(bids.order_by("opportunity__submission_deadline", "pk"))


@dataclass
class OpportunityDetail:
    opportunity: Opportunity
    lots: list[Lot]
    criteria: list[AwardCriterion]
    criteria_total: int
    questions: list[TenderQuestion]
    documents: list[OpportunityDocument]
    bid: JointBid | None


def opportunity_detail(opportunity: Opportunity) -> OpportunityDetail:
    """An opportunity with its lots, award criteria, questions (and the lots each applies
    to), documents and addenda (and the questions each changes), and the consortium's bid."""
    criteria = list(opportunity.criteria.all())
    return OpportunityDetail(
        opportunity=opportunity,
        lots=list(opportunity.lots.order_by("number")),
        criteria=criteria,
        criteria_total=rules.weights_total(c.weight for c in criteria),
        questions=list(
            opportunity.questions.prefetch_related(
                Prefetch("lots", queryset=Lot.objects.order_by("number"))
            )
        ),
        documents=list(
            opportunity.documents.prefetch_related(
                Prefetch("affects", queryset=TenderQuestion.objects.order_by("number"))
            )
        ),
        bid=JointBid.objects.filter(
            opportunity=opportunity, consortium_id=opportunity.organisation_id
        ).first(),
    )


# --- The dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GateRow:
    code: str
    label: str
    ok: bool
    detail: list[str]
    due: dt.datetime | None


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    at: dt.datetime
    days_left: int

    @property
    def is_passed(self) -> bool:
        return self.at <= timezone.now()


@dataclass(frozen=True)
class Step:
    to: str
    label: str
    needs_reason: bool
    is_submit: bool
    is_warning: bool


@dataclass
class ParticipantRow:
    participant: BidParticipant
    lot_numbers: list[int]
    is_lead: bool
    approval_in_date: bool
    has_signed_off: bool


@dataclass
class Dashboard:
    bid: JointBid
    gates: list[GateRow]
    deadlines: list[Deadline]
    participants: list[ParticipantRow]
    answer_counts: list[tuple[str, str, int]]
    next_steps: list[Step]

    @property
    def failing(self) -> list[GateRow]:
        return [g for g in self.gates if not g.ok]


def _days_left(at: dt.datetime, now: dt.datetime) -> int:
    return (timezone.localtime(at).date() - timezone.localtime(now).date()).days


def bid_deadlines(bid: JointBid) -> list[Deadline]:
    """The buyer's deadlines and the bid's internal ones, in date order, with days left."""
    now = timezone.now()
    opportunity = bid.opportunity
    found = [
        ("clarification_deadline", _("Clarification questions to the buyer"), None),
        ("answers_due", _("Answers due (internal)"), bid),
        ("prices_due", _("Prices due (internal)"), bid),
        ("signoff_due", _("Sign-off due (internal)"), bid),
        ("submission_deadline", _("The buyer's submission deadline"), None),
    ]
    rows = []
    for code, label, source in found:
        at = getattr(source or opportunity, code)
        if at is not None:
            rows.append(Deadline(code, str(label), at, _days_left(at, now)))
    return sorted(rows, key=lambda d: d.at)


def gate_rows(bid: JointBid) -> list[GateRow]:
    """Every hard gate (`selectors.gates.bid_gates`) with its label, what it waits for and
    the deadline it works to."""
    rows = []
    for gate in bid_gates(bid):
        due_field = GATE_DUE.get(gate.code)
        due = getattr(bid, due_field) if due_field else None
        rows.append(
            GateRow(
                code=gate.code,
                label=str(GATE_LABELS.get(gate.code, gate.code)),
                ok=gate.ok,
                detail=list(gate.detail),
                due=due or bid.opportunity.submission_deadline,
            )
        )
    return rows


def next_steps(bid: JointBid) -> list[Step]:
    """The states the bid may move to now (`JointBid.TRANSITIONS`), in the usual order."""
    return [
        Step(
            to=to,
            label=str(Status(to).label),
            needs_reason=to in NEEDS_REASON,
            is_submit=to == Status.SUBMITTED,
            is_warning=to in WARNING_STEPS,
        )
        for to in sorted(JointBid.TRANSITIONS[bid.status], key=lambda s: _STATUS_ORDER[s])
    ]


def bid_participants(bid: JointBid) -> list[BidParticipant]:
    """Every co-op invited to the bid, with its member record and approved lots."""
    return list(
        bid.participants.select_related(
            "member", "member__member_organisation", "approval_ballot__organisation"
        )
        .prefetch_related(Prefetch("allowed_lots", queryset=Lot.objects.order_by("number")))
        .order_by("member__name")
    )


def participant_rows(bid: JointBid, participants: list[BidParticipant]) -> list[ParticipantRow]:
    today = timezone.localdate()
    signed = set(
        SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).values_list(
            "participant_id", flat=True
        )
    )
    return [
        ParticipantRow(
            participant=p,
            lot_numbers=[lot.number for lot in p.allowed_lots.all()],
            is_lead=p.member_id == bid.lead_id,
            approval_in_date=p.status == BidParticipant.Status.APPROVED
            and rules.approval_in_date(p.approved_on, p.approval_expires_on, today),
            has_signed_off=p.pk in signed,
        )
        for p in participants
    ]


def answer_counts(bid: JointBid, participants: list[BidParticipant]) -> list[tuple[str, str, int]]:
    """How many answers are in each state (status, label, count): every answer the gates
    require (`selectors.gates.required_answers`: each mandatory question, once per co-op where
    each answers, within the lots bid for), an answer nobody has started counting as not
    started; and every other answer already begun (optional questions)."""
    approved = [p for p in participants if p.status == BidParticipant.Status.APPROVED]
    status_of: dict[tuple[int, int | None], str] = {
        (question_id, participant_id): status
        for question_id, participant_id, status in Answer.objects.filter(bid=bid).values_list(
            "question_id", "participant_id", "status"
        )
    }
    counts = dict.fromkeys(Answer.Status.values, 0)
    required = {
        (question.pk, participant.pk if participant else None)
        for question, participant in required_answers(bid, approved)
    }
    for key in required:
        counts[status_of.get(key, Answer.Status.NOT_STARTED)] += 1
    for key, status in status_of.items():
        if key not in required and status != Answer.Status.NOT_STARTED:
            counts[status] += 1
    return [(status, str(label), counts[status]) for status, label in Answer.Status.choices]


def bid_dashboard(bid: JointBid) -> Dashboard:
    """The lead's dashboard: status and next steps, what is missing (each failing gate with
    who owes what, by when), deadlines, the co-ops and their approvals, answers by state."""
    participants = bid_participants(bid)
    return Dashboard(
        bid=bid,
        gates=gate_rows(bid),
        deadlines=bid_deadlines(bid),
        participants=participant_rows(bid, participants),
        answer_counts=answer_counts(bid, participants),
        next_steps=next_steps(bid),
    )


def signoff_list(bid: JointBid) -> dict[int, SignOff]:
    """The valid sign-off of each co-op, by participant id."""
    return {
        s.participant_id: s
        for s in SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).select_related(
            "signed_by"
        )
    }
