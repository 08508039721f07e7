"""Ledger writes racing on PostgreSQL, each thread on its own connection and in its own
transactions: afterwards the current holdings still equal the ledger, holding by holding.
And a bulk import is vacuumed once committed (outside any transaction, so here)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Sum

from membership import selectors, services
from membership.models import CurrentHolding, Member, Organisation, ShareTransaction
from membership.services.imports import import_commit, import_preview
from tests.factories import membership as mf
from tests.membership.test_concurrency import outcome, race
from tests.membership.test_imports import csv_bytes, row

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

D = dt.date
ROUNDS = 4


@pytest.fixture
def org() -> Organisation:
    return mf.cooperative(slug="holdings-race")


def _work(org: Organisation, members: list[Member], index: int) -> int:
    """A few ledger writes of one kind, on members the other threads write to as well."""
    investor = mf.share_class(org, "investor")
    me, neighbour = members[index % len(members)], members[(index + 1) % len(members)]
    kind = index % 4
    for n in range(ROUNDS):
        day = D(2022, 1, 1) + dt.timedelta(days=n)
        if kind == 0:
            services.shares_allot(
                member=me, share_class=investor, shares=3, effective_on=day, actor=None
            )
        elif kind == 1:
            services.shares_transfer(
                from_member=me,
                to_member=neighbour,
                share_class=investor,
                shares=2,
                effective_on=day,
                actor=None,
            )
        elif kind == 2:
            services.shares_interest_credit(
                member=neighbour, share_class=investor, shares=1, effective_on=day, actor=None
            )
        else:
            services.payment_record(
                member=neighbour,
                share_class=investor,
                amount_pence=50,
                effective_on=day,
                actor=None,
            )
    if index == 0:
        content = csv_bytes(
            [row(name=f"Racer {i}", email=f"racer{i}@example.org") for i in range(5)]
        )
        batch = import_preview(organisation=org, filename="r.csv", content=content, actor=None)
        import_commit(batch=batch, actor=None)
    return index


def test_racing_ledger_writes_leave_the_holdings_equal_to_the_ledger(org):
    members = [mf.member(org, investor_shares=50) for _ in range(4)]
    # Allotted without payment: each payment thread has something owed to pay towards.
    for member in members:
        services.shares_allot(
            member=member,
            share_class=mf.share_class(org, "investor"),
            shares=20,
            effective_on=D(2021, 6, 1),
            actor=None,
        )
    threads = 12
    results = race(threads, lambda i: _work(org, members, i))
    assert outcome(results) == (threads, 0)
    assert selectors.holdings_mismatches() == []
    # 4 members x (1 + 50 + 20) shares to start, 3 allotment threads x 4 rounds x 3 shares,
    # 3 interest threads x 4 rounds x 1 share, 5 imported members with one share each;
    # transfers move shares between members and add none.
    total = CurrentHolding.objects.filter(organisation=org).aggregate(s=Sum("shares"))["s"]
    assert total == 4 * 71 + 3 * ROUNDS * 3 + 3 * ROUNDS + 5
    ledger = ShareTransaction.objects.filter(organisation=org).aggregate(s=Sum("shares"))["s"]
    assert ledger == total
    paid = CurrentHolding.objects.filter(organisation=org).aggregate(p=Sum("paid_pence"))["p"]
    # 4 x (£1 + £50) paid to start, 3 payment threads x 4 rounds x 50p, interest shares paid
    # (£1 each), the imported members' £1 each; transfers move pence and add none.
    assert paid == 4 * 5_100 + 3 * ROUNDS * 50 + 3 * ROUNDS * 100 + 5 * 100


def _vacuums(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname = %s",
            [table],
        )
        vacuums, analyses = cursor.fetchone()
    return vacuums + analyses


def test_a_bulk_import_is_vacuumed_and_analysed_once_committed(org):
    """A bulk load leaves no page all-visible: once the import has committed, VACUUM ANALYZE
    runs on the tables it filled (not for a small import)."""
    tables = [m._meta.db_table for m in (ShareTransaction, CurrentHolding, Member)]
    small = csv_bytes([row(name=f"Few {i}", email=f"few{i}@example.org") for i in range(10)])
    before = [_vacuums(t) for t in tables]
    batch = import_preview(organisation=org, filename="few.csv", content=small, actor=None)
    import_commit(batch=batch, actor=None)
    assert [_vacuums(t) for t in tables] == before
    # 500 members with a paid share: 1,000 ledger entries, a bulk load.
    bulk = csv_bytes([row(name=f"Many {i}", email=f"many{i}@example.org") for i in range(500)])
    batch = import_preview(organisation=org, filename="many.csv", content=bulk, actor=None)
    assert import_commit(batch=batch, actor=None) == 500
    assert [_vacuums(t) for t in tables] == [n + 2 for n in before]
    assert selectors.holdings_mismatches() == []
