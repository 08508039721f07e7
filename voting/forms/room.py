"""Forms of votes taken in the room: a show of hands, and proxies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from membership.models import Member, Organisation
from voting import limits, selectors
from voting.forms.paper import (
    check_question,
    live_options,
    member_number_field,
    question_fields,
    selection,
)
from voting.models import Option, Proxy, Question

_NUMBERS = re.compile(r"[\s,;]+")


def parse_member_numbers(text: str) -> list[int] | None:
    """Member numbers separated by spaces, commas or new lines (None if any is not one)."""
    tokens = [t for t in _NUMBERS.split(text.strip()) if t]
    if not all(t.isdigit() for t in tokens):
        return None
    return list(dict.fromkeys(int(t) for t in tokens))


class HandsForm(GovukForm, forms.Form):
    """Counts of hands for each option, and who is present (by member number)."""

    present = forms.CharField(
        label=_("Members present"),
        max_length=limits.PRESENT_LIST,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Member numbers of everyone present, separated by spaces, commas or new "
            "lines (paste them from the attendance list). Those who have already voted "
            "are left out of the count."
        ),
        error_messages={
            "required": _("Enter the member numbers of the members present."),
            **limits.LIMITS["present"].error_messages(),
        },
    )

    def __init__(
        self, *args: Any, question: Question, organisation: Organisation, **kwargs: Any
    ) -> None:
        self.question = question
        self.organisation = organisation
        self.hand_options: list[Option] = list(question.options.all())
        fields: dict[str, forms.Field] = {"present": self.base_fields["present"]}
        for option in self.hand_options:
            field = forms.IntegerField(
                label=gettext("Hands %(option)s") % {"option": option.display_label.lower()},
                min_value=0,
                initial=0,
                error_messages={"required": gettext("Enter a whole number, 0 or more.")},
            )
            field.widget.attrs.update({"class": "govuk-input--width-5", "inputmode": "numeric"})
            fields[f"count_{option.code}"] = field
        self.base_fields = fields  # type: ignore[misc]  # per-instance fields
        super().__init__(*args, **kwargs)

    def clean_present(self) -> list[Member]:
        numbers = parse_member_numbers(self.cleaned_data["present"])
        if numbers is None or not numbers:
            raise forms.ValidationError(
                gettext(
                    "Enter member numbers only (digits), separated by spaces, commas or new lines."
                )
            )
        members = selectors.members_numbered(self.organisation, numbers)
        unknown = [str(n) for n in numbers if n not in members]
        if unknown:
            raise forms.ValidationError(
                gettext("These are not member numbers of this organisation: %(numbers)s.")
                % {"numbers": ", ".join(unknown)}
            )
        return [members[n] for n in numbers]

    @property
    def counts(self) -> dict[int, int]:
        return {o.pk: self.cleaned_data[f"count_{o.code}"] for o in self.hand_options}


class ProxyAppointForm(GovukForm, forms.Form):
    """A member's proxy appointment, entered by the secretary from the signed form."""

    holder_number = forms.IntegerField(
        label=_("Proxy's member number"),
        min_value=1,
        required=False,
        help_text=_(
            "If the proxy is a member. Leave empty if it is the chair of the meeting "
            "or someone else named below."
        ),
    )
    holder_name = forms.CharField(
        label=_("Proxy's name"),
        max_length=limits.PROXY_NAME,
        error_messages=limits.LIMITS["holder_name"].error_messages(),
        required=False,
        help_text=_("If the proxy is not a member, for example ‘The chair of the meeting’."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of proxy"),
        choices=Proxy.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a directed proxy or one at the proxy's discretion.")},
    )

    def __init__(
        self, *args: Any, organisation: Organisation, questions: Sequence[Question], **kwargs: Any
    ) -> None:
        self.organisation = organisation
        self.questions = list(questions)
        self.options = {q.pk: live_options(q) for q in self.questions}
        fields: dict[str, forms.Field] = {"member_number": member_number_field()}
        fields["member_number"].label = gettext("Member number of the member appointing")
        fields["member_number"].help_text = ""
        fields.update({k: self.base_fields[k] for k in ("holder_number", "holder_name", "kind")})
        for question in self.questions:
            label = gettext("Direction on question %(n)s: %(text)s") % {
                "n": question.position,
                "text": question.display_text,
            }
            if question.kind == Question.Kind.STV:
                label = gettext("Direction on question %(n)s") % {"n": question.position}
            for name, field in question_fields(
                question, self.options[question.pk], label=label
            ).items():
                field.required = False
                fields[name] = field
        self.base_fields = fields  # type: ignore[misc]  # per-instance fields
        super().__init__(*args, **kwargs)
        self.fields["holder_number"].widget.attrs.update({"inputmode": "numeric"})

    def _member(self, number: int | None, field: str) -> Member | None:
        if number is None:
            return None
        member = selectors.members_numbered(self.organisation, [number]).get(number)
        if member is None:
            self.add_error(
                field,
                gettext("There is no member %(number)s in this organisation.") % {"number": number},
            )
        return member

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["member"] = self._member(data.get("member_number"), "member_number")
        data["holder"] = self._member(data.get("holder_number"), "holder_number")
        if data.get("holder_number") is None and not (data.get("holder_name") or "").strip():
            self.add_error(
                "holder_name", gettext("Name the proxy (a member, or the chair of the meeting).")
            )
        for question in self.questions:
            check_question(self, question, self.options[question.pk], data)
        return data

    @property
    def directions(self) -> dict[int, list[int]]:
        if self.cleaned_data.get("kind") != Proxy.Kind.DIRECTED:
            return {}
        chosen = {q.pk: selection(q, self.options[q.pk], self.cleaned_data) for q in self.questions}
        return {pk: picks for pk, picks in chosen.items() if picks}
