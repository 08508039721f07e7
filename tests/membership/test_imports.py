"""Importing a register spreadsheet: every problem listed by row and column, nothing imported
while any remains; a clean file imported all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coop.core.models import AuditEvent
from membership import services
from membership.models import ImportBatch, Member, Organisation, ShareTransaction
from membership.selectors import holdings_for_members
from membership.services.imports import ImportProblemsError, import_commit, import_preview
from tests.factories import membership as mf

HEADER = [
    "member_number",
    "name",
    "kind",
    "member_class",
    "email",
    "email_for_notices",
    "email_for_ballots",
    "postal_address",
    "postcode",
    "date_entered",
    "share_class",
    "shares",
    "amount_paid",
]


def row(**values: str) -> dict[str, str]:
    """A valid row for a new member; override any column."""
    base = {
        "member_number": "",
        "name": "Gwen Jones",
        "kind": "person",
        "member_class": "users",
        "email": "gwen@example.org",
        "email_for_notices": "yes",
        "email_for_ballots": "yes",
        "postal_address": "2 Heol y Llan, Tywyn",
        "postcode": "ll36 9aa",
        "date_entered": "2021-05-04",
        "share_class": "membership",
        "shares": "1",
        "amount_paid": "1.00",
    }
    base.update(values)
    return base


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    header = header or list(dict.fromkeys(key for r in rows for key in r)) or HEADER
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(column, "") for column in header])
    return out.getvalue().encode("utf-8")


def counts(organisation: Organisation) -> tuple[int, int, int]:
    return (
        Member.objects.filter(organisation=organisation).count(),
        ShareTransaction.objects.filter(organisation=organisation).count(),
        AuditEvent.objects.filter(organisation_id=organisation.pk).count(),
    )


def problems_of(batch: ImportBatch) -> list[tuple[int | None, str | None]]:
    return [(p["row"], p["column"]) for p in batch.problems]


def refused(organisation: Organisation, content: bytes, filename: str = "register.csv"):
    """Preview a bad file, try to commit it, and check that nothing was imported."""
    before = counts(organisation)
    batch = import_preview(
        organisation=organisation, filename=filename, content=content, actor=None
    )
    with pytest.raises(ValidationError, match="Nothing was imported"):
        import_commit(batch=batch, actor=None)
    assert counts(organisation) == before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    return batch


# The happy path ---------------------------------------------------------------------------


def test_a_clean_file_is_imported_with_numbers_holdings_ledger_and_audit(organisation, secretary):
    existing = mf.member(organisation)
    Organisation.objects.filter(pk=organisation.pk).update(next_member_number=existing.number + 1)
    next_number = existing.number + 1
    content = csv_bytes(
        [
            row(name="Gwen Jones", email="gwen@example.org"),
            row(
                member_number="500",
                name="Alun Evans",
                email="alun@example.org",
                member_class="workers",
                amount_paid="£1.00",
                date_entered="04/05/2021",
            ),
            row(
                member_number="500",
                name="Alun Evans",
                email="alun@example.org",
                member_class="workers",
                share_class="investor",
                shares="2500",
                amount_paid="£2,000.50",
                date_entered="2021-05-04",
            ),
            row(
                name="Cwmni Bach Cyf",
                kind="organisation",
                email="",
                email_for_notices="",
                email_for_ballots="",
                member_class="supporters",
                amount_paid="0",
            ),
        ]
    )
    batch = import_preview(
        organisation=organisation, filename="register.csv", content=content, actor=secretary
    )
    assert batch.problems == []
    assert batch.row_count == 4
    assert counts(organisation)[0] == 1

    added = import_commit(batch=batch, actor=secretary)

    assert added == 3
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.committed_at is not None
    members = {
        m.name: m for m in Member.objects.filter(organisation=organisation).exclude(pk=existing.pk)
    }
    assert {name: m.number for name, m in members.items()} == {
        "Gwen Jones": next_number,
        "Alun Evans": 500,
        "Cwmni Bach Cyf": next_number + 1,
    }
    gwen = members["Gwen Jones"]
    assert gwen.postcode == "LL36 9AA"
    assert gwen.entered_on == dt.date(2021, 5, 4)
    assert (gwen.email_for_notices, gwen.email_for_ballots, gwen.email_for_news) == (
        True,
        True,
        False,
    )
    assert gwen.status == Member.Status.ACTIVE
    assert members["Cwmni Bach Cyf"].kind == Member.Kind.ORGANISATION
    organisation.refresh_from_db()
    assert organisation.next_member_number == 501
    membership = mf.share_class(organisation)
    investor = mf.share_class(organisation, "investor")
    holdings = holdings_for_members(organisation, [m.pk for m in members.values()])
    alun = members["Alun Evans"]
    assert holdings[alun.pk][membership.pk].shares == 1
    assert holdings[alun.pk][membership.pk].paid_pence == 100
    assert holdings[alun.pk][investor.pk].shares == 2500
    assert holdings[alun.pk][investor.pk].paid_pence == 200050
    cwmni = members["Cwmni Bach Cyf"]
    assert holdings[cwmni.pk][membership.pk].paid_pence == 0
    kinds = sorted(
        ShareTransaction.objects.filter(member=alun).values_list("kind", "shares", "paid_pence")
    )
    assert kinds == [
        ("allotment", 1, 0),
        ("allotment", 2500, 0),
        ("payment", 0, 100),
        ("payment", 0, 200050),
    ]
    assert ShareTransaction.objects.filter(member=cwmni).count() == 1  # nothing paid
    assert all(
        t.recorded_by == secretary and t.reason == "Imported from register.csv"
        for t in ShareTransaction.objects.filter(member__in=members.values())
    )
    events = AuditEvent.objects.filter(organisation_id=organisation.pk, action="member.import")
    assert sorted(int(e.object_id) for e in events) == sorted(m.pk for m in members.values())
    assert all(e.actor == secretary for e in events)
    alun_event = events.get(object_id=str(alun.pk))
    assert alun_event.after["holdings"] == [
        {"share_class": "membership", "shares": 1, "paid_pence": 100},
        {"share_class": "investor", "shares": 2500, "paid_pence": 200050},
    ]
    summary = AuditEvent.objects.get(organisation_id=organisation.pk, action="import.commit")
    assert summary.object_id == str(batch.pk)
    assert summary.after["members"] == 3
    assert summary.after["ledger_entries"] == 7


def test_numbers_from_the_counter_skip_numbers_given_in_the_file(organisation):
    start = organisation.next_member_number
    content = csv_bytes(
        [
            row(name="A", email="a@example.org"),
            row(name="B", email="b@example.org", member_number=str(start)),
            row(name="C", email="c@example.org"),
        ]
    )
    batch = import_preview(organisation=organisation, filename="r.csv", content=content, actor=None)
    assert import_commit(batch=batch, actor=None) == 3
    numbers = dict(Member.objects.filter(organisation=organisation).values_list("name", "number"))
    assert numbers == {"A": start + 1, "B": start, "C": start + 2}
    organisation.refresh_from_db()
    assert organisation.next_member_number == start + 3


def test_a_utf8_file_with_a_byte_order_mark_and_welsh_headers_is_read(organisation):
    text = (
        "\ufeffRhif aelod,Enw,Dosbarth aelod,E-bost,Cyfeiriad post,Cod post,Dyddiad ymuno,"
        "Dosbarth cyfranddaliadau,Cyfranddaliadau,Swm a dalwyd,Iaith\r\n"
        ',Siân Ifan,users,sian@example.org,"1 Stryd Fawr\nMachynlleth",SY20 8AA,'
        "01/02/2020,membership,1,1.00,cy\r\n"
    )
    batch = import_preview(
        organisation=organisation, filename="aelodau.csv", content=text.encode(), actor=None
    )
    assert batch.problems == []
    assert import_commit(batch=batch, actor=None) == 1
    sian = Member.objects.get(organisation=organisation, name="Siân Ifan")
    assert sian.postal_address == "1 Stryd Fawr\nMachynlleth"
    assert sian.preferred_language == "cy"
    assert sian.entered_on == dt.date(2020, 2, 1)


def test_a_csv_separated_by_semicolons_is_read(organisation):
    content = (
        "name;member_class;postal_address;date_entered;share_class;shares;amount_paid\n"
        'Rhys Price;workers;"5 Lôn Goch; Bangor";2021-01-01;membership;1;1,00\n'
    ).encode()
    batch = import_preview(organisation=organisation, filename="r.csv", content=content, actor=None)
    assert batch.problems == [
        {
            "row": 2,
            "column": "amount_paid",
            "message": "Enter the amount paid in pounds, for example 1.00.",
        }
    ]
    content = content.replace(b";1,00", b";1.00")
    batch = import_preview(organisation=organisation, filename="r.csv", content=content, actor=None)
    assert batch.problems == []
    assert import_commit(batch=batch, actor=None) == 1
    assert Member.objects.get(organisation=organisation).postal_address == "5 Lôn Goch; Bangor"


def test_an_xlsx_file_is_imported(organisation):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Member number",
            "Name",
            "Member class",
            "Email",
            "Postal address",
            "Date entered",
            "Share class",
            "Shares",
            "Amount paid",
        ]
    )
    sheet.append(
        [
            None,
            "Dafydd Huws",
            "workers",
            "dafydd@example.org",
            "3 Ffordd Pen",
            dt.datetime(2022, 3, 1),  # noqa: DTZ001 (Excel has no time zones)
            "membership",
            1,
            1.0,
        ]
    )
    sheet.append([None, None, None, None, None, None, None, None, None])
    sheet.append(
        [
            777,
            "Elin Wyn",
            "users",
            "elin@example.org",
            "4 Ffordd Pen",
            dt.date(2022, 3, 2),
            "membership",
            1,
            1,
        ]
    )
    sheet.append(
        [
            777,
            "Elin Wyn",
            "users",
            "elin@example.org",
            "4 Ffordd Pen",
            "2022-03-02",
            "investor",
            40,
            20.5,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = import_preview(
        organisation=organisation, filename="Register.XLSX", content=buffer.getvalue(), actor=None
    )
    assert batch.problems == []
    assert batch.row_count == 3
    assert import_commit(batch=batch, actor=None) == 2
    elin = Member.objects.get(organisation=organisation, number=777)
    holdings = holdings_for_members(organisation, [elin.pk])[elin.pk]
    investor = mf.share_class(organisation, "investor")
    assert (holdings[investor.pk].shares, holdings[investor.pk].paid_pence) == (40, 2050)
    assert Member.objects.get(organisation=organisation, name="Dafydd Huws").entered_on == (
        dt.date(2022, 3, 1)
    )


def test_an_xlsx_file_with_bad_cells_lists_them_by_spreadsheet_row(organisation):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(
        [
            "",
            "Ok Person",
            "person",
            "users",
            "ok@example.org",
            "",
            "",
            "1 Road",
            "",
            "2021-01-01",
            "membership",
            1,
            1,
        ]
    )
    sheet.append(
        [
            "",
            "Bad Person",
            "person",
            "users",
            "bad@example.org",
            "",
            "",
            "1 Road",
            "",
            "2021-01-01",
            "membership",
            1.5,
            1,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = refused(organisation, buffer.getvalue(), "register.xlsx")
    assert problems_of(batch) == [(3, "shares")]
    assert batch.problems[0]["message"] == "Enter a whole number of shares, 1 or more."


# Whole-file problems ---------------------------------------------------------------------


def test_a_file_that_is_not_utf8_gives_one_problem(organisation):
    content = csv_bytes([row(name="Siân Ifan")]).decode().encode("latin-1")
    batch = refused(organisation, content)
    assert batch.problems == [
        {
            "row": None,
            "column": None,
            "message": "The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'",
        }
    ]


def test_each_missing_required_column_is_one_problem(organisation):
    content = csv_bytes([row()], header=["name", "email", "postal_address", "shares"])
    batch = refused(organisation, content)
    assert problems_of(batch) == [
        (1, "member_class"),
        (1, "date_entered"),
        (1, "share_class"),
        (1, "amount_paid"),
    ]
    assert batch.problems[0]["message"] == (
        "The file has no “member_class” column: the register needs it (see the template for "
        "every column)."
    )


def test_an_empty_file_a_header_only_file_and_a_damaged_workbook_are_refused(organisation):
    assert refused(organisation, b"").problems[0]["row"] is None
    header_only = refused(organisation, csv_bytes([], header=HEADER))
    assert header_only.problems == [
        {"row": None, "column": None, "message": "The file has a header row but no members."}
    ]
    damaged = refused(organisation, b"PK\x03\x04 not really a workbook", "register.xlsx")
    assert problems_of(damaged) == [(None, None)]
    assert "could not be read as an Excel workbook" in damaged.problems[0]["message"]


def test_a_repeated_column_and_a_row_with_too_many_cells_are_problems(organisation):
    content = (
        b"name,name,member_class,postal_address,date_entered,share_class,shares,amount_paid\n"
        b"A,A,users,1 Road,2021-01-01,membership,1,1.00\n"
    )
    assert problems_of(refused(organisation, content)) == [(1, "name")]
    content = (
        b"name,member_class,postal_address,date_entered,share_class,shares,amount_paid\n"
        b"A,users,1 Road, Town,2021-01-01,membership,1,1.00\n"
    )
    batch = refused(organisation, content)
    # The address split in two shifts every later cell one column to the right.
    assert problems_of(batch) == [(2, None), (2, "date_entered"), (2, "share_class"), (2, "shares")]


# Bad cells: every problem of every row is listed ----------------------------------------


def test_every_bad_cell_of_every_row_is_listed_with_its_row_and_column(organisation):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    content = csv_bytes(
        [
            row(name="Good One", email="good1@example.org"),
            row(name="", email="not-an-email", postal_address="", shares="0"),
            row(name="Bad Dates", email="d@example.org", date_entered=future),
            row(name="Too Early", email="e@example.org", date_entered="2015-03-31"),
            row(name="Fraction", email="f@example.org", shares="1.5", amount_paid="1.001"),
            row(name="Negative", email="n@example.org", shares="-2", amount_paid="-1"),
            row(
                name="Words",
                email="w@example.org",
                shares="one",
                amount_paid="a pound",
                date_entered="31/02/2021",
                kind="robot",
                email_for_notices="maybe",
            ),
            row(name="Good Two", email="good2@example.org"),
        ]
    )
    batch = refused(organisation, content)
    assert problems_of(batch) == [
        (3, "name"),
        (3, "email"),
        (3, "postal_address"),
        (3, "shares"),
        (4, "date_entered"),
        (5, "date_entered"),
        (6, "shares"),
        (6, "amount_paid"),
        (7, "shares"),
        (7, "amount_paid"),
        (8, "kind"),
        (8, "email_for_notices"),
        (8, "date_entered"),
        (8, "shares"),
        (8, "amount_paid"),
    ]
    messages = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert messages[(4, "date_entered")] == "The date cannot be in the future."
    assert messages[(5, "date_entered")] == (
        "The date cannot be before Dyfi Care Co-operative was registered (1 Apr 2015)."
    )
    assert messages[(3, "shares")] == "Enter a whole number of shares, 1 or more."
    assert messages[(7, "amount_paid")] == "The amount paid cannot be negative."
    assert messages[(6, "amount_paid")] == "Enter the amount paid in pounds and pence, like 1.50."
    assert messages[(8, "date_entered")] == (
        "Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 2021-04-30."
    )


def test_amount_paid_above_the_value_of_the_shares_is_refused(organisation):
    batch = refused(organisation, csv_bytes([row(amount_paid="1.01")]))
    assert batch.problems == [
        {
            "row": 2,
            "column": "amount_paid",
            "message": "The amount paid (£1.01) is more than the value of 1 shares of "
            "Membership shares (£1.00): no more than a share's nominal value can be paid on it.",
        }
    ]


def test_unknown_classes_and_a_share_class_the_member_class_may_not_hold(organisation):
    workers = mf.member_class(organisation, "workers")
    workers.share_classes.remove(mf.share_class(organisation, "investor"))
    content = csv_bytes(
        [
            row(member_class="volunteers", email="a@example.org"),
            row(share_class="bonds", email="b@example.org"),
            row(member_number="90", name="W", member_class="workers", email="w@example.org"),
            row(
                member_number="90",
                name="W",
                member_class="workers",
                email="w@example.org",
                share_class="investor",
                shares="5",
                amount_paid="5",
            ),
        ]
    )
    batch = refused(organisation, content)
    messages = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert list(messages) == [(2, "member_class"), (3, "share_class"), (5, "share_class")]
    assert messages[(2, "member_class")] == (
        "Dyfi Care Co-operative has no member class “volunteers”: use one of supporters, "
        "users, workers."
    )
    assert messages[(5, "share_class")] == (
        "Members of the class Workers may not hold Investor shares (rules on member classes)."
    )


def test_dates_of_birth_in_the_future_or_under_the_minimum_age(organisation):
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    header = [*HEADER, "date_of_birth"]
    content = csv_bytes(
        [
            row(email="a@example.org", date_of_birth=future),
            row(email="b@example.org", date_of_birth="2010-01-01", date_entered="2021-05-04"),
            row(email="c@example.org", name="Adult", date_of_birth="1990-01-01"),
        ],
        header=header,
    )
    batch = refused(organisation, content)
    messages = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert set(messages) == {(2, "date_of_birth"), (3, "date_of_birth")}
    assert messages[(3, "date_of_birth")] == (
        "Members must be at least 16 years old when they enter the register (rule 7)."
    )


# Caps and minimum holdings --------------------------------------------------------------


def test_holdings_above_the_class_maximum_or_the_individual_cap_are_refused(organisation):
    header = [*HEADER, "is_registered_society"]
    content = csv_bytes(
        [
            row(email="a@example.org", shares="2", amount_paid="2.00"),
            row(member_number="10", name="Rich", email="rich@example.org"),
            row(
                member_number="10",
                name="Rich",
                email="rich@example.org",
                share_class="investor",
                shares="100001",
                amount_paid="0",
            ),
            row(
                member_number="11",
                name="Society",
                kind="organisation",
                email="soc@example.org",
                is_registered_society="yes",
            ),
            row(
                member_number="11",
                name="Society",
                kind="organisation",
                email="soc@example.org",
                is_registered_society="yes",
                share_class="investor",
                shares="100001",
                amount_paid="0",
            ),
            row(
                member_number="12",
                name="Person",
                email="p@example.org",
                is_registered_society="yes",
            ),
        ],
        header=header,
    )
    batch = refused(organisation, content)
    messages = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert list(messages) == [(2, "shares"), (4, "shares"), (7, "is_registered_society")]
    assert messages[(2, "shares")] == (
        "2 shares is above the maximum holding of 1 for Membership shares (share class terms)."
    )
    assert messages[(4, "shares")] == (
        "This makes the member's withdrawable shares worth £100,001.00, above the cap of "
        "£100,000.00 for a member who is not a registered society (CCBS Act 2014 s.24; "
        "rule 12)."
    )


def test_the_rules_maximum_holding_is_applied(db):
    organisation = mf.cooperative(slug="capped", maximum_holding_pence=50_000)
    content = csv_bytes(
        [
            row(member_number="1"),
            row(member_number="1", share_class="investor", shares="500", amount_paid="0"),
        ]
    )
    batch = refused(organisation, content)
    assert problems_of(batch) == [(3, "shares")]
    assert batch.problems[0]["message"].startswith(
        "This makes the member's holding £501.00, above the maximum holding of £500.00"
    )


def test_a_member_without_the_qualifying_share_is_refused(organisation):
    content = csv_bytes([row(share_class="investor", shares="10", amount_paid="10")])
    batch = refused(organisation, content)
    assert batch.problems == [
        {
            "row": 2,
            "column": "share_class",
            "message": "A member must hold at least 1 shares of Membership shares to be a "
            "member (Rules as registered).",
        }
    ]


# Duplicates ---------------------------------------------------------------------------


def test_duplicate_members_in_the_file_are_refused(organisation):
    content = csv_bytes(
        [
            row(member_number="7", name="Seven", email="7@example.org"),
            row(member_number="7", name="Seven", email="7@example.org"),
            row(name="Twin", email="twin@example.org"),
            row(name="twin", email="TWIN@example.org"),
            row(member_number="8", name="Eight", email="8@example.org"),
            row(
                member_number="8",
                name="Eight Other",
                email="8@example.org",
                share_class="investor",
                shares="3",
                amount_paid="3",
            ),
        ]
    )
    batch = refused(organisation, content)
    messages = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert list(messages) == [(3, "member_number"), (5, "name"), (7, "name")]
    assert messages[(3, "member_number")] == (
        "Member number 7 already has a row for Membership shares (row 2): put the whole "
        "holding of a class in one row."
    )
    assert messages[(5, "name")].startswith("This member is already in row 4")
    assert messages[(7, "name")] == (
        "Rows of member number 8 must agree on name: row 6 gives another value."
    )


def test_duplicates_of_members_on_the_register_are_refused(organisation, member_record):
    ceased_number = mf.member(organisation, name="Gone").number

    services.member_cease(
        member=Member.objects.get(organisation=organisation, number=ceased_number),
        ceased_on=dt.date(2022, 1, 1),
        reason=Member.CeasedReason.DEATH,
        actor=None,
    )
    gone = Member.objects.get(organisation=organisation, number=ceased_number)
    content = csv_bytes(
        [
            row(email=member_record.email.upper()),
            row(email="new@example.org", member_number=str(member_record.number)),
            row(email="new2@example.org", member_number=str(ceased_number)),
            row(email=gone.email, name="Returning Member"),
        ]
    )
    batch = refused(organisation, content)
    messages = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert list(messages) == [(2, "email"), (3, "member_number"), (4, "member_number")]
    assert messages[(2, "email")] == (
        f"Member {member_record.number} on the register already has this email address: this "
        "member looks like a duplicate of a current member."
    )
    assert messages[(4, "member_number")] == (
        f"Member number {ceased_number} is already used in Dyfi Care Co-operative; member "
        "numbers are never reused."
    )


# All or nothing -------------------------------------------------------------------------


def test_commit_rechecks_the_register_and_imports_nothing_if_it_changed(organisation, secretary):
    content = csv_bytes([row(name=f"Member {i}", email=f"m{i}@example.org") for i in range(5)])
    batch = import_preview(
        organisation=organisation, filename="r.csv", content=content, actor=secretary
    )
    assert batch.problems == []
    services.member_register(
        organisation=organisation,
        name="Late Arrival",
        member_class=mf.member_class(organisation),
        entered_on=dt.date(2022, 1, 1),
        postal_address="9 Stryd Fawr",
        email="m3@example.org",
        actor=secretary,
    )
    before = counts(organisation)

    with pytest.raises(ImportProblemsError) as excinfo:
        import_commit(batch=batch, actor=secretary)

    assert [(p.row, p.column) for p in excinfo.value.problems] == [(5, "email")]
    members, entries, _events = counts(organisation)
    assert (members, entries) == before[:2]
    assert not AuditEvent.objects.filter(action__in=["member.import", "import.commit"]).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert problems_of(batch) == [(5, "email")]
    with pytest.raises(ValidationError, match="Nothing was imported"):
        import_commit(batch=batch, actor=secretary)


def test_a_committed_file_cannot_be_committed_again(organisation):
    batch = import_preview(
        organisation=organisation, filename="r.csv", content=csv_bytes([row()]), actor=None
    )
    assert import_commit(batch=batch, actor=None) == 1
    before = counts(organisation)
    with pytest.raises(ValidationError, match="already been dealt with"):
        import_commit(batch=batch, actor=None)
    assert counts(organisation) == before


def test_checking_and_importing_make_no_query_per_row(organisation, django_assert_max_num_queries):
    content = csv_bytes([row(name=f"Member {i}", email=f"m{i}@example.org") for i in range(300)])
    with django_assert_max_num_queries(10):
        batch = import_preview(
            organisation=organisation, filename="r.csv", content=content, actor=None
        )
    # Bulk inserts: 300 members, 600 ledger entries and 300 audit events. PostgreSQL takes
    # 2,000 rows a statement; SQLite's 999-parameter limit splits them into ~40 statements.
    # A query per row would be well over 900.
    with django_assert_max_num_queries(60):
        assert import_commit(batch=batch, actor=None) == 300


def test_a_class_of_organisations_refuses_a_person(organisation):
    services.member_class_create(
        organisation=organisation,
        code="coops",
        name="Member co-operatives",
        members_are_organisations=True,
        share_classes=[mf.share_class(organisation)],
        actor=None,
    )
    content = csv_bytes(
        [
            row(member_class="coops", email="p@example.org"),
            row(member_class="coops", kind="organisation", name="Cwmni", email="o@example.org"),
        ]
    )
    batch = refused(organisation, content)
    assert batch.problems == [
        {
            "row": 2,
            "column": "kind",
            "message": "Members of the class Member co-operatives are organisations: enter "
            "“organisation”.",
        }
    ]
