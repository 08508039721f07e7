"""An organisation's home page (`membership:organisation`): what each of the user's roles lets
them open there, in every app.

It sits at the top of the layers because it links to every app and asks each one's
predicates: membership (below every other app) cannot import governance, voting or
tendering. The register's part comes from `membership.views.organisation.hub_context`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from coop.core.permissions import AnyUser
from membership import permissions as membership_permissions
from membership.models import Organisation
from membership.views.organisation import hub_context, link
from tendering import permissions as tendering_permissions


def _sees_bids(user: AnyUser | None, organisation: Organisation) -> bool:
    """Whether the joint-bids section opens for `user`: tendering's own gate decides."""
    if not organisation.is_consortium:
        return False
    try:
        tendering_permissions.consortium_get_for_view(user, organisation.slug)
    except Http404:
        return False
    return True


def _activity_links(user: AnyUser | None, organisation: Organisation) -> list[dict[str, object]]:
    slug = organisation.slug
    links = [
        link(_("Meetings and motions"), reverse("governance:meetings", args=[slug])),
        link(_("Ballots"), reverse("voting:list", args=[slug])),
        link(_("Register of resolutions"), reverse("governance:resolutions", args=[slug])),
        link(
            _("Requisitions of a general meeting"), reverse("governance:requisitions", args=[slug])
        ),
    ]
    if _sees_bids(user, organisation):
        links.append(link(_("Joint bids"), reverse("tendering:index", args=[slug])))
    return links


@login_required
def organisation_hub(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's home: 404 for anyone who holds no role in it."""
    organisation = membership_permissions.organisation_get_for_view(request.user, slug)
    context = hub_context(request.user, organisation)
    context["activity_links"] = _activity_links(request.user, organisation)
    return render(request, "membership/organisation_detail.html", context)
