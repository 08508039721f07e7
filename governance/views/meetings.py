"""Meeting pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coop.core.permissions import Role, roles_of
from governance import permissions, selectors
from membership.permissions import organisation_get_for_view


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_view(request.user, slug)
    is_secretary = Role.SECRETARY in roles_of(request.user, organisation)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "organisation": organisation,
            "meetings": selectors.meetings(organisation, include_planned=is_secretary),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.meeting_get_for_view(request.user, pk)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "agenda": selectors.meeting_agenda(meeting),
            "motions": selectors.meeting_motions(meeting),
            "facts": selectors.notice_facts(meeting),
        },
    )


@login_required
def requisition_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_view(request.user, slug)
    return render(
        request,
        "governance/requisition_list.html",
        {
            "organisation": organisation,
            "requisitions": selectors.requisitions(organisation),
        },
    )
