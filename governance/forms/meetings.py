"""Forms of planning a meeting: the meeting itself, its agenda, notice and cancelling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from governance import limits
from governance.forms import limited_text
from governance.models import AgendaItem, Meeting
from membership.models import MemberClass, Organisation
from voting.models import Ballot
from voting.selectors import ballots_for_organisation


class TimeInput(forms.TimeInput):
    """A native time picker (hours and minutes)."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A date and a wall-clock time in Europe/London (the site's time zone) as an aware
    datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time))


class MemberClassChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, MemberClass)
        return obj.display_name


class MeetingPlanForm(GovukForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of meeting.")},
    )
    title = limited_text(
        limits.TITLE,
        _("The title"),
        label=_("Title"),
        error_messages={"required": _("Give the meeting a title.")},
    )
    title_cy = limited_text(
        limits.TITLE, _("The title in Welsh"), label=_("Title in Welsh"), required=False
    )
    format = forms.ChoiceField(
        label=_("How members take part"),
        choices=Meeting.Format.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Format.IN_PERSON,
        error_messages={"required": _("Choose how members take part.")},
    )
    starts_on = forms.DateField(
        label=_("Date"), error_messages={"required": _("Enter the date of the meeting.")}
    )
    starts_time = forms.TimeField(
        label=_("Start time"),
        help_text=_("UK time, 24-hour clock, for example 18:30."),
        widget=TimeInput(),
        error_messages={"required": _("Enter the time the meeting starts.")},
    )
    place = limited_text(
        limits.PLACE,
        _("The place"),
        label=_("Where it is held"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a meeting in person or in person and online."),
    )
    online_link = forms.URLField(
        label=_("Link to join online"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("For a meeting online or in person and online."),
    )
    notice_channel = forms.ChoiceField(
        label=_("Notice sent by"),
        choices=[("email", _("email")), ("post", _("post"))],
        widget=forms.RadioSelect,
        initial="email",
        help_text=_("The rules say when a notice sent this way is deemed delivered."),
    )
    member_class = MemberClassChoice(
        label=_("Member class (for a class meeting)"),
        queryset=MemberClass.objects.none(),
        required=False,
    )
    advance_voting = forms.BooleanField(
        label=_("Members may vote online before the meeting"),
        required=False,
        initial=True,
        help_text=_(
            "Online voting on each motion opens with the notice and, for a meeting held "
            "only in person, closes when the meeting starts."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisation.member_classes.order_by("position")

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return local_datetime(data["starts_on"], data["starts_time"])


class BallotChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Ballot)
        return f"{obj.display_title} ({obj.get_status_display()})"


def override_reason_field() -> forms.CharField:
    """The board's reason for moving a meeting outside a window the rules set, where the
    rules allow it (never the s.111 window)."""
    return forms.CharField(
        label=_("Reason for moving the meeting outside a legal window"),
        required=False,
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only where the rules allow it, and never for an s.111 confirmation: leave empty "
            "unless the change is refused and the board has decided to go ahead. The reason "
            "is recorded."
        ),
    )


class AgendaItemForm(GovukForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of item"),
        choices=[
            (AgendaItem.Kind.REPORT, AgendaItem.Kind.REPORT.label),
            (AgendaItem.Kind.ELECTION, AgendaItem.Kind.ELECTION.label),
            (AgendaItem.Kind.OTHER, AgendaItem.Kind.OTHER.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of item.")},
        help_text=_("Motions go on the agenda when the board admits them."),
    )
    title = limited_text(
        limits.TITLE,
        _("The title"),
        label=_("Title"),
        error_messages={"required": _("Give the item a title.")},
    )
    title_cy = limited_text(
        limits.TITLE, _("The title in Welsh"), label=_("Title in Welsh"), required=False
    )
    body = limited_text(
        limits.AGENDA_BODY,
        _("The details"),
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body_cy = limited_text(
        limits.AGENDA_BODY,
        _("The details in Welsh"),
        label=_("Details in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ballot = BallotChoice(
        label=_("Ballot of the election"),
        queryset=Ballot.objects.none(),
        required=False,
        help_text=_("For an election: the ballot members vote in."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ballot"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ballots_for_organisation(organisation, include_drafts=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == AgendaItem.Kind.ELECTION and not data.get("ballot"):
            self.add_error("ballot", _("Choose the ballot of the election."))
        return data


class AgendaItemProgressForm(GovukForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Where the meeting is with this item"),
        choices=AgendaItem.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the meeting is with this item.")},
    )
    note = limited_text(
        limits.NOTE,
        _("What happened"),
        label=_("What happened (for the minutes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(GovukForm, forms.Form):
    reason = limited_text(
        limits.REASON,
        _("The reason"),
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason.")},
    )


class ConfirmForm(GovukForm, forms.Form):
    """A button with nothing to fill in."""
