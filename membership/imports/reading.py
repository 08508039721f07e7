"""What an import works from: its rows and problems, the register's facts loaded up front, and
reading the CSV or .xlsx file."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from membership.forms.imports import ALIASES, COLUMNS
from membership.models import Member, MemberClass, Organisation, RulesVersion, ShareClass

NOT_UTF8 = gettext_noop("The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'")
#: Columns that describe the member (the same on every row of a member with two holdings).
MEMBER_COLUMNS = tuple(c for c in COLUMNS if c not in {"share_class", "shares", "amount_paid"})


@dataclass(frozen=True)
class Problem:
    """One problem in the file: `row` as the spreadsheet shows it (None: the whole file)."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class ImportRow:
    """A row that passed every check: one member and one holding, ready to import."""

    row: int
    number: int | None
    name: str
    kind: str
    member_class: str
    email: str
    email_for_notices: bool
    email_for_ballots: bool
    email_for_news: bool
    postal_address: str
    postcode: str
    entered_on: dt.date
    share_class: str
    shares: int
    paid_pence: int
    phone: str
    date_of_birth: dt.date | None
    preferred_language: str
    is_registered_society: bool

    def member_key(self) -> tuple[str, ...]:
        """Rows with the same key are the same member."""
        if self.number is not None:
            return ("number", str(self.number))
        return ("person", self.name.casefold(), self.email or self.postal_address.casefold())


@dataclass
class RegisterFacts:
    """What the checks need from the register, loaded once."""

    organisation: Organisation
    today: dt.date
    member_classes: dict[str, MemberClass]
    share_classes: dict[str, ShareClass]
    allowed_share_classes: dict[int, frozenset[int]]
    rules_versions: list[RulesVersion]
    used_numbers: set[int]
    current_emails: dict[str, int]

    def rules_on(self, day: dt.date) -> RulesVersion | None:
        days = [version.effective_from for version in self.rules_versions]
        index = bisect.bisect_right(days, day)
        return self.rules_versions[index - 1] if index else None


@dataclass
class ImportCheck:
    """The outcome of checking a file: the rows to import, or the problems that stop it."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def members(self) -> list[list[ImportRow]]:
        """The rows grouped by member, in the order of each member's first row."""
        groups: dict[tuple[str, ...], list[ImportRow]] = {}
        for row in self.rows:
            groups.setdefault(row.member_key(), []).append(row)
        return list(groups.values())


def register_facts(organisation: Organisation) -> RegisterFacts:
    """Load classes, rules, used member numbers and current members' emails (six queries)."""
    member_classes = {c.code: c for c in organisation.member_classes.all()}
    allowed: dict[int, set[int]] = defaultdict(set)
    through = MemberClass.share_classes.through.objects.filter(
        memberclass__organisation=organisation
    ).values_list("memberclass_id", "shareclass_id")
    for member_class_id, share_class_id in through:
        allowed[member_class_id].add(share_class_id)
    members = Member.objects.filter(organisation=organisation)
    return RegisterFacts(
        organisation=organisation,
        today=timezone.localdate(),
        member_classes=member_classes,
        share_classes={c.code: c for c in organisation.share_classes.all()},
        allowed_share_classes={pk: frozenset(ids) for pk, ids in allowed.items()},
        rules_versions=list(organisation.rules_versions.order_by("effective_from")),
        used_numbers=set(members.values_list("number", flat=True)),
        current_emails=dict(
            members.current().exclude(email="").values_list("email", "number").order_by("number")
        ),
    )


# Reading ------------------------------------------------------------------------------------


class UnreadableFileError(Exception):
    """The file as a whole cannot be read."""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_records(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(_(NOT_UTF8)) from exc
    # Spreadsheets set to some locales separate cells with ';' (or a tab): take the separator
    # the header row uses most; everything else follows Excel's CSV.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        yield from ([cell.strip() for cell in record] for record in reader)
    except csv.Error as exc:
        raise UnreadableFileError(
            _("The file could not be read as CSV (near row %(row)s): %(error)s.")
            % {"row": reader.line_num, "error": exc}
        ) from exc


def _xlsx_records(content: bytes) -> Iterator[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook can fail anywhere in openpyxl's parser
        raise UnreadableFileError(
            _(
                "The file could not be read as an Excel workbook (.xlsx): save it again "
                "from your spreadsheet, or save it as 'CSV UTF-8'."
            )
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for values in sheet.iter_rows(min_row=1, values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def read_records(filename: str, content: bytes) -> Iterator[list[str]]:
    """The file's rows as lists of text cells (the first is the header row)."""
    if os.path.splitext(filename)[1].lower() == ".xlsx":
        return _xlsx_records(content)
    return _csv_records(content)


def column_name(header: str) -> str:
    name = re.sub(r"\(.*?\)", "", header.strip().lower()).strip()
    name = re.sub(r"[\s\-]+", "_", name)
    return ALIASES.get(name, name)
