"""Entering an opportunity by hand: lots, award criteria, questions, documents and addenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Organisation
from tendering import rules
from tendering.models import (
    Answer,
    AwardCriterion,
    JointBid,
    Lot,
    Opportunity,
    OpportunityDocument,
    SignOff,
    TenderQuestion,
)
from tendering.services._common import check_hours, check_pence, now, uk_time
from tendering.services.answers import record_version
from tendering.services.bids import set_status

#: Criteria are saved with `bulk_create` (no `full_clean`): their name's model length.
CRITERION_NAME_LENGTH = AwardCriterion._meta.get_field("name").max_length or 200


@transaction.atomic
def opportunity_create(
    *,
    organisation: Organisation,
    buyer_name: str,
    reference: str,
    title: str,
    submission_deadline: dt.datetime,
    clarification_deadline: dt.datetime | None = None,
    regime: str = Opportunity.Regime.LIGHT_TOUCH,
    procedure: str = Opportunity.Procedure.OPEN,
    languages: str = Opportunity.Languages.ENGLISH,
    bid_validity_days: int = 90,
    max_lots_per_bidder: int | None = None,
    description: str = "",
    title_cy: str = "",
    buyer_identifier: str = "",
    ocid: str = "",
    source_release: dict | None = None,
    actor: User | None,
) -> Opportunity:
    """Record a buyer's opportunity. Deadlines are UK time (Europe/London): a naive one is
    read as such, across the clock changes (see `uk_time`)."""
    for name, value in (("buyer_name", buyer_name), ("reference", reference), ("title", title)):
        if not value.strip():
            raise fail(name, _("This is required."))
    check_length("description", description, rules.MAX_DESCRIPTION, _("The description"))
    submission_deadline = uk_time(submission_deadline, "submission_deadline")
    if clarification_deadline is not None:
        clarification_deadline = uk_time(clarification_deadline, "clarification_deadline")
    if clarification_deadline and clarification_deadline > submission_deadline:
        raise fail(
            "clarification_deadline",
            _("Clarification questions close before the submission deadline."),
        )
    if max_lots_per_bidder is not None and (
        isinstance(max_lots_per_bidder, bool)
        or not isinstance(max_lots_per_bidder, int)
        or max_lots_per_bidder < 1
    ):
        raise fail(
            "max_lots_per_bidder",
            _("The most lots one bidder may bid for is a whole number, 1 or more."),
        )
    if Opportunity.objects.filter(
        organisation=organisation, buyer_name=buyer_name.strip(), reference=reference.strip()
    ).exists():
        raise fail(
            "reference",
            _("This buyer's opportunity %(ref)s is already recorded.") % {"ref": reference.strip()},
        )
    opportunity = Opportunity(
        organisation=organisation,
        buyer_name=buyer_name.strip(),
        reference=reference.strip(),
        title=title.strip(),
        title_cy=title_cy.strip(),
        description=description,
        submission_deadline=submission_deadline,
        clarification_deadline=clarification_deadline,
        regime=regime,
        procedure=procedure,
        languages=languages,
        bid_validity_days=bid_validity_days,
        max_lots_per_bidder=max_lots_per_bidder,
        buyer_identifier=buyer_identifier,
        ocid=ocid,
        source_release=source_release,
    )
    opportunity.full_clean()
    opportunity.save()
    audit(
        actor=actor,
        action="opportunity.create",
        obj=opportunity,
        after=snapshot(opportunity, ["buyer_name", "reference", "title", "submission_deadline"]),
    )
    return opportunity


@transaction.atomic
def lot_add(
    *,
    opportunity: Opportunity,
    number: int,
    title: str,
    zone: str,
    estimated_hours_per_week: Decimal | str,
    role: str = Lot.Role.PRIMARY,
    rate_ceiling_pence: int | None = None,
    value_ceiling_pence: int | None = None,
    title_cy: str = "",
    actor: User | None,
) -> Lot:
    """Add a lot: a zone and a role, the buyer's estimate of hours a week, and its ceilings
    (an hourly rate in pence, a yearly value in pence)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise fail("number", _("A lot number is a whole number, 1 or more."))
    if opportunity.lots.filter(number=number).exists():
        raise fail("number", _("Lot %(n)s already exists.") % {"n": number})
    hours = check_hours(estimated_hours_per_week, "estimated_hours_per_week", scope="lot")
    if rate_ceiling_pence is not None:
        check_pence(rate_ceiling_pence, "rate_ceiling_pence", allow_zero=False)
    if value_ceiling_pence is not None and (
        isinstance(value_ceiling_pence, bool)
        or not isinstance(value_ceiling_pence, int)
        or value_ceiling_pence < 1
    ):
        raise fail(
            "value_ceiling_pence", _("Enter the yearly value in pence, a whole number above 0.")
        )
    lot = Lot(
        opportunity=opportunity,
        number=number,
        title=title.strip(),
        title_cy=title_cy.strip(),
        zone=zone.strip(),
        role=role,
        estimated_hours_per_week=hours,
        rate_ceiling_pence=rate_ceiling_pence,
        value_ceiling_pence=value_ceiling_pence,
    )
    lot.full_clean()
    lot.save()
    audit(
        actor=actor,
        action="opportunity.lot_add",
        obj=opportunity,
        organisation_id=opportunity.organisation_id,
        after=snapshot(lot),
    )
    return lot


