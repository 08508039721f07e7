"""Checking a whole file, and the summary of what a clean file will add to the register."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from membership.forms.imports import COLUMNS, REQUIRED_COLUMNS
from membership.imports.checker import Checker
from membership.imports.reading import (
    ImportCheck,
    ImportRow,
    Problem,
    RegisterFacts,
    UnreadableFileError,
    column_name,
    read_records,
)
from membership.models import ShareClass


def check_file(filename: str, content: bytes, facts: RegisterFacts) -> ImportCheck:
    """Read and check a whole file; every problem is listed, and rows only if there are none."""
    result = ImportCheck()
    checker = Checker(facts)
    records = read_records(filename, content)
    try:
        header = next(records, None)
        if header is None or not any(header):
            raise UnreadableFileError(
                _("The file is empty: its first row must name the columns (see the template).")
            )
        columns = [column_name(h) for h in header]
        positions: dict[str, int] = {}
        for index, name in enumerate(columns):
            if name in COLUMNS and name in positions:
                checker.add(1, name, _("The column “%(col)s” appears twice.") % {"col": name})
            elif name in COLUMNS:
                positions[name] = index
            elif name:
                result.ignored_columns.append(header[index])
        for name in REQUIRED_COLUMNS:
            if name not in positions:
                checker.add(
                    1,
                    name,
                    _(
                        "The file has no “%(col)s” column: the register needs it (see the "
                        "template for every column)."
                    )
                    % {"col": name},
                )
        if checker.problems:
            result.problems = checker.problems
            return result
        width = len(header)
        checked: list[ImportRow] = []
        for number, record in enumerate(records, start=2):
            if not any(record):
                continue
            result.row_count += 1
            if any(record[width:]):
                checker.add(
                    number,
                    None,
                    _(
                        "This row has more cells than the header row: is there a comma inside "
                        "a value that is not in quotes?"
                    ),
                )
            values = {
                name: record[index] if index < len(record) else ""
                for name, index in positions.items()
            }
            row = checker.check_row(number, values)
            if row is not None:
                checked.append(row)
    except UnreadableFileError as exc:
        result.problems = [Problem(None, None, str(exc))]
        return result
    if result.row_count == 0:
        checker.add(None, None, _("The file has a header row but no members."))
    checker.check_members(checked)
    order = {name: index for index, name in enumerate(COLUMNS)}
    result.problems = sorted(
        checker.problems,
        key=lambda p: (p.row or 0, order.get(p.column or "", -1)),
    )
    result.rows = checked if not result.problems else []
    return result


@dataclass(frozen=True)
class ClassTotal:
    """What an import adds to one share class."""

    share_class: ShareClass
    members: int
    shares: int
    paid_pence: int


@dataclass(frozen=True)
class ImportSummary:
    member_count: int
    totals: list[ClassTotal]
    first_rows: list[ImportRow]


def summarise(check: ImportCheck, facts: RegisterFacts, first: int = 20) -> ImportSummary:
    """How many members a clean file adds, its holdings by share class, and its first rows."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in check.rows:
        total = totals[row.share_class]
        total[0] += 1
        total[1] += row.shares
        total[2] += row.paid_pence
    return ImportSummary(
        member_count=len(check.members),
        totals=[
            ClassTotal(facts.share_classes[code], *numbers)
            for code, numbers in sorted(totals.items())
        ],
        first_rows=check.rows[:first],
    )
