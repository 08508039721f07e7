"""Forms of the secretary's ballot set-up: the ballot, its questions, options, reserved
seats, times, and the decisions at the end (casting vote, cancelling).

The forms check only the shape of the input; the services check the rules and their
messages land on the fields they name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from membership.models import MemberClass, Organisation, ResolutionType
from voting import limits, selectors
from voting.models import Ballot, Question

CHANNELS = (
    ("online", _("Online: members vote on their phone or computer")),
    ("room", _("In the room: paper votes or a show of hands at the meeting")),
    ("proxy", _("By proxy, where the rules allow it")),
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ClassChoiceField(forms.ModelChoiceField):
    """A member class, shown by its name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ClassesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ResolutionTypeField(forms.ModelChoiceField):
    """A resolution type of the rules, with the rule that defines it."""

    def label_from_instance(self, obj: Any) -> str:
        name = str(obj.display_name)
        return f"{name} ({obj.rule_number})" if obj.rule_number else name


class DateTimeLocalInput(forms.DateTimeInput):
    """A native date-and-time input (works without JavaScript)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def limited_text(
    name: str,
    *,
    rows: int = 0,
    error_messages: dict[str, Any] | None = None,
    **kwargs: Any,
) -> forms.CharField:
    """A text field with its length limit from `voting.limits` (a text area with `rows`)."""
    return forms.CharField(
        max_length=limits.LIMITS[name].size,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={**limits.LIMITS[name].error_messages(), **(error_messages or {})},
        **kwargs,
    )


def datetime_field(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
    )


class OrganisationForm(GovukForm, forms.Form):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)


class BallotCreateForm(OrganisationForm):
    title = limited_text("title", label=_("Title"))
    title_cy = limited_text("title_cy", label=_("Title in Welsh"), required=False)
    description = limited_text("description", label=_("Description"), required=False, rows=4)
    description_cy = limited_text(
        "description_cy", label=_("Description in Welsh"), required=False, rows=4
    )
    record_date = forms.DateField(
        label=_("Record date"),
        help_text=_(
            "Who may vote is taken from the register as at this date, and frozen when "
            "the ballot opens."
        ),
    )
    is_secret = forms.TypedChoiceField(
        label=_("Kind of ballot"),
        widget=forms.RadioSelect,
        coerce=lambda v: v == "secret",
        choices=(
            ("secret", _("Secret: nobody can see how a member voted")),
            (
                "recorded",
                _(
                    "Recorded: how each member voted is kept, where the rules or "
                    "the meeting ask for a named vote"
                ),
            ),
        ),
        initial="secret",
        error_messages={"required": _("Choose a secret or a recorded ballot.")},
    )
    eligible_classes = ClassesChoiceField(
        label=_("Member classes that may vote"),
        queryset=MemberClass.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every class."),
    )
    channels = forms.MultipleChoiceField(
        label=_("How members may vote"),
        choices=CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        initial=["online"],
        error_messages={"required": _("Choose at least one way to vote.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["eligible_classes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = selectors.member_classes(self.organisation)


class QuestionAddForm(GovukForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of question.")},
    )
    text = limited_text(
        "text",
        label=_("Question"),
        rows=3,
        help_text=_("For a resolution, the text members vote on."),
    )
    text_cy = limited_text("text_cy", label=_("Question in Welsh"), required=False, rows=3)
    resolution_type = ResolutionTypeField(
        label=_("Type of resolution"),
        queryset=ResolutionType.objects.none(),
        required=False,
        empty_label=_("Choose a type"),
        help_text=_(
            "From the rules in force on the record date; it sets the majority "
            "needed. Only for a resolution."
        ),
    )
    seats = forms.IntegerField(
        label=_("Places to fill"),
        min_value=1,
        max_value=99,
        initial=1,
        required=False,
        help_text=_("For a choice or an election."),
    )
    method = forms.ChoiceField(
        label=_("How a choice is made"),
        choices=Question.Method.choices,
        widget=forms.RadioSelect,
        initial=Question.Method.PLURALITY,
        required=False,
        help_text=_("Only for a choice of some from a list."),
    )

    def __init__(self, *args: Any, ballot: Ballot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seats"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
        )
        field = self.fields["resolution_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.resolution_types_for(ballot)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == Question.Kind.RESOLUTION
            and not data.get("resolution_type")
            and "resolution_type" not in self.errors
        ):
            self.add_error("resolution_type", _("Choose the type of resolution the rules define."))
        return data


class OptionAddForm(GovukForm, forms.Form):
    label = limited_text(
        "label", label=_("Name"), help_text=_("The choice, or the candidate's name.")
    )
    label_cy = limited_text("label_cy", label=_("Name in Welsh"), required=False)
    member_class = ClassChoiceField(
        label=_("Candidate's member class"),
        queryset=MemberClass.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("For an election with seats reserved by class."),
    )
    statement = limited_text("statement", label=_("Candidate's statement"), required=False, rows=4)
    statement_cy = limited_text(
        "statement_cy", label=_("Candidate's statement in Welsh"), required=False, rows=4
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.member_classes(organisation)


class ReservationForm(GovukForm, forms.Form):
    member_class = ClassChoiceField(
        label=_("Member class"),
        queryset=MemberClass.objects.none(),
        empty_label=_("Choose a class"),
        error_messages={"required": _("Choose the member class the seats are reserved for.")},
    )
    seats = forms.IntegerField(label=_("Seats reserved"), min_value=1, max_value=99)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.member_classes(organisation)
        self.fields["seats"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
        )


class ScheduleForm(GovukForm, forms.Form):
    opens_at = datetime_field(_("Opens at"), _("UK time. Leave empty to open it by hand."))
    closes_at = datetime_field(_("Closes at"), _("UK time. Leave empty to close it by hand."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens: dt.datetime | None = data.get("opens_at")
        closes: dt.datetime | None = data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The ballot must close after it opens."))
        return data


class ConfirmForm(GovukForm, forms.Form):
    """A button with nothing to fill in (open now, close now, publish)."""


class CancelForm(GovukForm, forms.Form):
    reason = limited_text(
        "reason",
        label=_("Why is the ballot cancelled?"),
        rows=3,
        error_messages={"required": _("Give the reason the ballot is cancelled.")},
    )


class CastingVoteForm(GovukForm, forms.Form):
    casting_vote = forms.ChoiceField(
        label=_("The chair's casting vote"),
        choices=Question.Casting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose for or against.")},
    )
