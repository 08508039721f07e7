"""Reads of membership for pages, exports and the API (query counts stay constant)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum

from coop.core.models import AuditEvent, User
from coop.core.permissions import AnyUser
from membership.models import (
    Application,
    Member,
    Officer,
    Organisation,
    RulesVersion,
    ShareClass,
    ShareTransaction,
    Withdrawal,
)
from membership.rules import Holding


def audit_events(organisation: Organisation) -> QuerySet[AuditEvent]:
    """The organisation's audit trail, newest first."""
    return AuditEvent.objects.filter(organisation_id=organisation.pk).select_related("actor")


def audit_page(organisation: Organisation, page: int | str | None, per_page: int = 50) -> Page:
    return Paginator(audit_events(organisation), per_page).get_page(page)


def rules_in_force_on(organisation: Organisation, day: dt.date) -> RulesVersion | None:
    return organisation.rules_versions.in_force_on(day).prefetch_related("resolution_types").first()


def share_classes(organisation: Organisation) -> list[ShareClass]:
    return list(organisation.share_classes.order_by("name"))


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


def holdings_for_members(
    organisation: Organisation,
    member_ids: list[int] | None,
    as_of: dt.date | None = None,
) -> dict[int, dict[int, Holding]]:
    """member id → share class id → holding, in one query."""
    entries = ShareTransaction.objects.filter(organisation=organisation)
    if member_ids is not None:
        entries = entries.filter(member_id__in=member_ids)
    if as_of is not None:
        entries = entries.filter(effective_on__lte=as_of)
    rows = (
        entries.values_list("member_id", "share_class_id")
        .annotate(shares=Sum("shares"), paid=Sum("paid_pence"))
        .order_by()
    )
    result: dict[int, dict[int, Holding]] = defaultdict(dict)
    for member_id, class_id, shares, paid in rows:
        if shares or paid:
            result[member_id][class_id] = Holding(shares or 0, paid or 0)
    return result


def member_holdings(
    member: Member, as_of: dt.date | None = None
) -> list[tuple[ShareClass, Holding]]:
    """The member's holding of each class they hold (or held) at `as_of`."""
    by_class = holdings_for_members(member.organisation, [member.pk], as_of).get(member.pk, {})
    classes = ShareClass.objects.filter(pk__in=by_class).order_by("name")
    return [(c, by_class[c.pk]) for c in classes]


def member_ledger(member: Member) -> QuerySet[ShareTransaction]:
    """The member's ledger entries, oldest first."""
    return (
        ShareTransaction.objects.filter(member=member)
        .select_related("share_class", "counterparty", "recorded_by", "reverses")
        .order_by("effective_on", "id")
    )


@dataclass(frozen=True)
class RegisterRow:
    """One entry of the register as at a date (CCBS Act 2014 s.30)."""

    number: int
    name: str
    kind: str
    member_class: str
    postal_address: str
    postcode: str
    email: str
    email_purposes: tuple[str, ...]
    entered_on: dt.date
    ceased_on: dt.date | None
    status: str
    holdings: dict[int, Holding] = field(default_factory=dict)

    @property
    def total_shares(self) -> int:
        return sum(h.shares for h in self.holdings.values())

    @property
    def total_paid_pence(self) -> int:
        return sum(h.paid_pence for h in self.holdings.values())


@dataclass(frozen=True)
class Register:
    organisation: Organisation
    as_of: dt.date
    share_classes: list[ShareClass]
    rows: Iterator[RegisterRow]
    with_holdings: bool


_MEMBER_COLUMNS = (
    "id",
    "number",
    "name",
    "kind",
    "member_class__name",
    "member_class__name_cy",
    "postal_address",
    "postcode",
    "email",
    "email_for_notices",
    "email_for_ballots",
    "email_for_news",
    "entered_on",
    "ceased_on",
    "status",
)


def _register_rows(
    organisation: Organisation, day: dt.date, with_holdings: bool, welsh: bool, chunk_size: int
) -> Iterator[RegisterRow]:
    holdings = holdings_for_members(organisation, None, day) if with_holdings else {}
    members = (
        Member.objects.filter(organisation=organisation)
        .on_register_on(day)
        .order_by("number")
        .values_list(*_MEMBER_COLUMNS)
    )
    for (
        pk,
        number,
        name,
        kind,
        class_name,
        class_name_cy,
        address,
        postcode,
        email,
        for_notices,
        for_ballots,
        for_news,
        entered_on,
        ceased_on,
        status,
    ) in members.iterator(chunk_size=chunk_size):
        ceased = ceased_on if ceased_on is not None and ceased_on <= day else None
        purposes = tuple(
            p
            for p, given in (("notices", for_notices), ("ballots", for_ballots), ("news", for_news))
            if given
        )
        yield RegisterRow(
            number=number,
            name=name,
            kind=kind,
            member_class=(class_name_cy or class_name) if welsh else class_name,
            postal_address=address,
            postcode=postcode,
            email=email,
            email_purposes=purposes,
            entered_on=entered_on,
            ceased_on=ceased,
            status=Member.Status.CEASED
            if ceased
            else (Member.Status.ACTIVE if status == Member.Status.CEASED else status),
            holdings=holdings.get(pk, {}),
        )


def register_as_of(
    organisation: Organisation, day: dt.date, *, welsh: bool = False, chunk_size: int = 2000
) -> Register:
    """The full register as at `day`, derived from the ledger: every member entered by then
    (former members included, with the date they ceased) and their holdings."""
    return Register(
        organisation=organisation,
        as_of=day,
        share_classes=share_classes(organisation),
        rows=_register_rows(organisation, day, True, welsh, chunk_size),
        with_holdings=True,
    )


def duplicate_register(
    organisation: Organisation, day: dt.date, *, welsh: bool = False
) -> Register:
    """The s.103 duplicate register: the register without anyone's holdings."""
    return Register(
        organisation=organisation,
        as_of=day,
        share_classes=[],
        rows=_register_rows(organisation, day, False, welsh, 2000),
        with_holdings=False,
    )


def register_counts(organisation: Organisation, day: dt.date) -> dict[str, int]:
    """How many members there were on `day`, by class (for summaries and social value)."""
    rows = (
        Member.objects.filter(organisation=organisation)
        .members_on(day)
        .values("member_class__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["member_class__code"]: row["n"] for row in rows}


def officers_current(organisation: Organisation, day: dt.date | None = None) -> QuerySet[Officer]:
    officers = organisation.officers.select_related("member", "member_class")
    if day is None:
        return officers.filter(ended_on__isnull=True)
    return officers.filter(appointed_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def withdrawal_queue(organisation: Organisation) -> QuerySet[Withdrawal]:
    """Open withdrawals, the ones whose notice ends first at the top."""
    return (
        Withdrawal.objects.filter(organisation=organisation, status__in=Withdrawal.OPEN)
        .select_related("member", "share_class")
        .order_by("notice_ends_on", "id")
    )


def applications_waiting(organisation: Organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation=organisation, status=Application.Status.SUBMITTED)
        .select_related("member_class", "share_class")
        .order_by("submitted_at")
    )


def member_for_user(organisation: Organisation, user: AnyUser | None) -> Member | None:
    """The member record of the signed-in user in `organisation`, if any."""
    if user is None or not isinstance(user, User) or not user.is_authenticated:
        return None
    return (
        Member.objects.filter(organisation=organisation, user=user)
        .select_related("member_class")
        .first()
    )
