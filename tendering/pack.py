"""The bid pack's contents: everything the pack shows of a joint bid (answers by question,
the capacity matrix, consolidated prices, member details, declarations, social value), read
once into plain values in English, so that the PDF template makes no queries.

The pack never holds a member co-op's cost build-up: prices are the consortium's consolidated
rates only. `tendering.documents` lays the pack out as a PDF and a zip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendering import selectors
from tendering.models import BidParticipant, Commitment, JointBid, TenderQuestion

PACK_LANGUAGE = "en-gb"


@dataclass(frozen=True)
class PackAnswer:
    number: str
    question: str
    question_cy: str
    member: str
    kind: str
    limit: str
    count: int
    status: str
    text: str
    text_cy: str


@dataclass(frozen=True)
class PackSection:
    name: str
    answers: list[PackAnswer]


@dataclass(frozen=True)
class PackAnswerRow:
    """One answer of the pack as the PDF lays it out (the rows its chunks split)."""

    section: str
    answer: PackAnswer
    starts_section: bool


@dataclass(frozen=True)
class PackLotRow:
    lot: str
    zone: str
    role: str
    estimate: Decimal
    cells: list[str]
    committed: Decimal
    state: str


@dataclass(frozen=True)
class PackPrice:
    lot: str
    rate_type: str
    rate_pence: int | None
    ceiling_pence: int | None
    yearly_pence: int | None
    value_ceiling_pence: int | None


@dataclass(frozen=True)
class PackMember:
    name: str
    registered_number: str
    is_lead: bool
    approval: str
    authorisation: str
    conditions: str
    lots: str
    hours: Decimal
    staff: int
    bases: list[str]
    ciw_registrations: list[str]


@dataclass(frozen=True)
class PackFigure:
    member: str
    label: str
    numerator: int
    denominator: int
    percent: str
    stated_on: str


@dataclass
class BidPack:
    consortium_name: str
    consortium_number: str
    buyer: str
    reference: str
    title: str
    title_cy: str
    regime: str
    procedure: str
    deadline: str
    liability: str
    lead: str
    status: str
    generated: str
    needs_welsh: bool
    criteria: list[tuple[str, int]]
    sections: list[PackSection]
    member_names: list[str]
    matrix: list[PackLotRow]
    prices: list[PackPrice]
    members: list[PackMember]
    declarations: list[str]
    figures: list[PackFigure] = field(default_factory=list)


def _day(value: dt.date | None) -> str:
    return date_format(value) if value else "–"


def _limit(question: TenderQuestion) -> str:
    if question.limit_kind == TenderQuestion.LimitKind.NONE or not question.limit:
        return str(_("no limit"))
    return f"{question.limit} {question.get_limit_kind_display().lower()}"


def _answers(bid: JointBid) -> list[PackSection]:
    sections: dict[str, list[PackAnswer]] = {}
    for row in selectors.answer_rows(bid):
        answer = row.answer
        sections.setdefault(row.question.section, []).append(
            PackAnswer(
                number=row.question.number,
                question=row.question.text,
                question_cy=row.question.text_cy,
                member=row.participant.member.name if row.participant else "",
                kind=row.question.get_kind_display(),
                limit=_limit(row.question),
                count=row.count,
                status=row.status_label,
                text=answer.text if answer else "",
                text_cy=answer.text_cy if answer else "",
            )
        )
    return [PackSection(name, answers) for name, answers in sections.items()]


def _matrix(bid: JointBid) -> tuple[list[str], list[PackLotRow]]:
    matrix = selectors.coverage_matrix(bid)
    rows = []
    for row in matrix.rows:
        if not row.is_bid_for:
            state = _("not bid for")
        elif row.is_covered:
            state = _("covered")
        elif not row.has_primary:
            state = _("no primary provider")
        else:
            state = _("%(gap)s hours a week short") % {"gap": row.gap}
        rows.append(
            PackLotRow(
                lot=str(row.lot.number),
                zone=row.lot.zone,
                role=row.lot.get_role_display(),
                estimate=row.lot.estimated_hours_per_week,
                cells=[
                    f"{cell.hours} ({cell.role_label.lower()})" if cell else "–"
                    for cell in row.cells
                ],
                committed=row.committed,
                state=str(state),
            )
        )
    return [c.participant.member.name for c in matrix.columns], rows


def _prices(bid: JointBid) -> list[PackPrice]:
    # Consolidated rates only: the members' lines (`row.lines`) never reach the pack.
    return [
        PackPrice(
            lot=f"{row.lot.number}: {row.lot.title}",
            rate_type=row.rate_label,
            rate_pence=row.consolidated_pence,
            ceiling_pence=row.lot.rate_ceiling_pence,
            yearly_pence=row.yearly_value_pence,
            value_ceiling_pence=row.lot.value_ceiling_pence,
        )
        for row in selectors.consolidated_prices(bid)
    ]


def _members(bid: JointBid, participants: list[BidParticipant]) -> list[PackMember]:
    commitments: dict[int, list[Commitment]] = {}
    for c in Commitment.objects.filter(bid=bid, participant__in=participants).order_by(
        "lot__number"
    ):
        commitments.setdefault(c.participant_id, []).append(c)
    members = []
    for p in participants:
        own = commitments.get(p.pk, [])
        organisation = p.member.member_organisation
        members.append(
            PackMember(
                name=p.member.name,
                registered_number=organisation.registered_number if organisation else "",
                is_lead=p.member_id == bid.lead_id,
                approval=_("%(kind)s %(ref)s of %(day)s (expires %(expires)s)")
                % {
                    "kind": p.get_approval_kind_display(),
                    "ref": p.approval_reference,
                    "day": _day(p.approved_on),
                    "expires": _day(p.approval_expires_on),
                },
                authorisation=_("Signed by %(who)s on %(day)s")
                % {"who": p.authorisation_signed_by, "day": _day(p.authorisation_on)}
                if p.authorised_lead
                else str(_("Not given")),
                conditions=p.conditions,
                lots=", ".join(str(lot.number) for lot in p.allowed_lots.all())
                or str(_("all lots")),
                hours=sum((c.hours_per_week for c in own), Decimal(0)),
                staff=sum(c.staff_count for c in own),
                bases=sorted({c.base for c in own if c.base}),
                ciw_registrations=sorted({c.ciw_registration for c in own if c.ciw_registration}),
            )
        )
    return members


def _declarations(bid: JointBid, members: list[PackMember]) -> list[str]:
    lines = [
        _("Liability: %(liability)s.") % {"liability": bid.get_liability_display()},
    ]
    if bid.go_decided_on:
        lines.append(
            _("The consortium decided to bid (%(method)s, %(ref)s, %(day)s).")
            % {
                "method": bid.get_decision_method_display() or "–",
                "ref": bid.go_reference,
                "day": _day(bid.go_decided_on),
            }
        )
    for member in members:
        lines.append(
            _("%(name)s approved the bid (%(approval)s) and authorised the lead: %(auth)s.")
            % {"name": member.name, "approval": member.approval, "auth": member.authorisation}
        )
    return [str(line) for line in lines]


def bid_pack(bid: JointBid) -> BidPack:
    """Everything the bid pack shows, read once into plain values (in English)."""
    with translation.override(PACK_LANGUAGE):
        opportunity = bid.opportunity
        participants = [
            p for p in selectors.bid_participants(bid) if p.status == BidParticipant.Status.APPROVED
        ]
        member_names, matrix = _matrix(bid)
        members = _members(bid, participants)
        lead = next((m.name for m in members if m.is_lead), "–")
        return BidPack(
            consortium_name=bid.consortium.name,
            consortium_number=bid.consortium.registered_number,
            buyer=opportunity.buyer_name,
            reference=opportunity.reference,
            title=opportunity.title,
            title_cy=opportunity.title_cy,
            regime=opportunity.get_regime_display(),
            procedure=opportunity.get_procedure_display(),
            deadline=date_format(
                timezone.localtime(opportunity.submission_deadline), "DATETIME_FORMAT"
            ),
            liability=bid.get_liability_display(),
            lead=lead,
            status=bid.get_status_display(),
            generated=date_format(timezone.localtime(timezone.now()), "DATETIME_FORMAT"),
            needs_welsh=opportunity.needs_welsh,
            criteria=[(c.name, c.weight) for c in opportunity.criteria.all()],
            sections=_answers(bid),
            member_names=member_names,
            matrix=matrix,
            prices=_prices(bid),
            members=members,
            declarations=_declarations(bid, members),
            figures=[
                PackFigure(
                    member=f.participant.member.name if f.participant else bid.consortium.name,
                    label=f.label,
                    numerator=f.numerator,
                    denominator=f.denominator,
                    percent=f.percent,
                    stated_on=_day(f.stated_on),
                )
                for f in selectors.social_value_list(bid)
            ],
        )


def answer_rows(pack: BidPack) -> list[PackAnswerRow]:
    return [
        PackAnswerRow(section.name, answer, starts_section=index == 0)
        for section in pack.sections
        for index, answer in enumerate(section.answers)
    ]


def pack_rows(pack: BidPack) -> int:
    """The rows the bid pack lays out: its answers, capacity, prices and members."""
    return len(answer_rows(pack)) + len(pack.matrix) + len(pack.prices) + len(pack.members)
