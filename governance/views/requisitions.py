"""Requisitions of a general meeting: members start and sign them; the secretary records
the meeting called once the threshold is reached."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.i18n import is_welsh
from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, error_messages
from governance import permissions, selectors, services
from governance.forms.motions import MeetingChoiceForm
from governance.forms.running import RequisitionForm
from governance.models import Requisition
from governance.views._common import as_member, member_of, page_context
from membership.models import Organisation


def _list_url(organisation: Organisation) -> str:
    return reverse("governance:requisitions", args=[organisation.slug])


def _purpose(requisition: Requisition) -> str:
    return requisition.purpose_cy if is_welsh() and requisition.purpose_cy else requisition.purpose


def _list_page(
    request: HttpRequest, organisation: Organisation, *, errors: list[str] | None = None
) -> HttpResponse:
    member = member_of(request, organisation)
    signed = selectors.requisitions_signed_by(organisation, member)
    rows = [
        {
            "requisition": r,
            "purpose": _purpose(r),
            "signed": r.pk in signed,
            "may_sign": member is not None and r.status == Requisition.Status.COLLECTING,
            "may_record_called": r.status == Requisition.Status.REACHED
            and permissions.can_record_requisition_called(request.user, r),
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
            "errors": errors or [],
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def requisition_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Each requisition: its business, signatures so far against the threshold, its status,
    and a button to sign."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_requisitions, action=False
    )
    return _list_page(request, organisation)


@login_required
@require_http_methods(["GET", "POST"])
def requisition_start(request: HttpRequest, slug: str) -> HttpResponse:
    """A member starts a requisition (and is its first signature)."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_start_requisition, action=True
    )
    member = member_of(request, organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.requisition_start(
            organisation=organisation,
            member=as_member(member),
            purpose=data["purpose"],
            purpose_cy=data["purpose_cy"],
            actor=actor,
        )
        return _("Your requisition is started, with your signature. Ask members to sign it.")

    return action_page(
        request,
        form=RequisitionForm(bound(request)),
        perform=perform,
        done_url=_list_url(organisation),
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


@login_required
@require_POST
def requisition_sign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Sign a requisition as the signed-in member; each member signs once."""
    requisition = permissions.requisition_get_for(
        request.user, slug, pk, permissions.can_sign_requisition, action=True
    )
    organisation = requisition.organisation
    member = member_of(request, organisation)
    try:
        services.requisition_sign(
            requisition=requisition, member=as_member(member), actor=acting_user(request)
        )
    except ValidationError as error:
        return _list_page(request, organisation, errors=error_messages(error))
    messages.success(request, _("You have signed the requisition."))
    return HttpResponseRedirect(_list_url(organisation) + f"#requisition-{requisition.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def requisition_called(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary records the general meeting called in answer to the requisition."""
    requisition = permissions.requisition_get_for(
        request.user, slug, pk, permissions.can_record_requisition_called, action=True
    )
    organisation = requisition.organisation
    form = MeetingChoiceForm(
        bound(request),
        meetings=selectors.general_meetings_callable(organisation),
        label=_("The general meeting called"),
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        services.requisition_mark_called(
            requisition=requisition, meeting=data["meeting"], actor=actor
        )
        return _("The meeting called is recorded against the requisition.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=_list_url(organisation),
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
