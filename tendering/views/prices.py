"""Prices: the lead's consolidated consortium rates with their checks, and each co-op's own
cost build-ups (seen and entered by the lead and that co-op only — never another co-op)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tendering import permissions, selectors, services
from tendering.forms._fields import pence
from tendering.forms.work import PriceForm
from tendering.models import BidParticipant
from tendering.views._common import acting_user, bid_url, form_page, make_form


@login_required
@require_GET
def prices(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The consolidated rate of each lot and rate type against its ceiling and the pay
    floor, with every co-op's build-up beneath it (the lead only)."""
    bid = permissions.bid_get_for_lead(request.user, slug, pk, action=False).bid
    return render(
        request,
        "tendering/prices.html",
        {
            "organisation": bid.consortium,
            "bid": bid,
            "rows": selectors.consolidated_prices(bid),
            "participants": [
                p
                for p in selectors.bid_participants(bid)
                if p.status == BidParticipant.Status.APPROVED
            ],
            "back_url": bid_url(bid),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_prices(request: HttpRequest, slug: str, pk: int, participant_id: int) -> HttpResponse:
    """One co-op's cost build-ups, and the form to enter one (pounds, stored in pence):
    for the lead and that co-op's people; 404 for anyone else."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    participant = permissions.participant_get_for_view(access, participant_id)
    bid = access.bid
    initial = {"lot": request.GET["lot"]} if request.GET.get("lot", "").isdigit() else {}
    form = make_form(PriceForm, request, bid=bid, initial=initial)

    def perform(data: dict[str, Any]) -> HttpResponse:
        line = services.price_line_set(
            participant=participant,
            lot=data["lot"],
            rate_type=data["rate_type"],
            pay_pence=pence(data["pay"]) or 0,
            on_costs_pence=pence(data["on_costs"]) or 0,
            travel_pence=pence(data["travel"]) or 0,
            overhead_pence=pence(data["overhead"]) or 0,
            margin_pence=pence(data["margin"]) or 0,
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("Build-up saved for lot %(n)s: %(rate)s an hour.")
            % {"n": line.lot.number, "rate": f"£{line.rate_pence / 100:,.2f}"},
        )
        return HttpResponseRedirect(bid_url(bid, "member_prices", participant.pk))

    back = bid_url(bid, "prices") if access.is_lead else bid_url(bid, "member_part", participant.pk)
    return form_page(
        request,
        form=form,
        perform=perform,
        template="tendering/member_prices.html",
        aliases={
            "pay_pence": "pay",
            "on_costs_pence": "on_costs",
            "travel_pence": "travel",
            "overhead_pence": "overhead",
            "margin_pence": "margin",
        },
        context={
            "organisation": bid.consortium,
            "bid": bid,
            "participant": participant,
            "lines": selectors.price_lines(bid, [participant]),
            "caption": f"{bid.opportunity.reference}: {bid.opportunity.display_title}",
            "title": _("%(name)s's cost build-ups") % {"name": participant.member.name},
            "submit_label": _("Save the build-up"),
            "back_url": back,
            "lots": list(bid.opportunity.lots.order_by("number")),
        },
    )
