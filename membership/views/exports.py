"""Exports of the register as at a date: CSV (always streamed), PDF (rendered at once for a
small register, built in the background for a large one, with a page showing progress).

Every export is logged as an inspection of the register (CCBS Act 2014 s.103). Files are
private: the download view checks the role, they are never under a public URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.downloads import file_download
from coop.core.forms import add_service_errors
from coop.core.web import acting_user, bound
from membership import documents, exports, permissions, selectors, services
from membership.forms.secretary_board import ExportForm
from membership.models import Organisation, RegisterExport, RegisterInspection


def _filename(organisation: Organisation, as_of: dt.date, extension: str) -> str:
    return f"register-{organisation.slug}-{as_of:%Y-%m-%d}.{extension}"


def _in_language(lines: Iterator[str], language: str) -> Iterator[str]:
    """Stream `lines` with `language` active (the header is translated as it streams)."""
    with translation.override(language):
        yield from lines


def _export(
    request: HttpRequest, organisation: Organisation, data: dict[str, Any]
) -> HttpResponseBase:
    as_of: dt.date = data["as_of"]
    language: str = data["language"]
    user = acting_user(request)
    if data["format"] == RegisterExport.Format.CSV:
        services.inspection_log(
            organisation=organisation,
            user=user,
            kind=RegisterInspection.Kind.EXPORT,
            as_of=as_of,
        )
        register = selectors.register_as_of(organisation, as_of, welsh=language == "cy")
        stream = StreamingHttpResponse(
            _in_language(exports.register_csv_lines(register), language),
            content_type="text/csv; charset=utf-8",
        )
        stream["Content-Disposition"] = (
            f'attachment; filename="{_filename(organisation, as_of, "csv")}"'
        )
        return stream
    if selectors.register_size(organisation, as_of) <= settings.CYD_PDF_BACKGROUND_THRESHOLD:
        pdf = documents.register_pdf(organisation, as_of, language)
        services.inspection_log(
            organisation=organisation,
            user=user,
            kind=RegisterInspection.Kind.EXPORT,
            as_of=as_of,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(organisation, as_of, "pdf")}"'
        )
        return response
    export = services.register_export_request(
        organisation=organisation,
        as_of=as_of,
        format=RegisterExport.Format.PDF,
        language=language,
        actor=user,
    )
    return HttpResponseRedirect(
        reverse("membership:export_status", args=[organisation.slug, export.pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_register(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Choose the date, format and language of an export of the register."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_export_register, action=request.method == "POST"
    )
    form = ExportForm(bound(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            return _export(request, organisation, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    recent = selectors.register_export_list(organisation)[:10]
    return render(
        request,
        "membership/secretary/exports.html",
        {"organisation": organisation, "recent": recent, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def export_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """How far a background export has got; refreshes itself until it is finished."""
    export = permissions.export_get_for_download(request.user, slug, pk)
    finished = export.status in (RegisterExport.Status.DONE, RegisterExport.Status.FAILED)
    return render(
        request,
        "membership/secretary/export_status.html",
        {"organisation": export.organisation, "export": export, "finished": finished},
    )


@login_required
@require_GET
def export_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The finished export's file, to users who may export this organisation's register."""
    export = permissions.export_get_for_download(request.user, slug, pk)
    if export.status != RegisterExport.Status.DONE or not export.file:
        raise Http404
    services.inspection_log(
        organisation=export.organisation,
        user=acting_user(request),
        kind=RegisterInspection.Kind.EXPORT,
        as_of=export.as_of,
    )
    return file_download(
        export.file,
        filename=_filename(export.organisation, export.as_of, export.format),
        content_type="application/pdf"
        if export.format == RegisterExport.Format.PDF
        else "text/csv; charset=utf-8",
    )
