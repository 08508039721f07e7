"""Writes of the kernel: roles and account preferences, each with an audit event."""

from __future__ import annotations

from django.db import models, transaction

from coop.core import permissions
from coop.core.audit import audit
from coop.core.models import User
from coop.core.permissions import Role


@transaction.atomic
def role_grant(*, organisation: models.Model, user: User, role: Role, actor: User | None) -> None:
    """Give `user` the `role` in `organisation` (no-op if held)."""
    if permissions.has_role(user, organisation, role):
        return
    permissions.grant(user, organisation, role)
    audit(
        actor=actor,
        action="role.grant",
        obj=user,
        organisation_id=organisation.pk,
        after={"role": role.value, "user": user.email},
    )


@transaction.atomic
def role_revoke(*, organisation: models.Model, user: User, role: Role, actor: User | None) -> None:
    """Take `role` in `organisation` away from `user` (no-op if not held)."""
    if not permissions.has_role(user, organisation, role):
        return
    permissions.revoke(user, organisation, role)
    audit(
        actor=actor,
        action="role.revoke",
        obj=user,
        organisation_id=organisation.pk,
        before={"role": role.value, "user": user.email},
    )


@transaction.atomic
def user_set_language(*, user: User, language: str, actor: User) -> None:
    """Remember the interface language a signed-in user chose."""
    if language not in User.Language.values:
        raise ValueError(language)
    if user.preferred_language == language:
        return
    before = {"preferred_language": user.preferred_language}
    user.preferred_language = language
    user.save(update_fields=["preferred_language", "updated_at"])
    audit(
        actor=actor,
        action="user.set_language",
        obj=user,
        before=before,
        after={"preferred_language": language},
    )
