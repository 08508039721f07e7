"""Exports of the register through the pages: CSV streamed, a small PDF at once, a large PDF
in the background with a progress page and a private download."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from membership import services
from membership.models import RegisterExport, RegisterInspection
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import text


@pytest.fixture
def register(organisation):
    mf.member(organisation, name="Gwen Gweithiwr", cls="workers", investor_shares=20)
    return organisation


def _exports_url(organisation) -> str:
    return reverse("membership:exports", args=[organisation.slug])


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_csv_export_streams_the_register_and_logs_the_inspection(client, register, secretary):
    client.force_login(secretary)
    response = client.post(
        _exports_url(register), {"as_of": "2025-01-01", "format": "csv", "language": "en-gb"}
    )
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="register-dyfi-care-2025-01-01.csv"'
    )
    lines = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Member number,Name,Kind,Member class,Postal address,Postcode")
    assert lines[0].endswith("Total shares,Total amount paid")
    row = next(line for line in lines if "Gwen Gweithiwr" in line)
    assert row.startswith("1,Gwen Gweithiwr,person,Workers,")
    assert row.endswith(",21,£21.00")
    inspection = RegisterInspection.objects.get()
    assert (inspection.user, inspection.kind, str(inspection.as_of)) == (
        secretary,
        RegisterInspection.Kind.EXPORT,
        "2025-01-01",
    )


def test_csv_export_in_welsh_has_welsh_class_names(client, register, scrutineer):
    client.force_login(scrutineer)
    response = client.post(
        _exports_url(register), {"as_of": "2025-01-01", "format": "csv", "language": "cy"}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    assert ",Gweithwyr," in content


def test_small_pdf_export_is_rendered_at_once(client, register, secretary, settings):
    settings.CYD_PDF_BACKGROUND_THRESHOLD = 10
    client.force_login(secretary)
    response = client.post(
        _exports_url(register), {"as_of": "2025-01-01", "format": "pdf", "language": "en-gb"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    content = _pdf_text(response.content)
    assert "Register of members" in content
    assert "Gweithiwr" in content.replace("\n", " ")
    assert RegisterInspection.objects.filter(kind=RegisterInspection.Kind.EXPORT).count() == 1
    assert RegisterExport.objects.count() == 0


def test_large_pdf_export_runs_in_the_background_and_is_downloadable(
    client, register, secretary, scrutineer, outsider, settings, django_capture_on_commit_callbacks
):
    settings.CYD_PDF_BACKGROUND_THRESHOLD = 0
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _exports_url(register), {"as_of": "2025-01-01", "format": "pdf", "language": "en-gb"}
        )
    export = RegisterExport.objects.get()
    status_url = reverse("membership:export_status", args=[register.slug, export.pk])
    download_url = reverse("membership:export_download", args=[register.slug, export.pk])
    assert response.status_code == 302
    assert response["Location"] == status_url
    assert (export.status, export.progress_percent) == (RegisterExport.Status.DONE, 100)
    page = text(client.get(status_url))
    assert 'http-equiv="refresh"' not in page
    assert download_url in page
    assert "/private-files-are-not-served/" not in page
    download = client.get(download_url)
    assert download.status_code == 200
    assert (
        download["Content-Disposition"]
        == 'attachment; filename="register-dyfi-care-2025-01-01.pdf"'
    )
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert "Register of members" in _pdf_text(content)
    client.force_login(scrutineer)
    assert client.get(download_url).status_code == 200
    client.force_login(outsider)
    assert client.get(download_url).status_code == 404
    assert client.get(status_url).status_code == 404


def test_export_page_refreshes_itself_while_the_export_is_being_made(client, register, secretary):
    # Without running the on-commit callbacks the export stays queued.
    export = services.register_export_request(
        organisation=register,
        as_of=register.registered_on,
        format=RegisterExport.Format.PDF,
        language="cy",
        actor=secretary,
    )
    client.force_login(secretary)
    page = text(client.get(reverse("membership:export_status", args=[register.slug, export.pk])))
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Made so far: 0%" in page
    download = reverse("membership:export_download", args=[register.slug, export.pk])
    assert download not in page
    assert client.get(download).status_code == 404


def test_board_member_may_not_export(client, register, board_member):
    client.force_login(board_member)
    assert client.get(_exports_url(register)).status_code == 404
    response = client.post(
        _exports_url(register), {"as_of": "2025-01-01", "format": "csv", "language": "en-gb"}
    )
    assert response.status_code == 403
    assert RegisterInspection.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"as_of": "2999-01-01", "format": "csv", "language": "en-gb"},
            "as_of",
            "The date cannot be in the future.",
        ),
        (
            {"as_of": "2010-01-01", "format": "pdf", "language": "en-gb"},
            "as_of",
            "The date cannot be before the organisation was registered",
        ),
        ({"as_of": "2025-01-01", "format": "xls", "language": "en-gb"}, "format", "Select a valid"),
        ({"as_of": "2025-01-01", "format": "csv", "language": "fr"}, "language", "Select a valid"),
    ],
)
def test_export_bad_input_is_refused(client, register, secretary, data, field, message):
    client.force_login(secretary)
    response = client.post(_exports_url(register), data)
    assert response.status_code == 400
    html = text(response)
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert RegisterInspection.objects.count() == 0
    assert RegisterExport.objects.count() == 0
