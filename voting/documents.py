"""PDFs of voting: a ballot's results, with the rule applied to each question and, for an STV
election, the stage-by-stage count sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coop.core.pdf import PdfFooter, render_pdf
from membership.models import Organisation

if TYPE_CHECKING:
    from voting.report import BallotReport


def footer_for(organisation: Organisation) -> PdfFooter:
    return PdfFooter(
        organisation_name=organisation.name, registered_number=organisation.registered_number
    )


def render_results_pdf(report: BallotReport, *, organisation: Organisation, language: str) -> bytes:
    """The results of a closed ballot in English or Welsh. `report` was built in `language`
    (see `voting.report.ballot_report`); the template makes no queries."""
    return render_pdf(
        "voting/pdf/results.html",
        {"report": report},
        footer=footer_for(organisation),
        language=language,
    )