@transaction.atomic
def criteria_set(
    *, opportunity: Opportunity, criteria: Iterable[tuple[str, str, int]], actor: User | None
) -> list[AwardCriterion]:
    """Replace the award criteria: (kind, name, weight) whose weights add up to 100."""
    items = list(criteria)
    for kind, name, weight in items:
        if kind not in AwardCriterion.Kind.values:
            raise fail("criteria", _("Each criterion is quality, price or social value."))
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
            raise fail("criteria", _("Each weight is a whole number from 0 to 100."))
        if not name.strip():
            raise fail("criteria", _("Name each criterion."))
        check_length("criteria", name.strip(), CRITERION_NAME_LENGTH, _("A criterion's name"))
    total = sum(w for _k, _n, w in items)
    if total != 100:
        raise fail(
            "criteria",
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": total},
        )
    opportunity.criteria.all().delete()
    made = AwardCriterion.objects.bulk_create(
        [
            AwardCriterion(opportunity=opportunity, kind=k, name=n.strip(), weight=w)
            for k, n, w in items
        ]
    )
    audit(
        actor=actor,
        action="opportunity.criteria_set",
        obj=opportunity,
        organisation_id=opportunity.organisation_id,
        after={"criteria": [{"kind": k, "name": n, "weight": w} for k, n, w in items]},
    )
    return made


@transaction.atomic
def question_add(
    *,
    opportunity: Opportunity,
    section: str,
    number: str,
    text: str,
    kind: str = TenderQuestion.Kind.SCORED,
    limit_kind: str = TenderQuestion.LimitKind.WORDS,
    limit: int | None = None,
    weight: Decimal | str = "0",
    answered_by: str = TenderQuestion.AnsweredBy.CONSORTIUM,
    is_mandatory: bool = True,
    lots: Iterable[Lot] = (),
    text_cy: str = "",
    actor: User | None,
) -> TenderQuestion:
    """Add a question with its limit and weight (%). The questions' weights together may not
    exceed 100: they share out the whole score."""
    check_length("text", text.strip(), rules.MAX_QUESTION, _("The question"))
    check_length("text_cy", text_cy.strip(), rules.MAX_QUESTION, _("The question in Welsh"))
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.questions.filter(number=number.strip()).exists():
        raise fail("number", _("Question %(n)s already exists.") % {"n": number.strip()})
    if limit_kind != TenderQuestion.LimitKind.NONE and (
        isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
    ):
        raise fail("limit", _("Give the limit as a whole number, or choose no limit."))
    try:
        weight_value = Decimal(str(weight).strip())
    except (InvalidOperation, ValueError):
        raise fail("weight", _("Give the weight as a number from 0 to 100.")) from None
    if not weight_value.is_finite() or not 0 <= weight_value <= 100:
        raise fail("weight", _("Give the weight as a number from 0 to 100."))
    others = opportunity.questions.aggregate(total=Sum("weight"))["total"] or Decimal(0)
    if others + weight_value > 100:
        raise fail(
            "weight",
            _(
                "The questions' weights would add up to %(total)s%%: together they may not "
                "be more than 100%%."
            )
            % {"total": others + weight_value},
        )
    lot_list = list(lots)
    for lot in lot_list:
        if lot.opportunity_id != opportunity.pk:
            raise fail("lots", _("Choose lots of this opportunity."))
    question = TenderQuestion(
        opportunity=opportunity,
        section=section.strip(),
        number=number.strip(),
        text=text.strip(),
        text_cy=text_cy.strip(),
        kind=kind,
        limit_kind=limit_kind,
        limit=limit if limit_kind != TenderQuestion.LimitKind.NONE else None,
        weight=weight_value,
        answered_by=answered_by,
        is_mandatory=is_mandatory,
    )
    question.full_clean()
    question.save()
    question.lots.set(lot_list)
    audit(
        actor=actor,
        action="opportunity.question_add",
        obj=opportunity,
        organisation_id=opportunity.organisation_id,
        after={**snapshot(question), "lots": [lot.number for lot in lot_list]},
    )
    return question


