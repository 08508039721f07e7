"""Importing a register spreadsheet: upload, preview (every problem, or what will be added),
commit. Secretary only: anyone else gets 404."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.forms import add_service_errors
from coop.core.web import acting_user
from membership import permissions, selectors
from membership.forms.imports import COLUMN_HELP, COLUMNS, ImportUploadForm, MemberRowForm
from membership.imports import check_file, register_facts, summarise
from membership.models import ImportBatch, Organisation
from membership.services.imports import import_commit as commit_service
from membership.services.imports import import_preview as preview_service

PROBLEMS_PER_PAGE = 200
TEMPLATES = "membership/imports/"


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, slug: str) -> HttpResponse:
    """The upload form; a valid upload is checked and shown on the preview page."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_import_members, action=True
    )
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = preview_service(
                    organisation=organisation,
                    filename=upload.name,
                    content=upload.read(),
                    actor=acting_user(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return HttpResponseRedirect(
                    reverse("membership:import_preview", args=[organisation.slug, batch.pk])
                )
        status = 400
    else:
        form = ImportUploadForm()
        status = 200
    return render(
        request,
        TEMPLATES + "start.html",
        {
            "organisation": organisation,
            "form": form,
            "recent": selectors.import_batch_recent(organisation),
            "columns": [
                (name, field.required, COLUMN_HELP[name])
                for name, field in MemberRowForm.base_fields.items()
            ],
        },
        status=status,
    )


def _preview_context(
    request: HttpRequest, organisation: Organisation, batch: ImportBatch
) -> dict[str, Any]:
    problems: list[dict[str, Any]] = list(batch.problems)
    summary = None
    register_changed = False
    if not problems and batch.status == ImportBatch.Status.PREVIEWED:
        # The register may have changed since the upload: check the file again to show it.
        facts = register_facts(organisation)
        check = check_file(batch.filename, selectors.import_batch_content(batch), facts)
        if check.problems:
            problems = [p.as_dict() for p in check.problems]
            register_changed = True
        else:
            summary = summarise(check, facts)
    page = Paginator(problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "organisation": organisation,
        "batch": batch,
        "problem_count": len(problems),
        "problem_rows": len({p["row"] for p in problems}),
        "page": page,
        "summary": summary,
        "register_changed": register_changed,
        "can_commit": summary is not None,
        "register_url": reverse("membership:register", args=[organisation.slug]),
    }


@login_required
@require_GET
def import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every problem in the file by row and column, or, if there are none, what the import
    will add to the register, with the button to import it."""
    batch = permissions.import_batch_get_for_manage(request.user, slug, pk)
    return render(
        request, TEMPLATES + "preview.html", _preview_context(request, batch.organisation, batch)
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Import a clean file, all or nothing; a refusal shows the preview again with why."""
    batch = permissions.import_batch_get_for_manage(request.user, slug, pk, action=True)
    organisation = batch.organisation
    try:
        count = commit_service(batch=batch, actor=acting_user(request))
    except ValidationError as error:
        batch = permissions.import_batch_get_for_manage(request.user, slug, pk, action=True)
        context = _preview_context(request, organisation, batch)
        context["refusals"] = error.messages
        return render(request, TEMPLATES + "preview.html", context, status=400)
    messages.success(
        request,
        ngettext(
            "%(count)s member was added to the register.",
            "%(count)s members were added to the register.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(
        reverse("membership:import_preview", args=[organisation.slug, batch.pk])
    )


@login_required
@require_GET
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV file with the header row of the import, to fill in."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_import_members
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerow(COLUMNS)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="register-import-{organisation.slug}.csv"'
    )
    return response
