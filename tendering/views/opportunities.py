"""Opportunities: the list (with the consortium's bids), an opportunity's page, entering one
by hand (lots, award criteria, questions, documents and addenda) or from an OCDS file, and
starting a bid. All for the lead; a member co-op's officers see the list of their bids."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.web import acting_user, bound, bound_files, form_page
from tendering import permissions, selectors, services
from tendering.forms._fields import pence
from tendering.forms.opportunities import (
    BidPlanForm,
    CriteriaForm,
    DocumentForm,
    ImportForm,
    LotForm,
    OpportunityForm,
    QuestionForm,
)
from tendering.models import Opportunity
from tendering.views._common import bid_url, opportunity_url


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """For the lead: the opportunities the consortium tracks and its bids. For a member
    co-op's officers: the bids their co-op takes part in."""
    consortium = permissions.consortium_get_for(request.user, slug, permissions.can_view_bids)
    is_lead = permissions.can_lead_bids(request.user, consortium)
    return render(
        request,
        "tendering/index.html",
        {
            "organisation": consortium,
            "is_lead": is_lead,
            "opportunities": list(selectors.opportunity_list(consortium)) if is_lead else [],
            "bids": permissions.bid_list_for(request.user, consortium),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = permissions.consortium_get_for(
        request.user, slug, permissions.can_lead_bids, action=True
    )
    form = OpportunityForm(bound(request))

    def perform(data: dict[str, Any]) -> HttpResponse:
        opportunity = services.opportunity_create(
            organisation=consortium,
            buyer_name=data["buyer_name"],
            buyer_identifier=data["buyer_identifier"],
            reference=data["reference"],
            title=data["title"],
            title_cy=data["title_cy"],
            description=data["description"],
            regime=data["regime"],
            procedure=data["procedure"],
            clarification_deadline=data["clarification_deadline"],
            submission_deadline=data["submission_deadline"],
            bid_validity_days=data["bid_validity_days"],
            languages=data["languages"],
            max_lots_per_bidder=data["max_lots_per_bidder"],
            actor=acting_user(request),
        )
        messages.success(request, _("Opportunity recorded. Now add its lots and questions."))
        return HttpResponseRedirect(opportunity_url(opportunity))

    return form_page(
        request,
        form=form,
        perform=perform,
        context={
            "organisation": consortium,
            "title": _("Enter an opportunity"),
            "caption": consortium.display_name,
            "submit_label": _("Record the opportunity"),
            "back_url": reverse("tendering:index", args=[slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Import an opportunity from a buyer's OCDS release: a file over 10 MB, or one that
    fails the schema, is refused (400) with its reasons, and nothing is written."""
    consortium = permissions.consortium_get_for(
        request.user, slug, permissions.can_lead_bids, action=True
    )
    form = ImportForm(bound(request), bound_files(request))

    def perform(data: dict[str, Any]) -> HttpResponse:
        opportunity = services.opportunity_import(
            organisation=consortium, content=data["file"].read(), actor=acting_user(request)
        )
        messages.success(
            request,
            _("Opportunity imported with %(n)s lots. Check it, then add its questions.")
            % {"n": opportunity.lots.count()},
        )
        return HttpResponseRedirect(opportunity_url(opportunity))

    return form_page(
        request,
        form=form,
        perform=perform,
        context={
            "organisation": consortium,
            "title": _("Import an opportunity from OCDS"),
            "caption": consortium.display_name,
            "submit_label": _("Import"),
            "back_url": reverse("tendering:index", args=[slug]),
            "multipart": True,
        },
    )


@login_required
@require_GET
def opportunity_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opportunity = permissions.opportunity_get_for(
        request.user, slug, pk, permissions.can_manage_opportunity
    )
    return render(
        request,
        "tendering/opportunity.html",
        {
            "organisation": opportunity.organisation,
            "detail": selectors.opportunity_detail(opportunity),
            "opportunity": opportunity,
        },
    )


def _opportunity_context(opportunity: Opportunity, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": opportunity.organisation,
        "caption": f"{opportunity.reference}: {opportunity.display_title}",
        "back_url": opportunity_url(opportunity),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def lot_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opportunity = permissions.opportunity_get_for(
        request.user, slug, pk, permissions.can_manage_opportunity, action=True
    )
    form = LotForm(bound(request), initial={"number": opportunity.lots.count() + 1})

    def perform(data: dict[str, Any]) -> HttpResponse:
        lot = services.lot_add(
            opportunity=opportunity,
            number=data["number"],
            title=data["title"],
            title_cy=data["title_cy"],
            zone=data["zone"],
            role=data["role"],
            estimated_hours_per_week=data["estimated_hours_per_week"],
            rate_ceiling_pence=pence(data["rate_ceiling"]),
            value_ceiling_pence=pence(data["value_ceiling"]),
            actor=acting_user(request),
        )
        messages.success(request, _("Lot %(n)s added.") % {"n": lot.number})
        return HttpResponseRedirect(opportunity_url(opportunity))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"rate_ceiling_pence": "rate_ceiling", "value_ceiling_pence": "value_ceiling"},
        context=_opportunity_context(
            opportunity, title=_("Add a lot"), submit_label=_("Add the lot")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def criteria_set(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The award criteria; their weights must add up to 100 (the service's rule)."""
    opportunity = permissions.opportunity_get_for(
        request.user, slug, pk, permissions.can_manage_opportunity, action=True
    )
    form = CriteriaForm(bound(request), criteria=list(opportunity.criteria.all()))

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.criteria_set(
            opportunity=opportunity, criteria=data["criteria"], actor=acting_user(request)
        )
        messages.success(request, _("Award criteria saved."))
        return HttpResponseRedirect(opportunity_url(opportunity))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=_opportunity_context(
            opportunity,
            title=_("Award criteria"),
            intro=_("Quality, price and social value, with weights that add up to 100."),
            submit_label=_("Save the criteria"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opportunity = permissions.opportunity_get_for(
        request.user, slug, pk, permissions.can_manage_opportunity, action=True
    )
    form = QuestionForm(bound(request), opportunity=opportunity)

    def perform(data: dict[str, Any]) -> HttpResponse:
        question = services.question_add(
            opportunity=opportunity,
            section=data["section"],
            number=data["number"],
            text=data["text"],
            text_cy=data["text_cy"],
            kind=data["kind"],
            limit_kind=data["limit_kind"],
            limit=data["limit"],
            weight=data["weight"],
            answered_by=data["answered_by"],
            is_mandatory=data["is_mandatory"],
            lots=data["lots"],
            actor=acting_user(request),
        )
        messages.success(request, _("Question %(n)s added.") % {"n": question.number})
        return HttpResponseRedirect(opportunity_url(opportunity))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=_opportunity_context(
            opportunity, title=_("Add a question"), submit_label=_("Add the question")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A tender document or an addendum (which reopens the answers it changes)."""
    opportunity = permissions.opportunity_get_for(
        request.user, slug, pk, permissions.can_manage_opportunity, action=True
    )
    form = DocumentForm(bound(request), opportunity=opportunity)

    def perform(data: dict[str, Any]) -> HttpResponse:
        document = services.document_add(
            opportunity=opportunity,
            title=data["title"],
            url=data["url"],
            published_on=data["published_on"],
            is_addendum=data["is_addendum"],
            summary=data["summary"],
            affects=data["affects"],
            actor=acting_user(request),
        )
        if document.is_addendum:
            messages.success(
                request,
                _(
                    "Addendum recorded: the answers it changes are back in draft and every "
                    "sign-off must be given again."
                ),
            )
        else:
            messages.success(request, _("Document recorded."))
        return HttpResponseRedirect(opportunity_url(opportunity))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=_opportunity_context(
            opportunity, title=_("Add a document or addendum"), submit_label=_("Add it")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Identify the opportunity as one the consortium may bid for: a bid is started."""
    opportunity = permissions.opportunity_get_for(
        request.user, slug, pk, permissions.can_manage_opportunity, action=True
    )
    form = BidPlanForm(bound(request))

    def perform(data: dict[str, Any]) -> HttpResponse:
        bid = services.bid_create(
            opportunity=opportunity,
            consortium=opportunity.organisation,
            liability=data["liability"],
            answers_due=data["answers_due"],
            prices_due=data["prices_due"],
            signoff_due=data["signoff_due"],
            pay_floor_pence=pence(data["pay_floor"]) or 0,
            actor=acting_user(request),
        )
        messages.success(request, _("Bid started. Next: the go/no-go decision."))
        return HttpResponseRedirect(bid_url(bid))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"pay_floor_pence": "pay_floor"},
        context=_opportunity_context(
            opportunity,
            title=_("Start a bid"),
            intro=_(
                "How the consortium will bid, and its internal deadlines (each before the "
                "buyer's deadline)."
            ),
            submit_label=_("Start the bid"),
        ),
    )
