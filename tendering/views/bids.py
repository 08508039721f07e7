"""A bid's own pages: the lead's dashboard with its next steps, the plan, go/no-go, the
checklist of hard gates, sign-off and submission, social value, and the bid pack."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.downloads import document_response
from tendering import documents, permissions, selectors, services
from tendering.forms._fields import pence
from tendering.forms.bids import (
    ConfirmForm,
    GoBallotForm,
    GoDecisionForm,
    SocialValueForm,
    TransitionForm,
)
from tendering.forms.opportunities import BidPlanForm
from tendering.models import BidParticipant, JointBid
from tendering.permissions import BidAccess
from tendering.views._common import (
    acting_user,
    bid_context,
    bid_url,
    error_messages,
    form_page,
    make_form,
)

Status = JointBid.Status


def _dashboard(
    request: HttpRequest, access: BidAccess, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    bid = access.bid
    return render(
        request,
        "tendering/dashboard.html",
        {
            "organisation": bid.consortium,
            "bid": bid,
            "dashboard": selectors.bid_dashboard(bid),
            "step_errors": errors or [],
        },
        status=status,
    )


@login_required
@require_GET
def bid_dashboard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The lead's dashboard: where the bid is, what it may do next, what is missing, who owes
    it and by when. A member co-op's people are sent to their own part."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    if not access.is_lead:
        return HttpResponseRedirect(bid_url(access.bid, "member_part", min(access.participant_ids)))
    return _dashboard(request, access)


@login_required
@require_POST
def bid_transition(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One step of the state machine (a button of the dashboard); "submitted" goes through
    `bid_submit`. A refusal shows the dashboard again with the service's message (400)."""
    access = permissions.bid_get_for_lead(request.user, slug, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, access, errors=[_("Choose a step from the list.")], status=400)
    to = form.cleaned_data["to"]
    try:
        if to == Status.SUBMITTED:
            bid = services.bid_submit(bid=access.bid, actor=acting_user(request))
        else:
            bid = services.bid_transition(
                bid=access.bid,
                to=to,
                reason=form.cleaned_data["reason"],
                actor=acting_user(request),
            )
    except ValidationError as error:
        access.bid.refresh_from_db()
        return _dashboard(request, access, errors=error_messages(error), status=400)
    messages.success(
        request, _("The bid is now “%(status)s”.") % {"status": bid.get_status_display()}
    )
    return HttpResponseRedirect(bid_url(bid))


@login_required
@require_POST
def bid_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Submit a ready bid: refused after the buyer's deadline or while a gate fails."""
    access = permissions.bid_get_for_lead(request.user, slug, pk)
    try:
        bid = services.bid_submit(bid=access.bid, actor=acting_user(request))
    except ValidationError as error:
        access.bid.refresh_from_db()
        return _dashboard(request, access, errors=error_messages(error), status=400)
    messages.success(request, _("The bid is submitted."))
    return HttpResponseRedirect(bid_url(bid))


@login_required
@require_http_methods(["GET", "POST"])
def bid_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Liability, internal deadlines (each before the buyer's), the pay floor."""
    access = permissions.bid_get_for_lead(request.user, slug, pk)
    bid = access.bid
    form = make_form(BidPlanForm, request, bid=bid)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.bid_update_plan(
            bid=bid,
            liability=data["liability"],
            answers_due=data["answers_due"],
            prices_due=data["prices_due"],
            signoff_due=data["signoff_due"],
            pay_floor_pence=pence(data["pay_floor"]),
            actor=acting_user(request),
        )
        messages.success(request, _("The plan is saved."))
        return HttpResponseRedirect(bid_url(bid))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"pay_floor_pence": "pay_floor"},
        context=bid_context(bid, title=_("The bid's plan"), submit_label=_("Save the plan")),
    )


# --- Go/no-go ---------------------------------------------------------------------------------


