"""The secretary's turnout view (turnout and the roll: who may vote, who has voted — never
what they chose), and the scrutineer's page (the audit trail and the recount kit)."""

from __future__ import annotations

import io
import zipfile

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from voting import selectors
from voting.models import Ballot, Participation, Question
from voting.services.casting import ineligible_message
from voting.views._common import ballot_for_manage, ballot_for_scrutiny
from voting.views.report import turnout_report

ROLL_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100


def _roll(
    ballot: Ballot, *, voted: str, eligible: str, member_class: str
) -> QuerySet[Participation]:
    """The frozen roll of the ballot, filtered (who voted is not secret; what they chose is)."""
    rows = (
        Participation.objects.filter(ballot=ballot)
        .select_related("member", "member_class")
        .order_by("member__number")
    )
    if voted in ("yes", "no"):
        rows = rows.filter(has_voted=voted == "yes")
    if eligible in ("yes", "no"):
        rows = rows.filter(is_eligible=eligible == "yes")
    if member_class:
        rows = rows.filter(member_class__code=member_class)
    return rows


@login_required
@require_GET
def turnout(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Turnout overall and by class, and the roll with filters."""
    ballot = ballot_for_manage(request, slug, pk)
    filters = {
        "voted": request.GET.get("voted", ""),
        "eligible": request.GET.get("eligible", ""),
        "member_class": request.GET.get("class", ""),
    }
    page = Paginator(_roll(ballot, **filters), ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "participation": p,
            "reason": "" if p.is_eligible else ineligible_message(p.ineligible_reason),
        }
        for p in page
    ]
    query = urlencode(
        {
            k: v
            for k, v in (
                ("voted", filters["voted"]),
                ("eligible", filters["eligible"]),
                ("class", filters["member_class"]),
            )
            if v
        }
    )
    summary = selectors.turnout(ballot)
    return render(
        request,
        "voting/turnout.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": query,
            "classes": ballot.organisation.member_classes.order_by("position"),
            "turnout": turnout_report(ballot, summary)
            if ballot.status != Ballot.Status.DRAFT
            else None,
        },
    )


def _event_rows(ballot: Ballot, page: object) -> list[dict[str, object]]:
    rows = []
    for event in page:  # type: ignore[attr-defined]
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
    ballot = ballot_for_scrutiny(request, slug, pk)
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
            "rows": _event_rows(ballot, page),
            "kit_ready": ballot.results_visible,
        },
    )


def recount_kit_bytes(ballot: Ballot) -> bytes:
    """papers.csv, one question-<n>.blt per STV question, and rules.json, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as kit:
        kit.writestr("papers.csv", selectors.papers_csv(ballot))
        for question in selectors.ballot_questions(ballot):
            if question.kind == Question.Kind.STV:
                kit.writestr(f"question-{question.position}.blt", selectors.question_blt(question))
        kit.writestr("rules.json", selectors.rules_applied_json(ballot))
    return buffer.getvalue()


@login_required
@require_GET
def recount_kit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The recount kit, once the ballot has closed (before, there is nothing to recount)."""
    ballot = ballot_for_scrutiny(request, slug, pk)
    if not ballot.results_visible:
        raise Http404
    response = HttpResponse(recount_kit_bytes(ballot), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}-recount.zip"'
    return response
