"""A bid's evidence files: the list, uploading one, downloading one (private files are
served only through this gate). A co-op's officers see and add evidence about their own
co-op and the whole consortium (`tendering.permissions`)."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.downloads import file_download
from coop.core.models import User
from coop.core.web import action_page, bound, bound_files
from tendering import permissions, services
from tendering.forms.work import EvidenceForm
from tendering.views._common import back_to, bid_context, bid_url, is_action


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The bid's evidence files the user may see, and uploading one (the lead for anyone;
    a co-op's officers about their own co-op). Files over 20 MB are refused."""
    action = is_action(request.method)
    user = request.user
    bid = permissions.bid_get_for(
        user,
        slug,
        pk,
        permissions.can_contribute_to_bid if action else permissions.can_view_bid,
        action=action,
    )
    lead = permissions.can_manage_bid(user, bid)
    form = EvidenceForm(
        bound(request),
        bound_files(request),
        bid=bid,
        participants=permissions.participants_acted_for(user, bid, approved_only=False),
        participant_required=not lead,
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        services.evidence_add(bid=bid, actor=actor, **data)
        return _("Evidence uploaded.")

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=bid_url(bid, "evidence"),
        template="tendering/evidence.html",
        context=bid_context(
            bid,
            title=_("Evidence"),
            submit_label=_("Upload"),
            items=permissions.evidence_list_for(user, bid),
            back_url=back_to(request, bid, "bid"),
            multipart=True,
        ),
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, slug: str, pk: int, evidence_id: int) -> HttpResponseBase:
    item = permissions.evidence_get_for(
        request.user, slug, pk, evidence_id, permissions.can_view_evidence, action=False
    )
    if not item.file:
        raise Http404
    name = item.file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return file_download(item.file, filename=name, content_type=content_type)
