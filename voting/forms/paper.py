"""The ballot paper as forms: one question per screen for a member voting online, the whole
paper at once for a vote the secretary enters in the room or a proxy casts.

Each question gives its own fields:
- a resolution: radios (for, against, abstain), named `question_<n>`;
- a choice of k from n: checkboxes, named `question_<n>`;
- an STV election: one select per preference, `question_<n>_rank_<r>`, each listing every
  candidate, so the ranking works without JavaScript and reads well with a screen reader.

The forms check the shape of the answer (a choice on the paper, not too many, no candidate
ranked twice); `voting.services.ballot_cast` checks it again and decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.contrib.humanize.templatetags.humanize import ordinal as english_ordinal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from coop.core.i18n import is_welsh
from voting.models import Option, Question


def live_options(question: Question) -> list[Option]:
    """The options on the paper (prefetched), withdrawn candidates left out."""
    return [o for o in question.options.all() if not o.is_withdrawn]


def field_name(question: Question) -> str:
    """The name the service uses for errors about this question, and the form's field."""
    return f"question_{question.position}"


def rank_name(question: Question, rank: int) -> str:
    return f"{field_name(question)}_rank_{rank}"


# Welsh ordinals as written with figures (1af, 2il, 3ydd, …): Django's humanize gives English.
WELSH_ORDINAL_SUFFIXES = {
    1: "af", 2: "il", 3: "ydd", 4: "ydd", 5: "ed", 6: "ed", 7: "fed", 8: "fed", 9: "fed",
    10: "fed", 11: "eg", 12: "fed", 13: "eg", 14: "eg", 15: "fed", 16: "eg", 17: "eg",
    18: "fed", 19: "eg", 20: "fed",
}  # fmt: skip


def ordinal(rank: int) -> str:
    """1st, 2nd, … in English; 1af, 2il, … in Welsh (beyond 20, the figure alone)."""
    if is_welsh():
        return f"{rank}{WELSH_ORDINAL_SUFFIXES.get(rank, '')}"
    return str(english_ordinal(rank))


def preference_label(rank: int) -> str:
    return gettext("%(ordinal)s preference") % {"ordinal": ordinal(rank)}


def choice_hint(question: Question) -> str:
    if question.method == Question.Method.APPROVAL:
        return gettext("Choose as many as you approve of.")
    if question.seats == 1:
        return gettext("Choose up to 1.")
    return gettext("Choose up to %(k)s.") % {"k": question.seats}


def stv_hint(question: Question) -> str:
    return gettext(
        "Number the candidates in order of preference: your 1st preference is the one you "
        "most want elected. Give as many or as few preferences as you like, in order, and "
        "choose each candidate only once. %(seats)s to be elected."
    ) % {"seats": question.seats}


def question_fields(
    question: Question, options: Sequence[Option], *, label: str
) -> dict[str, forms.Field]:
    """The fields of one question; `label` heads the answer (e.g. 'Your vote')."""
    not_on_paper = gettext("That choice is not on the paper for question %(n)s.") % {
        "n": question.position
    }
    choices = [(str(o.pk), o.display_label) for o in options]
    if question.kind == Question.Kind.RESOLUTION:
        return {
            field_name(question): forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Choose for, against or abstain."),
                    "invalid_choice": not_on_paper,
                },
            )
        }
    if question.kind == Question.Kind.CHOICE:
        return {
            field_name(question): forms.MultipleChoiceField(
                label=label,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=choice_hint(question),
                error_messages={"invalid_choice": not_on_paper},
            )
        }
    fields: dict[str, forms.Field] = {}
    for rank in range(1, len(options) + 1):
        fields[rank_name(question, rank)] = forms.ChoiceField(
            label=preference_label(rank) if not label else f"{label}: {preference_label(rank)}",
            choices=[("", gettext("No preference")), *choices],
            required=False,
            error_messages={"invalid_choice": not_on_paper},
        )
    return fields


