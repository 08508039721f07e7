"""Files in an S3-compatible object store (moto's server on loopback, as `CYD_STORAGE=s3`):
objects are private, downloads are signed links that expire, and the documents made in the
background land in the store, not on a local disk."""

from __future__ import annotations

import datetime as dt
import io
import time
import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from pypdf import PdfReader

from coop.core.downloads import file_download
from coop.core.models import GeneratedDocument, User
from membership.models import Organisation, RegisterExport
from tests.factories import membership as mf
from tests.nodes.conftest import S3Endpoint
from tests.voting.test_pages_results import counted_full_ballot
from tests.voting.test_pages_setup import url
from voting.documents import RESULTS_KIND

pytestmark = pytest.mark.django_db


def fetch(link: str) -> tuple[int, bytes, Message]:
    """GET `link` as a browser would, with no credentials of its own (headers: any case)."""
    try:
        with urllib.request.urlopen(link, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def _files_under(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_a_stored_file_is_a_private_object_in_the_bucket_and_not_on_local_disk(
    s3_storage: S3Endpoint, settings
):
    name = default_storage.save("documents/notice.pdf", ContentFile(b"%PDF-1.7 private"))

    s3 = s3_storage.client()
    stored = s3.get_object(Bucket=s3_storage.bucket, Key=name)
    assert stored["Body"].read() == b"%PDF-1.7 private"
    grants = s3.get_object_acl(Bucket=s3_storage.bucket, Key=name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"]["Type"] == "CanonicalUser" for g in grants)
    status, _body, _headers = fetch(f"{s3_storage.url}/{s3_storage.bucket}/{name}")
    assert status == 403  # an unsigned GET is refused
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_download_is_a_signed_link_that_works_until_it_expires(s3_storage: S3Endpoint, settings):
    settings.CYD_DOWNLOAD_LINK_SECONDS = 2
    name = default_storage.save("register-exports/r.csv", ContentFile(b"number,name\n1,Siwan\n"))
    field = RegisterExport._meta.get_field("file")
    file = field.attr_class(instance=RegisterExport(), field=field, name=name)

    response = file_download(file, filename="register.csv", content_type="text/csv")

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    link = response["Location"]
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["2"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert "X-Amz-Signature" in query
    status, body, headers = fetch(link)
    assert status == 200
    assert body == b"number,name\n1,Siwan\n"
    assert headers["Content-Disposition"] == 'attachment; filename="register.csv"'
    signed_at = dt.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=dt.UTC
    )
    time.sleep(max(0.0, (signed_at - dt.datetime.now(dt.UTC)).total_seconds()) + 3.2)
    status, body, _headers = fetch(link)
    assert status == 403
    assert b"Request has expired" in body


def test_a_register_export_made_in_the_background_is_kept_in_the_store(
    s3_storage: S3Endpoint,
    settings,
    client: Client,
    secretary: User,
    organisation: Organisation,
    other_organisation: Organisation,
    django_capture_on_commit_callbacks,
):
    settings.CYD_PDF_BACKGROUND_THRESHOLD = 0
    mf.member(organisation, name="Siwan Llŷr")
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{organisation.slug}/exports/",
            {"as_of": "2024-01-01", "format": "pdf", "language": "en-gb"},
        )
    assert response.status_code == 302
    export = RegisterExport.objects.get(organisation=organisation)
    assert export.status == RegisterExport.Status.DONE

    download = client.get(f"/o/{organisation.slug}/exports/{export.pk}/download/")

    assert download.status_code == 302
    status, body, _headers = fetch(download["Location"])
    assert status == 200
    assert "Siwan Llŷr" in PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert s3_storage.client().head_object(Bucket=s3_storage.bucket, Key=export.file.name)
    # The gate comes first: no link for another organisation's export.
    other = client.get(f"/o/{other_organisation.slug}/exports/{export.pk}/download/")
    assert other.status_code == 404


def test_large_results_are_made_in_the_background_kept_in_the_store_and_handed_out_by_link(
    s3_storage: S3Endpoint,
    settings,
    client: Client,
    secretary: User,
    organisation: Organisation,
    django_capture_on_commit_callbacks,
):
    settings.CYD_PDF_BACKGROUND_THRESHOLD = 0
    ballot, _codes = counted_full_ballot(organisation)
    client.force_login(secretary)
    pdf_url = url("results_pdf", ballot) + "?language=cy"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.get(pdf_url)
    # Until the worker has made it, the same URL shows the progress and refreshes itself.
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/html")
    assert '<meta http-equiv="refresh" content="3">' in first.content.decode()
    document = GeneratedDocument.objects.get(kind=RESULTS_KIND, subject_id=str(ballot.pk))
    assert document.status == GeneratedDocument.Status.QUEUED
    assert document.language == "cy"
    assert len(callbacks) == 1
    callbacks[0]()  # the task: run at once by the test's immediate backend

    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE
    assert document.progress_percent == 100
    ready = client.get(pdf_url)
    assert ready.status_code == 302
    status, body, headers = fetch(ready["Location"])
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Canlyniadau" in text
    assert "Tudalen 1 o" in text
    # Asked again while the results are unchanged, the same document is handed out.
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert client.get(pdf_url).status_code == 302
    assert again == []
    assert GeneratedDocument.objects.filter(kind=RESULTS_KIND).count() == 1


def test_a_background_document_is_for_those_the_subjects_gate_lets_through(
    s3_storage: S3Endpoint,
    settings,
    client: Client,
    secretary: User,
    organisation: Organisation,
    other_organisation: Organisation,
    django_capture_on_commit_callbacks,
):
    settings.CYD_PDF_BACKGROUND_THRESHOLD = 0
    ballot, _codes = counted_full_ballot(organisation)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url("results_pdf", ballot))
    outsider = User.objects.create_user(
        email="out@example.org", password="x" * 12, full_name="Owain Outsider"
    )
    mf.member(other_organisation, user=outsider)
    client.force_login(outsider)

    assert client.get(url("results_pdf", ballot)).status_code == 404
    wrong_org = url("results_pdf", ballot).replace(organisation.slug, other_organisation.slug)
    assert client.get(wrong_org).status_code == 404
