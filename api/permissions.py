"""The old role gate of the API, kept only while some endpoints still declare `roles`.

Endpoints name predicates of their app's `permissions.py` through `api.policy.PolicyGate`
(membership's all do). The voting and governance endpoints still map HTTP methods to role
tuples; `api.membership.base.PolicyOrRoles` sends them here. This module goes, tuples and all,
once they name predicates too.

A user who holds no role in the organisation gets 404 for anything under it (never 403); a
user who holds some role but not the one an endpoint needs gets 404 for a read and 403 for an
action.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from coop.core.permissions import Role, has_role

#: Still used by the voting and governance endpoints' `roles` maps.
ANY_ROLE: tuple[Role, ...] = tuple(Role)
SECRETARY: tuple[Role, ...] = (Role.SECRETARY,)


@runtime_checkable
class OrganisationScoped(Protocol):
    """A view under one organisation: it finds the organisation (Http404 when the user holds
    no role in it) and names the roles each HTTP method needs."""

    def get_organisation(self) -> models.Model: ...

    def required_roles(self, method: str) -> tuple[Role, ...]: ...


class OrganisationRole(BasePermission):
    """The role gate of an organisation's endpoints (see the module docstring)."""

    message = _("Your role in this organisation does not allow this action.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(view, OrganisationScoped):
            raise TypeError(f"{type(view).__name__} is not scoped to an organisation")
        organisation = view.get_organisation()
        roles = view.required_roles(request.method or "GET")
        if roles and has_role(request.user, organisation, *roles):
            return True
        if request.method in SAFE_METHODS:
            raise NotFound
        return False