@login_required
@require_GET
def go(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The consortium's go/no-go: a board decision, or a ballot of the member co-ops (one
    member organisation, one vote) whose result is then applied."""
    bid = permissions.bid_get_for_lead(request.user, slug, pk, action=False).bid
    return render(
        request,
        "tendering/go.html",
        {
            **bid_context(bid),
            "decision_form": GoDecisionForm(prefix="board"),
            "ballot_form": GoBallotForm(prefix="ballot"),
            "ballot": bid.decision_ballot,
            "may_decide": bid.status in (Status.IDENTIFIED, Status.QUALIFYING),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def go_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for_lead(request.user, slug, pk).bid
    form = make_form(GoDecisionForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        done = services.bid_go_decide(
            bid=bid,
            go=data["go"],
            method=JointBid.Decision.BOARD,
            reference=data["reference"],
            decided_on=data["decided_on"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("Go decision recorded: now consult the member co-ops.")
            if done.status == Status.CONSULTING
            else _("No-go recorded: the bid is declined."),
        )
        return HttpResponseRedirect(bid_url(done))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"go_reference": "reference", "go_decided_on": "decided_on"},
        context=bid_context(
            bid, title=_("Record the board's go/no-go decision"), submit_label=_("Record it")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def go_ballot_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for_lead(request.user, slug, pk).bid
    form = make_form(GoBallotForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.bid_go_ballot_open(
            bid=bid, closes_at=data["closes_at"], actor=acting_user(request)
        )
        messages.success(
            request, _("The ballot of member co-ops is open: apply its result once it closes.")
        )
        return HttpResponseRedirect(bid_url(bid, "go"))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=bid_context(
            bid,
            title=_("Ask the member co-ops: open a go/no-go ballot"),
            intro=_("Each member co-op votes once, through its representative."),
            submit_label=_("Open the ballot"),
            back_url=bid_url(bid, "go"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def go_from_ballot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for_lead(request.user, slug, pk).bid
    form = make_form(ConfirmForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        done = services.bid_go_from_ballot(bid=bid, actor=acting_user(request))
        messages.success(
            request,
            _("The ballot carried: go.")
            if done.status == Status.CONSULTING
            else _("The ballot did not carry: the bid is declined."),
        )
        return HttpResponseRedirect(bid_url(done))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=bid_context(
            bid,
            title=_("Apply the ballot's result"),
            submit_label=_("Apply the result"),
            back_url=bid_url(bid, "go"),
        ),
    )


# --- Checklist, sign-off, social value ---------------------------------------------------------


@login_required
@require_GET
def checklist(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Each hard gate, met or not, with who owes what and by when."""
    bid = permissions.bid_get_for_lead(request.user, slug, pk, action=False).bid
    gates = selectors.gate_rows(bid)
    return render(
        request,
        "tendering/checklist.html",
        {**bid_context(bid), "gates": gates, "all_met": all(g.ok for g in gates)},
    )


@login_required
@require_GET
def signoff(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Each participating co-op signs off the final bid (in final sign-off); then the lead
    submits it."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    bid = access.bid
    signed = selectors.signoff_list(bid)
    rows = [
        {
            "participant": p,
            "signoff": signed.get(p.pk),
            "may_sign": access.can_act_for(p.pk)
            and bid.status == Status.FINAL_SIGNOFF
            and p.pk not in signed,
        }
        for p in selectors.bid_participants(bid)
        if p.status == BidParticipant.Status.APPROVED
    ]
    return render(
        request,
        "tendering/signoff.html",
        {
            **bid_context(bid),
            "rows": rows,
            "is_lead": access.is_lead,
            "back_url": bid_url(bid)
            if access.is_lead
            else bid_url(bid, "member_part", min(access.participant_ids)),
        },
    )


@login_required
@require_POST
def signoff_record(request: HttpRequest, slug: str, pk: int, participant_id: int) -> HttpResponse:
    access = permissions.bid_get_for_view(request.user, slug, pk)
    participant = permissions.participant_get_for_view(access, participant_id)
    try:
        services.signoff_record(bid=access.bid, participant=participant, actor=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
        return HttpResponseRedirect(bid_url(access.bid, "signoff"))
    messages.success(
        request, _("%(name)s has signed off the bid.") % {"name": participant.member.name}
    )
    return HttpResponseRedirect(bid_url(access.bid, "signoff"))


@login_required
@require_http_methods(["GET", "POST"])
def social_value(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Social value figures drawn from each co-op's register at a stated date, each with its
    numerator, denominator and percentage."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    bid = access.bid
    if request.method == "POST" and not access.is_lead:
        raise PermissionDenied
    form = make_form(SocialValueForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        made = services.social_value_compute(
            bid=bid, stated_on=data["stated_on"], actor=acting_user(request)
        )
        messages.success(request, _("%(n)s figures drawn from the registers.") % {"n": len(made)})
        return HttpResponseRedirect(bid_url(bid, "social_value"))

    return form_page(
        request,
        form=form,
        perform=perform,
        template="tendering/social_value.html",
        context=bid_context(
            bid,
            title=_("Social value"),
            submit_label=_("Draw the figures"),
            figures=selectors.social_value_list(bid),
            is_lead=access.is_lead,
        ),
    )


# --- The bid pack ------------------------------------------------------------------------------


def _pack(request: HttpRequest, bid: JointBid, *, as_zip: bool) -> HttpResponseBase:
    """The bid pack at once, or (a large one) made in the background with its progress."""
    pack = documents.bid_pack(bid)
    filename = documents.pack_filename(bid, as_zip)
    content_type = "application/zip" if as_zip else "application/pdf"
    if documents.in_background(pack):
        kind = documents.ZIP_KIND if as_zip else documents.PDF_KIND
        document = documents.bid_pack_document(bid, pack, kind=kind, actor=acting_user(request))
        return document_response(
            request,
            document,
            filename=filename,
            title=_("Bid pack"),
            organisation=bid.consortium,
            content_type=content_type,
        )
    pdf = documents.render_bid_pack_pdf(pack)
    content = documents.bid_pack_zip(bid, pdf=pdf) if as_zip else pdf
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def bid_pack_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The bid pack (answers, capacity matrix, consolidated prices, member details,
    declarations, social value) — never the members' cost build-ups."""
    bid = permissions.bid_get_for_view(request.user, slug, pk).bid
    return _pack(request, bid, as_zip=False)


@login_required
@require_GET
def bid_pack_zip(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The bid pack PDF, the evidence files and the OCDS release package, in one zip."""
    bid = permissions.bid_get_for_view(request.user, slug, pk).bid
    return _pack(request, bid, as_zip=True)
