"""Forms of the meeting on the day, the minutes and requisitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coop.core.forms import GovukForm
from governance import limits
from governance.forms import limited_text
from governance.forms.meetings import TimeInput, local_datetime

#: The check-in buttons: (action, attendance status, channel).
CHECK_IN_ACTIONS: dict[str, tuple[str, str]] = {
    "door": ("present", "door"),
    "online": ("present", "online"),
    "apologies": ("apologies", ""),
    "left": ("left", ""),
}


class CheckInForm(GovukForm, forms.Form):
    member_number = forms.IntegerField(
        label=_("Member number"),
        min_value=1,
        error_messages={
            "required": _("Enter the member number."),
            "invalid": _("Enter a member number, like 27."),
            "min_value": _("Enter a member number, like 27."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member_number"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input govuk-input--width-5"}
        )


class StartForm(GovukForm, forms.Form):
    chair_name = limited_text(
        limits.NAME,
        _("The chair's name"),
        label=_("Name of the chair"),
        error_messages={"required": _("Name the chair of the meeting.")},
    )


class AdjournForm(GovukForm, forms.Form):
    reason = limited_text(
        limits.REASON,
        _("The reason"),
        label=_("Why the meeting is adjourned"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for adjourning.")},
    )
    to_date = forms.DateField(label=_("Adjourned to (date)"), required=False)
    to_time = forms.TimeField(label=_("Adjourned to (time)"), required=False, widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("to_date")) != bool(data.get("to_time")):
            self.add_error(
                "to_date" if not data.get("to_date") else "to_time",
                _("Give both the date and the time the meeting is adjourned to, or neither."),
            )
        return data

    def adjourned_to(self) -> dt.datetime | None:
        data = self.cleaned_data
        if data.get("to_date") and data.get("to_time"):
            return local_datetime(data["to_date"], data["to_time"])
        return None


class MinutesForm(GovukForm, forms.Form):
    body = limited_text(
        limits.MINUTES,
        _("The minutes in English"),
        label=_("The minutes in English"),
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": _("The minutes cannot be empty.")},
    )
    body_cy = limited_text(
        limits.MINUTES,
        _("The minutes in Welsh"),
        label=_("The minutes in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
    )


class RequisitionForm(GovukForm, forms.Form):
    purpose = limited_text(
        limits.PURPOSE,
        _("The business"),
        label=_("What business should the general meeting consider?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what business the meeting is asked to consider.")},
    )
    purpose_cy = limited_text(
        limits.PURPOSE,
        _("The business in Welsh"),
        label=_("The business in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
