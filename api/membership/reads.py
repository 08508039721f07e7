"""Reads the membership API needs that `membership.selectors` does not offer yet.

Each one is a plain, typed query with the joins its serializer needs, so list endpoints make
a constant number of queries. They belong in `membership/selectors.py`; they live here only
because that module has another owner.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from coop.core.models import User
from membership.models import (
    Application,
    Member,
    MemberClass,
    Nomination,
    Officer,
    Organisation,
    RegisterExport,
    Representative,
    RulesVersion,
    ShareCertificate,
    ShareClass,
    ShareTransaction,
    Withdrawal,
)


def organisation_public(slug: str) -> Organisation | None:
    """An organisation by slug, for its public join endpoint (no role needed)."""
    return Organisation.objects.filter(slug=slug).first()


def rules_version_list(organisation: Organisation) -> QuerySet[RulesVersion]:
    return organisation.rules_versions.prefetch_related("resolution_types").order_by(
        "-effective_from"
    )


def member_class_list(organisation: Organisation) -> QuerySet[MemberClass]:
    return organisation.member_classes.prefetch_related("share_classes").order_by(
        "position", "name"
    )


def share_class_list(organisation: Organisation) -> QuerySet[ShareClass]:
    return organisation.share_classes.order_by("name")


def member_class_by_code(organisation: Organisation, code: str) -> MemberClass | None:
    return organisation.member_classes.filter(code=code).first()


def share_class_by_code(organisation: Organisation, code: str) -> ShareClass | None:
    return organisation.share_classes.filter(code=code).first()


def share_classes_by_code(organisation: Organisation, codes: list[str]) -> dict[str, ShareClass]:
    return {c.code: c for c in organisation.share_classes.filter(code__in=codes)}


def member_get(organisation: Organisation, number: int) -> Member | None:
    """One member by number (for actions on them and their ledger)."""
    return (
        Member.objects.filter(organisation=organisation, number=number)
        .select_related("member_class", "organisation")
        .first()
    )


def member_detail_get(organisation: Organisation, number: int) -> Member | None:
    """One member by number, with the joint holders and representatives the detail shows."""
    return (
        Member.objects.filter(organisation=organisation, number=number)
        .select_related("member_class", "organisation")
        .prefetch_related("joint_holders", "representatives")
        .first()
    )


def member_for_user(
    organisation: Organisation, user: User, *, detailed: bool = False
) -> Member | None:
    """The signed-in user's own member record (`detailed`: with what their account shows)."""
    members = Member.objects.filter(organisation=organisation, user=user).select_related(
        "member_class", "organisation"
    )
    if detailed:
        members = members.prefetch_related("joint_holders", "representatives")
    return members.first()


def ledger_entry_get(organisation: Organisation, pk: int) -> ShareTransaction | None:
    return (
        ShareTransaction.objects.filter(organisation=organisation, pk=pk)
        .select_related("member", "share_class")
        .first()
    )


def ledger_for_member(member: Member) -> QuerySet[ShareTransaction]:
    """The member's ledger, oldest first, with the share class and the other member."""
    return (
        ShareTransaction.objects.filter(member=member)
        .select_related("member", "share_class", "counterparty", "recorded_by")
        .order_by("effective_on", "id")
    )


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


def withdrawal_get(organisation: Organisation, pk: int) -> Withdrawal | None:
    return (
        Withdrawal.objects.filter(organisation=organisation, pk=pk)
        .select_related("member", "share_class")
        .first()
    )


def application_list(organisation: Organisation, *, status: str = "") -> QuerySet[Application]:
    """Applications to join, oldest first."""
    applications = Application.objects.filter(organisation=organisation).select_related(
        "member_class", "share_class", "member"
    )
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("submitted_at", "id")


def application_get(organisation: Organisation, pk: int) -> Application | None:
    return application_list(organisation).filter(pk=pk).first()


def officer_list(organisation: Organisation, *, current_only: bool = False) -> QuerySet[Officer]:
    """The register of officers: current terms first, then past ones (history is kept)."""
    officers = Officer.objects.filter(organisation=organisation).select_related(
        "member", "member_class"
    )
    if current_only:
        officers = officers.filter(ended_on__isnull=True)
    return officers.order_by(F("ended_on").asc(nulls_first=True), "office", "name", "id")


def officer_get(organisation: Organisation, pk: int) -> Officer | None:
    return officer_list(organisation).filter(pk=pk).first()


def nomination_list(
    organisation: Organisation, *, member: Member | None = None
) -> QuerySet[Nomination]:
    """The book of nominations (CCBS Act 2014 s.37), by member."""
    nominations = Nomination.objects.filter(organisation=organisation).select_related("member")
    if member is not None:
        nominations = nominations.filter(member=member)
    return nominations.order_by("member__number", "-received_on", "id")


def nomination_get(organisation: Organisation, pk: int) -> Nomination | None:
    return nomination_list(organisation).filter(pk=pk).first()


def register_size(organisation: Organisation, day: dt.date) -> int:
    """How many entries the register as at `day` has (former members included)."""
    return Member.objects.filter(organisation=organisation).on_register_on(day).count()


def register_export_list(organisation: Organisation) -> QuerySet[RegisterExport]:
    return (
        RegisterExport.objects.filter(organisation=organisation)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
    )


def register_export_get(organisation: Organisation, pk: int) -> RegisterExport | None:
    return register_export_list(organisation).filter(pk=pk).first()


def representative_get(organisation: Organisation, pk: int) -> Representative | None:
    return (
        Representative.objects.filter(member__organisation=organisation, pk=pk)
        .select_related("member")
        .first()
    )


def certificate_list(member: Member) -> QuerySet[ShareCertificate]:
    """A member's share certificates, newest first."""
    return (
        ShareCertificate.objects.filter(member=member)
        .select_related("member", "share_class")
        .order_by("-number")
    )


def certificate_get(
    organisation: Organisation, pk: int, *, member: Member | None = None
) -> ShareCertificate | None:
    certificates = ShareCertificate.objects.filter(organisation=organisation, pk=pk)
    if member is not None:
        certificates = certificates.filter(member=member)
    return certificates.select_related("organisation", "member", "share_class").first()
