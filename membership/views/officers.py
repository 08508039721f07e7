"""The register of officers: current terms and history, appointments and ends of terms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from membership import permissions, selectors, services
from membership.forms.secretary_board import OfficerAppointForm, OfficerEndForm


@login_required
@require_GET
def officer_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Current officers, then every ended term (the register keeps them as history)."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_register
    )
    return render(
        request,
        "membership/secretary/officers.html",
        {
            "organisation": organisation,
            "current": selectors.officers_current(organisation).order_by("office", "name"),
            "history": selectors.officers_past(organisation),
            "can_manage": permissions.can_manage_register(request.user, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_appoint(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_manage_register, action=True
    )
    form = OfficerAppointForm(bound(request), organisation=organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        officer = services.officer_appoint(
            organisation=organisation,
            name=data["name"],
            office=data["office"],
            appointed_on=data["appointed_on"],
            member=data["member_number"],
            appointment=data["appointment"],
            term_ends_on=data["term_ends_on"],
            actor=actor,
        )
        return _("%(name)s is recorded as %(office)s.") % {
            "name": officer.name,
            "office": officer.get_office_display(),
        }

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=reverse("membership:officers", args=[slug]),
        aliases={"member": "member_number"},
        context={
            "organisation": organisation,
            "caption": _("Register of officers"),
            "title": _("Record an appointment"),
            "submit_label": _("Record the appointment"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    officer = permissions.officer_get_for_manage(request.user, slug, pk)
    form = OfficerEndForm(bound(request), organisation=officer.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.officer_end(
            officer=officer, ended_on=data["ended_on"], reason=data["reason"], actor=actor
        )
        return _("The term of %(name)s as %(office)s has ended.") % {
            "name": officer.name,
            "office": officer.get_office_display(),
        }

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=reverse("membership:officers", args=[slug]),
        context={
            "organisation": officer.organisation,
            "caption": _("Register of officers"),
            "title": _("End a term of office"),
            "summary": [
                (_("Name"), officer.name),
                (_("Office"), officer.get_office_display()),
                (_("Appointed on"), date_format(officer.appointed_on)),
            ],
            "submit_label": _("End the term"),
        },
    )
