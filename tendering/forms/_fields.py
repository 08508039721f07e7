"""Fields shared by the tendering forms: money in pounds, hours, dates and times."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coop.core.spreadsheets import check_upload_size

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class DateTimeLocalInput(forms.DateTimeInput):
    """A native date-and-time input (works without JavaScript); read in UK time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def datetime_field(label: Any, *, required: bool = False, help_text: Any = "") -> Any:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text or _("UK time (Europe/London)."),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
    )


def pounds_field(label: Any, *, required: bool = False, help_text: Any = "") -> Any:
    """An amount in pounds and pence (stored in pence: see `pence`)."""
    field = forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={
            "invalid": _("Enter an amount in pounds, like 21.50."),
            "min_value": _("Enter an amount of £0 or more."),
            "max_decimal_places": _("Give pounds and pence, with at most 2 decimal places."),
            "required": _("Enter an amount in pounds."),
        },
    )
    field.widget.attrs.update(
        {"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}
    )
    return field


def hours_field(label: Any, *, required: bool = True, help_text: Any = "") -> Any:
    """Hours a week: the service checks that they are positive, plausible and in units."""
    field = forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=14,
        error_messages={
            "invalid": _("Enter hours a week as a number, like 37.5."),
            "required": _("Enter the hours a week."),
        },
    )
    field.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"})
    return field


def pence(pounds: Decimal | None) -> int | None:
    """Pounds entered in a form, as whole pence (rounded half up)."""
    if pounds is None:
        return None
    return int((pounds * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def capped(upload: Any, limit: int) -> Any:
    """An uploaded file no larger than `limit` bytes (`coop.core.spreadsheets`), refused on
    its field before anything reads it."""
    try:
        check_upload_size("file", getattr(upload, "size", None), limit)
    except ValidationError as error:
        raise ValidationError(error.message_dict["file"]) from None
    return upload


def narrow(field: forms.Field, width: int = 5) -> None:
    field.widget.attrs.update(
        {"class": f"govuk-input govuk-input--width-{width}", "inputmode": "numeric"}
    )
