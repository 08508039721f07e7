"""Forms rendered with the GOV.UK Frontend markup (Django's template-based form rendering).

`GovukFormRenderer` points Django's form and field templates at `templates/forms/`; the
`GovukForm` mixin adds the design system's CSS classes to widgets and, after validation, the
error modifier classes; a text over its `max_length` is refused with the kernel's message,
naming the field and the limit (`coop.core.limits`). Labels, hints, error messages and the
error summary then come out accessible: each input is labelled, described by its hint and
error, and the summary links to the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from coop.core.limits import name_length_limits

_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str, str], ...] = (
    (forms.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (forms.Select, "govuk-select", "govuk-select--error"),
    # CheckboxSelectMultiple subclasses RadioSelect, so it must come first.
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input", ""),
    (forms.RadioSelect, "govuk-radios__input", ""),
    (forms.CheckboxInput, "govuk-checkboxes__input", ""),
    (forms.ClearableFileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (forms.FileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (forms.widgets.Input, "govuk-input", "govuk-input--error"),
)


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


class GovukForm:
    """Mixin for `forms.Form`/`forms.ModelForm`: design-system classes on every widget."""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_length_limits(self.fields.values())
        for field in self.fields.values():
            for widget_class, css, _error_css in _WIDGET_CLASSES:
                if isinstance(field.widget, widget_class):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{existing} {css}".strip()
                    break
            if isinstance(field, forms.DateField) and not isinstance(
                field.widget, forms.HiddenInput
            ):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._mark_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        """Errors added after validation (a service's refusal) are marked up like the rest."""
        super().add_error(field, error)  # type: ignore[misc]
        self._mark_errors()

    def _mark_errors(self) -> None:
        """Each field in error: described by its error message, with the error style."""
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            auto_id = self[name].auto_id  # type: ignore[index]
            described_by = [f"{auto_id}_helptext"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described_by, f"{auto_id}_error"])
            for widget_class, _css, error_css in _WIDGET_CLASSES:
                if isinstance(field.widget, widget_class):
                    if error_css and error_css not in field.widget.attrs.get("class", ""):
                        field.widget.attrs["class"] += f" {error_css}"
                    break


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message on the field it names
    (through `aliases` where the form calls it something else), the rest above the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = aliases.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
