"""Reads of an organisation's settings: the organisation itself, its rules versions, member
and share classes, and its audit trail."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from coop.core.models import AuditEvent
from membership.models import MemberClass, Organisation, RulesVersion, ShareClass


def organisation_by_slug(slug: str) -> Organisation | None:
    """The organisation of an address (the caller gates it; the join page needs no role)."""
    return Organisation.objects.filter(slug=slug).first()


def audit_events(organisation: Organisation) -> QuerySet[AuditEvent]:
    """The organisation's audit trail, newest first."""
    return AuditEvent.objects.filter(organisation_id=organisation.pk).select_related("actor")


def audit_page(organisation: Organisation, page: int | str | None, per_page: int = 50) -> Page:
    return Paginator(audit_events(organisation), per_page).get_page(page)


def rules_in_force_on(organisation: Organisation, day: dt.date) -> RulesVersion | None:
    """The registered rules in force on `day` (rules versions: `effective_from`)."""
    return organisation.rules_versions.in_force_on(day).prefetch_related("resolution_types").first()


def rules_version_list(organisation: Organisation) -> QuerySet[RulesVersion]:
    """Every rules version, the newest first."""
    return organisation.rules_versions.prefetch_related("resolution_types").order_by(
        "-effective_from"
    )


def member_class_list(organisation: Organisation) -> QuerySet[MemberClass]:
    return organisation.member_classes.prefetch_related("share_classes").order_by(
        "position", "name"
    )


def member_class_by_code(organisation: Organisation, code: str) -> MemberClass | None:
    return organisation.member_classes.filter(code=code).first()


def share_class_list(organisation: Organisation) -> QuerySet[ShareClass]:
    return organisation.share_classes.order_by("name")


def share_classes(organisation: Organisation) -> list[ShareClass]:
    return list(share_class_list(organisation))


def share_class_by_code(organisation: Organisation, code: str) -> ShareClass | None:
    return organisation.share_classes.filter(code=code).first()


def share_classes_by_code(organisation: Organisation, codes: list[str]) -> dict[str, ShareClass]:
    return {c.code: c for c in organisation.share_classes.filter(code__in=codes)}
