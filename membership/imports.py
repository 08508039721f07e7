"""Checking an imported register spreadsheet (CSV UTF-8 or .xlsx) against the register rules.

`check_file(filename, content, facts)` reads the file and returns the rows it would import and
every problem it found, each tied to a row (as the spreadsheet numbers it: the header is row 1)
and a column. It writes nothing; `membership.services.imports` does the writing. Everything it
needs from the database is loaded up front by `register_facts()` (a handful of queries,
whatever the size of the file), so checking 50,000 rows makes no per-row query.

One row is one member with one holding; a member with holdings in two share classes takes two
rows with the same `member_number`.
"""

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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from membership.forms.imports import ALIASES, COLUMNS, REQUIRED_COLUMNS, MemberRowForm
from membership.models import Member, MemberClass, Organisation, RulesVersion, ShareClass
from membership.rules import age_on, cap_applies, format_pounds

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


def _column_name(header: str) -> str:
    name = re.sub(r"\(.*?\)", "", header.strip().lower()).strip()
    name = re.sub(r"[\s\-]+", "_", name)
    return ALIASES.get(name, name)


# Checking -----------------------------------------------------------------------------------


class _Checker:
    def __init__(self, facts: RegisterFacts) -> None:
        self.facts = facts
        self.org = facts.organisation
        self.problems: list[Problem] = []
        self.form = MemberRowForm(data={})

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def check_row(self, number: int, values: dict[str, str]) -> ImportRow | None:
        form = self.form.rebind(values)
        valid = form.is_valid()
        for column, messages in form.errors.items():
            for message in messages:
                self.add(number, None if column == "__all__" else column, str(message))
        data = form.cleaned_data
        before = len(self.problems)
        self._check_register_rules(number, data)
        if not valid or len(self.problems) > before:
            return None
        share_class = self.facts.share_classes[data["share_class"]]
        return ImportRow(
            row=number,
            number=data["member_number"],
            name=data["name"].strip(),
            kind=data["kind"],
            member_class=data["member_class"],
            email=data["email"],
            email_for_notices=data["email_for_notices"],
            email_for_ballots=data["email_for_ballots"],
            email_for_news=data["email_for_news"],
            postal_address=data["postal_address"].strip(),
            postcode=data["postcode"],
            entered_on=data["date_entered"],
            share_class=share_class.code,
            shares=data["shares"],
            paid_pence=int(data["amount_paid"] * 100),
            phone=data["phone"].strip(),
            date_of_birth=data["date_of_birth"],
            preferred_language=data["preferred_language"],
            is_registered_society=data["is_registered_society"],
        )

    def _check_register_rules(self, row: int, data: dict[str, object]) -> None:
        facts, org = self.facts, self.org
        member_class = facts.member_classes.get(str(data.get("member_class")))
        if "member_class" in data and member_class is None:
            self.add(
                row,
                "member_class",
                _("%(org)s has no member class “%(code)s”: use one of %(codes)s.")
                % {
                    "org": org.name,
                    "code": data["member_class"],
                    "codes": ", ".join(sorted(facts.member_classes)),
                },
            )
        if (
            member_class is not None
            and member_class.members_are_organisations
            and data.get("kind") == Member.Kind.PERSON
        ):
            self.add(
                row,
                "kind",
                _("Members of the class %(cls)s are organisations: enter “organisation”.")
                % {"cls": member_class.name},
            )
        share_class = facts.share_classes.get(str(data.get("share_class")))
        if "share_class" in data and share_class is None:
            self.add(
                row,
                "share_class",
                _("%(org)s has no share class “%(code)s”: use one of %(codes)s.")
                % {
                    "org": org.name,
                    "code": data["share_class"],
                    "codes": ", ".join(sorted(facts.share_classes)),
                },
            )
        if share_class is not None and member_class is not None:
            allowed = facts.allowed_share_classes.get(member_class.pk, frozenset())
            if allowed and share_class.pk not in allowed:
                self.add(
                    row,
                    "share_class",
                    _(
                        "Members of the class %(mclass)s may not hold %(cls)s (rules on member "
                        "classes)."
                    )
                    % {"mclass": member_class.name, "cls": share_class.name},
                )
        shares = data.get("shares")
        if share_class is not None and isinstance(shares, int):
            self._check_holding(row, share_class, shares, data.get("amount_paid"))
        entered = data.get("date_entered")
        if isinstance(entered, dt.date):
            self._check_entered(row, entered, data)
        born = data.get("date_of_birth")
        if isinstance(born, dt.date) and born > facts.today:
            self.add(row, "date_of_birth", _("The date of birth cannot be in the future."))
        number = data.get("member_number")
        if isinstance(number, int) and number in facts.used_numbers:
            self.add(
                row,
                "member_number",
                _(
                    "Member number %(number)s is already used in %(org)s; member numbers are "
                    "never reused."
                )
                % {"number": number, "org": org.name},
            )
        email = data.get("email")
        if email and email in facts.current_emails:
            self.add(
                row,
                "email",
                _(
                    "Member %(number)s on the register already has this email address: this "
                    "member looks like a duplicate of a current member."
                )
                % {"number": facts.current_emails[str(email)]},
            )

    def _check_holding(
        self, row: int, share_class: ShareClass, shares: int, amount: object
    ) -> None:
        if share_class.maximum_shares is not None and shares > share_class.maximum_shares:
            self.add(
                row,
                "shares",
                _(
                    "%(shares)s shares is above the maximum holding of %(max)s for %(cls)s "
                    "(share class terms)."
                )
                % {"shares": shares, "max": share_class.maximum_shares, "cls": share_class.name},
            )
        if shares < share_class.minimum_shares:
            self.add(
                row,
                "shares",
                _(
                    "%(shares)s shares is below the minimum holding of %(min)s for %(cls)s "
                    "(share class terms)."
                )
                % {"shares": shares, "min": share_class.minimum_shares, "cls": share_class.name},
            )
        value = shares * share_class.nominal_value_pence
        if amount is not None and int(amount * 100) > value:  # type: ignore[operator]
            self.add(
                row,
                "amount_paid",
                _(
                    "The amount paid (%(paid)s) is more than the value of %(shares)s shares of "
                    "%(cls)s (%(value)s): no more than a share's nominal value can be paid on it."
                )
                % {
                    "paid": format_pounds(int(amount * 100)),  # type: ignore[operator]
                    "shares": shares,
                    "cls": share_class.name,
                    "value": format_pounds(value),
                },
            )

    def _check_entered(self, row: int, entered: dt.date, data: dict[str, object]) -> None:
        facts, org = self.facts, self.org
        if entered > facts.today:
            self.add(row, "date_entered", _("The date cannot be in the future."))
            return
        if entered < org.registered_on:
            self.add(
                row,
                "date_entered",
                _("The date cannot be before %(org)s was registered (%(day)s).")
                % {"org": org.name, "day": date_format(org.registered_on)},
            )
            return
        rules = facts.rules_on(entered)
        if rules is None:
            self.add(
                row,
                "date_entered",
                _(
                    "No rules are recorded for %(org)s on %(day)s: record the registered rules "
                    "first."
                )
                % {"org": org.name, "day": date_format(entered)},
            )
            return
        born = data.get("date_of_birth")
        if (
            data.get("kind") == Member.Kind.PERSON
            and isinstance(born, dt.date)
            and age_on(born, entered) < rules.minimum_age
        ):
            self.add(
                row,
                "date_of_birth",
                _(
                    "Members must be at least %(age)s years old when they enter the register "
                    "(%(rule)s)."
                )
                % {"age": rules.minimum_age, "rule": rules.cite("minimum_age")},
            )

    def check_members(self, rows: list[ImportRow]) -> None:
        """Checks across rows: duplicates in the file, and each member's whole holding."""
        groups: dict[tuple[str, ...], list[ImportRow]] = defaultdict(list)
        for row in rows:
            groups[row.member_key()].append(row)
        for group in groups.values():
            first = group[0]
            seen_classes: dict[str, int] = {}
            for row in group:
                if row is not first and row.number is None:
                    self.add(
                        row.row,
                        "name",
                        _(
                            "This member is already in row %(row)s (same name and email address, "
                            "or address). A member who holds two share classes takes two rows "
                            "with the same member_number."
                        )
                        % {"row": first.row},
                    )
                    continue
                if row.share_class in seen_classes:
                    self.add(
                        row.row,
                        "member_number",
                        _(
                            "Member number %(number)s already has a row for %(cls)s (row "
                            "%(row)s): put the whole holding of a class in one row."
                        )
                        % {
                            "number": row.number,
                            "cls": self.facts.share_classes[row.share_class].name,
                            "row": seen_classes[row.share_class],
                        },
                    )
                seen_classes.setdefault(row.share_class, row.row)
                for column in MEMBER_COLUMNS if row is not first else ():
                    if _member_value(row, column) != _member_value(first, column):
                        self.add(
                            row.row,
                            column,
                            _(
                                "Rows of member number %(number)s must agree on %(column)s: row "
                                "%(row)s gives another value."
                            )
                            % {"number": row.number, "column": column, "row": first.row},
                        )
            self._check_member_holding(group)

    def _check_member_holding(self, group: list[ImportRow]) -> None:
        first, classes = group[0], self.facts.share_classes
        rules = self.facts.rules_on(first.entered_on)
        if rules is None:
            return
        qualifying = [c for c in classes.values() if c.qualifies_for_membership]
        held = sum(r.shares for r in group if classes[r.share_class].qualifies_for_membership)
        if qualifying and held < rules.minimum_shares:
            self.add(
                first.row,
                "share_class" if held == 0 else "shares",
                _(
                    "A member must hold at least %(min)s shares of %(cls)s to be a member "
                    "(%(rule)s)."
                )
                % {
                    "min": rules.minimum_shares,
                    "cls": " / ".join(c.name for c in qualifying),
                    "rule": rules.cite("minimum_shares"),
                },
            )
        last = group[-1]
        value = sum(r.shares * classes[r.share_class].nominal_value_pence for r in group)
        if rules.maximum_holding_pence is not None and value > rules.maximum_holding_pence:
            self.add(
                last.row,
                "shares",
                _(
                    "This makes the member's holding %(value)s, above the maximum holding of "
                    "%(max)s (%(rule)s)."
                )
                % {
                    "value": format_pounds(value),
                    "max": format_pounds(rules.maximum_holding_pence),
                    "rule": rules.cite("maximum_holding_pence"),
                },
            )
        withdrawable = sum(
            r.shares * classes[r.share_class].nominal_value_pence
            for r in group
            if classes[r.share_class].is_withdrawable
        )
        registered_society = first.kind == Member.Kind.ORGANISATION and first.is_registered_society
        if (
            cap_applies(is_registered_society=registered_society)
            and withdrawable > rules.individual_cap_pence
        ):
            self.add(
                last.row,
                "shares",
                _(
                    "This makes the member's withdrawable shares worth %(value)s, above the cap "
                    "of %(cap)s for a member who is not a registered society (CCBS Act 2014 "
                    "s.24; %(rule)s)."
                )
                % {
                    "value": format_pounds(withdrawable),
                    "cap": format_pounds(rules.individual_cap_pence),
                    "rule": rules.cite("individual_cap_pence"),
                },
            )


def _member_value(row: ImportRow, column: str) -> object:
    attribute = {"member_number": "number", "date_entered": "entered_on"}.get(column, column)
    value = getattr(row, attribute)
    return value.casefold() if isinstance(value, str) else value


def check_file(filename: str, content: bytes, facts: RegisterFacts) -> ImportCheck:
    """Read and check a whole file; every problem is listed, and rows only if there are none."""
    result = ImportCheck()
    checker = _Checker(facts)
    records = read_records(filename, content)
    try:
        header = next(records, None)
        if header is None or not any(header):
            raise UnreadableFileError(
                _("The file is empty: its first row must name the columns (see the template).")
            )
        columns = [_column_name(h) for h in header]
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
