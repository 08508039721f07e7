"""A bid's own pages: the lead's dashboard with its next steps, the plan, go/no-go, the
checklist of hard gates, sign-off and submission, social value, and the bid pack."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.downloads import document_response
from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, error_messages
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
from tendering.pack import bid_pack
from tendering.views._common import bid_context, bid_url, is_action

Status = JointBid.Status


def _dashboard(
    request: HttpRequest, bid: JointBid, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
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
    it and by when. A member co-op's officers are sent to their own part."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_view_bid)
    if not permissions.can_manage_bid(request.user, bid):
        parts = permissions.own_parts(request.user, bid)
        return HttpResponseRedirect(bid_url(bid, "member_part", parts[0].pk))
    return _dashboard(request, bid)


@login_required
@require_POST
def bid_transition(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One step of the state machine (a button of the dashboard); "submitted" goes through
    `bid_submit`. A refusal shows the dashboard again with the service's message (400)."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        errors = (
            [_("Choose a step from the list.")]
            if "to" in form.errors
            else [str(m) for m in form.errors.get("reason", [])]
        )
        return _dashboard(request, bid, errors=errors, status=400)
    to = form.cleaned_data["to"]
    try:
        if to == Status.SUBMITTED:
            bid = services.bid_submit(bid=bid, actor=acting_user(request))
        else:
            bid = services.bid_transition(
                bid=bid, to=to, reason=form.cleaned_data["reason"], actor=acting_user(request)
            )
    except ValidationError as error:
        bid.refresh_from_db()
        return _dashboard(request, bid, errors=error_messages(error), status=400)
    messages.success(
        request, _("The bid is now “%(status)s”.") % {"status": bid.get_status_display()}
    )
    return HttpResponseRedirect(bid_url(bid))


@login_required
@require_POST
def bid_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Submit a ready bid: refused after the buyer's deadline or while a gate fails."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)
    try:
        bid = services.bid_submit(bid=bid, actor=acting_user(request))
    except ValidationError as error:
        bid.refresh_from_db()
        return _dashboard(request, bid, errors=error_messages(error), status=400)
    messages.success(request, _("The bid is submitted."))
    return HttpResponseRedirect(bid_url(bid))


@login_required
@require_http_methods(["GET", "POST"])
def bid_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Liability, internal deadlines (each before the buyer's), the pay floor."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.bid_update_plan(
            bid=bid,
            liability=data["liability"],
            answers_due=data["answers_due"],
            prices_due=data["prices_due"],
            signoff_due=data["signoff_due"],
            pay_floor_pence=pence(data["pay_floor"]),
            actor=actor,
        )
        return _("The plan is saved.")

    return action_page(
        request,
        form=BidPlanForm(bound(request), bid=bid),
        perform=perform,
        done_url=bid_url(bid),
        aliases={"pay_floor_pence": "pay_floor"},
        context=bid_context(bid, title=_("The bid's plan"), submit_label=_("Save the plan")),
    )


# --- Go/no-go ---------------------------------------------------------------------------------


@login_required
@require_GET
def go(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The consortium's go/no-go: a board decision, or a ballot of the member co-ops (one
    member organisation, one vote) whose result is then applied."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid)
    return render(
        request,
        "tendering/go.html",
        {
            **bid_context(bid),
            "decision_form": GoDecisionForm(prefix="board"),
            "ballot_form": GoBallotForm(prefix="ballot"),
            "ballot": bid.decision_ballot,
            "may_open_ballot": permissions.can_open_go_ballot(request.user, bid),
            "may_decide": bid.status in (Status.IDENTIFIED, Status.QUALIFYING),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def go_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)

    def perform(data: dict[str, Any], actor: User) -> str:
        done = services.bid_go_decide(bid=bid, method=JointBid.Decision.BOARD, actor=actor, **data)
        if done.status == Status.CONSULTING:
            return _("Go decision recorded: now consult the member co-ops.")
        return _("No-go recorded: the bid is declined.")

    return action_page(
        request,
        form=GoDecisionForm(bound(request)),
        perform=perform,
        done_url=bid_url(bid),
        aliases={"go_reference": "reference", "go_decided_on": "decided_on"},
        context=bid_context(
            bid, title=_("Record the board's go/no-go decision"), submit_label=_("Record it")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def go_ballot_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.bid_go_ballot_open(bid=bid, closes_at=data["closes_at"], actor=actor)
        return _("The ballot of member co-ops is open: apply its result once it closes.")

    return action_page(
        request,
        form=GoBallotForm(bound(request)),
        perform=perform,
        done_url=bid_url(bid, "go"),
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
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)

    def perform(data: dict[str, Any], actor: User) -> str:
        done = services.bid_go_from_ballot(bid=bid, actor=actor)
        if done.status == Status.CONSULTING:
            return _("The ballot carried: go.")
        return _("The ballot did not carry: the bid is declined.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=bid_url(bid),
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
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid)
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
    submits it. A co-op's officers sign for their own co-op."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_view_bid)
    signed = selectors.signoff_list(bid)
    user = request.user
    rows = [
        {
            "participant": p,
            "signoff": signed.get(p.pk),
            "may_sign": bid.status == Status.FINAL_SIGNOFF
            and p.pk not in signed
            and permissions.can_act_for_participant(user, p),
        }
        for p in selectors.bid_participants(bid)
        if p.status == BidParticipant.Status.APPROVED
    ]
    is_lead = permissions.can_manage_bid(user, bid)
    return render(
        request,
        "tendering/signoff.html",
        {
            **bid_context(bid),
            "rows": rows,
            "is_lead": is_lead,
            "may_read_pack": permissions.can_view_bid_pack(user, bid),
            "back_url": bid_url(bid) if is_lead else _own_part_url(request, bid),
        },
    )


def _own_part_url(request: HttpRequest, bid: JointBid) -> str:
    parts = permissions.own_parts(request.user, bid)
    return bid_url(bid, "member_part", parts[0].pk) if parts else bid_url(bid, "signoff")


@login_required
@require_POST
def signoff_record(request: HttpRequest, slug: str, pk: int, participant_id: int) -> HttpResponse:
    """Sign the final bid off for a co-op: the lead, or that co-op's officers."""
    participant = permissions.participant_get_for(
        request.user, slug, pk, participant_id, permissions.can_act_for_participant, action=True
    )
    bid = participant.bid
    try:
        services.signoff_record(bid=bid, participant=participant, actor=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
        return HttpResponseRedirect(bid_url(bid, "signoff"))
    messages.success(
        request, _("%(name)s has signed off the bid.") % {"name": participant.member.name}
    )
    return HttpResponseRedirect(bid_url(bid, "signoff"))


@login_required
@require_http_methods(["GET", "POST"])
def social_value(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Social value figures drawn from each co-op's register at a stated date, each with its
    numerator, denominator and percentage: the lead draws them; a co-op's officers see their
    own co-op's."""
    action = is_action(request.method)
    bid = permissions.bid_get_for(
        request.user,
        slug,
        pk,
        permissions.can_manage_bid if action else permissions.can_view_bid,
        action=action,
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        made = services.social_value_compute(bid=bid, stated_on=data["stated_on"], actor=actor)
        return _("%(n)s figures drawn from the registers.") % {"n": len(made)}

    return action_page(
        request,
        form=SocialValueForm(bound(request)),
        perform=perform,
        done_url=bid_url(bid, "social_value"),
        template="tendering/social_value.html",
        context=bid_context(
            bid,
            title=_("Social value"),
            submit_label=_("Draw the figures"),
            figures=permissions.social_value_for(request.user, bid),
            is_lead=permissions.can_manage_bid(request.user, bid),
        ),
    )


# --- The bid pack ------------------------------------------------------------------------------


def _pack(request: HttpRequest, bid: JointBid, *, as_zip: bool) -> HttpResponseBase:
    """The bid pack at once, or (a large one) made in the background with its progress."""
    pack = bid_pack(bid)
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
    declarations, social value) — never the members' cost build-ups. The lead's at any time;
    every co-op's officers' from final sign-off (`permissions.can_view_bid_pack`)."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_view_bid_pack)
    return _pack(request, bid, as_zip=False)


@login_required
@require_GET
def bid_pack_zip(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The bid pack PDF, the evidence files and the OCDS release package, in one zip (as
    the PDF: `permissions.can_view_bid_pack`)."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_view_bid_pack)
    return _pack(request, bid, as_zip=True)
