"""Refusals that name a field, and the allowed-transitions check: what every app's services
raise, so that forms and the API show each message by the field it names."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import models


def fail(field: str, message: str) -> ValidationError:
    """A refusal tied to one field (`"__all__"` for the whole request); forms show it on that
    field and the API under that key."""
    return ValidationError({field: [message]})


def check_transition(
    current: str,
    to: str,
    *,
    transitions: Mapping[str, Collection[str]],
    labels: type[models.TextChoices],
    message: str,
    field: str = "status",
) -> None:
    """Refuse a move from `current` to `to` that `transitions` (the model's allowed-transitions
    map) does not list. `message` is a whole sentence with `%(now)s` and `%(to)s` (the states'
    labels), so that it translates as one sentence."""
    if to not in transitions.get(current, ()):
        raise fail(field, message % {"now": labels(current).label, "to": labels(to).label})
