"""Results: the page (outcome and rule, votes, charts, turnout, STV count sheet, the receipt
codes with a search box), and the results as PDF and CSV.

Hidden until the ballot closes; then the secretary and scrutineers see them, and members
once they are published (`voting.permissions.can_view_results`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from coop.core.downloads import document_response
from coop.core.web import acting_user
from voting import permissions, selectors
from voting.documents import render_results_pdf, results_document, results_in_background
from voting.exports import results_csv_text
from voting.models import Ballot
from voting.receipts import normalise_code
from voting.report import ballot_report


@login_required
@require_GET
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The results page; before they may be seen, a page that says when they will be."""
    ballot = permissions.ballot_get_for_view(request.user, slug, pk)
    context: dict[str, object] = {"organisation": ballot.organisation, "ballot": ballot}
    if not permissions.can_view_results(request.user, ballot):
        turnout = selectors.turnout(ballot) if ballot.status != Ballot.Status.DRAFT else None
        return render(request, "voting/results_hidden.html", {**context, "turnout": turnout})
    receipts = selectors.receipts_published(ballot)
    code = request.GET.get("code", "").strip()
    searched = normalise_code(code) if code else ""
    return render(
        request,
        "voting/results.html",
        {
            **context,
            "report": ballot_report(ballot),
            "receipts": receipts,
            "searched": searched,
            "found": searched in set(receipts) if searched else None,
            "may_manage": permissions.can_manage_ballot(request.user, ballot),
        },
    )


@login_required
@require_GET
def results_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The results as PDF, in English (`?language=en-gb`) or Welsh (`?language=cy`); a large
    one is made in the background, and this URL shows its progress until it is ready."""
    ballot = permissions.ballot_get_for_results(request.user, slug, pk)
    language = "cy" if request.GET.get("language") == "cy" else "en-gb"
    with translation.override(language):
        report = ballot_report(ballot)
    filename = f"ballot-{ballot.pk}-results-{language}.pdf"
    if results_in_background(report):
        document = results_document(ballot, report, language=language, actor=acting_user(request))
        title = translation.gettext("Results (PDF)")
        return document_response(
            request, document, filename=filename, title=title, organisation=ballot.organisation
        )
    pdf = render_results_pdf(report, organisation=ballot.organisation, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def results_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_results(request.user, slug, pk)
    response = HttpResponse(
        results_csv_text(ballot_report(ballot)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}-results.csv"'
    return response
