"""Cells that are safe to open in a spreadsheet, and the size cap of uploaded files.

A CSV or XLSX cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula ("CSV injection": `=HYPERLINK(...)` in a
member's name would run when the secretary opens the register). Every export writes its cells
through `safe_cell`, which puts an apostrophe before such a text so it shows as typed.
Numbers stay numbers: a negative amount written as an int is not text and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The largest file Cyd takes for an import (a register, an OCDS release): 10 MB.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
#: The largest document, receipt or evidence file: 20 MB.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def safe_cell(value: Any) -> Any:
    """`value`, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """`safe_cell` over a row."""
    return [safe_cell(value) for value in values]


def check_upload_size(field: str, size: int | None, limit: int) -> None:
    """Refuse a file over `limit` bytes, naming the field and the cap."""
    if size is not None and size > limit:
        raise ValidationError(
            {
                field: [
                    _("The file is %(size)s; the largest file Cyd takes here is %(limit)s.")
                    % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
                ]
            }
        )
