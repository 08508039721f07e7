"""Capacity: the coverage matrix (the lead's), committing hours to a lot and declaring a
co-op's total capacity (the lead, or the co-op's own people for their co-op)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tendering import permissions, selectors, services
from tendering.forms.work import CapacityForm, CommitmentForm
from tendering.models import BidParticipant, Commitment
from tendering.permissions import BidAccess
from tendering.views._common import acting_user, bid_url, error_messages, form_page, make_form


def acting_for(access: BidAccess, *, approved_only: bool = True) -> list[BidParticipant]:
    """The co-ops of the bid the user may act for (all of them for the lead)."""
    return [
        p
        for p in selectors.bid_participants(access.bid)
        if access.can_act_for(p.pk)
        and (not approved_only or p.status == BidParticipant.Status.APPROVED)
    ]


def back_to(access: BidAccess, page: str) -> str:
    """The lead goes back to `page`; a co-op's people to their own part."""
    if access.is_lead:
        return bid_url(access.bid, page)
    return bid_url(access.bid, "member_part", min(access.participant_ids))


@login_required
@require_GET
def coverage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Lots × co-ops: hours committed against the buyer's estimate, gaps, lots without a
    primary provider, broken conditions, over-commitment across open bids."""
    bid = permissions.bid_get_for_lead(request.user, slug, pk, action=False).bid
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
    access = permissions.bid_get_for_view(request.user, slug, pk)
    bid = access.bid
    choices = acting_for(access)
    initial = {}
    if len(choices) == 1:
        initial["participant"] = choices[0].pk
    if request.GET.get("lot", "").isdigit():
        initial["lot"] = int(request.GET["lot"])
    form = make_form(CommitmentForm, request, bid=bid, participants=choices, initial=initial)

    def perform(data: dict[str, Any]) -> HttpResponse:
        commitment = services.commitment_set(
            participant=data["participant"],
            lot=data["lot"],
            hours_per_week=data["hours_per_week"],
            role=data["role"],
            staff_count=data["staff_count"],
            base=data["base"],
            ciw_registration=data["ciw_registration"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("%(name)s commits %(hours)s hours a week to lot %(n)s.")
            % {
                "name": commitment.participant.member.name,
                "hours": commitment.hours_per_week,
                "n": commitment.lot.number,
            },
        )
        return HttpResponseRedirect(back_to(access, "coverage"))

    return form_page(
        request,
        form=form,
        perform=perform,
        context={
            "organisation": bid.consortium,
            "bid": bid,
            "caption": f"{bid.opportunity.reference}: {bid.opportunity.display_title}",
            "title": _("Commit capacity to a lot"),
            "submit_label": _("Commit the hours"),
            "back_url": back_to(access, "coverage"),
        },
    )


@login_required
@require_POST
def commitment_remove(request: HttpRequest, slug: str, pk: int, commitment_id: int) -> HttpResponse:
    access = permissions.bid_get_for_view(request.user, slug, pk)
    commitment = (
        Commitment.objects.select_related("participant__member", "lot", "bid")
        .filter(pk=commitment_id, bid=access.bid)
        .first()
    )
    if commitment is None:
        raise Http404
    if not access.can_act_for(commitment.participant_id):
        raise PermissionDenied
    try:
        services.commitment_remove(commitment=commitment, actor=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, _("The commitment is removed."))
    return HttpResponseRedirect(back_to(access, "coverage"))


@login_required
@require_http_methods(["GET", "POST"])
def capacity_declare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A co-op's total care hours a week across all bids (over-commitment is checked
    against the latest declaration)."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    bid = access.bid
    choices = acting_for(access, approved_only=False)
    initial = {"member": choices[0].member_id} if len(choices) == 1 else {}
    form = make_form(CapacityForm, request, participants=choices, initial=initial)

    def perform(data: dict[str, Any]) -> HttpResponse:
        declaration = services.capacity_declare(
            consortium=bid.consortium,
            member=data["member"],
            hours_per_week=data["hours_per_week"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("%(name)s can deliver %(hours)s hours a week in all.")
            % {"name": declaration.member.name, "hours": declaration.hours_per_week},
        )
        return HttpResponseRedirect(back_to(access, "coverage"))

    return form_page(
        request,
        form=form,
        perform=perform,
        context={
            "organisation": bid.consortium,
            "bid": bid,
            "caption": f"{bid.opportunity.reference}: {bid.opportunity.display_title}",
            "title": _("Declare a co-op's capacity"),
            "submit_label": _("Declare it"),
            "back_url": back_to(access, "coverage"),
        },
    )
