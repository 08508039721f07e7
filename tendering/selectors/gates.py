"""The hard gates before a bid is ready, and what each one is waiting for (who owes what).

Reads only: the state machine (`services.bids.bid_transition`) refuses a step with these
gates, and the checklist and the dashboard show them, so a page never disagrees with the
rule that refuses a step. The facts every gate reads are loaded once (`GateFacts`, over
`selectors.bid_facts`); each gate is then one function of them, in `GATE_ORDER`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tendering import rules
from tendering.models import (
    Answer,
    BidParticipant,
    Commitment,
    JointBid,
    PriceLine,
    SignOff,
    TenderQuestion,
)
from tendering.rules import Gate
from tendering.selectors.bid_facts import (
    approved_participants,
    coverage_for,
    price_problems_for,
    required_answers,
    undecided_participants,
)

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


# --- The facts every gate reads, loaded once -------------------------------------------------


@dataclass
class GateFacts:
    """A bid, its approved co-ops and those invited that have not decided (neither approved
    nor withdrawn); what the answer gates find is worked out once."""

    bid: JointBid
    participants: list[BidParticipant]
    today: dt.date
    undecided: list[BidParticipant]

    @classmethod
    def of(cls, bid: JointBid) -> GateFacts:
        return cls(
            bid, approved_participants(bid), timezone.localdate(), undecided_participants(bid)
        )

    @cached_property
    def names(self) -> dict[int, str]:
        return {p.pk: p.member.name for p in self.participants}

    @cached_property
    def lot_numbers(self) -> dict[int, int]:
        return {lot.pk: lot.number for lot in self.bid.opportunity.lots.all()}

    @cached_property
    def answer_findings(self) -> tuple[list[str], list[str]]:
        """(not started, not ready): one line per required answer that is waiting."""
        return _answer_findings(self)


def _answer_owner(answer: Answer | None) -> tuple[str, str]:
    owner = answer.author.full_name if answer and answer.author else _("no author")
    due = date_format(answer.due_on) if answer and answer.due_on else _("no due date")
    return str(owner), str(due)


def _answer_problems(question: TenderQuestion, answer: Answer, welsh: bool, who: str) -> list[str]:
    """What keeps a started answer from being ready: Welsh missing, over the limit, or not
    approved yet."""
    problems = []
    limit_kind, limit, pages = question.limit_kind, question.limit, answer.pages
    over = not rules.within_limit(answer.text, limit_kind, limit, pages) or (
        bool(answer.text_cy) and not rules.within_limit(answer.text_cy, limit_kind, limit, pages)
    )
    if welsh and question.kind != TenderQuestion.Kind.UPLOAD and not answer.text_cy.strip():
        problems.append(_("%(q)s: the Welsh answer is missing") % {"q": who})
    if over:
        problems.append(
            _("%(q)s: over the limit of %(limit)s %(unit)s")
            % {"q": who, "limit": limit, "unit": question.get_limit_kind_display().lower()}
        )
    elif answer.status != Answer.Status.APPROVED:
        owner, due = _answer_owner(answer)
        problems.append(
            _("%(q)s: %(status)s – %(owner)s, %(due)s")
            % {
                "q": who,
                "status": answer.get_status_display().lower(),
                "owner": owner,
                "due": due,
            }
        )
    return problems


def _answer_findings(facts: GateFacts) -> tuple[list[str], list[str]]:
    bid = facts.bid
    answers = {
        (a.question_id, a.participant_id): a
        for a in Answer.objects.filter(bid=bid).select_related("author")
    }
    not_started: list[str] = []
    not_ready: list[str] = []
    welsh = bid.opportunity.needs_welsh
    for question, participant in required_answers(bid, facts.participants):
        answer = answers.get((question.pk, participant.pk if participant else None))
        who = f"{question.number}" + (f" ({participant.member.name})" if participant else "")
        if answer is None or answer.status == Answer.Status.NOT_STARTED:
            owner, due = _answer_owner(answer)
            not_started.append(
                str(
                    _("%(q)s: not started – %(owner)s, %(due)s")
                    % {"q": who, "owner": owner, "due": due}
                )
            )
            not_ready.append(str(_("%(q)s: not started") % {"q": who}))
            continue
        not_ready.extend(str(p) for p in _answer_problems(question, answer, welsh, who))
    return not_started, not_ready


# --- One function per gate -------------------------------------------------------------------


def gate_deadline(facts: GateFacts) -> Gate:
    """The buyer's deadline has not passed, and each internal deadline falls before it."""
    bid = facts.bid
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
                str(
                    _("The internal deadline for %(what)s is after the buyer's deadline.")
                    % {"what": label}
                )
            )
    return Gate("deadline", not late, late)


def gate_participants(facts: GateFacts) -> Gate:
    """At least two member co-ops have approved the bid, the lead among them."""
    participants = facts.participants
    problems = []
    if len(participants) < 2:
        problems.append(
            _("At least two member co-ops must approve the bid (%(n)s have).")
            % {"n": len(participants)}
        )
    lead = facts.bid.lead_id
    if lead is None or lead not in {p.member_id for p in participants}:
        problems.append(_("The lead must be a co-op that has approved the bid."))
    return Gate("participants", not problems, [str(p) for p in problems])


