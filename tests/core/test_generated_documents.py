"""Documents made in the background (`coop.core.documents`) and handing stored files out
(`coop.core.downloads`) on the file system: one live build per version, failures recorded
and retried, lost builds replaced, downloads streamed only to those let through."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import timezone

from coop.core.documents import document_build, document_current, document_request
from coop.core.downloads import document_response, file_download
from coop.core.models import GeneratedDocument
from voting.tasks import build_results_pdf

pytestmark = pytest.mark.django_db

KIND = "test.document"


def _request(organisation, version: str = "v1") -> GeneratedDocument:
    return document_request(
        kind=KIND,
        subject=organisation,
        organisation_id=organisation.pk,
        language="cy",
        version=version,
        task=build_results_pdf,
        actor=None,
    )


def test_asking_twice_for_the_same_version_queues_one_build(
    organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = _request(organisation)
        again = _request(organisation)

    assert again.pk == first.pk
    assert len(callbacks) == 1
    assert first.status == GeneratedDocument.Status.QUEUED
    assert (first.subject_type, first.subject_id) == (
        "membership.organisation",
        str(organisation.pk),
    )
    with django_capture_on_commit_callbacks() as later:
        newer = _request(organisation, version="v2")
    assert newer.pk != first.pk
    assert len(later) == 1


def test_a_failed_build_is_recorded_and_the_next_request_queues_a_new_one(organisation):
    document = _request(organisation)

    def broken(progress):
        progress(40)
        raise ValueError("WeasyPrint ran out of memory")

    with pytest.raises(ValueError, match="out of memory"):
        document_build(document.pk, render=broken, filename="x.pdf")

    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error == "WeasyPrint ran out of memory"
    assert document.progress_percent == 40
    assert not document.file
    assert document_current(kind=KIND, subject=organisation, language="cy", version="v1") is None
    retry = _request(organisation)
    assert retry.pk != document.pk
    assert retry.status == GeneratedDocument.Status.QUEUED


def test_a_build_that_stopped_reporting_is_replaced(organisation):
    document = _request(organisation)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=GeneratedDocument.Status.RUNNING,
        updated_at=timezone.now() - dt.timedelta(minutes=16),
    )

    replacement = _request(organisation)

    assert replacement.pk != document.pk
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert "abandoned" in document.error


def test_a_running_build_that_reports_progress_is_kept(organisation):
    document = _request(organisation)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=GeneratedDocument.Status.RUNNING,
        updated_at=timezone.now() - dt.timedelta(minutes=14),
    )

    assert _request(organisation).pk == document.pk


def test_a_built_document_is_kept_in_the_default_storage_and_streamed(organisation, settings):
    document = _request(organisation)

    built = document_build(document.pk, render=lambda progress: b"%PDF-1.7 x", filename="r.pdf")

    assert built.status == GeneratedDocument.Status.DONE
    assert built.progress_percent == 100
    assert built.file.name.startswith("documents/")
    assert (settings.MEDIA_ROOT / built.file.name).read_bytes() == b"%PDF-1.7 x"
    request = RequestFactory().get("/r.pdf")
    response = document_response(
        request, built, filename="results.pdf", title="Results", organisation=organisation
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="results.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 x"


def test_a_document_not_made_yet_shows_its_progress(organisation, rf, secretary):
    document = _request(organisation)
    GeneratedDocument.objects.filter(pk=document.pk).update(progress_percent=35)
    document.refresh_from_db()
    request = rf.get("/results.pdf?language=cy")
    request.user = secretary

    response = document_response(
        request, document, filename="results.pdf", title="Results", organisation=organisation
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="35"' in page
    assert 'href="/results.pdf?language=cy"' in page


def test_file_download_streams_a_file_of_the_file_system(organisation):
    document = _request(organisation)
    document.file.save("notice.pdf", ContentFile(b"%PDF notice"), save=True)

    response = file_download(document.file, filename="notice.pdf", content_type="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF notice"
