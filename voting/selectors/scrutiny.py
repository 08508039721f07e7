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

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from coop.core.models import AuditEvent
from coop.core.spreadsheets import safe_cell, safe_row
from membership.models import MemberClass
from voting import counting, disclosure
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


def count_uses_classes(ballot: Ballot) -> bool:
    """Whether the count used the papers' member class: a weighted count, or a majority
    needed in every class (from the results stored at close)."""
    return any(
        (q.result or {}).get("is_weighted") or (q.result or {}).get("majority_in_every_class")
        for q in ballot.questions.all()
    )


def _class_groups(ballot: Ballot) -> list[int]:
    """The number of papers of each (question, member class) group."""
    rows = (
        CountedPaper.objects.filter(ballot=ballot)
        .values_list("question_id", "member_class_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return [int(n or 0) for _q, _c, n in rows]


def recount_kit_classes(ballot: Ballot) -> disclosure.KitClasses:
    """Whether the recount kit's papers carry their member class (`disclosure.kit_classes`)."""
    uses = count_uses_classes(ballot)
    return disclosure.kit_classes(
        count_uses_classes=uses, group_sizes=_class_groups(ballot) if uses else []
    )


def kit_class_note(kit: disclosure.KitClasses) -> str:
    """What the recount kit says of the member class and the channel, in the active language."""
    channel = _("The papers carry no channel (how each was cast) and no voter.")
    if kit.included:
        why = _(
            "Each paper carries its member class: the count used it, and every class had at "
            "least %(min)s voters on each question."
        ) % {"min": disclosure.MIN_GROUP}
    elif kit.reason == disclosure.CLASS_NOT_COUNTED:
        why = _("The papers carry no member class: the count did not use it.")
    else:
        why = _(
            "The papers carry no member class: a class had fewer than %(min)s voters on a "
            "question, and its papers would tell how they voted. The kit is not enough to "
            "recount the weighted totals; the scrutineers may check them from the results."
        ) % {"min": disclosure.MIN_GROUP}
    return f"{channel} {why}"


def papers_csv(ballot: Ballot, kit: disclosure.KitClasses | None = None) -> str:
    """The papers as counted, for a recount: each distinct content of a paper on a question
    (choices by label, and the member class only where `recount_kit_classes` allows it) and
    how many papers had it, in the random order the close wrote them; no voter, no channel.
    Without the class, the contents of every class are merged (one row per content)."""
    kit = kit or recount_kit_classes(ballot)
    labels = {o.pk: o.label for o in Option.objects.filter(question__ballot=ballot)}
    classes = dict(
        MemberClass.objects.filter(organisation_id=ballot.organisation_id).values_list("pk", "code")
    )
    rows = CountedPaper.objects.filter(ballot=ballot).values_list(
        "question__position", "member_class_id", "choices", "count"
    )
    merged: dict[tuple[int, str, str], int] = {}
    for position, class_id, choices, n in rows.order_by("id"):
        code = classes.get(class_id or 0, "") if kit.included else ""
        key = (position, code, " > ".join(labels.get(int(c), "?") for c in choices))
        merged[key] = merged.get(key, 0) + n
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", *(["member_class"] if kit.included else []), "choices", "papers"])
    for (position, code, choices_text), n in merged.items():
        writer.writerow(safe_row([position, *([code] if kit.included else []), choices_text, n]))
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


def rules_applied(ballot: Ballot, kit: disclosure.KitClasses | None = None) -> dict[str, Any]:
    """The rules the count applied, as data (for the recount kit), and what its papers carry."""
    kit = kit or recount_kit_classes(ballot)
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
                "options": [
                    {"code": o.code, "label": o.label, "withdrawn": o.is_withdrawn}
                    for o in q.options.all()
                ],
                "reserved": {r.member_class.code: r.seats for r in q.reservations.all()},
                "result": disclosure.public_result(q.result)[0],
            }
            for q in ballot_questions(ballot)
        ],
        "papers": {
            "member_class": kit.included,
            "channel": False,
            "complete": kit.included or kit.reason == disclosure.CLASS_NOT_COUNTED,
            "note": kit_class_note(kit),
        },
    }


def rules_applied_json(ballot: Ballot, kit: disclosure.KitClasses | None = None) -> str:
    return json.dumps(rules_applied(ballot, kit), indent=2, ensure_ascii=False)
