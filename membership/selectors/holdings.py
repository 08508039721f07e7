"""Holdings read from the current-holdings table: now, as at a date (today's holdings minus
the ledger entries dated after it), and the check that the table equals the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection

from membership.models import CurrentHolding, Member, Organisation, ShareClass, ShareTransaction

HOLDINGS = CurrentHolding._meta.db_table
LEDGER = ShareTransaction._meta.db_table

#: (member id, share class id, shares, pence paid)
HoldingValues = tuple[int, int, int, int]


def _members_in(column: str, member_ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if member_ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(member_ids))})", list(member_ids)


def holding_values(
    organisation: Organisation,
    member_ids: Sequence[int] | None = None,
    as_of: dt.date | None = None,
) -> list[HoldingValues]:
    """Every holding that is not nothing, of the members given (all if None), now or as at
    `as_of`, as plain tuples in one query.

    As at a date, each holding is today's (the current-holdings table) minus the ledger
    entries dated after `as_of`: the register as at today reads no ledger entry, and one as
    at a past date only those since.
    """
    if member_ids is not None and not member_ids:
        return []
    in_holdings, ids = _members_in("h.member_id", member_ids)
    if as_of is None:
        sql = (
            f"SELECT h.member_id, h.share_class_id, h.shares, h.paid_pence FROM {HOLDINGS} h "  # noqa: S608
            f"WHERE h.organisation_id = %s{in_holdings} AND (h.shares <> 0 OR h.paid_pence <> 0)"
        )
        params: list[Any] = [organisation.pk, *ids]
    else:
        in_ledger, _ids = _members_in("member_id", member_ids)
        sql = (
            f"SELECT h.member_id, h.share_class_id, h.shares - COALESCE(l.shares, 0), "  # noqa: S608
            f"h.paid_pence - COALESCE(l.paid_pence, 0) FROM {HOLDINGS} h LEFT JOIN ("
            f"SELECT member_id, share_class_id, CAST(SUM(shares) AS BIGINT) AS shares, "
            f"CAST(SUM(paid_pence) AS BIGINT) AS paid_pence FROM {LEDGER} "
            f"WHERE organisation_id = %s AND effective_on > %s{in_ledger} "
            f"GROUP BY member_id, share_class_id) l "
            f"ON l.member_id = h.member_id AND l.share_class_id = h.share_class_id "
            f"WHERE h.organisation_id = %s{in_holdings} "
            f"AND (h.shares <> COALESCE(l.shares, 0) OR h.paid_pence <> COALESCE(l.paid_pence, 0))"
        )
        day = connection.ops.adapt_datefield_value(as_of)
        params = [organisation.pk, day, *ids, organisation.pk, *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class HoldingMismatch(NamedTuple):
    """A (member, class) whose current holding is not the sum of its ledger entries."""

    organisation: str  # slug
    member_id: int
    member_number: int
    share_class_id: int
    share_class: str  # code
    in_ledger: bool  # False: a row of the table where the ledger has no entry
    ledger_shares: int
    ledger_paid_pence: int
    held_shares: int | None  # None: the current-holdings table has no row for it
    held_paid_pence: int | None


def holdings_mismatches(organisation: Organisation | None = None) -> list[HoldingMismatch]:
    """Every (member, class) where the current-holdings table differs from the sum of the
    ledger: a holding that differs, a missing row, or a row where the ledger has no entry.
    Empty when they agree. One query over the whole ledger (`manage.py check_holdings`)."""
    where, params = (
        ("", []) if organisation is None else (" WHERE organisation_id = %s", [organisation.pk])
    )
    member = Member._meta.db_table
    share_class = ShareClass._meta.db_table
    org = Organisation._meta.db_table
    sql = (
        "SELECT o.slug, m.id, m.number, c.id, c.code, t.is_ledger, t.ledger_shares, "  # noqa: S608
        "t.ledger_paid, t.held_shares, t.held_paid, t.is_held FROM (SELECT member_id, "
        "share_class_id, SUM(is_ledger) AS is_ledger, "
        "CAST(SUM(ledger_shares) AS BIGINT) AS ledger_shares, "
        "CAST(SUM(ledger_paid) AS BIGINT) AS ledger_paid, "
        "CAST(SUM(held_shares) AS BIGINT) AS held_shares, "
        "CAST(SUM(held_paid) AS BIGINT) AS held_paid, SUM(is_held) AS is_held FROM ("
        "SELECT member_id, share_class_id, shares AS ledger_shares, paid_pence AS ledger_paid, "
        f"0 AS held_shares, 0 AS held_paid, 1 AS is_ledger, 0 AS is_held FROM {LEDGER}{where} "
        "UNION ALL SELECT member_id, share_class_id, 0, 0, shares, paid_pence, 0, 1 "
        f"FROM {HOLDINGS}{where}) u GROUP BY member_id, share_class_id "
        "HAVING SUM(is_held) <> 1 OR SUM(is_ledger) = 0 "
        "OR SUM(ledger_shares) <> SUM(held_shares) OR SUM(ledger_paid) <> SUM(held_paid)) t "
        f"JOIN {member} m ON m.id = t.member_id JOIN {share_class} c ON c.id = t.share_class_id "
        f"JOIN {org} o ON o.id = m.organisation_id ORDER BY o.slug, m.number, c.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params * 2)
        rows = cursor.fetchall()
    return [
        HoldingMismatch(
            organisation=row[0],
            member_id=row[1],
            member_number=row[2],
            share_class_id=row[3],
            share_class=row[4],
            in_ledger=bool(row[5]),
            ledger_shares=row[6],
            ledger_paid_pence=row[7],
            held_shares=row[8] if row[10] else None,
            held_paid_pence=row[9] if row[10] else None,
        )
        for row in rows
    ]


def holdings_count(organisation: Organisation | None = None) -> int:
    """Rows of the current-holdings table (of one organisation, or all)."""
    rows = CurrentHolding.objects.all()
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return rows.count()
