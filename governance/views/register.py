"""The register of resolutions; a member appoints a proxy for a meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.i18n import is_welsh
from coop.core.models import User
from coop.core.validation import fail
from coop.core.web import acting_user, action_page, bound, form_page
from governance import permissions, selectors, services
from governance.forms.meetings import ConfirmForm
from governance.forms.motions import ProxyForm
from governance.models import Meeting, Motion
from governance.views._common import as_member, meeting_url, member_of, page_context
from membership.models import Member

PAGE_SIZE = 50


@login_required
@require_GET
def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every resolution passed: number, date, text, type, votes, the rule applied, status
    (provisional until confirmed at a second meeting where the Act asks for it)."""
    organisation = permissions.organisation_get_for(
        request.user, slug, permissions.can_view_resolutions, action=False
    )
    page = Paginator(selectors.resolutions_register(organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "resolution": r,
            "text": r.text_cy if is_welsh() and r.text_cy else r.text,
            "votes": (r.result or {}).get("votes", {}),
        }
        for r in page
    ]
    return render(
        request,
        "governance/resolutions.html",
        {"organisation": organisation, "page": page, "rows": rows},
    )


def _holder(meeting: Meeting, number: int | None) -> Member | None:
    """The member named as proxy by number (None for the chair); refused on the field if
    the number is not a member's."""
    if not number:
        return None
    holder = selectors.member_numbered(meeting.organisation, number)
    if holder is None:
        raise fail(
            "holder_number",
            _("There is no member %(number)s in %(org)s.")
            % {"number": number, "org": meeting.organisation.display_name},
        )
    return holder


@login_required
@require_http_methods(["GET", "POST"])
def proxy_appoint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member appoints a proxy for a meeting, where the rules allow it: another member (by
    number) or the chair; directed (with how to vote on each motion) or discretionary."""
    meeting = permissions.meeting_get_for(
        request.user, slug, pk, permissions.can_appoint_proxy, action=True
    )
    member = member_of(request, meeting.organisation)
    live = selectors.live_proxy(meeting, member)
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
        holder = _holder(meeting, data["holder_number"])
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
    meeting = permissions.meeting_get_for(
        request.user, slug, pk, permissions.can_appoint_proxy, action=True
    )
    # Their own proxy, found from their member record: nobody else's is reachable here.
    proxy = selectors.live_proxy(meeting, member_of(request, meeting.organisation))
    if proxy is None:
        raise Http404

    def perform(data: dict[str, Any], actor: User) -> str:
        services.meeting_proxy_revoke(proxy=proxy, actor=actor)
        return _("Your proxy is revoked.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=meeting_url(meeting),
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
