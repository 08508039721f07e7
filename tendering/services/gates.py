"""The hard gates before a bid is ready, and what each one is waiting for (who owes what).

Reads only; used by the state machine and by the checklist page.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendering import rules
from tendering.models import (
    Answer,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    JointBid,
    PriceLine,
    SignOff,
    TenderQuestion,
)
from tendering.rules import Gate

GATE_ORDER = (
    "deadline",
    "participants",
    "approvals",
    "answers_started",
    "answers",
    "coverage",
    "prices",
    "signoffs",
)


def approved_participants(bid: JointBid) -> list[BidParticipant]:
    return list(
        bid.participants.filter(status=BidParticipant.Status.APPROVED)
        .select_related("member")
        .prefetch_related("allowed_lots")
    )


def required_answers(
    bid: JointBid, participants: list[BidParticipant]
) -> list[tuple[TenderQuestion, BidParticipant | None]]:
    """Every (question, member co-op) pair that needs an answer: mandatory questions, once for
    the consortium or the lead, once per participating co-op where each answers. A question
    limited to some lots is needed only if the bid commits capacity to one of them (and, where
    each co-op answers, only from the co-ops committing to one of them)."""
    lots_of: dict[int, set[int]] = {}
    for participant_id, lot_id in Commitment.objects.filter(
        bid=bid, participant__in=participants
    ).values_list("participant_id", "lot_id"):
        lots_of.setdefault(participant_id, set()).add(lot_id)
    bid_lots = set().union(*lots_of.values()) if lots_of else set()
    wanted: list[tuple[TenderQuestion, BidParticipant | None]] = []
    for question in (
        bid.opportunity.questions.filter(is_mandatory=True)
        .prefetch_related("lots")
        .order_by("section", "number")
    ):
        scope = {lot.pk for lot in question.lots.all()}
        if scope and not scope & bid_lots:
            continue
        if question.answered_by == TenderQuestion.AnsweredBy.EACH_MEMBER:
            wanted.extend(
                (question, p) for p in participants if not scope or scope & lots_of.get(p.pk, set())
            )
        else:
            wanted.append((question, None))
    return wanted


def coverage_for(bid: JointBid, participants: list[BidParticipant] | None = None) -> rules.Coverage:
    participants = participants if participants is not None else approved_participants(bid)
    lots = [
        rules.LotFacts(lot.pk, lot.number, lot.estimated_hours_per_week, lot.role)
        for lot in bid.opportunity.lots.all()
    ]
    commitments = [
        rules.CommitmentFacts(c.participant_id, c.lot_id, c.hours_per_week, c.role)
        for c in Commitment.objects.filter(bid=bid, participant__in=participants)
    ]
    bid_lots = {c.lot_id for c in commitments}
    member_ids = [p.member_id for p in participants]
    elsewhere = dict(
        Commitment.objects.filter(
            participant__member_id__in=member_ids,
            participant__status=BidParticipant.Status.APPROVED,
            bid__status__in=JointBid.OPEN,
        )
        .exclude(bid=bid)
        .values_list("participant__member_id")
        .annotate(total=Sum("hours_per_week"))
        .order_by()
    )
    capacity: dict[int, Decimal] = {}
    for declaration in CapacityDeclaration.objects.filter(member_id__in=member_ids).order_by(
        "member_id", "-declared_on", "-id"
    ):
        capacity.setdefault(declaration.member_id, declaration.hours_per_week)
    facts = [
        rules.ParticipantFacts(
            participant_id=p.pk,
            name=p.member.name,
            allowed_lots=frozenset(lot.pk for lot in p.allowed_lots.all()),
            max_hours=p.max_hours_per_week,
            capacity_hours=capacity.get(p.member_id),
            committed_elsewhere=elsewhere.get(p.member_id, Decimal(0)),
        )
        for p in participants
    ]
    return rules.coverage(lots, commitments, facts, bid_lot_ids=bid_lots)


def price_problems_for(
    bid: JointBid, participants: list[BidParticipant]
) -> list[rules.PriceProblem]:
    lots = {lot.pk: lot for lot in bid.opportunity.lots.all()}
    lines = [
        rules.PriceFacts(
            line.participant_id, line.lot_id, line.rate_type, line.pay_pence, line.rate_pence
        )
        for line in PriceLine.objects.filter(bid=bid, participant__in=participants)
    ]
    committed = {
        (c.participant_id, c.lot_id): c.hours_per_week for c in Commitment.objects.filter(bid=bid)
    }
    return rules.price_problems(
        lines,
        rate_ceilings={k: v.rate_ceiling_pence for k, v in lots.items()},
        value_ceilings={k: v.value_ceiling_pence for k, v in lots.items()},
        lot_hours={k: v.estimated_hours_per_week for k, v in lots.items()},
        pay_floor_pence=bid.pay_floor_pence,
        committed=committed,
    )


def bid_gates(bid: JointBid) -> list[Gate]:
    """Every hard gate with what it is waiting for."""
    today = timezone.localdate()
    participants = approved_participants(bid)
    names = {p.pk: p.member.name for p in participants}
    gates: list[Gate] = []

    deadline = bid.opportunity.submission_deadline
    late = [str(_("The buyer's deadline has passed."))] if timezone.now() >= deadline else []
    for name, label in (
        ("answers_due", _("answers")),
        ("prices_due", _("prices")),
        ("signoff_due", _("sign-off")),
    ):
        value = getattr(bid, name)
        if value is not None and value >= deadline:
            late.append(
                _("The internal deadline for %(what)s is after the buyer's deadline.")
                % {"what": label}
            )
    gates.append(Gate("deadline", not late, late))

    problems = []
    if len(participants) < 2:
        problems.append(
            _("At least two member co-ops must approve the bid (%(n)s have).")
            % {"n": len(participants)}
        )
    if bid.lead_id is None or bid.lead_id not in {p.member_id for p in participants}:
        problems.append(_("The lead must be a participating co-op."))
    gates.append(Gate("participants", not problems, [str(p) for p in problems]))

    approvals = []
    for p in participants:
        if p.member.status != "active":
            approvals.append(
                _("%(name)s is not a member in good standing.") % {"name": p.member.name}
            )
        if not rules.approval_in_date(p.approved_on, p.approval_expires_on, today):
            approvals.append(
                _("%(name)s: the approval has expired (%(day)s).")
                % {
                    "name": p.member.name,
                    "day": date_format(p.approval_expires_on) if p.approval_expires_on else "–",
                }
            )
        if not p.authorised_lead:
            approvals.append(
                _("%(name)s: the written authorisation of the lead is missing.")
                % {"name": p.member.name}
            )
    gates.append(Gate("approvals", not approvals, [str(a) for a in approvals]))

    answers = {
        (a.question_id, a.participant_id): a
        for a in Answer.objects.filter(bid=bid).select_related("author")
    }
    not_started, not_ready = [], []
    needs_welsh = bid.opportunity.needs_welsh
    for question, participant in required_answers(bid, participants):
        answer = answers.get((question.pk, participant.pk if participant else None))
        who = f"{question.number}" + (f" ({participant.member.name})" if participant else "")
        owner = answer.author.full_name if answer and answer.author else _("no author")
        due = date_format(answer.due_on) if answer and answer.due_on else _("no due date")
        if answer is None or answer.status == Answer.Status.NOT_STARTED:
            not_started.append(
                _("%(q)s: not started – %(owner)s, %(due)s")
                % {"q": who, "owner": owner, "due": due}
            )
            not_ready.append(_("%(q)s: not started") % {"q": who})
            continue
        over = not rules.within_limit(
            answer.text, question.limit_kind, question.limit, answer.pages
        ) or (
            bool(answer.text_cy)
            and not rules.within_limit(
                answer.text_cy, question.limit_kind, question.limit, answer.pages
            )
        )
        welsh_missing = (
            needs_welsh
            and question.kind != TenderQuestion.Kind.UPLOAD
            and not answer.text_cy.strip()
        )
        if welsh_missing:
            not_ready.append(_("%(q)s: the Welsh answer is missing") % {"q": who})
        if over:
            not_ready.append(
                _("%(q)s: over the limit of %(limit)s %(unit)s")
                % {
                    "q": who,
                    "limit": question.limit,
                    "unit": question.get_limit_kind_display().lower(),
                }
            )
        elif answer.status != Answer.Status.APPROVED:
            not_ready.append(
                _("%(q)s: %(status)s – %(owner)s, %(due)s")
                % {
                    "q": who,
                    "status": answer.get_status_display().lower(),
                    "owner": owner,
                    "due": due,
                }
            )
    gates.append(Gate("answers_started", not not_started, [str(x) for x in not_started]))
    gates.append(Gate("answers", not not_ready, [str(x) for x in not_ready]))

    cover = coverage_for(bid, participants)
    detail = []
    if not cover.lots:
        detail.append(_("No capacity has been committed to any lot."))
    for row in cover.lots:
        if row.gap > 0:
            detail.append(
                _("Lot %(n)s: %(gap)s hours a week short of the buyer's %(est)s.")
                % {"n": row.lot.number, "gap": row.gap, "est": row.lot.estimated_hours}
            )
        if not row.has_primary:
            detail.append(_("Lot %(n)s: no primary provider.") % {"n": row.lot.number})
    for pid, kind in cover.conditions_broken:
        detail.append(
            _("%(name)s: the plan breaks its approval conditions (%(what)s).")
            % {"name": names.get(pid, "?"), "what": _("lots") if kind == "lots" else _("hours")}
        )
    for pid, total, capacity in cover.over_committed:
        detail.append(
            _("%(name)s is over-committed across open bids: %(total)s of %(cap)s hours a week.")
            % {"name": names.get(pid, "?"), "total": total, "cap": capacity}
        )
    gates.append(Gate("coverage", not detail and bool(cover.lots), [str(d) for d in detail]))

    price_detail = []
    priced = {
        (line.participant_id, line.lot_id)
        for line in PriceLine.objects.filter(bid=bid, rate_type=PriceLine.RateType.STANDARD)
    }
    lot_numbers = {lot.pk: lot.number for lot in bid.opportunity.lots.all()}
    for c in Commitment.objects.filter(bid=bid, participant__in=participants):
        if (c.participant_id, c.lot_id) not in priced:
            price_detail.append(
                _("%(name)s: no standard rate for lot %(n)s.")
                % {"name": names.get(c.participant_id, "?"), "n": lot_numbers[c.lot_id]}
            )
    for problem in price_problems_for(bid, participants):
        if problem.code == "below_pay_floor":
            price_detail.append(
                _("%(name)s, lot %(n)s: pay %(v)sp is below the floor of %(l)sp.")
                % {
                    "name": names.get(problem.participant_id or 0, "?"),
                    "n": lot_numbers[problem.lot_id],
                    "v": problem.value,
                    "l": problem.limit,
                }
            )
        elif problem.code == "above_ceiling":
            price_detail.append(
                _("Lot %(n)s: the consortium rate %(v)sp is above the ceiling of %(l)sp.")
                % {"n": lot_numbers[problem.lot_id], "v": problem.value, "l": problem.limit}
            )
        else:
            price_detail.append(
                _("Lot %(n)s: the yearly value %(v)sp is above the ceiling of %(l)sp.")
                % {"n": lot_numbers[problem.lot_id], "v": problem.value, "l": problem.limit}
            )
    gates.append(Gate("prices", not price_detail, [str(p) for p in price_detail]))

    signed = set(
        SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).values_list(
            "participant_id", flat=True
        )
    )
    unsigned = [
        _("%(name)s has not signed off.") % {"name": p.member.name}
        for p in participants
        if p.pk not in signed
    ]
    gates.append(Gate("signoffs", not unsigned, [str(u) for u in unsigned]))
    return gates


def failing(gates: Iterable[Gate], ignore: Iterable[str] = ()) -> list[Gate]:
    skip = set(ignore) | {"answers_started"}
    return [g for g in gates if not g.ok and g.code not in skip]
