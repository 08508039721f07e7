"""Permission classes of the joint bids API; every answer comes from `tendering.permissions`
(itself over `coop.core.permissions`).

Two audiences:

- the lead: the consortium's bid managers and secretary, who run its bids and see everything,
  members' cost build-ups included;
- the parties of a bid: the lead, and the people of the member co-ops taking part (a role in
  the co-op's own organisation, or a current representative of it), who see their own co-op's
  part.

Anyone else gets 404 for anything under the consortium (never 403). Someone who may see a
thing but not act on it gets 403 for the action; a read they may not make answers 404.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class Audience(StrEnum):
    LEAD = "lead"
    PARTIES = "parties"


#: The consortium's bid managers and secretary.
LEAD = Audience.LEAD
#: The lead and the people of the member co-ops taking part.
PARTIES = Audience.PARTIES


@runtime_checkable
class JointBidScoped(Protocol):
    """A view under one consortium: it names the audience of each HTTP method and admits the
    user to it (raising Http404 for someone who may not see the thing, PermissionDenied for
    someone who may see it but not act)."""

    def audience(self, method: str) -> Audience: ...

    def admit(self, audience: Audience, *, action: bool) -> None: ...


class JointBidAccess(BasePermission):
    """The gate of every joint bids endpoint (see the module docstring)."""

    message = _("Only the consortium's bid managers and secretary may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(view, JointBidScoped):
            raise TypeError(f"{type(view).__name__} is not scoped to a consortium")
        method = request.method or "GET"
        try:
            view.admit(view.audience(method), action=method not in SAFE_METHODS)
        except DjangoPermissionDenied:
            return False
        return True