@transaction.atomic
def document_add(
    *,
    opportunity: Opportunity,
    title: str,
    published_on: dt.date,
    url: str = "",
    is_addendum: bool = False,
    summary: str = "",
    affects: Iterable[TenderQuestion] = (),
    actor: User | None,
) -> OpportunityDocument:
    """Add a tender document. An addendum reopens, in every open bid on this opportunity not
    yet submitted, the answers to the questions it changes (back to draft, with a version
    saying why), and invalidates every sign-off of those bids (the bid changed); a bid in
    review, final sign-off or ready goes back to drafting."""
    if not title.strip():
        raise fail("title", _("Give the document a title."))
    check_length("summary", summary, rules.MAX_NOTE, _("What it changes"))
    questions = list(affects)
    for question in questions:
        if question.opportunity_id != opportunity.pk:
            raise fail("affects", _("Choose questions of this opportunity."))
    if questions and not is_addendum:
        raise fail("affects", _("Only an addendum changes questions."))
    document = OpportunityDocument(
        opportunity=opportunity,
        title=title.strip(),
        url=url,
        is_addendum=is_addendum,
        summary=summary,
        published_on=published_on,
    )
    document.full_clean()
    document.save()
    document.affects.set(questions)
    audit(
        actor=actor,
        action="opportunity.document_add",
        obj=opportunity,
        organisation_id=opportunity.organisation_id,
        after={
            "title": document.title,
            "is_addendum": is_addendum,
            "affects": [q.number for q in questions],
        },
    )
    if is_addendum:
        _reopen_for_addendum(opportunity, document, questions, actor)
    return document


def _reopen_for_addendum(
    opportunity: Opportunity,
    document: OpportunityDocument,
    questions: list[TenderQuestion],
    actor: User | None,
) -> None:
    """In every open bid on the opportunity not yet submitted: the answers to `questions`
    back to draft (with a version saying why), every sign-off invalidated, and a bid in
    review, final sign-off or ready back to drafting."""
    reason = (_("Addendum: %(title)s") % {"title": document.title})[:300]
    bids = JointBid.objects.select_for_update().filter(
        opportunity=opportunity, status__in=JointBid.OPEN - {"submitted"}
    )
    for bid in bids.order_by("pk"):
        reopened = list(
            Answer.objects.select_for_update(of=("self",))
            .filter(bid=bid, question__in=questions)
            .exclude(status__in=[Answer.Status.NOT_STARTED, Answer.Status.DRAFT])
            .select_related("question")
            .order_by("pk")
        )
        for answer in reopened:
            answer.status = Answer.Status.DRAFT
            answer.reopened_reason = reason
            answer.save(update_fields=["status", "reopened_reason", "updated_at"])
            record_version(answer, actor, reason)
        invalidated = SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
            invalidated_at=now(), invalidated_reason=reason
        )
        audit(
            actor=actor,
            action="bid.addendum_reopen",
            obj=bid,
            organisation_id=bid.consortium_id,
            after={
                "document": document.title,
                "answers_reopened": [a.question.number for a in reopened],
                "signoffs_invalidated": invalidated,
            },
        )
        if bid.status in (
            JointBid.Status.IN_REVIEW,
            JointBid.Status.FINAL_SIGNOFF,
            JointBid.Status.READY,
        ):
            set_status(bid, JointBid.Status.DRAFTING, actor, reason)
