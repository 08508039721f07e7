"""Template helpers used across Cyd's pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.translation import gettext

from coop.core.forms import widget_kind as _widget_kind

register = template.Library()


@register.filter
def widget_kind(field: BoundField) -> str:
    return _widget_kind(field.field.widget)


@register.filter
def is_marked_optional(label: Any) -> bool:
    """Whether a label already says it is optional (in English or Welsh)."""
    text = str(label).lower()
    return gettext("optional") in text or "optional" in text


@register.filter
def pounds(pence: int | None) -> str:
    """Format an amount in pence as pounds: 1234567 → £12,345.67."""
    if pence is None:
        return ""
    value = Decimal(pence) / 100
    return "£" + number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ mapping|get_item:key }}` for dictionaries keyed by ids."""
    if mapping is None:
        return None
    return mapping.get(key)
