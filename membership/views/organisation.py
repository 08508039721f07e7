"""The membership part of an organisation's home page (the links each role may open), and the
audit trail.

The home page itself (`membership:organisation`) brings together every app: meetings, ballots
and joint bids live in apps above membership, which membership may not import, so the page is
assembled at the top (`coop.hub`), which asks each app's predicates; this module gives it the
register's part.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coop.core.permissions import AnyUser
from membership import permissions, selectors
from membership.models import Organisation


def link(text: str, url: str, count: int | None = None, label: str = "") -> dict[str, object]:
    """One link of the home page, with an optional count shown as a tag."""
    return {"text": text, "url": url, "count": count, "count_label": label}


def _register_links(user: AnyUser | None, organisation: Organisation) -> list[dict[str, object]]:
    slug = organisation.slug
    links: list[dict[str, object]] = []
    if permissions.can_view_register(user, organisation):
        links.append(link(_("Register of members"), reverse("membership:register", args=[slug])))
    if permissions.can_view_applications(user, organisation):
        waiting = selectors.applications_waiting(organisation).count()
        links.append(
            link(
                _("Applications to join"),
                reverse("membership:applications", args=[slug]),
                waiting,
                ngettext("%(count)s waiting", "%(count)s waiting", waiting) % {"count": waiting},
            )
        )
    if permissions.can_view_withdrawals(user, organisation):
        open_count = selectors.withdrawal_queue(organisation).count()
        links.append(
            link(
                _("Withdrawals of shares"),
                reverse("membership:withdrawals", args=[slug]),
                open_count,
                ngettext("%(count)s open", "%(count)s open", open_count) % {"count": open_count},
            )
        )
    if permissions.can_view_register(user, organisation):
        links += [
            link(_("Register of officers"), reverse("membership:officers", args=[slug])),
            link(_("Book of nominations"), reverse("membership:nominations", args=[slug])),
        ]
    if permissions.can_view_organisation(user, organisation):
        links.append(link(_("Share classes"), reverse("membership:share_classes", args=[slug])))
    if permissions.can_export_register(user, organisation):
        links.append(link(_("Export the register"), reverse("membership:exports", args=[slug])))
    if permissions.can_import_members(user, organisation):
        links.append(
            link(
                _("Import members from a spreadsheet"),
                reverse("membership:import_start", args=[slug]),
            )
        )
    return links


def _member_links(user: AnyUser | None, organisation: Organisation) -> list[dict[str, object]]:
    slug = organisation.slug
    links: list[dict[str, object]] = []
    if permissions.can_view_own_account(user, organisation):
        links.append(
            link(
                _("Your account: membership and shares"),
                reverse("membership:my_account", args=[slug]),
            )
        )
    if permissions.can_inspect_duplicate_register(user, organisation):
        links.append(
            link(
                _("The register of members (without holdings)"),
                reverse("membership:duplicate_register", args=[slug]),
            )
        )
    return links


def hub_context(user: AnyUser | None, organisation: Organisation) -> dict[str, Any]:
    """The register's part of the organisation's home page, by what `user` may open."""
    return {
        "organisation": organisation,
        "roles": permissions.roles_held(user, organisation),
        "register_links": _register_links(user, organisation),
        "member_links": _member_links(user, organisation),
        "join_url": reverse("membership:join", args=[organisation.slug]),
        "can_view_audit": permissions.can_view_audit(user, organisation),
    }


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Every audit event of the organisation, newest first (secretary and scrutineer)."""
    organisation = permissions.organisation_get_for(request.user, slug, permissions.can_view_audit)
    page = selectors.audit_page(organisation, request.GET.get("page"))
    return render(
        request, "membership/audit_log.html", {"organisation": organisation, "page": page}
    )
