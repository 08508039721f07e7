"""One error body for the whole API.

Validation errors answer 400 with `{"field": ["message", ...]}` (errors not tied to a field
under `non_field_errors`); other errors answer `{"detail": "message"}`. Domain services raise
Django's `ValidationError` with field names; this turns them into the same shape. The body is
always an object (documented as the `Error` component, `api.serializers.ERROR_SCHEMAS`): a
list of messages raised without a field comes under `non_field_errors`. Answers where no API
view was reached (an id that is not a number, a lockout) take the same shape in
`coop.views` and `coop.core.views.lockout`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def validation_error_body(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    return response
