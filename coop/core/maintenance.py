"""Database upkeep after bulk loads."""

from __future__ import annotations

from django.db import connection, models


def vacuum_analyze(*tables: type[models.Model]) -> bool:
    """`VACUUM ANALYZE` the models' tables after a bulk load (PostgreSQL only); returns
    whether it ran.

    Freshly loaded rows are on no page the visibility map marks all-visible, so until
    autovacuum comes by the planner will not use an index-only scan of them (the register as
    at a date reads the ledger through its covering index), and its statistics do not know
    them yet. VACUUM cannot run inside a transaction: in one (a test's, or a caller's outer
    transaction) nothing is done, and autovacuum will see to it. Services call this from
    `transaction.on_commit`, which runs once the transaction has committed.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return True
