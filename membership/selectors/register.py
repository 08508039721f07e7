"""The register of members as at a date (CCBS Act 2014 s.30) and the duplicate register that
members inspect (s.103), streamed so that memory stays constant whatever their size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple, overload

from django.db.models import Count, QuerySet

from membership.models import Member, Organisation, ShareClass
from membership.rules import Holding
from membership.selectors.members import holdings_for_members
from membership.selectors.organisations import share_classes


class RegisterRow(NamedTuple):
    """One entry of the register as at a date (CCBS Act 2014 s.30(2)): a tuple, since a
    register has as many of them as the society has members."""

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
    holdings: dict[int, Holding]

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


#: The email purposes given, by (notices, ballots, news): computed once for the eight cases.
_PURPOSES = {
    (notices, ballots, news): tuple(
        purpose
        for purpose, given in (("notices", notices), ("ballots", ballots), ("news", news))
        if given
    )
    for notices in (False, True)
    for ballots in (False, True)
    for news in (False, True)
}


def _register_rows(
    organisation: Organisation, day: dt.date, welsh: bool, chunk_size: int
) -> Iterator[RegisterRow]:
    holdings = holdings_for_members(organisation, None, day)
    members = (
        Member.objects.filter(organisation=organisation)
        .on_register_on(day)
        .order_by("number")
        .values_list(*_MEMBER_COLUMNS)
    )
    ceased_status, active = Member.Status.CEASED.value, Member.Status.ACTIVE.value
    row, get = RegisterRow, holdings.get
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
        # On the register's date: ceased by then, or active again if they ceased only later.
        if ceased_on is not None and ceased_on <= day:
            ceased, status = ceased_on, ceased_status
        elif status == ceased_status:
            ceased, status = None, active
        else:
            ceased = None
        yield row(
            number,
            name,
            kind,
            (class_name_cy or class_name) if welsh else class_name,
            address,
            postcode,
            email,
            _PURPOSES[for_notices, for_ballots, for_news],
            entered_on,
            ceased,
            status,
            get(pk) or {},
        )


def register_as_of(
    organisation: Organisation, day: dt.date, *, welsh: bool = False, chunk_size: int = 2000
) -> Register:
    """The full register as at `day`, derived from the ledger: every member entered by then
    (former members included, with the date they ceased) and their holdings (s.30(2))."""
    return Register(
        organisation=organisation,
        as_of=day,
        share_classes=share_classes(organisation),
        rows=_register_rows(organisation, day, welsh, chunk_size),
        with_holdings=True,
    )


@dataclass(frozen=True)
class DuplicateRegisterRow:
    """One entry of the duplicate register as a member inspects it in Cyd (see
    `duplicate_register`): who the member is and when they entered and ceased."""

    number: int
    name: str
    kind: str
    entered_on: dt.date
    ceased_on: dt.date | None


#: Entries on one page of the duplicate register, on the page and in the API alike: members
#: inspect it a page at a time (s.103(2)), never as one bulk copy.
DUPLICATE_REGISTER_PAGE_SIZE = 100


#: The columns of the duplicate register, as read from the database.
_Values = tuple[int, str, str, dt.date, dt.date | None]


class DuplicateRegister:
    """The duplicate register, read a page at a time: `count()` counts the entries and a
    slice reads only the rows of that slice (for `Paginator` and the API's pagination)."""

    def __init__(self, members: QuerySet[Member, _Values], day: dt.date) -> None:
        self._members = members
        self._day = day
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._members.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> DuplicateRegisterRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[DuplicateRegisterRow]: ...
    def __getitem__(self, index: int | slice) -> DuplicateRegisterRow | list[DuplicateRegisterRow]:
        if isinstance(index, int):
            return self._row(*self._members[index])
        if index.step not in (None, 1):
            raise TypeError("the duplicate register is read one plain slice at a time")
        return [self._row(*values) for values in self._members[index]]

    def __iter__(self) -> Iterator[DuplicateRegisterRow]:
        for values in self._members.iterator(chunk_size=2000):
            yield self._row(*values)

    def _row(
        self, number: int, name: str, kind: str, entered_on: dt.date, ceased_on: dt.date | None
    ) -> DuplicateRegisterRow:
        ceased = ceased_on if ceased_on is not None and ceased_on <= self._day else None
        return DuplicateRegisterRow(number, name, kind, entered_on, ceased)


def duplicate_register(
    organisation: Organisation, day: dt.date, *, search: str = ""
) -> DuplicateRegister:
    """The duplicate register as at `day`, for inspection by members (CCBS Act 2014 s.103).

    s.103(1)(b) lets a member inspect the entries of the register other than each member's
    shares and other property (s.30(2)(c) and (d)); s.103(2) lets the society regulate the
    time and manner of inspection. Cyd shows, a page at a time, to whoever may inspect it:
    each member's number, name, whether they are a person or an organisation, the date they
    were entered on the register and the date they ceased (s.30(2)(a), (e), (f)). It never
    shows holdings, and never the electronic address or the purposes it was given for
    (s.30(2)(b)), postal addresses, member classes or suspensions: many members of a care
    co-operative are vulnerable adults, a class such as "people who use our services" says
    something about their health, and a listing online reaches further than an inspection at
    the registered office. A member who needs postal addresses asks the secretary, who keeps
    the full register (s.30) and shows it in the manner the society's rules set.

    Only these columns are read from the database, so nothing else can reach a page or an API
    answer built on it. `search` keeps the entries whose name contains it.
    """
    members = Member.objects.filter(organisation=organisation).on_register_on(day)
    if search.strip():
        members = members.filter(name__icontains=search.strip())
    rows = members.order_by("number").values_list(
        "number", "name", "kind", "entered_on", "ceased_on"
    )
    return DuplicateRegister(rows, day)


def register_size(organisation: Organisation, day: dt.date) -> int:
    """How many entries the register as at `day` has (former members included)."""
    return Member.objects.filter(organisation=organisation).on_register_on(day).count()


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
