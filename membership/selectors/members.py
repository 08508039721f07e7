"""Reads of members: the register list, one member, the signed-in user's own record, holdings
and the share ledger."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet

from coop.core.memory import gc_paused
from coop.core.models import User
from coop.core.permissions import AnyUser
from membership.models import (
    Member,
    Organisation,
    Representative,
    ShareCertificate,
    ShareClass,
    ShareTransaction,
)
from membership.rules import Holding
from membership.selectors.holdings import holding_values


def member_list(
    organisation: Organisation,
    *,
    search: str = "",
    status: str = "",
    member_class: str = "",
) -> QuerySet[Member]:
    """Members for the register list: search by name, number, email or postcode."""
    members = Member.objects.filter(organisation=organisation).select_related("member_class")
    if search:
        term = search.strip()
        query = Q(name__icontains=term) | Q(email__icontains=term) | Q(postcode__icontains=term)
        if term.isdigit():
            query |= Q(number=int(term))
        members = members.filter(query)
    if status:
        members = members.filter(status=status)
    if member_class:
        members = members.filter(member_class__code=member_class)
    return members.order_by("number")


def member_get(organisation: Organisation, number: int) -> Member | None:
    """One member by number (for actions on them and their ledger)."""
    return (
        Member.objects.filter(organisation=organisation, number=number)
        .select_related("member_class", "organisation", "user")
        .first()
    )


def member_detail_get(organisation: Organisation, number: int) -> Member | None:
    """One member by number, with the joint holders and representatives the detail shows."""
    return (
        Member.objects.filter(organisation=organisation, number=number)
        .select_related("member_class", "organisation", "user")
        .prefetch_related("joint_holders", "representatives")
        .first()
    )


def member_for_user(
    organisation: Organisation, user: AnyUser | None, *, detailed: bool = False
) -> Member | None:
    """The signed-in user's own member record in `organisation`, if any (`detailed`: with
    the joint holders and representatives their account shows)."""
    if user is None or not isinstance(user, User) or not user.is_authenticated:
        return None
    members = Member.objects.filter(organisation=organisation, user=user).select_related(
        "member_class", "organisation"
    )
    if detailed:
        members = members.prefetch_related("joint_holders", "representatives")
    return members.first()


def holdings_for_members(
    organisation: Organisation,
    member_ids: list[int] | None,
    as_of: dt.date | None = None,
) -> dict[int, dict[int, Holding]]:
    """member id → share class id → holding, in one query (the current holdings, worked back
    to `as_of` through the ledger entries after it)."""
    result: dict[int, dict[int, Holding]] = defaultdict(dict)
    # Holdings are immutable and most are alike (one membership share, fully paid): one
    # object for each value saves building and keeping hundreds of thousands of them.
    alike: dict[tuple[int, int], Holding] = {}
    with gc_paused():
        for member_id, class_id, shares, paid in holding_values(organisation, member_ids, as_of):
            holding = alike.get((shares, paid))
            if holding is None:
                holding = alike[shares, paid] = Holding(shares, paid)
            result[member_id][class_id] = holding
    return result


def member_holdings(
    member: Member, as_of: dt.date | None = None
) -> list[tuple[ShareClass, Holding]]:
    """The member's holding of each class they hold (or held) at `as_of`."""
    by_class = holdings_for_members(member.organisation, [member.pk], as_of).get(member.pk, {})
    classes = ShareClass.objects.filter(pk__in=by_class).order_by("name")
    return [(c, by_class[c.pk]) for c in classes]


def member_ledger(member: Member) -> QuerySet[ShareTransaction]:
    """The member's ledger entries, oldest first, with what each line shows."""
    return (
        ShareTransaction.objects.filter(member=member)
        .select_related("member", "share_class", "counterparty", "recorded_by", "reverses")
        .order_by("effective_on", "id")
    )


def ledger_entry_get(organisation: Organisation, pk: int) -> ShareTransaction | None:
    return (
        ShareTransaction.objects.filter(organisation=organisation, pk=pk)
        .select_related("member", "share_class")
        .first()
    )


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
        .select_related("organisation", "member", "share_class")
        .order_by("-number")
    )


def certificate_get(
    organisation: Organisation, pk: int, *, member: Member | None = None
) -> ShareCertificate | None:
    certificates = ShareCertificate.objects.filter(organisation=organisation, pk=pk)
    if member is not None:
        certificates = certificates.filter(member=member)
    return certificates.select_related("organisation", "member", "share_class").first()


def certificate_by_number(member: Member, number: int) -> ShareCertificate | None:
    return certificate_list(member).filter(number=number).first()


def certificate_latest(member: Member, share_class: ShareClass) -> ShareCertificate | None:
    """The member's latest certificate of one class."""
    return certificate_list(member).filter(share_class=share_class).first()
