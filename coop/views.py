"""Site-wide pages: the home page and the error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework import exceptions

from coop.attention import attention_for
from coop.core.permissions import prime_roles
from coop.core.views import is_api
from membership.permissions import organisation_list_for, roles_held
from tendering import permissions as tendering_permissions


def home(request: HttpRequest) -> HttpResponse:
    """Each signed-in user sees their organisations, their roles, what needs attention, and
    the way to each section they may see that is not the organisation's own (the joint bids
    of a consortium, from the consortium's card or from the card of a co-op that bids with
    it)."""
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html")
    found = list(organisation_list_for(request.user))
    prime_roles(request.user, found)
    bid_officer_of = tendering_permissions.members_acted_for(request.user)
    attention = attention_for(request.user, found, bid_officer_of=bid_officer_of)
    bids = tendering_permissions.bid_sections_for(request.user, found, bid_officer_of)
    organisations = [
        {
            "organisation": org,
            "roles": roles_held(request.user, org),
            "attention": attention.get(org.pk, []),
            "bid_sections": bids.get(org.pk, []),
        }
        for org in found
    ]
    return render(request, "home.html", {"organisations": organisations})


def _api_error(exc: exceptions.APIException) -> JsonResponse:
    return JsonResponse({"detail": str(exc.detail)}, status=exc.status_code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _api_error(exceptions.ParseError())
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _api_error(exceptions.PermissionDenied())
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _api_error(exceptions.NotFound())
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return _api_error(exceptions.APIException())
    return render(request, "500.html", status=500)
