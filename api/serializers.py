"""Serializer pieces shared by the API modules, and how they appear in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from coop.core.limits import length_error_messages, too_long_lazy

#: The years a date or a date and time sent to the API may fall in: a ballot, a meeting or a
#: deadline in the year 20266 or 0202 is a typing error, and would otherwise be stored.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
YEARS_MESSAGE = gettext_lazy(
    "%(field)s must be in the years %(earliest)s to %(latest)s (this one is in %(year)s)."
)


def _with_years_help(field: serializers.Field) -> None:
    """The schema says the range, after what the field's help already says."""
    years = f"Between the years {EARLIEST_YEAR} and {LATEST_YEAR}."
    field.help_text = f"{field.help_text} {years}" if field.help_text else years


def _check_year(field: serializers.Field, value: dt.date) -> None:
    """Refuse `value` outside `EARLIEST_YEAR`..`LATEST_YEAR`, naming the field by its label
    (DRF makes one from the field's name, "Closes at", unless the serializer gives one)."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise serializers.ValidationError(
            str(YEARS_MESSAGE)
            % {
                "field": field.label or str(field.field_name).replace("_", " ").capitalize(),
                "earliest": EARLIEST_YEAR,
                "latest": LATEST_YEAR,
                "year": value.year,
            },
            code="year",
        )


class DateTimeInSaneYears(serializers.DateTimeField):
    """The API's one date-and-time field: ballots opening and closing, meetings, deadlines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_years_help(self)

    def to_internal_value(self, value: Any) -> Any:
        # The year as sent, before any change of time zone (and before a year such as 0001
        # overflows in one).
        sent = value
        if isinstance(value, str):
            try:
                sent = parse_datetime(value.strip())
            except ValueError:
                sent = None
        if isinstance(sent, dt.datetime):
            _check_year(self, sent)
        return super().to_internal_value(value)


class DateInSaneYears(serializers.DateField):
    """A date of something being arranged now (a notice given, a motion submitted), in the
    same years; dates of record such as a member's entry or birth may be older."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_years_help(self)

    def to_internal_value(self, value: Any) -> Any:
        day = super().to_internal_value(value)
        _check_year(self, day)
        return day


def name_length_limits(serializer: serializers.BaseSerializer) -> None:
    """Give every text field of `serializer` (and of the serializers in it) with a `max_length`
    and no message of its own the kernel's message, naming the field by its label and the limit
    (`coop.core.limits`), instead of DRF's "Ensure this field has no more than…"."""
    default = serializers.CharField.default_error_messages["max_length"]
    inner: Any = (
        serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer
    )
    if not isinstance(inner, serializers.Serializer):
        return
    for name, field in inner.fields.items():
        if isinstance(field, serializers.BaseSerializer):
            name_length_limits(field)
            continue
        limit = getattr(field, "max_length", None)
        if not isinstance(field, serializers.CharField) or limit is None:
            continue
        if str(field.error_messages.get("max_length")) != str(default):
            continue
        message = too_long_lazy(field.label or name, limit)
        field.error_messages["max_length"] = message
        for validator in field.validators:
            if isinstance(validator, MaxLengthValidator):
                validator.message = message


def limited_char(limit: int, what: str | Promise, **kwargs: Any) -> serializers.CharField:
    """A text of at most `limit` characters, named `what` in the message of its refusal."""
    return serializers.CharField(
        max_length=limit, error_messages=length_error_messages(what, limit), **kwargs
    )


class EnumChoiceField(serializers.ChoiceField):
    """A choice field documented as the named enum component `enum_name`.

    Several models have a `status` or a `kind` with different choices; naming each choice set
    keeps the schema's enum names stable and free of collisions.
    """

    def __init__(self, choices: Sequence[Any], *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class EnumChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field: EnumChoiceField = self.target
        values = [value for value in field.choices if value not in ("", None)]
        lines = [f"* `{value}` - {label}" for value, label in field.choices.items() if value]
        schema: dict[str, Any] = {
            "type": "integer" if all(isinstance(v, int) for v in values) else "string",
            "enum": values,
            "description": "\n".join(lines),
        }
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema=schema,
        )
        auto_schema.registry.register_on_missing(component)
        alternatives: list[dict[str, Any]] = [component.ref]
        if field.allow_blank:
            alternatives.append({"type": "string", "enum": [""]})
        if len(alternatives) == 1 and not field.allow_null:
            return component.ref
        wrapped: dict[str, Any] = (
            {"oneOf": alternatives} if len(alternatives) > 1 else {"allOf": alternatives}
        )
        if field.allow_null:
            wrapped["nullable"] = True
        return wrapped


