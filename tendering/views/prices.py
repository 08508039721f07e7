"""Prices: the lead's consolidated consortium rates with their checks, and each co-op's own
cost build-ups (seen and entered by the lead and that co-op's officers only — never another
co-op: `tendering.permissions`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from tendering import permissions, selectors, services
from tendering.forms._fields import pence
from tendering.forms.work import PriceForm
from tendering.models import BidParticipant
from tendering.views._common import bid_context, bid_url, is_action

#: The form's fields in pounds → the service's arguments in pence.
PENCE_FIELDS = {
    "pay": "pay_pence",
    "on_costs": "on_costs_pence",
    "travel": "travel_pence",
    "overhead": "overhead_pence",
    "margin": "margin_pence",
}


@login_required
@require_GET
def prices(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The consolidated rate of each lot and rate type against its ceiling and the pay
    floor, with every co-op's build-up beneath it (the lead only)."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid)
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
    for the lead and that co-op's officers; 404 for anyone else."""
    participant = permissions.participant_get_for(
        request.user,
        slug,
        pk,
        participant_id,
        permissions.can_act_for_participant,
        action=is_action(request.method),
    )
    bid = participant.bid
    initial = {"lot": request.GET["lot"]} if request.GET.get("lot", "").isdigit() else {}

    def perform(data: dict[str, Any], actor: User) -> str:
        amounts = {PENCE_FIELDS[name]: pence(data[name]) or 0 for name in PENCE_FIELDS}
        line = services.price_line_set(
            participant=participant,
            lot=data["lot"],
            rate_type=data["rate_type"],
            actor=actor,
            **amounts,
        )
        return _("Build-up saved for lot %(n)s: %(rate)s an hour.") % {
            "n": line.lot.number,
            "rate": f"£{line.rate_pence / 100:,.2f}",
        }

    lead = permissions.can_manage_bid(request.user, bid)
    back = bid_url(bid, "prices") if lead else bid_url(bid, "member_part", participant.pk)
    return action_page(
        request,
        form=PriceForm(bound(request), bid=bid, initial=initial),
        perform=perform,
        done_url=bid_url(bid, "member_prices", participant.pk),
        template="tendering/member_prices.html",
        aliases={pence_name: name for name, pence_name in PENCE_FIELDS.items()},
        context=bid_context(
            bid,
            participant=participant,
            lines=selectors.price_lines(bid, [participant]),
            title=_("%(name)s's cost build-ups") % {"name": participant.member.name},
            submit_label=_("Save the build-up"),
            back_url=back,
            lots=list(bid.opportunity.lots.order_by("number")),
        ),
    )
