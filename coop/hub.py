"""An organisation's home page (`membership:organisation`): what each of the user's roles lets
them open there, in every app.

It sits at the top of the layers because it links to every app and asks each one's
predicates: membership (below every other app) cannot import governance, voting or
tendering. The register's part comes from `membership.views.organisation.hub_context`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from coop.core.permissions import AnyUser
from governance import permissions as governance_permissions
from membership import permissions as membership_permissions
from membership.models import Organisation
from membership.views.organisation import hub_context, link
from tendering import permissions as tendering_permissions
from voting import permissions as voting_permissions


def _activity_links(user: AnyUser | None, organisation: Organisation) -> list[dict[str, object]]:
    """The organisation's activities, each linked only for those its app's policy lets in."""
    slug = organisation.slug
    candidates = [
        (
            governance_permissions.can_view_meetings,
            _("Meetings and motions"),
            reverse("governance:meetings", args=[slug]),
        ),
        (voting_permissions.can_view_ballots, _("Ballots"), reverse("voting:list", args=[slug])),
        (
            governance_permissions.can_view_resolutions,
            _("Register of resolutions"),
            reverse("governance:resolutions", args=[slug]),
        ),
        (
            governance_permissions.can_view_requisitions,
            _("Requisitions of a general meeting"),
            reverse("governance:requisitions", args=[slug]),
        ),
        (
            tendering_permissions.can_view_bids,
            _("Joint bids"),
            reverse("tendering:index", args=[slug]),
        ),
    ]
    return [link(label, url) for may, label, url in candidates if may(user, organisation)]


@login_required
def organisation_hub(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's home: 404 for anyone who holds no role in it."""
    organisation = membership_permissions.organisation_get_for_view(request.user, slug)
    context = hub_context(request.user, organisation)
    context["activity_links"] = _activity_links(request.user, organisation)
    return render(request, "membership/organisation_detail.html", context)