def _model_field(field: serializers.Field) -> models.Field | None:
    """The model field a serializer field reads, following its source through relations."""
    meta = getattr(field.parent, "Meta", None)
    model = getattr(meta, "model", None)
    found: Any = None
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            return None
        try:
            found = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        model = found.related_model if found.is_relation else None
    return found if isinstance(found, models.Field) else None


class BlankStringExtension(OpenApiSerializerFieldExtension):
    """A read-only string that a model keeps blank when there is nothing to say (a website,
    an email address, a code) is documented as its format *or* the empty string.

    DRF drops `allow_blank` from read-only fields of a ModelSerializer, so drf-spectacular
    would document `format: email` for a member who gave no email address and the answer
    `""` would break the schema; writable fields keep `allow_blank` and drf-spectacular
    already documents them so."""

    target_class = serializers.CharField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field: serializers.CharField = self.target
        schema: dict[str, Any] = auto_schema._map_serializer_field(
            field, direction, bypass_extensions=True
        )
        model_field = _model_field(field) if field.read_only and not field.allow_blank else None
        if (
            model_field is None
            or not model_field.blank
            or not isinstance(model_field, models.CharField | models.TextField)
            or not ({"format", "pattern", "minLength"} & set(schema))
        ):
            return schema
        outer = {"readOnly", "writeOnly", "nullable", "deprecated", "description", "title"}
        inner = {key: schema.pop(key) for key in list(schema) if key not in outer}
        return {**schema, "oneOf": [inner, {"type": "string", "maxLength": 0}]}


#: The one error body of the API, for every status from 400 to 429 (`api.errors` makes every
#: error answer this shape; `api.schema` adds the component and documents the kernel's
#: answers on every operation).
ERROR_COMPONENT = "Error"
ERROR_REF: dict[str, str] = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    ERROR_COMPONENT: {
        "type": "object",
        "description": (
            "`detail` says what went wrong when no one field is to blame (not signed in, "
            "not found, not allowed, a malformed body, too many requests). Invalid input "
            "names each field in error with its messages; errors not tied to one field come "
            "under `non_field_errors`. A refused import also lists every problem it found, "
            "by row and column, under `problems`."
        ),
        "properties": {
            "detail": {"type": "string"},
            "problems": {"type": "array", "items": {"$ref": "#/components/schemas/ImportProblem"}},
        },
        "additionalProperties": {"$ref": "#/components/schemas/ErrorMessages"},
    },
    "ImportProblem": {
        "type": "object",
        "description": "One problem an import found (nothing was imported).",
        "properties": {
            "row": {
                "type": "integer",
                "nullable": True,
                "description": "The row as the spreadsheet numbers it (the header is row 1); "
                "null for a problem with the whole file.",
            },
            "column": {"type": "string", "nullable": True, "description": "The column, or null."},
            "message": {"type": "string", "description": "What is wrong, naming the rule."},
        },
        "required": ["row", "column", "message"],
    },
    "ErrorMessages": {
        "description": (
            "The messages about one field; for a field that holds a list or an object, the "
            "messages about each of its items, by index or key."
        ),
        "anyOf": [
            {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "additionalProperties": {"$ref": "#/components/schemas/ErrorMessages"},
                        },
                    ]
                },
            },
            {
                "type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/ErrorMessages"},
            },
        ],
    },
}

#: What each error status means, the same for every operation.
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Invalid input; nothing written.",
    401: "Not signed in.",
    403: "You hold a role in the organisation, but not one that allows this action.",
    404: "Not found, or in an organisation where you hold no role that may see it.",
    405: "This address does not answer that method.",
    409: "Not ready yet.",
    413: "The upload is larger than the limit.",
    429: "Too many requests; try later.",
}


def error_response(code: int) -> OpenApiResponse:
    return OpenApiResponse(ERROR_REF, description=ERROR_DESCRIPTIONS[code])


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an endpoint, all in the one error shape."""
    return {code: error_response(code) for code in sorted(set(codes))}
