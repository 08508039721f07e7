"""Serializer pieces shared by the API modules, and how they appear in the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


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


VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Each field in error with its messages; errors not tied to one field come under "
        '`non_field_errors`. A malformed body answers `{"detail": "…"}`.'
    ),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


_ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="Invalid input; nothing written."),
    401: OpenApiResponse(ErrorDetailSerializer, description="Not signed in."),
    403: OpenApiResponse(
        ErrorDetailSerializer,
        description="You hold a role in the organisation, but not one that allows this action.",
    ),
    404: OpenApiResponse(
        ErrorDetailSerializer,
        description="Not found, or in an organisation where you hold no role that may see it.",
    ),
    409: OpenApiResponse(ErrorDetailSerializer, description="Not ready yet."),
    429: OpenApiResponse(ErrorDetailSerializer, description="Too many requests; try later."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an endpoint."""
    return {code: _ERRORS[code] for code in sorted(set(codes))}
