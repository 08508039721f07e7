"""Keeping the current holdings (`CurrentHolding`) equal to the ledger: every service that
writes ledger entries adds them here, in the same transaction; an operator repairs what
`manage.py check_holdings` reports."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from coop.core.audit import audit
from coop.core.models import User
from membership.models import CurrentHolding, Organisation, ShareTransaction
from membership.selectors.holdings import HoldingMismatch, holdings_mismatches
from membership.services._common import lock_member_ids

#: Rows of one upsert statement where the database does not limit its parameters.
BATCH_ROWS = 2000


def _upsert_sql(rows: int) -> str:
    table = CurrentHolding._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * rows)
    # One statement per batch, the same on PostgreSQL and SQLite: a new (member, class) gets a
    # row, an existing one has the change added to it (under the row lock the update takes).
    return (
        f"INSERT INTO {table} (organisation_id, member_id, share_class_id, shares, paid_pence) "  # noqa: S608
        f"VALUES {values} ON CONFLICT (member_id, share_class_id) DO UPDATE SET "
        f"shares = {table}.shares + excluded.shares, "
        f"paid_pence = {table}.paid_pence + excluded.paid_pence"
    )


def holdings_add(entries: Iterable[ShareTransaction]) -> None:
    """Add ledger entries just written to the members' current holdings.

    Called by every ledger write inside its transaction (refused outside one: the holdings
    and the entries commit or roll back together). A row is kept even when the holding comes
    back to nothing, so every (member, class) of the ledger has one.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Current holdings change only in the transaction of a ledger write.")
    changes: dict[tuple[int, int, int], list[int]] = {}
    for entry in entries:
        key = (entry.organisation_id, entry.member_id, entry.share_class_id)
        change = changes.setdefault(key, [0, 0])
        change[0] += entry.shares
        change[1] += entry.paid_pence
    # In key order, so two writers always lock the rows they share in the same order.
    rows = [(*key, shares, paid) for key, (shares, paid) in sorted(changes.items())]
    limit = connection.features.max_query_params
    batch = min(BATCH_ROWS, limit // 5) if limit else BATCH_ROWS
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            cursor.execute(_upsert_sql(len(chunk)), [value for row in chunk for value in row])


@transaction.atomic
def holdings_repair(
    *, organisation: Organisation | None = None, actor: User | None
) -> list[HoldingMismatch]:
    """Set every current holding that differs from the ledger to the ledger's sum (for an
    operator, after `manage.py check_holdings` has reported a difference), with one audit
    event each; returns what was repaired.

    The members concerned are locked first, as by every ledger write, and the differences
    found again under the lock, so an entry written meanwhile is neither lost nor counted
    twice. A row where the ledger has no entry is removed.
    """
    found = holdings_mismatches(organisation)
    if not found:
        return []
    members = lock_member_ids(*(m.member_id for m in found))
    found = holdings_mismatches(organisation)
    for mismatch in found:
        rows = CurrentHolding.objects.filter(
            member_id=mismatch.member_id, share_class_id=mismatch.share_class_id
        )
        if not mismatch.in_ledger:
            rows.delete()
        elif not rows.update(shares=mismatch.ledger_shares, paid_pence=mismatch.ledger_paid_pence):
            CurrentHolding.objects.create(
                organisation_id=members[mismatch.member_id].organisation_id,
                member_id=mismatch.member_id,
                share_class_id=mismatch.share_class_id,
                shares=mismatch.ledger_shares,
                paid_pence=mismatch.ledger_paid_pence,
            )
        audit(
            actor=actor,
            action="holdings.repair",
            obj=members[mismatch.member_id],
            before={
                "share_class": mismatch.share_class,
                "shares": mismatch.held_shares,
                "paid_pence": mismatch.held_paid_pence,
            },
            after={
                "share_class": mismatch.share_class,
                "shares": mismatch.ledger_shares if mismatch.in_ledger else None,
                "paid_pence": mismatch.ledger_paid_pence if mismatch.in_ledger else None,
            },
        )
    return found
