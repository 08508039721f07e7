"""The consortium's answer library: reusable answers with review-by dates (overdue ones
flagged and refused for reuse)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tendering import permissions, selectors, services
from tendering.forms.work import LibraryAddForm
from tendering.views._common import acting_user, form_page, make_form


@login_required
@require_GET
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """The consortium's reusable answers, those due for review first (flagged)."""
    consortium = permissions.consortium_get_for_lead(request.user, slug)
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
    consortium = permissions.consortium_get_for_lead(request.user, slug, action=True)
    form = make_form(LibraryAddForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.library_add(
            organisation=consortium,
            title=data["title"],
            text=data["text"],
            text_cy=data["text_cy"],
            tags=data["tags"],
            review_by=data["review_by"],
            actor=acting_user(request),
        )
        messages.success(request, _("Added to the library."))
        return HttpResponseRedirect(reverse("tendering:library", args=[slug]))

    return form_page(
        request,
        form=form,
        perform=perform,
        context={
            "organisation": consortium,
            "caption": consortium.display_name,
            "title": _("Add to the answer library"),
            "submit_label": _("Add it"),
            "back_url": reverse("tendering:library", args=[slug]),
        },
    )
