"""What the tendering pages share beyond the kernel's kit (`coop.core.web`): the context every
page of a bid starts from, and the addresses of a bid and an opportunity.

Every page gates through a getter of `tendering.permissions` naming its predicate; the form
page, the action page and the acting user come from `coop.core.web`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from tendering import permissions
from tendering.models import JointBid, Opportunity


def bid_context(bid: JointBid, **extra: Any) -> dict[str, Any]:
    """The context every page of a bid starts from (caption, back to the dashboard)."""
    return {
        "organisation": bid.consortium,
        "bid": bid,
        "caption": f"{bid.opportunity.reference}: {bid.opportunity.display_title}",
        "back_url": bid_url(bid),
        **extra,
    }


def bid_url(bid: JointBid, name: str = "bid", *args: Any) -> str:
    return reverse(f"tendering:{name}", args=[bid.consortium.slug, bid.pk, *args])


def opportunity_url(opportunity: Opportunity) -> str:
    return reverse("tendering:opportunity", args=[opportunity.organisation.slug, opportunity.pk])


def is_action(method: str | None) -> bool:
    """A page that shows on GET and acts on POST: the POST is the action (403 for someone
    who may see the page but not act)."""
    return method == "POST"


def back_to(request: HttpRequest, bid: JointBid, page: str) -> str:
    """The lead goes back to `page`; a co-op's officers to their own co-op's part."""
    if permissions.can_manage_bid(request.user, bid):
        return bid_url(bid, page)
    parts = permissions.own_parts(request.user, bid)
    return bid_url(bid, "member_part", parts[0].pk) if parts else bid_url(bid, page)
