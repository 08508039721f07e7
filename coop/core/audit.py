"""The one audit helper every service uses.

An audit event records who (the actor), when, what (the action and the object), and the
state before and after. Services call `audit()` inside their transaction, so the event and the
change commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from coop.core.models import AuditEvent, User


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values as JSON-safe data (foreign keys as ids)."""
    wanted = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname if field.is_relation else field.name
        if wanted is not None and field.name not in wanted and name not in wanted:
            continue
        if name in {"password", "created_at", "updated_at"}:
            continue
        data[field.name] = _json_value(field.value_from_object(obj))
    return data


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system"
    return actor.email


def audit(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    organisation_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record one audit event; `organisation_id` defaults to the object's own."""
    if organisation_id is None and obj is not None:
        organisation_id = getattr(obj, "organisation_id", None)
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_actor_label(actor),
        organisation_id=organisation_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        reason=reason,
    )
    event.save()
    return event


def audit_many(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Bulk-insert prepared events (imports); build them with `audit_event()`."""
    return AuditEvent.objects.bulk_create(list(events), batch_size=2000)


def audit_event(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    organisation_id: int | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """An unsaved event for `audit_many`."""
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_actor_label(actor),
        organisation_id=organisation_id
        if organisation_id is not None
        else getattr(obj, "organisation_id", None),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        after=_json_value(after) if after is not None else None,
        reason=reason,
    )
