"""A closed ballot's results made ready to show: for the results page, the PDF and the CSV.

`ballot_report` reads the counted results (stored on each question at close) and the turnout,
and turns them into rows, sentences and charts in the active language. Templates receive
only these plain values, so the PDF templates make no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from voting import disclosure, results, rules, selectors
from voting.charts import Bar, bar_chart
from voting.models import Ballot, Option, Question


@dataclass(frozen=True)
class VoteRow:
    label: str
    votes: int
    weighted: str = ""
    chosen: bool = False


@dataclass(frozen=True)
class ClassRow:
    name: str
    votes: dict[str, int]
    multiplier: str
    met: bool | None


@dataclass(frozen=True)
class StvRow:
    name: str
    cells: list[str]
    outcome: str


@dataclass(frozen=True)
class StvStage:
    number: int
    action: str
    notes: list[str]


@dataclass
class QuestionReport:
    pk: int
    position: int
    text: str
    kind: str
    outcome: str
    sentence: str
    rows: list[VoteRow] = field(default_factory=list)
    is_weighted: bool = False
    blank: int = 0
    chart: SafeString = field(default_factory=SafeString)
    chart_caption: str = ""
    classes: list[ClassRow] = field(default_factory=list)
    classes_hidden: bool = False
    #: Classes whose votes the weighted totals may reveal (`disclosure.revealing_classes`).
    revealing_classes: list[str] = field(default_factory=list)
    disclosure_note: str = ""
    elected: list[str] = field(default_factory=list)
    awaiting_casting_vote: bool = False
    stv_stage_numbers: list[int] = field(default_factory=list)
    stv_rows: list[StvRow] = field(default_factory=list)
    stv_non_transferable: list[str] = field(default_factory=list)
    stv_stages: list[StvStage] = field(default_factory=list)
    quota: str = ""
    seed: str = ""
    papers: int = 0


@dataclass(frozen=True)
class TurnoutRow:
    name: str
    voted: int
    electorate: int
    percent: str


@dataclass
class TurnoutReport:
    voted: int
    electorate: int
    percent: str
    classes: list[TurnoutRow]
    hidden_classes: int
    chart: SafeString


@dataclass
class BallotReport:
    title: str
    organisation_name: str
    status: str
    is_secret: bool
    closed_at: Any
    published_at: Any
    seed: str
    questions: list[QuestionReport]
    turnout: TurnoutReport


def _decimal(text: str | None) -> Decimal:
    try:
        return Decimal(text or "0")
    except InvalidOperation:
        return Decimal(0)


def revealing_note(class_names: list[str]) -> str:
    """The plain warning of a result that may reveal a class's votes."""
    return _(
        "This result may reveal how the members of %(classes)s voted: fewer than %(min)s of "
        "them voted, and the count treats each class apart (each class's votes carry their "
        "own weight, or a majority is needed in every class), as the rules require."
    ) % {"classes": ", ".join(class_names), "min": disclosure.MIN_GROUP}


def setup_note(class_names: list[str]) -> str:
    """The same warning before the ballot opens, from the members who may vote."""
    return _(
        "Fewer than %(min)s members of %(classes)s may vote, and the count of this ballot "
        "treats each class apart (each class's votes carry their own weight, or a majority is "
        "needed in every class). Its published result may then reveal how they voted."
    ) % {"classes": ", ".join(class_names), "min": disclosure.MIN_GROUP}


def _resolution(
    question: Question, result: dict[str, Any], base: QuestionReport, class_names: dict[str, str]
) -> None:
    options = {o.code: o for o in question.options.all()}
    votes = result.get("votes", {})
    weighted = result.get("weighted", {})
    base.is_weighted = bool(result.get("is_weighted"))
    for code in (rules.FOR, rules.AGAINST, rules.ABSTAIN):
        option = options.get(code)
        label = option.display_label if option else code
        base.rows.append(
            VoteRow(
                label, int(votes.get(code, 0)), weighted.get(code, "") if base.is_weighted else ""
            )
        )
    base.blank = int(votes.get("blank", 0))
    base.awaiting_casting_vote = result.get("outcome") == rules.AWAITING_CASTING_VOTE
    shown, base.classes_hidden = disclosure.public_result(result)
    classes = shown.get("classes", [])
    base.revealing_classes = [
        class_names.get(code, code) for code in disclosure.revealing_classes(result)
    ]
    if base.revealing_classes:
        base.disclosure_note = revealing_note(base.revealing_classes)
    if len(classes) > 1:
        base.classes = [
            ClassRow(
                class_names.get(c["class"], c["class"]), c["votes"], c["multiplier"], c.get("met")
            )
            for c in classes
        ]
    unit = _("weighted votes") if base.is_weighted else _("votes")
    bars = [
        Bar(
            r.label,
            _decimal(r.weighted) if base.is_weighted else Decimal(r.votes),
            f"{r.weighted if base.is_weighted else r.votes}",
        )
        for r in base.rows
    ]
    base.chart_caption = _("Votes on question %(n)s (%(unit)s)") % {
        "n": question.position,
        "unit": unit,
    }
    base.chart = bar_chart(
        chart_id=f"chart-question-{question.position}",
        title=base.chart_caption,
        description="; ".join(f"{b.label}: {b.text}" for b in bars) + ". " + base.outcome,
        bars=bars,
    )


