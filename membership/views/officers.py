"""The register of officers: current terms and history, appointments and ends of terms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.permissions import has_role
from membership import selectors, services
from membership.forms.secretary_board import OfficerAppointForm, OfficerEndForm
from membership.models import Officer
from membership.views._common import (
    READERS,
    SECRETARY,
    acting_user,
    bound,
    form_page,
    organisation_for_action,
    organisation_for_read,
)


@login_required
@require_GET
def officer_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Current officers, then every ended term (the register keeps them as history)."""
    organisation = organisation_for_read(request, slug, READERS)
    history = (
        organisation.officers.filter(ended_on__isnull=False)
        .select_related("member", "member_class")
        .order_by("-ended_on", "name")
    )
    return render(
        request,
        "membership/secretary/officers.html",
        {
            "organisation": organisation,
            "current": selectors.officers_current(organisation).order_by("office", "name"),
            "history": history,
            "can_manage": has_role(request.user, organisation, *SECRETARY),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_appoint(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_action(request, slug, SECRETARY)
    back_url = reverse("membership:officers", args=[slug])
    form = OfficerAppointForm(bound(request), organisation=organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        officer = services.officer_appoint(
            organisation=organisation,
            name=data["name"],
            office=data["office"],
            appointed_on=data["appointed_on"],
            member=data["member_number"],
            appointment=data["appointment"],
            term_ends_on=data["term_ends_on"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("%(name)s is recorded as %(office)s.")
            % {"name": officer.name, "office": officer.get_office_display()},
        )
        return HttpResponseRedirect(back_url)

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"member": "member_number"},
        context={
            "organisation": organisation,
            "caption": _("Register of officers"),
            "title": _("Record an appointment"),
            "submit_label": _("Record the appointment"),
            "back_url": back_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_action(request, slug, SECRETARY)
    officer = get_object_or_404(Officer, pk=pk, organisation=organisation)
    back_url = reverse("membership:officers", args=[slug])
    form = OfficerEndForm(bound(request), organisation=organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.officer_end(
            officer=officer,
            ended_on=data["ended_on"],
            reason=data["reason"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("The term of %(name)s as %(office)s has ended.")
            % {"name": officer.name, "office": officer.get_office_display()},
        )
        return HttpResponseRedirect(back_url)

    return form_page(
        request,
        form=form,
        perform=perform,
        context={
            "organisation": organisation,
            "caption": _("Register of officers"),
            "title": _("End a term of office"),
            "summary": [
                (_("Name"), officer.name),
                (_("Office"), officer.get_office_display()),
                (_("Appointed on"), date_format(officer.appointed_on)),
            ],
            "submit_label": _("End the term"),
            "back_url": back_url,
        },
    )
