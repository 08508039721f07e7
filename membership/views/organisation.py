"""The organisation hub (links by role) and the audit trail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coop.core.permissions import Role, has_role, roles_of
from membership import permissions, selectors
from membership.views._common import EXPORTERS, READERS, url_or_none


def _link(text: str, url: str, count: int | None = None, label: str = "") -> dict[str, object]:
    return {"text": text, "url": url, "count": count, "count_label": label}


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's home: what each of the user's roles lets them open."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    user = request.user
    register_links: list[dict[str, object]] = []
    if has_role(user, organisation, *READERS):
        waiting = selectors.applications_waiting(organisation).count()
        open_withdrawals = selectors.withdrawal_queue(organisation).count()
        register_links = [
            _link(_("Register of members"), reverse("membership:register", args=[slug])),
            _link(
                _("Applications to join"),
                reverse("membership:applications", args=[slug]),
                waiting,
                ngettext("%(count)s waiting", "%(count)s waiting", waiting) % {"count": waiting},
            ),
            _link(
                _("Withdrawals of shares"),
                reverse("membership:withdrawals", args=[slug]),
                open_withdrawals,
                ngettext("%(count)s open", "%(count)s open", open_withdrawals)
                % {"count": open_withdrawals},
            ),
            _link(_("Register of officers"), reverse("membership:officers", args=[slug])),
            _link(_("Book of nominations"), reverse("membership:nominations", args=[slug])),
            _link(_("Share classes"), reverse("membership:share_classes", args=[slug])),
        ]
        if has_role(user, organisation, *EXPORTERS):
            register_links.append(
                _link(_("Export the register"), reverse("membership:exports", args=[slug]))
            )
        import_url = url_or_none("membership:import_start", slug)
        if import_url and has_role(user, organisation, Role.SECRETARY):
            register_links.append(_link(_("Import members from a spreadsheet"), import_url))
    member_links: list[dict[str, object]] = []
    if has_role(user, organisation, Role.MEMBER):
        for name, text in (
            ("membership:my_account", _("Your account: membership and shares")),
            ("membership:duplicate_register", _("The register of members (without holdings)")),
        ):
            url = url_or_none(name, slug)
            if url:
                member_links.append(_link(text, url))
    # Meetings, ballots and bids live in apps above membership: linked by URL name only.
    activity_links = [
        _link(text, url)
        for name, text in (
            ("governance:meetings", _("Meetings and motions")),
            ("voting:list", _("Ballots")),
            ("governance:resolutions", _("Register of resolutions")),
            ("governance:requisitions", _("Requisitions of a general meeting")),
            ("tendering:bids", _("Joint bids")),
        )
        if (url := url_or_none(name, slug))
        and (name != "tendering:bids" or organisation.is_consortium)
    ]
    return render(
        request,
        "membership/organisation_detail.html",
        {
            "organisation": organisation,
            "activity_links": activity_links,
            "roles": sorted(roles_of(user, organisation), key=str),
            "register_links": register_links,
            "member_links": member_links,
            "join_url": url_or_none("membership:join", slug),
            "can_view_audit": permissions.can_view_audit(user, organisation),
        },
    )


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Every audit event of the organisation, newest first (secretary and scrutineer)."""
    organisation = permissions.organisation_get_for_view(request.user, slug)
    if not permissions.can_view_audit(request.user, organisation):
        raise Http404
    page = selectors.audit_page(organisation, request.GET.get("page"))
    return render(
        request, "membership/audit_log.html", {"organisation": organisation, "page": page}
    )