def _choice(
    question: Question, result: dict[str, Any], base: QuestionReport, options: dict[int, Option]
) -> None:
    counts = result.get("counts", {})
    elected = [int(pk) for pk in result.get("elected", [])]
    for key, count in counts.items():
        option = options.get(int(key))
        label = option.display_label if option else key
        base.rows.append(VoteRow(label, int(count), chosen=int(key) in elected))
    base.blank = int(result.get("blank", 0))
    base.elected = [options[pk].display_label for pk in elected if pk in options]
    bars = [
        Bar(
            r.label,
            Decimal(r.votes),
            f"{r.votes} ({_('chosen')})" if r.chosen else str(r.votes),
            highlight=r.chosen,
        )
        for r in base.rows
    ]
    base.chart_caption = _("Votes for each choice on question %(n)s") % {"n": question.position}
    base.chart = bar_chart(
        chart_id=f"chart-question-{question.position}",
        title=base.chart_caption,
        description="; ".join(f"{b.label}: {b.text}" for b in bars) + ".",
        bars=bars,
    )


def _stv(
    question: Question, result: dict[str, Any], base: QuestionReport, options: dict[int, Option]
) -> None:
    names = {o.label: o.display_label for o in options.values()}
    stages = result.get("stages", [])
    base.quota = result.get("quota", "")
    base.seed = result.get("seed", "")
    base.papers = int(result.get("papers", 0))
    base.elected = [names.get(n, n) for n in result.get("elected", [])]
    base.stv_stage_numbers = [int(s["stage"]) for s in stages]
    outcome: dict[str, str] = {}
    for stage in stages:
        for name in stage.get("elected", []):
            outcome[name] = _("Elected at stage %(n)s") % {"n": stage["stage"]}
        for name in stage.get("excluded", []):
            outcome[name] = _("Excluded at stage %(n)s") % {"n": stage["stage"]}
    ordered = [o.label for o in sorted(options.values(), key=lambda o: (o.position, o.pk))]
    for label in ordered:
        option = next(o for o in options.values() if o.label == label)
        status = outcome.get(label, _("Withdrawn") if option.is_withdrawn else "")
        base.stv_rows.append(
            StvRow(
                names.get(label, label), [s.get("votes", {}).get(label, "") for s in stages], status
            )
        )
    base.stv_non_transferable = [s.get("non_transferable", "") for s in stages]
    base.stv_stages = [
        StvStage(int(s["stage"]), s.get("action", ""), list(s.get("notes", []))) for s in stages
    ]
    first = stages[0].get("votes", {}) if stages else {}
    elected = set(result.get("elected", []))
    bars = [
        Bar(
            names.get(label, label),
            _decimal(first.get(label)),
            f"{_decimal(first.get(label)).normalize():f}"
            + (f" ({_('elected')})" if label in elected else ""),
            highlight=label in elected,
        )
        for label in ordered
        if label in first
    ]
    base.chart_caption = _("First preferences on question %(n)s") % {"n": question.position}
    base.chart = bar_chart(
        chart_id=f"chart-question-{question.position}",
        title=base.chart_caption,
        description="; ".join(f"{b.label}: {b.text}" for b in bars) + ".",
        bars=bars,
    )


def question_report(question: Question, class_names: dict[str, str]) -> QuestionReport:
    """One question's result: the outcome sentence (with the rule applied), the votes, a
    chart, and for STV the stage-by-stage count sheet."""
    result = question.result or {}
    report = QuestionReport(
        pk=question.pk,
        position=question.position,
        text=question.display_text,
        kind=question.kind,
        outcome=results.outcome_label(result) if question.kind == Question.Kind.RESOLUTION else "",
        sentence=results.describe(result),
    )
    options = {o.pk: o for o in question.options.all()}
    if not result:
        return report
    if question.kind == Question.Kind.RESOLUTION:
        _resolution(question, result, report, class_names)
    elif question.kind == Question.Kind.CHOICE:
        _choice(question, result, report, options)
    else:
        _stv(question, result, report, options)
    return report


def turnout_report(ballot: Ballot, turnout: selectors.Turnout) -> TurnoutReport:
    """Turnout overall and by class; a class of fewer than 5 shows no breakdown."""
    shown = [
        TurnoutRow(c.member_class.display_name, c.voted, c.electorate, c.percent)
        for c in turnout.by_class
        if c.shown
    ]
    everyone = TurnoutRow(_("All members"), turnout.voted, turnout.electorate, turnout.percent)
    bars = [
        Bar(
            r.name,
            _decimal(r.percent),
            _("%(voted)s of %(electorate)s (%(percent)s%%)")
            % {"voted": r.voted, "electorate": r.electorate, "percent": r.percent},
        )
        for r in [everyone, *shown]
    ]
    chart = bar_chart(
        chart_id=f"chart-turnout-{ballot.pk}",
        title=_("Turnout"),
        description="; ".join(f"{b.label}: {b.text}" for b in bars) + ".",
        bars=bars,
        maximum=Decimal(100),
    )
    return TurnoutReport(
        turnout.voted,
        turnout.electorate,
        turnout.percent,
        shown,
        len(turnout.by_class) - len(shown),
        chart,
    )


def ballot_report(ballot: Ballot) -> BallotReport:
    """Everything the results page, PDF and CSV show, in the active language."""
    questions = selectors.ballot_questions(ballot)
    turnout = selectors.turnout(ballot)
    class_names = {c.member_class.code: c.member_class.display_name for c in turnout.by_class}
    return BallotReport(
        title=ballot.display_title,
        organisation_name=ballot.organisation.display_name,
        status=ballot.get_status_display(),
        is_secret=ballot.is_secret,
        closed_at=ballot.closed_at,
        published_at=ballot.published_at,
        seed=ballot.stv_seed,
        questions=[question_report(q, class_names) for q in questions],
        turnout=turnout_report(ballot, turnout),
    )
