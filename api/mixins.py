"""Small helpers API endpoints share: reading validated input, naming service errors after the
fields the client sent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from api.serializers import name_length_limits


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validate `data` (a body or query parameters) for shape; 400 naming the fields if not."""
    serializer = serializer_class(data=data)
    name_length_limits(serializer)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@contextmanager
def renamed_errors(renames: Mapping[str, str]) -> Iterator[None]:
    """Report a service's errors under the names the endpoint's input uses (a service may call
    a date `entered_on` where the endpoint takes `decided_on`)."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        merged: dict[str, list[DjangoValidationError]] = {}
        for field, errors in exc.error_dict.items():
            merged.setdefault(renames.get(field, field), []).extend(errors)
        raise DjangoValidationError(merged) from exc


@contextmanager
def errors_under(field: str) -> Iterator[None]:
    """Report every error of a service under one input field, each message prefixed with the
    name the service gave (for inputs that list names, such as fields to erase)."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise DjangoValidationError({field: exc.messages}) from exc
        messages = [
            message if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name, texts in exc.message_dict.items()
            for message in texts
        ]
        raise DjangoValidationError({field: messages}) from exc
