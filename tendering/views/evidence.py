"""A bid's evidence files: the list, uploading one, downloading one (private files are
served only through this gate)."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.downloads import file_download
from tendering import permissions, selectors, services
from tendering.forms.work import EvidenceForm
from tendering.models import Evidence
from tendering.views._common import acting_user, bid_context, bid_url, form_page, make_form
from tendering.views.capacity import acting_for, back_to


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The bid's evidence files, and uploading one (the lead for anyone; a co-op's people
    about their own co-op)."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    bid = access.bid
    form = make_form(
        EvidenceForm,
        request,
        bid=bid,
        participants=acting_for(access, approved_only=False),
        participant_required=not access.is_lead,
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.evidence_add(
            bid=bid,
            title=data["title"],
            file=data["file"],
            participant=data["participant"],
            question=data["question"],
            actor=acting_user(request),
        )
        messages.success(request, _("Evidence uploaded."))
        return HttpResponseRedirect(bid_url(bid, "evidence"))

    return form_page(
        request,
        form=form,
        perform=perform,
        template="tendering/evidence.html",
        context=bid_context(
            bid,
            title=_("Evidence"),
            submit_label=_("Upload"),
            items=selectors.evidence_list(bid),
            back_url=back_to(access, "bid"),
        ),
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, slug: str, pk: int, evidence_id: int) -> HttpResponseBase:
    access = permissions.bid_get_for_view(request.user, slug, pk)
    item = Evidence.objects.filter(pk=evidence_id, bid=access.bid).first()
    if item is None or not item.file:
        raise Http404
    name = item.file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return file_download(item.file, filename=name, content_type=content_type)
