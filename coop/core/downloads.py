"""Handing stored files to users, after the caller's permission check.

Files live in Django's default storage: the file system on one machine, an S3-compatible
object store (django-storages) for several. From an object store the response is a redirect
to a signed link that expires in `CYD_DOWNLOAD_LINK_SECONDS` (the objects are private, so the
link is the only way in); from the file system the file is streamed through the app. Either
way nothing is under a public URL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import content_disposition_header

from coop.core.models import GeneratedDocument


def signs_links(storage: object) -> bool:
    """Whether `storage` hands out expiring signed links (django-storages' S3 backend)."""
    return bool(getattr(storage, "querystring_auth", False))


def file_download(
    file: FieldFile, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponseBase:
    """The stored `file` as a download named `filename`, to a user already let through."""
    storage: Any = file.storage  # django-storages' S3Storage.url takes these arguments
    if signs_links(storage):
        url = storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(not inline, filename),
                "ResponseContentType": content_type,
            },
            expire=settings.CYD_DOWNLOAD_LINK_SECONDS,
        )
        response: HttpResponseBase = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
        )
    # The link (or the file) is for this user only: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(
    request: HttpRequest,
    document: GeneratedDocument,
    *,
    filename: str,
    title: str,
    organisation: object,
    content_type: str = "application/pdf",
) -> HttpResponseBase:
    """A background document at the URL that asked for it: the file once it is made, until
    then a page that shows the progress and refreshes itself (and then gets the file)."""
    if document.status == GeneratedDocument.Status.DONE and document.file:
        return file_download(document.file, filename=filename, content_type=content_type)
    return render(
        request,
        "core/document_status.html",
        {"document": document, "title": title, "organisation": organisation},
    )
