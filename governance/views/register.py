"""The register of resolutions; a member appoints a proxy for a meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from governance import selectors, services
from governance.forms.meetings import ConfirmForm
from governance.forms.motions import ProxyForm
from governance.models import Meeting, MeetingProxy, Motion
from governance.views._common import (
    acting_user,
    bound,
    form_page,
    meeting_for_view,
    meeting_url,
    member_of,
    organisation_for,
    page_context,
)
from governance.views._display import welsh
from governance.views.motions import as_member
from membership.models import Member

PAGE_SIZE = 50


def _live_proxy(meeting: Meeting, member: Member | None) -> MeetingProxy | None:
    if member is None:
        return None
    return selectors.meeting_proxies(meeting).filter(member=member).first()


@login_required
@require_GET
def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every resolution passed: number, date, text, type, votes, the rule applied, status
    (provisional until confirmed at a second meeting where the Act asks for it)."""
    organisation = organisation_for(request, slug)
    page = Paginator(selectors.resolutions_register(organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "resolution": r,
            "text": r.text_cy if welsh() and r.text_cy else r.text,
            "votes": (r.result or {}).get("votes", {}),
        }
        for r in page
    ]
    return render(
        request,
        "governance/resolutions.html",
        {"organisation": organisation, "page": page, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proxy_appoint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member appoints a proxy for a meeting, where the rules allow it: another member (by
    number) or the chair; directed (with how to vote on each motion) or discretionary."""
    meeting = meeting_for_view(request, slug, pk)
    member = member_of(request, meeting.organisation)
    live = _live_proxy(meeting, member)
    if live is not None and request.method == "GET":
        return render(
            request,
            "governance/proxy_held.html",
            {"organisation": meeting.organisation, "meeting": meeting, "proxy": live},
        )
    motions = [
        m for m in selectors.meeting_motions(meeting) if m.status == Motion.Status.ADMISSIBLE
    ]
    form = ProxyForm(bound(request), motions=motions)

    def perform(data: dict[str, Any]) -> HttpResponse:
        holder = None
        if data["holder_number"]:
            holder = Member.objects.filter(
                organisation=meeting.organisation, number=data["holder_number"]
            ).first()
            if holder is None:
                raise ValidationError(
                    {
                        "holder_number": [
                            _("There is no member %(number)s in %(org)s.")
                            % {
                                "number": data["holder_number"],
                                "org": meeting.organisation.display_name,
                            }
                        ]
                    }
                )
        proxy = services.meeting_proxy_appoint(
            meeting=meeting,
            member=as_member(member),
            kind=data["kind"],
            holder=holder,
            holder_name="" if holder else _("The chair of the meeting"),
            directions=form.directions,
            actor=acting_user(request),
        )
        messages.success(
            request, _("%(name)s is your proxy for the meeting.") % {"name": proxy.holder_name}
        )
        return HttpResponseRedirect(meeting_url(meeting))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"holder": "holder_number", "holder_name": "holder_number"},
        context=page_context(
            meeting.organisation,
            title=_("Appoint a proxy"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Appoint my proxy"),
            intro=_(
                "If you cannot attend, your proxy votes for you. A directed proxy votes as "
                "you say below; otherwise your proxy decides at the meeting."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proxy_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member revokes their proxy before the meeting starts."""
    meeting = meeting_for_view(request, slug, pk)
    proxy = _live_proxy(meeting, member_of(request, meeting.organisation))
    if proxy is None:
        raise Http404

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.meeting_proxy_revoke(proxy=proxy, actor=acting_user(request))
        messages.success(request, _("Your proxy is revoked."))
        return HttpResponseRedirect(meeting_url(meeting))

    return form_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        context=page_context(
            meeting.organisation,
            title=_("Revoke your proxy"),
            caption=meeting.display_title,
            back_url=meeting_url(meeting),
            submit_label=_("Revoke my proxy"),
            summary=[(_("Your proxy"), proxy.holder_name), (_("Kind"), proxy.get_kind_display())],
            danger=True,
        ),
    )
