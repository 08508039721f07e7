"""Capacity: the coverage matrix (the lead's), committing hours to a lot, taking a commitment
off, and declaring a co-op's total capacity (the lead, or a co-op's officers for their co-op:
`tendering.permissions`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.models import User
from coop.core.web import action_page, bound
from tendering import permissions, selectors, services
from tendering.forms.bids import ConfirmForm
from tendering.forms.work import CapacityForm, CommitmentForm
from tendering.views._common import back_to, bid_context, bid_url


@login_required
@require_GET
def coverage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Lots × co-ops: hours committed against the buyer's estimate, gaps, lots without a
    primary provider, broken conditions, over-commitment across open bids."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid)
    return render(
        request,
        "tendering/coverage.html",
        {
            "organisation": bid.consortium,
            "bid": bid,
            "matrix": selectors.coverage_matrix(bid),
            "back_url": bid_url(bid),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_set(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Commit a co-op's hours to a lot: the lead for any co-op, a co-op's officers for
    theirs."""
    bid = permissions.bid_get_for(
        request.user, slug, pk, permissions.can_contribute_to_bid, action=True
    )
    choices = permissions.participants_acted_for(request.user, bid)
    initial: dict[str, Any] = {}
    if len(choices) == 1:
        initial["participant"] = choices[0].pk
    if request.GET.get("lot", "").isdigit():
        initial["lot"] = int(request.GET["lot"])

    def perform(data: dict[str, Any], actor: User) -> str:
        commitment = services.commitment_set(actor=actor, **data)
        return _("%(name)s commits %(hours)s hours a week to lot %(n)s.") % {
            "name": commitment.participant.member.name,
            "hours": commitment.hours_per_week,
            "n": commitment.lot.number,
        }

    return action_page(
        request,
        form=CommitmentForm(bound(request), bid=bid, participants=choices, initial=initial),
        perform=perform,
        done_url=back_to(request, bid, "coverage"),
        context=bid_context(
            bid,
            title=_("Commit capacity to a lot"),
            submit_label=_("Commit the hours"),
            back_url=back_to(request, bid, "coverage"),
        ),
    )


@login_required
@require_POST
def commitment_remove(request: HttpRequest, slug: str, pk: int, commitment_id: int) -> HttpResponse:
    """Take a co-op's commitment off a lot (a button of the co-op's part): the lead, or that
    co-op's officers; anyone else is refused and nothing changes. A refusal of the service
    shows its reason on the confirmation page (400)."""
    commitment = permissions.commitment_get_for(
        request.user, slug, pk, commitment_id, permissions.can_change_commitment, action=True
    )
    bid = commitment.bid

    def perform(data: dict[str, Any], actor: User) -> str:
        services.commitment_remove(commitment=commitment, actor=actor)
        return _("The commitment is removed.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=back_to(request, bid, "coverage"),
        context=bid_context(
            bid,
            title=_("Take %(name)s's %(hours)s hours a week off lot %(n)s")
            % {
                "name": commitment.participant.member.name,
                "hours": commitment.hours_per_week,
                "n": commitment.lot.number,
            },
            submit_label=_("Remove the commitment"),
            back_url=back_to(request, bid, "coverage"),
            danger=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def capacity_declare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A co-op's total care hours a week across all bids (over-commitment is checked
    against the latest declaration)."""
    bid = permissions.bid_get_for(
        request.user, slug, pk, permissions.can_contribute_to_bid, action=True
    )
    choices = permissions.participants_acted_for(request.user, bid, approved_only=False)
    initial = {"member": choices[0].member_id} if len(choices) == 1 else {}

    def perform(data: dict[str, Any], actor: User) -> str:
        declaration = services.capacity_declare(consortium=bid.consortium, actor=actor, **data)
        return _("%(name)s can deliver %(hours)s hours a week in all.") % {
            "name": declaration.member.name,
            "hours": declaration.hours_per_week,
        }

    return action_page(
        request,
        form=CapacityForm(bound(request), participants=choices, initial=initial),
        perform=perform,
        done_url=back_to(request, bid, "coverage"),
        context=bid_context(
            bid,
            title=_("Declare a co-op's capacity"),
            submit_label=_("Declare it"),
            back_url=back_to(request, bid, "coverage"),
        ),
    )
