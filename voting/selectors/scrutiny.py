"""Reads for the scrutineer: the ballot's audit trail, and the recount kit's parts (the papers
as CSV, each STV question as a BLT file, the rules the count applied).

Text from people (candidates' names, questions, titles) is written through
`coop.core.spreadsheets.safe_cell`, so a name such as `=HYPERLINK(...)` shows as typed when the
file is opened in a spreadsheet instead of running as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from django.db.models import Q, QuerySet

from coop.core.models import AuditEvent
from coop.core.spreadsheets import safe_cell, safe_row
from membership.models import MemberClass
from voting import counting
from voting.blt import BltElection, write_blt
from voting.models import Ballot, CountedPaper, Option, Question
from voting.selectors.ballots import ballot_questions

#: A BLT title is one quoted line; longer titles are cut here.
BLT_TITLE_LENGTH = 200
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def ballot_audit(ballot: Ballot) -> QuerySet[AuditEvent]:
    """The ballot's audit trail: its own events and the casts (who voted, never what)."""
    return (
        AuditEvent.objects.filter(organisation_id=ballot.organisation_id)
        .filter(
            Q(object_type="voting.ballot", object_id=str(ballot.pk))
            | Q(action="ballot.cast", after__ballot=ballot.pk)
        )
        .order_by("created_at", "id")
    )


def blt_text(text: str) -> str:
    """`text` as a BLT name or title: one line, no double quote (BLT has no way to escape
    one), and inert in a spreadsheet."""
    one_line = _LINE_BREAKS.sub(" ", text.strip()).replace('"', "'")
    return str(safe_cell(one_line))


def _blt_names(labels: list[str]) -> tuple[str, ...]:
    """Candidates' names for a BLT file, kept distinct (two names that differ only by a
    quote mark would otherwise become one)."""
    names: list[str] = []
    for label in labels:
        name = base = blt_text(label)
        n = 2
        while name in names:
            name = f"{base} ({n})"
            n += 1
        names.append(name)
    return tuple(names)


def question_blt(question: Question) -> str:
    """An STV question's papers as a BLT file, for an independent scrutineer."""
    candidates, ballots = counting.stv_ballots(question)
    options = {o.pk: o for o in question.options.all()}
    election = BltElection(
        candidates=_blt_names([options[pk].label for pk in candidates]),
        seats=question.seats,
        ballots=tuple(ballots),
        withdrawn=tuple(i for i, pk in enumerate(candidates) if options[pk].is_withdrawn),
        title=blt_text(f"{question.ballot.title} – {question.text}")[:BLT_TITLE_LENGTH],
    )
    return write_blt(election)


def papers_csv(ballot: Ballot) -> str:
    """The papers as counted, for a recount: each distinct content of a paper on a question
    (choices by label, the member class where the papers carry it) and how many papers had
    it, in the random order the close wrote them; no voter, no channel."""
    labels = {o.pk: o.label for o in Option.objects.filter(question__ballot=ballot)}
    classes = dict(
        MemberClass.objects.filter(organisation_id=ballot.organisation_id).values_list("pk", "code")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "member_class", "choices", "papers"])
    rows = CountedPaper.objects.filter(ballot=ballot).values_list(
        "question__position", "member_class_id", "choices", "count"
    )
    for position, class_id, choices, n in rows.order_by("id"):
        writer.writerow(
            safe_row(
                [
                    position,
                    classes.get(class_id or 0, ""),
                    " > ".join(labels.get(int(c), "?") for c in choices),
                    n,
                ]
            )
        )
    return out.getvalue()


def _resolution_rule(question: Question) -> dict[str, Any] | None:
    rtype = question.resolution_type
    if rtype is None:
        return None
    return {
        "code": rtype.code,
        "threshold": rtype.threshold,
        "abstentions_in_base": rtype.abstentions_in_base,
        "turnout_floor_percent": str(rtype.turnout_floor_percent)
        if rtype.turnout_floor_percent is not None
        else None,
        "majority_in_every_class": rtype.majority_in_every_class,
        "rule_number": rtype.rule_number,
    }


def rules_applied(ballot: Ballot) -> dict[str, Any]:
    """The rules the count applied, as data (for the recount kit)."""
    version = ballot.rules_version
    classes = MemberClass.objects.filter(organisation_id=ballot.organisation_id)
    return {
        "ballot": ballot.title,
        "organisation": ballot.organisation.name,
        "rules_version": version.title if version else None,
        "effective_from": version.effective_from.isoformat() if version else None,
        "chair_casting_vote": version.chair_casting_vote if version else None,
        "seed": ballot.stv_seed,
        "is_secret": ballot.is_secret,
        "class_weights": [
            {
                "class": c.code,
                "fixed_share_percent": str(c.vote_share_percent)
                if c.vote_share_percent is not None
                else None,
                "cap_percent": str(c.vote_cap_percent) if c.vote_cap_percent is not None else None,
            }
            for c in classes
        ],
        "questions": [
            {
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "seats": q.seats,
                "method": q.method,
                "resolution_type": _resolution_rule(q),
                "reserved": {r.member_class.code: r.seats for r in q.reservations.all()},
                "result": q.result,
            }
            for q in ballot_questions(ballot)
        ],
    }


def rules_applied_json(ballot: Ballot) -> str:
    return json.dumps(rules_applied(ballot), indent=2, ensure_ascii=False)
