"""Writes around the register: certificates, logged inspections, export requests."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from membership.models import (
    Member,
    Organisation,
    RegisterExport,
    RegisterInspection,
    ShareCertificate,
    ShareClass,
)
from membership.services._common import check_not_ceased, holding_of, lock_members, today


@transaction.atomic
def certificate_issue(
    *, member: Member, share_class: ShareClass, actor: User | None
) -> ShareCertificate:
    """Issue a numbered share certificate for the member's current holding of a class."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    holding = holding_of(member, share_class)
    if holding.shares <= 0:
        raise fail(
            "share_class",
            _("Member %(number)s holds no %(cls)s.")
            % {"number": member.number, "cls": share_class.name},
        )
    organisation = Organisation.objects.select_for_update().get(pk=member.organisation_id)
    last = (
        ShareCertificate.objects.filter(organisation=organisation).aggregate(last=Max("number"))[
            "last"
        ]
        or 0
    )
    certificate = ShareCertificate(
        organisation=organisation,
        member=member,
        share_class=share_class,
        number=last + 1,
        shares=holding.shares,
        paid_pence=holding.paid_pence,
        issued_on=today(),
        issued_by=actor if actor is not None and actor.pk else None,
    )
    certificate.full_clean()
    certificate.save()
    audit(actor=actor, action="certificate.issue", obj=certificate, after=snapshot(certificate))
    return certificate


def inspection_log(
    *,
    organisation: Organisation,
    user: User | None,
    kind: str,
    as_of: dt.date,
    member: Member | None = None,
) -> RegisterInspection:
    """Log an inspection of the register (CCBS Act 2014 s.103). Append-only."""
    return RegisterInspection.objects.create(
        organisation=organisation, user=user, kind=kind, as_of=as_of, member=member
    )


@transaction.atomic
def register_export_request(
    *, organisation: Organisation, as_of: dt.date, format: str, language: str, actor: User
) -> RegisterExport:
    """Queue a register export to be built in the background (large PDFs)."""
    from membership.tasks import build_register_export

    if format not in RegisterExport.Format.values:
        raise fail("format", _("Choose PDF or CSV."))
    if language not in ("en-gb", "cy"):
        raise fail("language", _("Choose English or Welsh."))
    if as_of > today():
        raise fail("as_of", _("The date cannot be in the future."))
    if as_of < organisation.registered_on:
        raise fail("as_of", _("The date cannot be before the organisation was registered."))
    export = RegisterExport.objects.create(
        organisation=organisation, requested_by=actor, as_of=as_of, format=format, language=language
    )
    inspection_log(
        organisation=organisation, user=actor, kind=RegisterInspection.Kind.EXPORT, as_of=as_of
    )
    audit(
        actor=actor,
        action="register.export_request",
        obj=export,
        after=snapshot(export, ["as_of", "format", "language", "status"]),
    )
    transaction.on_commit(lambda: build_register_export.enqueue(export.pk))
    return export
