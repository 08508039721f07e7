"""The register as CSV, streamed row by row (constant memory whatever its size).

Every cell goes through `coop.core.spreadsheets.safe_row`: a member's name or address that
begins with `=`, `+`, `-`, `@`, a tab or a carriage return would otherwise run as a formula
when the secretary opens the file in a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils.translation import gettext as _

from coop.core.spreadsheets import safe_row
from membership.rules import format_pounds
from membership.selectors import Register


class _Echo:
    """A file-like object whose write() returns what it was given (for streaming csv)."""

    def write(self, value: str) -> str:
        return value


def register_csv_header(register: Register) -> list[str]:
    header = [
        _("Member number"),
        _("Name"),
        _("Kind"),
        _("Member class"),
        _("Postal address"),
        _("Postcode"),
        _("Email address"),
        _("Email address given for"),
        _("Date entered"),
        _("Date ceased"),
        _("Status"),
    ]
    if register.with_holdings:
        for share_class in register.share_classes:
            header += [
                _("%(cls)s: shares") % {"cls": share_class.name},
                _("%(cls)s: amount paid") % {"cls": share_class.name},
            ]
        header += [_("Total shares"), _("Total amount paid")]
    return header


def register_csv_rows(register: Register) -> Iterator[list[str]]:
    for row in register.rows:
        line = [
            str(row.number),
            row.name,
            row.kind,
            row.member_class,
            row.postal_address.replace("\r\n", ", ").replace("\n", ", "),
            row.postcode,
            row.email,
            " ".join(row.email_purposes),
            row.entered_on.isoformat(),
            row.ceased_on.isoformat() if row.ceased_on else "",
            row.status,
        ]
        if register.with_holdings:
            for share_class in register.share_classes:
                holding = row.holdings.get(share_class.pk)
                line += [
                    str(holding.shares) if holding else "0",
                    format_pounds(holding.paid_pence) if holding else format_pounds(0),
                ]
            line += [str(row.total_shares), format_pounds(row.total_paid_pence)]
        yield line


def register_csv_lines(register: Register) -> Iterator[str]:
    """CSV text, one line at a time, with a byte-order mark so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(safe_row(register_csv_header(register)))
    for line in register_csv_rows(register):
        yield writer.writerow(safe_row(line))
