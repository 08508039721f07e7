"""The member co-ops of a bid: inviting them, recording each one's approval (board
resolution or member ballot, with its conditions) and its written authorisation of the lead,
setting the lead, a co-op dropping out (re-planning); and a co-op's view of its own part."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tendering import permissions, selectors, services
from tendering.forms.bids import ApprovalForm, AuthoriseForm, InviteForm, LeadForm, ReasonForm
from tendering.models import BidParticipant, JointBid
from tendering.views._common import acting_user, bid_url, form_page, make_form


def _context(bid: JointBid, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": bid.consortium,
        "bid": bid,
        "caption": f"{bid.opportunity.reference}: {bid.opportunity.display_title}",
        "back_url": bid_url(bid, "participants"),
        **extra,
    }


@login_required
@require_GET
def participants(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for_lead(request.user, slug, pk, action=False).bid
    rows = selectors.participant_rows(bid, selectors.bid_participants(bid))
    return render(
        request,
        "tendering/participants.html",
        {**_context(bid, back_url=bid_url(bid)), "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for_lead(request.user, slug, pk).bid
    form = make_form(InviteForm, request, bid=bid)

    def perform(data: dict[str, Any]) -> HttpResponse:
        p = services.participant_invite(bid=bid, member=data["member"], actor=acting_user(request))
        messages.success(
            request, _("%(name)s is invited: record its approval.") % {"name": p.member.name}
        )
        return HttpResponseRedirect(bid_url(bid, "participants"))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=_context(bid, title=_("Invite a member co-op"), submit_label=_("Invite")),
    )


def _participant(request: HttpRequest, slug: str, pk: int, participant_id: int) -> BidParticipant:
    access = permissions.bid_get_for_lead(request.user, slug, pk)
    participant = permissions.participant_get_for_view(access, participant_id)
    participant.bid = access.bid
    return participant


@login_required
@require_http_methods(["GET", "POST"])
def participant_approve(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """A co-op's democratic approval, with its conditions (lots, most hours a week)."""
    p = _participant(request, slug, pk, participant_id)
    bid = p.bid
    initial = {
        "approval_kind": p.approval_kind or None,
        "reference": p.approval_reference,
        "approved_on": p.approved_on,
        "expires_on": p.approval_expires_on,
        "allowed_lots": list(p.allowed_lots.all()),
        "max_hours_per_week": p.max_hours_per_week,
        "conditions": p.conditions,
    }
    form = make_form(ApprovalForm, request, bid=bid, initial=initial)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.participant_approve(
            participant=p,
            approval_kind=data["approval_kind"],
            reference=data["reference"],
            approved_on=data["approved_on"],
            expires_on=data["expires_on"],
            allowed_lots=data["allowed_lots"],
            max_hours_per_week=data["max_hours_per_week"],
            conditions=data["conditions"],
            actor=acting_user(request),
        )
        messages.success(request, _("%(name)s's approval is recorded.") % {"name": p.member.name})
        return HttpResponseRedirect(bid_url(bid, "participants"))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={
            "approval_reference": "reference",
            "approval_expires_on": "expires_on",
        },
        context=_context(
            bid,
            title=_("Record %(name)s's approval") % {"name": p.member.name},
            submit_label=_("Record the approval"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_authorise(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """The co-op's written authorisation of the lead to bid on its behalf."""
    p = _participant(request, slug, pk, participant_id)
    bid = p.bid
    form = make_form(AuthoriseForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.participant_authorise_lead(
            participant=p,
            signed_by=data["signed_by"],
            signed_on=data["signed_on"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("%(name)s's authorisation of the lead is recorded.") % {"name": p.member.name},
        )
        return HttpResponseRedirect(bid_url(bid, "participants"))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"authorisation_signed_by": "signed_by", "authorisation_on": "signed_on"},
        context=_context(
            bid,
            title=_("Record %(name)s's authorisation of the lead") % {"name": p.member.name},
            submit_label=_("Record the authorisation"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_withdraw(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """A co-op declines or drops out: its commitments stop counting, every sign-off lapses
    and a bid under way goes to re-planning."""
    p = _participant(request, slug, pk, participant_id)
    bid = p.bid
    form = make_form(ReasonForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.participant_withdraw(
            participant=p, reason=data["reason"], actor=acting_user(request)
        )
        messages.success(request, _("%(name)s is no longer taking part.") % {"name": p.member.name})
        return HttpResponseRedirect(bid_url(bid))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=_context(
            bid,
            title=_("%(name)s drops out") % {"name": p.member.name},
            warning=_(
                "Its capacity commitments are removed, every sign-off must be given again, "
                "and a bid under way goes to re-planning."
            ),
            submit_label=_("Record that it drops out"),
            danger=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_set_lead(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for_lead(request.user, slug, pk).bid
    form = make_form(LeadForm, request, bid=bid)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.bid_set_lead(bid=bid, member=data["member"], actor=acting_user(request))
        messages.success(request, _("%(name)s leads the bid.") % {"name": data["member"].name})
        return HttpResponseRedirect(bid_url(bid, "participants"))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"lead": "member"},
        context=_context(bid, title=_("Choose the lead"), submit_label=_("Set the lead")),
    )


@login_required
@require_GET
def member_part(request: HttpRequest, slug: str, pk: int, participant_id: int) -> HttpResponse:
    """A member co-op's own part: its approval and conditions, its commitments, its own
    prices, the questions it answers or its people were given, and their due dates."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    participant = permissions.participant_get_for_view(access, participant_id)
    bid = access.bid
    return render(
        request,
        "tendering/member_part.html",
        {
            "organisation": bid.consortium,
            "bid": bid,
            "part": selectors.member_part(bid, participant),
            "is_lead": access.is_lead,
            "deadlines": selectors.bid_deadlines(bid),
        },
    )