def check_question(
    form: forms.Form, question: Question, options: Sequence[Option], data: Mapping[str, Any]
) -> None:
    """Add the errors of one question's answer to `form` (fields already cleaned)."""
    name = field_name(question)
    if (
        question.kind == Question.Kind.CHOICE
        and question.method == Question.Method.PLURALITY
        and len(data.get(name) or []) > question.seats
    ):
        form.add_error(
            name,
            gettext("Choose at most %(k)s in question %(n)s.")
            % {"k": question.seats, "n": question.position},
        )
    if question.kind != Question.Kind.STV:
        return
    labels = {str(o.pk): o.display_label for o in options}
    seen: dict[str, int] = {}
    gap: int | None = None
    for rank in range(1, len(options) + 1):
        key = rank_name(question, rank)
        if key not in data:  # already refused as not on the paper
            continue
        value = data[key]
        if not value:
            gap = gap or rank
            continue
        if gap is not None:
            form.add_error(
                key,
                gettext(
                    "You gave a %(later)s preference but left your %(earlier)s preference empty. "
                    "Give your preferences in order, without gaps."
                )
                % {"later": ordinal(rank), "earlier": ordinal(gap)},
            )
            gap = None
        if value in seen:
            form.add_error(
                key,
                gettext(
                    "You have ranked the same candidate more than once: %(name)s is your "
                    "%(first)s and your %(second)s preference. Choose each candidate only once."
                )
                % {
                    "name": labels.get(value, ""),
                    "first": ordinal(seen[value]),
                    "second": ordinal(rank),
                },
            )
        else:
            seen[value] = rank


def selection(question: Question, options: Sequence[Option], data: Mapping[str, Any]) -> list[int]:
    """The option ids chosen (the ranking in order, for STV) from cleaned data."""
    if question.kind == Question.Kind.RESOLUTION:
        value = data.get(field_name(question))
        return [int(value)] if value else []
    if question.kind == Question.Kind.CHOICE:
        return [int(v) for v in data.get(field_name(question)) or []]
    ranked = [data.get(rank_name(question, r)) for r in range(1, len(options) + 1)]
    return [int(v) for v in ranked if v]


def initial_for(question: Question, chosen: Sequence[int]) -> dict[str, Any]:
    """Initial values of a question's fields from a selection kept in the session."""
    if question.kind == Question.Kind.RESOLUTION:
        return {field_name(question): str(chosen[0])} if chosen else {}
    if question.kind == Question.Kind.CHOICE:
        return {field_name(question): [str(c) for c in chosen]}
    return {rank_name(question, r): str(c) for r, c in enumerate(chosen, start=1)}


class QuestionForm(GovukForm, forms.Form):
    """One question of the paper, as a member sees it online."""

    def __init__(
        self, *args: Any, question: Question, chosen: Sequence[int] | None = None, **kwargs: Any
    ) -> None:
        self.question = question
        self.options = live_options(question)
        if chosen is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(question, chosen)
        label = {
            Question.Kind.RESOLUTION: gettext("Your vote"),
            Question.Kind.CHOICE: gettext("Your choice"),
            Question.Kind.STV: "",
        }[Question.Kind(question.kind)]
        # Fields made per question, set before Django copies them so GovukForm styles them.
        self.base_fields = question_fields(  # type: ignore[misc]  # per-instance fields
            question, self.options, label=label
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_question(self, self.question, self.options, data)
        return data

    @property
    def selection(self) -> list[int]:
        return selection(self.question, self.options, self.cleaned_data)


def member_number_field() -> forms.IntegerField:
    field = forms.IntegerField(
        label=_("Member number"),
        min_value=1,
        help_text=_("From the attendance list or the member's card."),
        error_messages={"required": _("Enter the member number of the voter.")},
    )
    field.widget.attrs.update({"class": "govuk-input--width-5", "inputmode": "numeric"})
    return field


class PaperForm(GovukForm, forms.Form):
    """The whole paper at once (the secretary entering a paper vote in the room, a proxy
    voting at their discretion). With `with_member`, the voter's member number comes first.
    Any question may be left unanswered: a blank paper is a valid paper."""

    def __init__(
        self, *args: Any, questions: Sequence[Question], with_member: bool = True, **kwargs: Any
    ) -> None:
        self.questions = list(questions)
        self.options = {q.pk: live_options(q) for q in self.questions}
        fields: dict[str, forms.Field] = {}
        if with_member:
            fields["member_number"] = member_number_field()
        for question in self.questions:
            label = (
                gettext("Question %(n)s") % {"n": question.position}
                if question.kind == Question.Kind.STV
                else gettext("Question %(n)s: %(text)s")
                % {"n": question.position, "text": question.display_text}
            )
            for name, field in question_fields(
                question, self.options[question.pk], label=label
            ).items():
                field.required = False
                fields[name] = field
        self.base_fields = fields  # type: ignore[misc]  # per-instance fields
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in self.questions:
            check_question(self, question, self.options[question.pk], data)
        return data

    @property
    def selections(self) -> dict[int, list[int]]:
        return {q.pk: selection(q, self.options[q.pk], self.cleaned_data) for q in self.questions}
