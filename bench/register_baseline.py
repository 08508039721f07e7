"""The register as at a date the way it was read before the current-holdings table, kept for
`bench register` to measure against in the same run (`register_as_of_baseline_s`,
`register_as_of_past_baseline_s`): the ledger summed up to the date through the ORM (one
aggregate over every entry of the organisation), a dict of holdings, and a frozen dataclass
per row, as `membership.selectors.register` did (verbatim but for names)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from membership.rules import Holding


@dataclass(frozen=True)
class BaselineRow:
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


def _holdings(organisation: Any, as_of: dt.date) -> dict[int, dict[int, Holding]]:
    from django.db.models import Sum

    from membership.models import ShareTransaction

    rows = (
        ShareTransaction.objects.filter(organisation=organisation, effective_on__lte=as_of)
        .values_list("member_id", "share_class_id")
        .annotate(shares=Sum("shares"), paid=Sum("paid_pence"))
        .order_by()
    )
    result: dict[int, dict[int, Holding]] = defaultdict(dict)
    for member_id, class_id, shares, paid in rows:
        if shares or paid:
            result[member_id][class_id] = Holding(shares or 0, paid or 0)
    return result


def _status_on(status: str, ceased: dt.date | None) -> str:
    from membership.models import Member

    if ceased:
        return Member.Status.CEASED
    return Member.Status.ACTIVE if status == Member.Status.CEASED else status


def register_rows(organisation: Any, day: dt.date, chunk_size: int = 2000) -> Iterator[BaselineRow]:
    from membership.models import Member

    holdings = _holdings(organisation, day)
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
        _class_name_cy,
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
        yield BaselineRow(
            number=number,
            name=name,
            kind=kind,
            member_class=class_name,
            postal_address=address,
            postcode=postcode,
            email=email,
            email_purposes=purposes,
            entered_on=entered_on,
            ceased_on=ceased,
            status=_status_on(status, ceased),
            holdings=holdings.get(pk, {}),
        )
