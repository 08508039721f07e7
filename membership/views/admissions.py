"""Applications to join waiting for the board, and the board's decision on each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coop.core.forms import add_service_errors
from coop.core.web import acting_user
from membership import permissions, selectors, services
from membership.forms.secretary_board import ApproveApplicationForm, RejectApplicationForm
from membership.models import Application, Organisation

TEMPLATE = "membership/secretary/application_decide.html"


@login_required
@require_GET
def application_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Applications waiting for the board's decision, oldest first."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_applications
    )
    return render(
        request,
        "membership/secretary/applications.html",
        {
            "organisation": organisation,
            "applications": selectors.applications_waiting(organisation),
            "can_decide": permissions.can_decide_applications(request.user, organisation),
        },
    )


def _render(
    request: HttpRequest,
    organisation: Organisation,
    application: Application,
    approve_form: ApproveApplicationForm,
    reject_form: RejectApplicationForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {
            "organisation": organisation,
            "application": application,
            "approve_form": approve_form,
            "reject_form": reject_form,
            "form": approve_form if approve_form.is_bound else reject_form,
            "is_open": application.status == Application.Status.SUBMITTED,
        },
        status=status,
    )


@login_required
@require_GET
def application_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The application, with the board's two possible decisions."""
    application = permissions.application_get_for_decide(request.user, slug, pk)
    organisation = application.organisation
    return _render(
        request,
        organisation,
        application,
        ApproveApplicationForm(organisation=organisation),
        RejectApplicationForm(organisation=organisation),
    )


@login_required
@require_POST
def application_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Admit the applicant: a new member number and the shares applied for."""
    application = permissions.application_get_for_decide(request.user, slug, pk)
    organisation = application.organisation
    form = ApproveApplicationForm(request.POST, organisation=organisation)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            member = services.member_admit(
                application=application,
                decided_on=data["decided_on"],
                board_minute_reference=data["board_minute_reference"],
                user=data["user"],
                actor=acting_user(request),
            )
        except ValidationError as error:
            add_service_errors(
                form, error, {"entered_on": "decided_on", "effective_on": "decided_on"}
            )
        else:
            messages.success(
                request,
                _("%(name)s is admitted as member %(number)s.")
                % {"name": member.name, "number": member.number},
            )
            return HttpResponseRedirect(reverse("membership:member", args=[slug, member.number]))
    reject_form = RejectApplicationForm(organisation=organisation)
    return _render(request, organisation, application, form, reject_form, status=400)


@login_required
@require_POST
def application_reject(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Decline the application, with the board's reason."""
    application = permissions.application_get_for_decide(request.user, slug, pk)
    organisation = application.organisation
    form = RejectApplicationForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            services.application_reject(
                application=application,
                reason=form.cleaned_data["reason"],
                board_minute_reference=form.cleaned_data["board_minute_reference"],
                actor=acting_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The application of %(name)s is declined.") % {"name": application.name}
            )
            return HttpResponseRedirect(reverse("membership:applications", args=[slug]))
    approve_form = ApproveApplicationForm(organisation=organisation)
    return _render(request, organisation, application, approve_form, form, status=400)
