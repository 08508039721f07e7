"""Files of voting: a closed ballot's results as CSV, and the scrutineer's recount kit (the
papers as CSV, a BLT file per STV question, and the rules applied, zipped).

Every text cell goes through `coop.core.spreadsheets.safe_cell`, so a question, an option or
a class name that begins with `=`, `+`, `-`, `@`, a tab or a carriage return shows as typed
in a spreadsheet instead of running as a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils import translation

from coop.core.spreadsheets import safe_row
from voting import selectors
from voting.models import Ballot, Question
from voting.report import BallotReport, QuestionReport, TurnoutRow

RESULTS_HEADER = [
    "question",
    "kind",
    "text",
    "option",
    "votes",
    "weighted_votes",
    "chosen",
    "outcome",
]


def _stv_rows(q: QuestionReport) -> list[list[object]]:
    first = {row.name: row.cells[0] if row.cells else "" for row in q.stv_rows}
    return [
        [
            q.position,
            q.kind,
            q.text,
            row.name,
            first[row.name],
            "",
            "yes" if row.name in q.elected else "no",
            q.sentence,
        ]
        for row in q.stv_rows
    ]


def _vote_rows(q: QuestionReport) -> list[list[object]]:
    outcome = q.outcome or q.sentence
    rows: list[list[object]] = [
        [
            q.position,
            q.kind,
            q.text,
            vote.label,
            vote.votes,
            vote.weighted,
            "yes" if vote.chosen else "",
            outcome,
        ]
        for vote in q.rows
    ]
    rows.append([q.position, q.kind, q.text, "blank", q.blank, "", "", outcome])
    if q.disclosure_note:
        rows.append([q.position, q.kind, q.text, "secrecy", "", "", "", q.disclosure_note])
    return rows


def results_csv_text(report: BallotReport) -> str:
    """One row per option (first preferences and the final result for STV), then turnout."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RESULTS_HEADER)
    for q in report.questions:
        rows = _stv_rows(q) if q.kind == Question.Kind.STV else _vote_rows(q)
        writer.writerows(safe_row(row) for row in rows)
    t = report.turnout
    everyone = TurnoutRow(translation.gettext("All members"), t.voted, t.electorate, t.percent)
    for row in [everyone, *t.classes]:
        share = f"{row.percent}% of {row.electorate}"
        writer.writerow(safe_row(["turnout", "", "", row.name, row.voted, "", "", share]))
    return out.getvalue()


def recount_kit_bytes(ballot: Ballot) -> bytes:
    """papers.csv, one question-<n>.blt per STV question, and rules.json, zipped. The papers
    carry no channel, and their member class only where `selectors.recount_kit_classes`
    allows it; rules.json says which and why."""
    classes = selectors.recount_kit_classes(ballot)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as kit:
        kit.writestr("papers.csv", selectors.papers_csv(ballot, classes))
        for question in selectors.ballot_questions(ballot):
            if question.kind == Question.Kind.STV:
                kit.writestr(f"question-{question.position}.blt", selectors.question_blt(question))
        kit.writestr("rules.json", selectors.rules_applied_json(ballot, classes))
    return buffer.getvalue()
