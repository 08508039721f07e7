"""Forms of the governance pages (GOV.UK markup through `coop.core.forms.GovukForm`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise

from coop.core.limits import length_error_messages


def limited_text(limit: int, what: str | Promise, **kwargs: Any) -> forms.CharField:
    """A text field of at most `limit` characters (`governance.limits`): a longer text is
    refused with a message naming it (`what`) and the limit, and nothing is written."""
    messages = {**length_error_messages(what, limit), **kwargs.pop("error_messages", {})}
    return forms.CharField(max_length=limit, error_messages=messages, **kwargs)
