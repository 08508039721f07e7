"""Membership pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coop.core.permissions import roles_of
from membership import permissions, selectors


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.organisation_get_for_view(request.user, slug)
    return render(
        request,
        "membership/organisation_detail.html",
        {
            "organisation": organisation,
            "roles": roles_of(request.user, organisation),
            "can_view_audit": permissions.can_view_audit(request.user, organisation),
        },
    )


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.organisation_get_for_view(request.user, slug)
    if not permissions.can_view_audit(request.user, organisation):
        raise Http404
    page = selectors.audit_page(organisation, request.GET.get("page"))
    return render(
        request, "membership/audit_log.html", {"organisation": organisation, "page": page}
    )
