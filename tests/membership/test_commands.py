"""`import_members` and `export_register`: exit codes, output, and errors that name the option
and the rule, writing nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from membership.models import ImportBatch, Member
from tests.factories import membership as mf
from tests.membership.test_imports import counts, csv_bytes, row


def _file(tmp_path, content: bytes, name: str = "register.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# import_members -------------------------------------------------------------------------


def test_import_members_lists_problems_and_exits_with_status_1(tmp_path, organisation):
    path = _file(tmp_path, csv_bytes([row(), row(name="", email="b@example.org", shares="0")]))
    before = counts(organisation)
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_members", "dyfi-care", path, stdout=out)
    assert excinfo.value.returncode == 1
    assert str(excinfo.value) == "2 problems found; nothing was imported."
    assert out.getvalue().splitlines() == [
        "row 3, name: Enter the member's name: the register must hold it (CCBS Act 2014 s.30).",
        "row 3, shares: Enter a whole number of shares, 1 or more.",
    ]
    assert counts(organisation) == before
    assert ImportBatch.objects.count() == 0


def test_import_members_without_commit_only_checks(tmp_path, organisation):
    path = _file(tmp_path, csv_bytes([row(), row(name="Two", email="2@example.org")]))
    before = counts(organisation)
    out = _run("import_members", str(organisation.pk), path)
    assert out == (
        f"{path}: no problems; 2 members in 2 rows would be imported. Run again with --commit "
        "to import them.\n"
    )
    assert counts(organisation) == before
    assert ImportBatch.objects.count() == 0


def test_import_members_commit_imports_and_prints_the_count(tmp_path, organisation):
    path = _file(tmp_path, csv_bytes([row(member_number="60"), row(name="B", email="b@e.org")]))
    out = _run("import_members", "dyfi-care", path, "--commit")
    assert out == f"Imported 2 members from {path}.\n"
    assert Member.objects.get(organisation=organisation, number=60).name == "Gwen Jones"
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.uploaded_by is None
    assert batch.filename == "register.csv"


def test_import_members_commit_with_problems_imports_nothing(tmp_path, organisation):
    path = _file(tmp_path, b"\xff\xfename\n")
    before = counts(organisation)
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_members", "dyfi-care", path, "--commit", stdout=out)
    assert excinfo.value.returncode == 1
    assert out.getvalue() == (
        "file: The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'\n"
    )
    assert counts(organisation) == before
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "FILE"], "ORG: no organisation has the id or slug “nowhere”."),
        (["999999", "FILE"], "ORG: no organisation has the id or slug “999999”."),
        (["dyfi-care", "/no/such/file.csv"], "FILE: cannot read /no/such/file.csv: No such file"),
        (["dyfi-care", "register.txt"], "FILE: register.txt must be a .csv or .xlsx"),
    ],
)
def test_import_members_refuses_a_bad_org_or_file(tmp_path, organisation, args, message):
    args = [_file(tmp_path, csv_bytes([row()])) if a == "FILE" else a for a in args]
    with pytest.raises(CommandError) as excinfo:
        call_command("import_members", *args, stdout=io.StringIO())
    assert str(excinfo.value).startswith(message)
    assert counts(organisation)[0] == 0


# export_register ------------------------------------------------------------------------


@pytest.fixture
def register(organisation) -> list[Member]:
    return [
        mf.member(organisation, name="Early Member", entered_on=dt.date(2019, 1, 1)),
        mf.member(
            organisation, name="Later Member", entered_on=dt.date(2023, 6, 1), investor_shares=10
        ),
    ]


def test_export_register_csv_to_standard_output(organisation, register):
    out = io.BytesIO()
    call_command(
        "export_register", "dyfi-care", "--as-of", "2020-12-31", "--format", "csv", stdout=out
    )
    lines = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert lines[0][:3] == ["Member number", "Name", "Kind"]
    assert [line[1] for line in lines[1:]] == ["Early Member"]
    out = io.BytesIO()
    call_command(
        "export_register",
        str(organisation.pk),
        "--as-of",
        "2024-01-01",
        "--format",
        "csv",
        stdout=out,
    )
    lines = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert [line[1] for line in lines[1:]] == ["Early Member", "Later Member"]
    assert lines[2][-2:] == ["11", "£11.00"]


def test_export_register_pdf_to_a_file(tmp_path, organisation, register):
    target = tmp_path / "register.pdf"
    out = io.BytesIO()
    call_command(
        "export_register",
        "dyfi-care",
        "--as-of",
        "2024-01-01",
        "--format",
        "pdf",
        "--language",
        "cy",
        "--output",
        str(target),
        stdout=out,
    )
    assert out.getvalue() == b""
    content = target.read_bytes()
    assert content.startswith(b"%PDF-")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    words = " ".join(text.split())
    assert "Later Member" in words
    assert "Fel yr oedd ar 1 Ionawr 2024" in words  # Welsh dates and class names
    assert "Cyfranddaliadau aelodaeth" in words


def test_export_register_pdf_to_standard_output_is_binary(organisation, register):
    out = io.BytesIO()
    call_command(
        "export_register", "dyfi-care", "--as-of", "2024-01-01", "--format", "pdf", stdout=out
    )
    assert out.getvalue().startswith(b"%PDF-")
    assert out.getvalue().rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nowhere", "--as-of", "2024-01-01", "--format", "csv"],
            "ORG: no organisation has the id or slug “nowhere”.",
        ),
        (
            ["dyfi-care", "--as-of", "31/12/2024", "--format", "csv"],
            "--as-of: “31/12/2024” is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31.",
        ),
        (
            ["dyfi-care", "--as-of", "2024-02-30", "--format", "csv"],
            "--as-of: “2024-02-30” is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31.",
        ),
        (
            ["dyfi-care", "--as-of", "FUTURE", "--format", "pdf"],
            "--as-of: FUTURE is in the future; the register can only be exported as at today "
            "or an earlier date.",
        ),
        (
            ["dyfi-care", "--as-of", "2015-03-31", "--format", "csv"],
            "--as-of: 2015-03-31 is before Dyfi Care Co-operative was registered (1 Apr 2015).",
        ),
        (
            ["dyfi-care", "--as-of", "2024-01-01", "--format", "doc"],
            "Error: argument --format: invalid choice: 'doc'",
        ),
        (
            ["dyfi-care", "--as-of", "2024-01-01", "--format", "csv", "--language", "fr"],
            "Error: argument --language: invalid choice: 'fr'",
        ),
    ],
)
def test_export_register_refuses_bad_options_and_writes_nothing(
    tmp_path, organisation, args, message
):
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    args = [future if a == "FUTURE" else a for a in args]
    message = message.replace("FUTURE", future)
    target = tmp_path / "out.csv"
    out = io.BytesIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("export_register", *args, "--output", str(target), stdout=out)
    assert str(excinfo.value).startswith(message)
    assert not target.exists()
    assert out.getvalue() == b""
    assert list(tmp_path.iterdir()) == []


def test_export_register_refuses_an_output_folder_that_does_not_exist(tmp_path, organisation):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_register",
            "dyfi-care",
            "--as-of",
            "2024-01-01",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "missing" / "out.csv"),
            stdout=io.BytesIO(),
        )
    assert str(excinfo.value).startswith("--output: the folder of ")
