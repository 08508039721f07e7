"""Length limits of free text: one mechanism for every app.

Each app keeps its own numbers (`voting.limits`, `governance.limits`, `tendering.rules`,
`membership.models.text`); this module is how they are applied, so that a page, the API and a
direct service call refuse the same text with the same message, naming the field and its limit,
and write nothing:

- `too_long(what, limit)`: the one message ("The reason must be 2,000 characters or fewer.").
- `length_error_messages(what, limit)`: a form field's or a serializer field's
  `error_messages` for its `max_length`, translated when shown.
- `check_length(field, value, limit, what)` and `check_lengths(values, limits)`: a service's
  refusal of the first text over its limit (`Limit`: a limit and what the field is called).
- `check_model_lengths(instance)`: the same from a model's own bounded text fields, before
  `full_clean()` (whose message would not name the field).
- `limited_text(verbose_name, limit)` and `length_limits(model, **limits)`: a model's bounded
  text field (its validator names the field) and the database's check of it.
- `name_length_limits(fields)`: every length limit of a form named (the kit's `GovukForm`
  calls it, so no page shows Django's anonymous "Ensure this value has at most…").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext

from coop.core.validation import fail


@dataclass(frozen=True)
class Limit:
    """A named limit: at most `size` characters, the field called `what` ("The title")."""

    size: int
    what: str | Promise

    def error_messages(self) -> dict[str, Any]:
        """`error_messages` of the form field or serializer field with `max_length=size`."""
        return length_error_messages(self.what, self.size)


def too_long(what: str | Promise, limit: int) -> str:
    """The refusal of a text longer than `limit`, naming it (`what`: "The business")."""
    return gettext("%(what)s must be %(limit)s characters or fewer.") % {
        "what": capfirst(str(what)),
        "limit": number_format(limit, force_grouping=True),
    }


#: `too_long`, translated when it is shown (for forms, serializers and model validators).
too_long_lazy = lazy(too_long, str)


def length_error_messages(what: str | Promise, limit: int) -> dict[str, Any]:
    """`error_messages` of a form field or a serializer field with `max_length=limit`."""
    return {"max_length": too_long_lazy(what, limit)}


def check_length(field: str, value: str | None, limit: int, what: str | Promise) -> None:
    """Refuse `value` (the input `field`) if longer than `limit`."""
    if value is not None and len(value) > limit:
        raise fail(field, too_long(what, limit))


def check_lengths(values: Mapping[str, str | None], limits: Mapping[str, Limit]) -> None:
    """Refuse the first text of `values` (field name → text) over its limit in `limits`."""
    for field, value in values.items():
        limit = limits[field]
        check_length(field, value, limit.size, limit.what)


def _limit_of(field: models.Field) -> int | None:
    if isinstance(field, models.CharField) and field.max_length:
        return int(field.max_length)
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        if getattr(validator, "code", "") == "max_length" and isinstance(limit, int):
            return limit
    return None


def check_model_lengths(instance: models.Model, *names: str) -> None:
    """Refuse the first of the instance's text fields `names` (every bounded text field if
    none named) that is longer than its model allows, naming it by its label."""
    fields = [instance._meta.get_field(n) for n in names] if names else instance._meta.fields
    for field in fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        limit = _limit_of(field)
        value = getattr(instance, field.attname)
        if limit is not None and isinstance(value, str):
            check_length(field.name, value, limit, field.verbose_name)


def limited_text(verbose_name: Any, max_length: int, **kwargs: Any) -> models.TextField:
    """A model's text field of at most `max_length` characters: `full_clean()` refuses a longer
    one with the one message, naming the field by its `verbose_name`."""
    validator = MaxLengthValidator(max_length, message=too_long_lazy(verbose_name, max_length))
    return models.TextField(verbose_name, max_length=max_length, validators=[validator], **kwargs)


def length_limits(model: str, **limits: int) -> list[models.CheckConstraint]:
    """The database's check of each field's limit, named `<model>_<field>_length`."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit), name=f"{model}_{field}_length"
        )
        for field, limit in limits.items()
    ]


def name_length_limits(fields: Iterable[forms.Field]) -> None:
    """Give every form field with a `max_length` and no message of its own the one message,
    naming the field by its label."""
    for field in fields:
        limit = getattr(field, "max_length", None)
        if limit and "max_length" not in field.error_messages:
            field.error_messages["max_length"] = too_long_lazy(field.label or "", limit)
