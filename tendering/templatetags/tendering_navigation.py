"""The joint bids entry of the site's service navigation (`base.html`).

On a page of a consortium, the navigation links to its joint bids for whoever may see them
(`tendering.permissions.can_view_bids`). The question costs no query on the pages of a
consortium's lead, whose roles the page's own gate has loaded; the home page links each
person's bids sections from their organisations' cards (`coop.views.home`).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from membership.models import Organisation
from tendering import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def joint_bids_url(context: template.Context) -> str:
    """The address of the joint bids of the page's organisation, or "" if it has none the
    user may see."""
    organisation: Any = context.get("organisation")
    user = context.get("user")
    if not isinstance(organisation, Organisation) or not organisation.is_consortium:
        return ""
    if not permissions.can_view_bids(user, organisation):
        return ""
    return reverse("tendering:index", args=[organisation.slug])
