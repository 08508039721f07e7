"""Template helpers used across Cyd's pages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
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


_CSS_STRING_UNSAFE = frozenset("\"\\'<>&")
_PAGE_PLACEHOLDER = re.compile(r"\{(pages|page)\}")


@register.filter
def css_string(value: Any) -> str:
    """Text made safe inside a double-quoted CSS string in a `<style>` element: quotes,
    backslashes, control characters and HTML's special characters become CSS escapes
    (`\\22 `), so an organisation called `Jones & Sons' "Co-op"` cannot break the stylesheet."""
    return "".join(
        f"\\{ord(ch):x} " if ch in _CSS_STRING_UNSAFE or ord(ch) < 0x20 or ch == "\x7f" else ch
        for ch in str(value)
    )


@register.filter
def css_page_counter(text: Any) -> SafeString:
    """A translated "Page {page} of {pages}" as a CSS `content` value for a PDF page margin:
    `"Page " counter(page) " of " counter(pages)`."""
    parts: list[str] = []
    for index, piece in enumerate(_PAGE_PLACEHOLDER.split(str(text))):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(f'"{css_string(piece)}"')
    # Safe: every literal piece went through css_string, which leaves no HTML character.
    return mark_safe(" ".join(parts))  # noqa: S308
