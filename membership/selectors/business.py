"""Reads of the register's business: applications to join, withdrawals of shares, officers,
nominations, register exports and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet

from membership.models import (
    Application,
    ImportBatch,
    Member,
    Nomination,
    Officer,
    Organisation,
    RegisterExport,
    Withdrawal,
)


def application_list(organisation: Organisation, *, status: str = "") -> QuerySet[Application]:
    """Applications to join, oldest first."""
    applications = Application.objects.filter(organisation=organisation).select_related(
        "member_class", "share_class", "member"
    )
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("submitted_at", "id")


def applications_waiting(organisation: Organisation) -> QuerySet[Application]:
    """Applications waiting for the board's decision, oldest first."""
    return application_list(organisation, status=Application.Status.SUBMITTED)


def application_get(organisation: Organisation, pk: int) -> Application | None:
    return application_list(organisation).filter(pk=pk).first()


def application_of(member: Member) -> Application | None:
    """The application through which the member joined, if they applied in Cyd."""
    return Application.objects.filter(member=member).first()


def member_record(member: Member) -> dict[str, Any]:
    """Everything else the register holds about one member, for the secretary's page: joint
    holders, representatives, nominations, offices held, the application they joined by,
    share certificates and withdrawals (one query each)."""
    return {
        "joint_holders": list(member.joint_holders.all()),
        "representatives": list(member.representatives.select_related("user")),
        "nominations": list(member.nominations.all()),
        "offices": list(member.offices.all()),
        "application": application_of(member),
        "certificates": list(member.certificates.select_related("share_class")),
        "withdrawals": list(member.withdrawals.select_related("share_class").order_by("-id")),
    }


def withdrawal_list(
    organisation: Organisation, *, status: str = "", member: Member | None = None
) -> QuerySet[Withdrawal]:
    """Withdrawals of every status (or one), those whose notice ends first at the top."""
    withdrawals = Withdrawal.objects.filter(organisation=organisation).select_related(
        "member", "share_class"
    )
    if status:
        withdrawals = withdrawals.filter(status=status)
    if member is not None:
        withdrawals = withdrawals.filter(member=member)
    return withdrawals.order_by("notice_ends_on", "id")


def withdrawal_queue(organisation: Organisation) -> QuerySet[Withdrawal]:
    """Open withdrawals, the ones whose notice ends first at the top."""
    return withdrawal_list(organisation).filter(status__in=Withdrawal.OPEN)


def withdrawals_open_of(member: Member) -> list[Withdrawal]:
    """The member's own open withdrawals, for their account."""
    return list(withdrawal_queue(member.organisation).filter(member=member))


def withdrawal_get(organisation: Organisation, pk: int) -> Withdrawal | None:
    return withdrawal_list(organisation).filter(pk=pk).first()


def officer_list(organisation: Organisation, *, current_only: bool = False) -> QuerySet[Officer]:
    """The register of officers: current terms first, then past ones (history is kept)."""
    officers = Officer.objects.filter(organisation=organisation).select_related(
        "member", "member_class"
    )
    if current_only:
        officers = officers.filter(ended_on__isnull=True)
    return officers.order_by(F("ended_on").asc(nulls_first=True), "office", "name", "id")


def officers_current(organisation: Organisation, day: dt.date | None = None) -> QuerySet[Officer]:
    """Officers in office today (or on `day`)."""
    officers = organisation.officers.select_related("member", "member_class")
    if day is None:
        return officers.filter(ended_on__isnull=True)
    return officers.filter(appointed_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def officers_past(organisation: Organisation) -> QuerySet[Officer]:
    """Ended terms of office, the latest first."""
    return (
        organisation.officers.filter(ended_on__isnull=False)
        .select_related("member", "member_class")
        .order_by("-ended_on", "name")
    )


def officer_get(organisation: Organisation, pk: int) -> Officer | None:
    return officer_list(organisation).filter(pk=pk).first()


def nomination_list(
    organisation: Organisation, *, member: Member | None = None
) -> QuerySet[Nomination]:
    """The book of nominations (CCBS Act 2014 s.37), by member, revoked ones included."""
    nominations = Nomination.objects.filter(organisation=organisation).select_related("member")
    if member is not None:
        nominations = nominations.filter(member=member)
    return nominations.order_by("member__number", "-received_on", "id")


def nominations_of(member: Member) -> list[Nomination]:
    """The member's own nominations, those in force first, the latest first."""
    return list(
        member.nominations.order_by(F("revoked_on").asc(nulls_first=True), "-received_on", "-id")
    )


def nomination_get(organisation: Organisation, pk: int) -> Nomination | None:
    return nomination_list(organisation).filter(pk=pk).first()


def register_export_list(organisation: Organisation) -> QuerySet[RegisterExport]:
    """Exports of the register, newest first."""
    return (
        RegisterExport.objects.filter(organisation=organisation)
        .select_related("organisation", "requested_by")
        .order_by("-created_at", "-id")
    )


def register_export_get(organisation: Organisation, pk: int) -> RegisterExport | None:
    return register_export_list(organisation).filter(pk=pk).first()


def import_batch_get(organisation: Organisation, pk: int) -> ImportBatch | None:
    """An uploaded register import, without its file (read apart when it is checked)."""
    return ImportBatch.objects.defer("content").filter(organisation=organisation, pk=pk).first()


def import_batch_recent(organisation: Organisation, limit: int = 10) -> list[ImportBatch]:
    """The latest uploads of a register import, newest first (without their files)."""
    return list(
        ImportBatch.objects.defer("content")
        .filter(organisation=organisation)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def import_batch_content(batch: ImportBatch) -> bytes:
    """The uploaded file of an import."""
    return bytes(ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk))
