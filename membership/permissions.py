"""Who may do what in membership: questions answered through `coop.core.permissions`."""

from __future__ import annotations

from django.db.models import QuerySet

from coop.core.permissions import AnyUser, Role, get_for, has_role, organisations_for
from membership.models import Organisation

REGISTER_READERS = (Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER)


def organisation_list_for(user: AnyUser | None) -> QuerySet[Organisation]:
    """Organisations where `user` holds any role."""
    return organisations_for(user, Organisation.objects.all())


def organisation_get_for_view(user: AnyUser | None, slug: str) -> Organisation:
    """The organisation if `user` holds any role in it, else Http404."""
    return get_for(user, Organisation.objects.all(), Role, organisation_attr="", slug=slug)


def can_view_audit(user: AnyUser | None, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.SECRETARY, Role.SCRUTINEER)


def can_manage_register(user: AnyUser | None, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.SECRETARY)


def can_view_register(user: AnyUser | None, organisation: Organisation) -> bool:
    return has_role(user, organisation, *REGISTER_READERS)