def gate_approvals(facts: GateFacts) -> Gate:
    """Every co-op invited has decided: it has approved, or it has been withdrawn from the
    bid (it declined or dropped out), so no co-op is silently left out of the bid pack.
    Every approved co-op is in good standing, its approval in date and its written
    authorisation of the lead given."""
    problems = [
        _(
            "%(name)s was invited but has not approved the bid: record its approval, or "
            "withdraw it from the bid with the reason."
        )
        % {"name": p.member.name}
        for p in facts.undecided
    ]
    for p in facts.participants:
        name = p.member.name
        if p.member.status != "active":
            problems.append(_("%(name)s is not a member in good standing.") % {"name": name})
        if not rules.approval_in_date(p.approved_on, p.approval_expires_on, facts.today):
            day = date_format(p.approval_expires_on) if p.approval_expires_on else "–"
            problems.append(
                _("%(name)s: the approval has expired (%(day)s).") % {"name": name, "day": day}
            )
        if not p.authorised_lead:
            problems.append(
                _("%(name)s: the written authorisation of the lead is missing.") % {"name": name}
            )
    return Gate("approvals", not problems, [str(a) for a in problems])


def gate_answers_started(facts: GateFacts) -> Gate:
    """Every mandatory question (within the lots bid for) has a draft answer."""
    not_started, _not_ready = facts.answer_findings
    return Gate("answers_started", not not_started, list(not_started))


def gate_answers(facts: GateFacts) -> Gate:
    """Every mandatory answer is approved, within its limit and, where the buyer needs it,
    in Welsh too."""
    _not_started, not_ready = facts.answer_findings
    return Gate("answers", not not_ready, list(not_ready))


def gate_coverage(facts: GateFacts) -> Gate:
    """Every lot bid for is covered with a primary provider, within each co-op's approval
    conditions and declared capacity across open bids."""
    cover = coverage_for(facts.bid, facts.participants)
    names = facts.names
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
    return Gate("coverage", not detail and bool(cover.lots), [str(d) for d in detail])


def _price_problem_line(problem: rules.PriceProblem, facts: GateFacts) -> str:
    number = facts.lot_numbers[problem.lot_id]
    if problem.code == "below_pay_floor":
        return _("%(name)s, lot %(n)s: pay %(v)sp is below the floor of %(l)sp.") % {
            "name": facts.names.get(problem.participant_id or 0, "?"),
            "n": number,
            "v": problem.value,
            "l": problem.limit,
        }
    if problem.code == "above_ceiling":
        return _("Lot %(n)s: the consortium rate %(v)sp is above the ceiling of %(l)sp.") % {
            "n": number,
            "v": problem.value,
            "l": problem.limit,
        }
    return _("Lot %(n)s: the yearly value %(v)sp is above the ceiling of %(l)sp.") % {
        "n": number,
        "v": problem.value,
        "l": problem.limit,
    }


def gate_prices(facts: GateFacts) -> Gate:
    """Every commitment has a standard rate; pay at or above the bid's floor; the
    consortium's rates within the lots' ceilings."""
    bid, participants = facts.bid, facts.participants
    detail = []
    priced = set(
        PriceLine.objects.filter(bid=bid, rate_type=PriceLine.RateType.STANDARD).values_list(
            "participant_id", "lot_id"
        )
    )
    for c in Commitment.objects.filter(bid=bid, participant__in=participants):
        if (c.participant_id, c.lot_id) not in priced:
            detail.append(
                _("%(name)s: no standard rate for lot %(n)s.")
                % {"name": facts.names.get(c.participant_id, "?"), "n": facts.lot_numbers[c.lot_id]}
            )
    detail.extend(_price_problem_line(p, facts) for p in price_problems_for(bid, participants))
    return Gate("prices", not detail, [str(p) for p in detail])


def gate_signoffs(facts: GateFacts) -> Gate:
    """Every approved co-op has signed off the final bid (a sign-off lapses when the bid
    changes)."""
    signed = set(
        SignOff.objects.filter(bid=facts.bid, invalidated_at__isnull=True).values_list(
            "participant_id", flat=True
        )
    )
    unsigned = [
        str(_("%(name)s has not signed off.") % {"name": p.member.name})
        for p in facts.participants
        if p.pk not in signed
    ]
    return Gate("signoffs", not unsigned, unsigned)


#: Each gate's function, in the checklist's order.
GATES: dict[str, Callable[[GateFacts], Gate]] = {
    "deadline": gate_deadline,
    "participants": gate_participants,
    "approvals": gate_approvals,
    "answers_started": gate_answers_started,
    "answers": gate_answers,
    "coverage": gate_coverage,
    "prices": gate_prices,
    "signoffs": gate_signoffs,
}


def bid_gates(bid: JointBid) -> list[Gate]:
    """Every hard gate with what it is waiting for, in `GATE_ORDER`."""
    facts = GateFacts.of(bid)
    return [GATES[code](facts) for code in GATE_ORDER]


def bid_gate(bid: JointBid, code: str) -> Gate:
    """One hard gate of the bid (`GATE_ORDER` names them)."""
    return GATES[code](GateFacts.of(bid))


def failing(gates: Iterable[Gate], ignore: Iterable[str] = ()) -> list[Gate]:
    """The gates not met, but for `ignore` (and "answers_started", which "answers" covers)."""
    skip = set(ignore) | {"answers_started"}
    return [g for g in gates if not g.ok and g.code not in skip]
