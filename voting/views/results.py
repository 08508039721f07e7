"""Results: the page (outcome and rule, votes, charts, turnout, STV count sheet, the receipt
codes with a search box), and the results as PDF and CSV.

Hidden until the ballot closes; then the secretary and scrutineers see them, and members
once they are published (`voting.permissions.can_see_results`).
"""

from __future__ import annotations

import csv
import io
import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from coop.core.downloads import document_response
from coop.core.web import acting_user
from voting import permissions, selectors
from voting.documents import render_results_pdf, results_document, results_in_background
from voting.models import Ballot
from voting.views._common import ballot_for_view
from voting.views.report import BallotReport, ballot_report

_CODE_CHARACTERS = re.compile(r"[^A-Z0-9]")


def normalise_code(text: str) -> str:
    """A receipt code as typed (any case, spaces, with or without the dash) → ABCDE-FGHJK."""
    letters = _CODE_CHARACTERS.sub("", text.upper())
    return f"{letters[:5]}-{letters[5:]}" if len(letters) == 10 else text.strip().upper()


def _results_ballot(request: HttpRequest, slug: str, pk: int) -> Ballot:
    ballot = ballot_for_view(request, slug, pk)
    if not permissions.can_see_results(request.user, ballot):
        raise Http404
    return ballot


@login_required
@require_GET
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The results page; before they may be seen, a page that says when they will be."""
    ballot = ballot_for_view(request, slug, pk)
    context: dict[str, object] = {"organisation": ballot.organisation, "ballot": ballot}
    if not permissions.can_see_results(request.user, ballot):
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
    ballot = _results_ballot(request, slug, pk)
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


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv_text(report: BallotReport) -> str:
    """One row per option (first preferences and the final result for STV), then turnout."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["question", "kind", "text", "option", "votes", "weighted_votes", "chosen", "outcome"]
    )
    for q in report.questions:
        if q.kind == "stv":
            first = {row.name: row.cells[0] if row.cells else "" for row in q.stv_rows}
            for row in q.stv_rows:
                writer.writerow(
                    [
                        q.position,
                        q.kind,
                        _cell(q.text),
                        _cell(row.name),
                        first[row.name],
                        "",
                        "yes" if row.name in q.elected else "no",
                        _cell(q.sentence),
                    ]
                )
            continue
        for vote in q.rows:
            writer.writerow(
                [
                    q.position,
                    q.kind,
                    _cell(q.text),
                    _cell(vote.label),
                    vote.votes,
                    vote.weighted,
                    "yes" if vote.chosen else "",
                    _cell(q.outcome or q.sentence),
                ]
            )
        writer.writerow(
            [
                q.position,
                q.kind,
                _cell(q.text),
                "blank",
                q.blank,
                "",
                "",
                _cell(q.outcome or q.sentence),
            ]
        )
    t = report.turnout
    writer.writerow(
        [
            "turnout",
            "",
            "",
            _cell(translation.gettext("All members")),
            t.voted,
            "",
            "",
            f"{t.percent}% of {t.electorate}",
        ]
    )
    for turnout_row in t.classes:
        writer.writerow(
            [
                "turnout",
                "",
                "",
                _cell(turnout_row.name),
                turnout_row.voted,
                "",
                "",
                f"{turnout_row.percent}% of {turnout_row.electorate}",
            ]
        )
    return out.getvalue()


@login_required
@require_GET
def results_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = _results_ballot(request, slug, pk)
    response = HttpResponse(
        results_csv_text(ballot_report(ballot)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}-results.csv"'
    return response
