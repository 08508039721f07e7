"""Checking a voter's choices against the ballot paper: the one rule for every channel (online,
a paper vote in the room, a proxy's directions and vote)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from coop.core.validation import fail
from voting.models import Ballot, Option, Question


def normalise(selections: Mapping[Any, Any]) -> dict[int, list[int]]:
    """Question id → option ids as integers (ids may arrive as text from a form or JSON)."""
    if not isinstance(selections, Mapping):
        raise fail("selections", _("Send the choices as question → list of choices."))
    clean: dict[int, list[int]] = {}
    try:
        for key, value in selections.items():
            if isinstance(value, str | bytes) or not isinstance(value, Sequence):
                raise TypeError(value)
            if isinstance(key, bool) or any(isinstance(x, bool) for x in value):
                raise TypeError(key)
            clean[int(key)] = [int(x) for x in value]
    except (TypeError, ValueError):
        raise fail(
            "selections", _("Send the choices as question → list of choices (ids).")
        ) from None
    return clean


@dataclass(frozen=True)
class PaperQuestion:
    """What checking a vote needs of a question."""

    pk: int
    position: int
    kind: str
    method: str
    seats: int


@dataclass(frozen=True)
class PaperOption:
    """What checking a vote needs of an option."""

    pk: int
    question_id: int
    is_withdrawn: bool


def paper(ballot_id: int) -> tuple[list[PaperQuestion], dict[int, PaperOption]]:
    """The ballot's questions (in order) and options, in one query of the few columns a vote
    is checked against (they cannot change once the ballot is open)."""
    rows = Option.objects.filter(question__ballot_id=ballot_id).values_list(
        "pk",
        "question_id",
        "is_withdrawn",
        "question__position",
        "question__kind",
        "question__method",
        "question__seats",
    )
    options: dict[int, PaperOption] = {}
    questions: dict[int, PaperQuestion] = {}
    for pk, question_id, withdrawn, position, kind, method, seats in rows:
        options[pk] = PaperOption(pk, question_id, withdrawn)
        questions[question_id] = PaperQuestion(question_id, position, kind, method, seats)
    return sorted(questions.values(), key=lambda q: (q.position, q.pk)), options


def _check_answer(
    question: PaperQuestion, options: Mapping[int, PaperOption], chosen: list[int]
) -> None:
    """One question's answer: options on its paper, none twice, not too many."""
    field = f"question_{question.position}"
    for option_id in chosen:
        option = options.get(option_id)
        if option is None or option.question_id != question.pk or option.is_withdrawn:
            raise fail(
                field,
                _("That choice is not on the paper for question %(n)s.") % {"n": question.position},
            )
    if len(set(chosen)) != len(chosen):
        message = (
            _("You have ranked the same candidate more than once in question %(n)s.")
            if question.kind == Question.Kind.STV
            else _("You have chosen the same option twice in question %(n)s.")
        )
        raise fail(field, message % {"n": question.position})
    if question.kind == Question.Kind.RESOLUTION and len(chosen) > 1:
        raise fail(
            field,
            _("Choose one answer for question %(n)s: for, against or abstain.")
            % {"n": question.position},
        )
    if (
        question.kind == Question.Kind.CHOICE
        and question.method == Question.Method.PLURALITY
        and len(chosen) > question.seats
    ):
        raise fail(
            field,
            _("Choose at most %(k)s in question %(n)s.")
            % {"k": question.seats, "n": question.position},
        )


def validate(
    questions: Sequence[PaperQuestion],
    options: Mapping[int, PaperOption],
    selections: Mapping[int, Sequence[int]],
) -> dict[int, list[int]]:
    """Check each question's selection against the paper; blank where none given."""
    by_question = {q.pk: q for q in questions}
    for question_id in selections:
        if question_id not in by_question:
            raise fail(
                "selections",
                _("Question %(id)s is not on this ballot paper.") % {"id": question_id},
            )
    checked: dict[int, list[int]] = {}
    for question in questions:
        chosen = list(selections.get(question.pk, []))
        _check_answer(question, options, chosen)
        checked[question.pk] = chosen
    return checked


def check_selections(ballot: Ballot, selections: Mapping[Any, Any]) -> dict[int, list[int]]:
    """Check choices against the ballot paper without casting them (e.g. a directed proxy's
    directions); returns them by question id, blank where none given."""
    questions, options = paper(ballot.pk)
    return validate(questions, options, normalise(selections))
