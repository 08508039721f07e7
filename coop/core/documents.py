"""Large documents made in the background (`GeneratedDocument`): asked for once, built by a
task worker on any machine, kept in the default storage.

An app decides when a document is large enough for the background (its row count against
`CYD_PDF_BACKGROUND_THRESHOLD`), fingerprints what it shows (`version`), and gives the task
that builds it; this module keeps one live document per subject, kind, language and version,
records progress and stores the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from coop.core.models import GeneratedDocument, User

# A build that has reported no progress for this long was lost (its worker stopped): the next
# request marks it failed and queues a new one.
ABANDONED_AFTER = dt.timedelta(minutes=15)


def fingerprint(*parts: object) -> str:
    """A version string for what a document shows: the SHA-256 of the parts' reprs (plain
    data: dataclasses, strings, numbers, dates)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _subject_key(subject: models.Model) -> tuple[str, str]:
    return subject._meta.label_lower, str(subject.pk)


def document_current(
    *, kind: str, subject: models.Model, language: str, version: str
) -> GeneratedDocument | None:
    """The live (queued, running or done) document of this version, if one was asked for."""
    subject_type, subject_id = _subject_key(subject)
    return (
        GeneratedDocument.objects.filter(
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            language=language,
            version=version,
        )
        .exclude(status=GeneratedDocument.Status.FAILED)
        .first()
    )


def document_request(
    *,
    kind: str,
    subject: models.Model,
    organisation_id: int | None,
    language: str,
    version: str,
    task: Any,
    actor: User | None,
) -> GeneratedDocument:
    """The live document of this version, or a new one queued for `task` (a django-tasks task
    taking the document's id) once this transaction commits. Asked for twice at once (two web
    processes), the unique constraint keeps one and both callers get it."""
    found = document_current(kind=kind, subject=subject, language=language, version=version)
    if found is not None and _abandoned(found):
        _set(
            found.pk,
            status=GeneratedDocument.Status.FAILED,
            error="No progress for 15 minutes: the build was abandoned.",
            finished_at=timezone.now(),
        )
        found = None
    if found is not None:
        return found
    subject_type, subject_id = _subject_key(subject)
    try:
        with transaction.atomic():
            document = GeneratedDocument.objects.create(
                kind=kind,
                subject_type=subject_type,
                subject_id=subject_id,
                organisation_id=organisation_id,
                language=language,
                version=version,
                requested_by=actor if actor is not None and actor.pk else None,
            )
    except IntegrityError:
        found = document_current(kind=kind, subject=subject, language=language, version=version)
        if found is None:
            raise
        return found
    document_id = document.pk
    transaction.on_commit(lambda: task.enqueue(document_id))
    return document


def _abandoned(document: GeneratedDocument) -> bool:
    return (
        document.status != GeneratedDocument.Status.DONE
        and document.updated_at < timezone.now() - ABANDONED_AFTER
    )


def _set(document_id: int, **fields: object) -> None:
    GeneratedDocument.objects.filter(pk=document_id).update(updated_at=timezone.now(), **fields)


def document_build(
    document_id: int,
    *,
    render: Callable[[Callable[[int], None]], bytes],
    filename: str,
) -> GeneratedDocument:
    """Build a queued document (in a task worker): `render(progress)` returns its bytes and
    may call `progress(percent)`; the file goes to the default storage. A failure is recorded
    (the next request queues a new build) and raised."""
    _set(document_id, status=GeneratedDocument.Status.RUNNING, progress_percent=5)

    def progress(percent: int) -> None:
        _set(document_id, progress_percent=max(5, min(95, percent)))

    try:
        content = render(progress)
        with transaction.atomic():
            document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
            document.file.save(filename, ContentFile(content), save=False)
            document.status = GeneratedDocument.Status.DONE
            document.progress_percent = 100
            document.finished_at = timezone.now()
            document.save()
        return document
    except Exception as exc:
        _set(
            document_id,
            status=GeneratedDocument.Status.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        raise
