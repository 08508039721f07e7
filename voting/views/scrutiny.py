"""The secretary's turnout view (turnout and the roll: who may vote, who has voted — never
what they chose), and the scrutineer's page (the audit trail and the recount kit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from coop.core.models import AuditEvent
from voting import permissions, selectors
from voting.exports import recount_kit_bytes
from voting.models import Ballot
from voting.report import turnout_report

ROLL_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100
_YES_NO = {"yes": True, "no": False}


@login_required
@require_GET
def turnout(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Turnout overall and by class, and the roll with filters."""
    ballot = permissions.ballot_get_for_roll(request.user, slug, pk)
    filters = {
        "voted": request.GET.get("voted", ""),
        "eligible": request.GET.get("eligible", ""),
        "member_class": request.GET.get("class", "")[:100],
    }
    roll = selectors.roll(
        ballot,
        voted=_YES_NO.get(filters["voted"]),
        eligible=_YES_NO.get(filters["eligible"]),
        member_class=filters["member_class"],
    )
    page = Paginator(roll, ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {
            key: filters[name]
            for key, name in (
                ("voted", "voted"),
                ("eligible", "eligible"),
                ("class", "member_class"),
            )
            if filters[name]
        }
    )
    return render(
        request,
        "voting/turnout.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "page": page,
            "rows": selectors.roll_rows(page),
            "filters": filters,
            "query": query,
            "classes": selectors.member_classes(ballot.organisation),
            "turnout": turnout_report(ballot, selectors.turnout(ballot))
            if ballot.status != Ballot.Status.DRAFT
            else None,
        },
    )


def _event_rows(events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        after = event.after or {}
        detail = ""
        if event.action == "ballot.cast":
            detail = f"{after.get('member', '')} · {after.get('channel', '')}"
        rows.append({"event": event, "is_cast": event.action == "ballot.cast", "detail": detail})
    return rows


@login_required
@require_GET
def scrutiny(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The ballot's audit trail (who voted, when and how; never what), and the recount kit."""
    ballot = permissions.ballot_get_for_scrutiny(request.user, slug, pk)
    page = Paginator(selectors.ballot_audit(ballot), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "voting/scrutiny.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "page": page,
            "rows": _event_rows(page),
            "kit_ready": ballot.results_visible,
            "kit_note": selectors.kit_class_note(selectors.recount_kit_classes(ballot))
            if ballot.results_visible
            else "",
        },
    )


@login_required
@require_GET
def recount_kit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The recount kit, once the ballot has closed (before, there is nothing to recount)."""
    ballot = permissions.ballot_get_for_scrutiny(request.user, slug, pk)
    if not ballot.results_visible:
        raise Http404
    response = HttpResponse(recount_kit_bytes(ballot), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}-recount.zip"'
    return response
