"""The consortium's answer library: reusable answers with review-by dates (overdue ones
flagged and refused for reuse)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from tendering import permissions, selectors, services
from tendering.forms.work import LibraryAddForm


@login_required
@require_GET
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """The consortium's reusable answers, those due for review first (flagged)."""
    consortium = permissions.consortium_get_for(request.user, slug, permissions.can_lead_bids)
    today = timezone.localdate()
    return render(
        request,
        "tendering/library.html",
        {
            "organisation": consortium,
            "entries": [
                {"entry": e, "overdue": e.review_by < today}
                for e in selectors.library_list(consortium)
            ],
            "back_url": reverse("tendering:index", args=[slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_add(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = permissions.consortium_get_for(
        request.user, slug, permissions.can_lead_bids, action=True
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        services.library_add(organisation=consortium, actor=actor, **data)
        return _("Added to the library.")

    return action_page(
        request,
        form=LibraryAddForm(bound(request)),
        perform=perform,
        done_url=reverse("tendering:library", args=[slug]),
        context={
            "organisation": consortium,
            "caption": consortium.display_name,
            "title": _("Add to the answer library"),
            "submit_label": _("Add it"),
        },
    )
