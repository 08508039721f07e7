"""Requisitions of a general meeting: members start and sign them; the secretary records
the meeting called once the threshold is reached."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.permissions import Role, has_role
from governance import selectors, services
from governance.forms.motions import MeetingChoiceForm
from governance.forms.running import RequisitionForm
from governance.models import Meeting, Requisition
from governance.views._common import (
    acting_user,
    bound,
    form_page,
    member_of,
    organisation_for,
    page_context,
)
from governance.views._display import welsh
from governance.views.motions import as_member
from membership.models import Organisation


def _list_url(organisation: Organisation) -> str:
    return reverse("governance:requisitions", args=[organisation.slug])


def _purpose(requisition: Requisition) -> str:
    return requisition.purpose_cy if welsh() and requisition.purpose_cy else requisition.purpose


def _list_page(
    request: HttpRequest, organisation: Organisation, *, errors: list[str] | None = None
) -> HttpResponse:
    member = member_of(request, organisation)
    rows = [
        {
            "requisition": r,
            "purpose": _purpose(r),
            "signed": selectors.has_signed(r, member),
            "may_sign": member is not None and r.status == Requisition.Status.COLLECTING,
        }
        for r in selectors.requisitions(organisation)
    ]
    return render(
        request,
        "governance/requisition_list.html",
        {
            "organisation": organisation,
            "rows": rows,
            "member": member,
            "is_secretary": has_role(request.user, organisation, Role.SECRETARY),
            "errors": errors or [],
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def requisition_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Each requisition: its business, signatures so far against the threshold, its status,
    and a button to sign."""
    return _list_page(request, organisation_for(request, slug))


@login_required
@require_http_methods(["GET", "POST"])
def requisition_start(request: HttpRequest, slug: str) -> HttpResponse:
    """A member starts a requisition (and is its first signature)."""
    organisation = organisation_for(request, slug)
    member = member_of(request, organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.requisition_start(
            organisation=organisation,
            member=as_member(member),
            purpose=data["purpose"],
            purpose_cy=data["purpose_cy"],
            actor=acting_user(request),
        )
        messages.success(
            request, _("Your requisition is started, with your signature. Ask members to sign it.")
        )
        return HttpResponseRedirect(_list_url(organisation))

    return form_page(
        request,
        form=RequisitionForm(bound(request)),
        perform=perform,
        context=page_context(
            organisation,
            title=_("Requisition a general meeting"),
            caption=organisation.display_name,
            back_url=_list_url(organisation),
            submit_label=_("Start the requisition and sign it"),
            intro=_(
                "When enough members have signed, as the rules require, the board must call "
                "a general meeting to consider the business you give here."
            ),
        ),
    )


def _requisition(organisation: Organisation, pk: int) -> Requisition:
    requisition = selectors.requisitions(organisation).filter(pk=pk).first()
    if requisition is None:
        raise Http404
    return requisition


@login_required
@require_POST
def requisition_sign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Sign a requisition as the signed-in member; each member signs once."""
    organisation = organisation_for(request, slug)
    requisition = _requisition(organisation, pk)
    member = member_of(request, organisation)
    try:
        services.requisition_sign(
            requisition=requisition, member=as_member(member), actor=acting_user(request)
        )
    except ValidationError as error:
        return _list_page(request, organisation, errors=list(error.messages))
    messages.success(request, _("You have signed the requisition."))
    return HttpResponseRedirect(_list_url(organisation) + f"#requisition-{requisition.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def requisition_called(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary records the general meeting called in answer to the requisition."""
    organisation = organisation_for(request, slug)
    if not has_role(request.user, organisation, Role.SECRETARY):
        raise PermissionDenied
    requisition = _requisition(organisation, pk)
    candidates = (
        selectors.meetings(organisation, include_planned=True)
        .exclude(kind=Meeting.Kind.BOARD)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    form = MeetingChoiceForm(
        bound(request), meetings=candidates, label=_("The general meeting called")
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.requisition_mark_called(
            requisition=requisition, meeting=data["meeting"], actor=acting_user(request)
        )
        messages.success(request, _("The meeting called is recorded against the requisition."))
        return HttpResponseRedirect(_list_url(organisation))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=page_context(
            organisation,
            title=_("Record the meeting called"),
            caption=_purpose(requisition)[:80],
            back_url=_list_url(organisation),
            submit_label=_("Record the meeting"),
            summary=[
                (_("Business"), _purpose(requisition)),
                (
                    _("Signatures"),
                    _("%(n)s of %(needed)s")
                    % {
                        "n": getattr(requisition, "signature_count", 0),
                        "needed": requisition.threshold,
                    },
                ),
            ],
        ),
    )
