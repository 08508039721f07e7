"""PDFs of voting: a ballot's results, with the rule applied to each question and, for an STV
election, the stage-by-stage count sheet.

A large report (a long count sheet, many questions) is laid out in chunks in parallel
(`coop.core.pdf.render_pdf_chunked`) and, above `CYD_PDF_BACKGROUND_THRESHOLD` rows, made in
the background by `voting.tasks.build_results_pdf` and kept in the default storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

from coop.core.documents import document_request, fingerprint
from coop.core.models import GeneratedDocument, User
from coop.core.pdf import PdfFooter, render_pdf_chunked
from membership.models import Organisation
from voting.models import Ballot

if TYPE_CHECKING:
    from voting.report import BallotReport, QuestionReport, StvStage

RESULTS_KIND = "voting.results"
STAGES_PER_PART = 25  # the stage-by-stage narrative of a long count, in parts of this many
MIN_PARTS_PER_CHUNK = 4


@dataclass(frozen=True)
class ResultsPart:
    """A piece of the results document: a question (outcome, tables, count sheet), or a run
    of its STV stages."""

    question: QuestionReport
    stages: list[StvStage] = field(default_factory=list)
    starts_stages: bool = False


def footer_for(organisation: Organisation) -> PdfFooter:
    return PdfFooter(
        organisation_name=organisation.name, registered_number=organisation.registered_number
    )


def results_parts(report: BallotReport) -> list[ResultsPart]:
    parts: list[ResultsPart] = []
    for question in report.questions:
        parts.append(ResultsPart(question))
        stages = question.stv_stages
        for start in range(0, len(stages), STAGES_PER_PART):
            parts.append(
                ResultsPart(
                    question,
                    stages=stages[start : start + STAGES_PER_PART],
                    starts_stages=start == 0,
                )
            )
    return parts


def results_rows(report: BallotReport) -> int:
    """The rows the results document lays out (its size, to choose between rendering it at
    once and in the background): each count-sheet row once per page width of stages."""
    rows = len(report.turnout.classes) + 1
    for q in report.questions:
        sheet_widths = max(1, len(q.stv_stage_numbers) // 8)
        rows += len(q.rows) + len(q.classes) + len(q.stv_stages)
        rows += (len(q.stv_rows) + 1) * sheet_widths
    return rows


def render_results_pdf(
    report: BallotReport,
    *,
    organisation: Organisation,
    language: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The results of a closed ballot in English or Welsh. `report` was built in `language`
    (see `voting.report.ballot_report`); the template makes no queries."""
    return render_pdf_chunked(
        "voting/pdf/results.html",
        {"report": report},
        rows=results_parts(report),
        footer=footer_for(organisation),
        language=language,
        heading=report.title,
        progress=progress,
        min_rows=MIN_PARTS_PER_CHUNK,
    )


def results_in_background(report: BallotReport) -> bool:
    return results_rows(report) > settings.CYD_PDF_BACKGROUND_THRESHOLD


def results_document(
    ballot: Ballot, report: BallotReport, *, language: str, actor: User | None
) -> GeneratedDocument:
    """The results PDF of `ballot` in `language`, made in the background: the one already
    made while the results stay as they are, otherwise a new one."""
    from voting.tasks import build_results_pdf

    return document_request(
        kind=RESULTS_KIND,
        subject=ballot,
        organisation_id=ballot.organisation_id,
        language=language,
        version=fingerprint(report),
        task=build_results_pdf,
        actor=actor,
    )
