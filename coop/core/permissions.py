"""Roles in organisations, held as django-guardian object permissions, and the one rule of
access.

This module is the only place that talks to django-guardian. Each role is an object
permission `role_<name>` on the organisation. Only the apps' `permissions.py` modules ask it
about roles: they turn roles into named predicates (`can_<verb>_<noun>(user, obj)`), and pages
and the API name those predicates; nothing else checks a role (a test scans the code for it).

The one rule (`gate`): what a person may not see answers "not found" (Http404) — for an
object that does not exist *and* for one of an organisation they hold no role in, so ids of
other organisations' objects reveal nothing; an action on something they may see but not
change answers "forbidden" (PermissionDenied, 403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import (
    assign_perm,
    get_objects_for_user,
    get_user_perms,
    get_users_with_perms,
    remove_perm,
)
from guardian.utils import get_user_obj_perms_model

from coop.core.models import User

M = TypeVar("M", bound=models.Model)
AnyUser = User | AnonymousUser
#: A question of an app's policy: may this user do this to (or see) this thing?
Predicate = Callable[[Any, Any], bool]


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    BOARD_MEMBER = "board_member", _("Board member")
    MEMBER = "member", _("Member")
    SCRUTINEER = "scrutineer", _("Scrutineer")
    BID_MANAGER = "bid_manager", _("Bid manager")


ALL_ROLES: tuple[Role, ...] = tuple(Role)
#: (codename, name) pairs for the organisation model's Meta.permissions.
ROLE_PERMISSIONS: tuple[tuple[str, str], ...] = tuple(
    (f"role_{role.value}", f"Acts as {role.value.replace('_', ' ')}") for role in Role
)

_CACHE_ATTR = "_cyd_roles_cache"


def _codename(role: Role | str) -> str:
    return f"role_{Role(role).value}"


def _unwrap(user: Any) -> Any:
    """The real user behind `request.user` (a lazy object), so the cache lives on it."""
    if isinstance(user, LazyObject):
        lazy: Any = user
        if vars(lazy)["_wrapped"] is empty:
            lazy._setup()
        return vars(lazy)["_wrapped"]
    return user


def roles_of(user: AnyUser | None, organisation: models.Model) -> frozenset[Role]:
    """The roles `user` holds in `organisation`, cached on the user object, which Django
    loads afresh for each request (so the cache lives as long as the request).

    Only roles granted to the user on the organisation count: a superuser holds no
    implicit role (django-guardian would otherwise report every permission for one), so
    what a person sees is always what they were given.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    real = _unwrap(user)
    cache: dict[tuple[str, Any], frozenset[Role]] = real.__dict__.setdefault(_CACHE_ATTR, {})
    key = (organisation._meta.label_lower, organisation.pk)
    if key not in cache:
        codenames = get_user_perms(real, organisation)
        cache[key] = frozenset(
            Role(code.removeprefix("role_")) for code in codenames if code.startswith("role_")
        )
    return cache[key]


def prime_roles(user: AnyUser | None, organisations: Sequence[models.Model]) -> None:
    """Load `user`'s roles in all of `organisations` with one query, so that `roles_of` and
    `has_role` on each of them query nothing (for list pages such as the home page)."""
    if not organisations or user is None or not user.is_authenticated or not user.is_active:
        return
    real = _unwrap(user)
    cache: dict[tuple[str, Any], frozenset[Role]] = real.__dict__.setdefault(_CACHE_ATTR, {})
    label = organisations[0]._meta.label_lower
    link: Any = get_user_obj_perms_model(organisations[0])
    rows = link.objects.filter(user=real, permission__codename__startswith="role_")
    if link.objects.is_generic():
        rows = rows.filter(
            content_type=ContentType.objects.get_for_model(organisations[0]),
            object_pk__in=[str(org.pk) for org in organisations],
        ).values_list("object_pk", "permission__codename")
    else:
        rows = rows.filter(content_object__in=[org.pk for org in organisations]).values_list(
            "content_object_id", "permission__codename"
        )
    held: dict[str, set[Role]] = {str(org.pk): set() for org in organisations}
    for pk, codename in rows:
        held[str(pk)].add(Role(codename.removeprefix("role_")))
    for org in organisations:
        cache[(label, org.pk)] = frozenset(held[str(org.pk)])


def forget_roles(user: AnyUser) -> None:
    """Drop the per-request role cache (after a grant or revoke)."""
    _unwrap(user).__dict__.pop(_CACHE_ATTR, None)


def has_role(user: AnyUser | None, organisation: models.Model, *roles: Role) -> bool:
    """Whether `user` holds any of `roles` (all roles if none given) in `organisation`."""
    held = roles_of(user, organisation)
    return bool(held & set(roles or ALL_ROLES))


def organisations_for(
    user: AnyUser | None, queryset: models.QuerySet[M], *roles: Role
) -> models.QuerySet[M]:
    """Organisations in `queryset` where `user` holds any of `roles` (any role if none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    perms = [f"{queryset.model._meta.app_label}.{_codename(r)}" for r in (roles or ALL_ROLES)]
    return get_objects_for_user(
        user,
        perms,
        klass=queryset,
        any_perm=True,
        use_groups=False,
        accept_global_perms=False,
        with_superuser=False,
    )


def grant(user: User, organisation: models.Model, role: Role) -> None:
    """Low-level grant; call it from a service that records an audit event."""
    assign_perm(_codename(role), user, organisation)
    forget_roles(user)


def revoke(user: User, organisation: models.Model, role: Role) -> None:
    """Low-level revoke; call it from a service that records an audit event."""
    remove_perm(_codename(role), user, organisation)
    forget_roles(user)


def users_with_role(organisation: models.Model, role: Role) -> models.QuerySet[User]:
    """Users who hold `role` in `organisation` (for notifications)."""
    users = cast(
        "models.QuerySet[User]",
        get_users_with_perms(
            organisation,
            only_with_perms_in=[_codename(role)],
            with_superusers=False,
            with_group_users=False,
        ),
    )
    return User.objects.filter(pk__in=users.values("pk"), is_active=True)


def require_role(user: AnyUser | None, organisation: models.Model, *roles: Role) -> None:
    """Raise Http404 unless `user` holds one of `roles` in `organisation`."""
    if not has_role(user, organisation, *roles):
        raise Http404


def get_for(
    user: AnyUser | None,
    queryset: models.QuerySet[M],
    roles: Iterable[Role],
    organisation_attr: str = "organisation",
    **lookup: Any,
) -> M:
    """Fetch one object, or Http404 if it is missing or `user` holds none of `roles` in its
    organisation. `organisation_attr` is the attribute path to the organisation ('' for an
    organisation itself)."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    organisation = obj
    for part in filter(None, organisation_attr.split(".")):
        organisation = getattr(organisation, part)
    require_role(user, organisation, *roles)
    return obj


def gate(
    user: AnyUser | None,
    subject: Any,
    may: Predicate,
    *,
    sees: Predicate,
    action: bool,
) -> None:
    """The one rule of access, for pages and the API alike.

    - `may(user, subject)`: pass;
    - an action (a POST, PATCH, DELETE, or the form page of one) by someone who `sees` the
      subject: PermissionDenied (403), so they learn why nothing happened;
    - anything else: Http404, the same answer as for something that does not exist.
    """
    if may(user, subject):
        return
    if action and sees(user, subject):
        raise PermissionDenied
    raise Http404


def is_active_user(user: AnyUser | None) -> bool:
    """A signed-in, active user (anonymous visitors and deactivated accounts hold nothing)."""
    return user is not None and user.is_authenticated and user.is_active
