"""Requests racing on one holding, each on its own PostgreSQL connection.

Every ledger write locks the member rows it touches (primary-key order) before it reads the
ledger, so racing requests are decided one after the other: the holding never goes below zero
or above a cap, exactly the expected number succeed, and the others get a clear refusal.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from membership import services
from membership.models import Member, Organisation, ShareTransaction, Withdrawal
from tests.factories import membership as mf
from tests.factories.membership import holding

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

D = dt.date
TIMEOUT_S = 60


def race(count: int, work: Callable[[int], Any]) -> list[tuple[str, Any]]:
    """Run `work(i)` in `count` threads released together by a barrier, each on its own
    database connection. Returns ("ok", result), ("refused", message_dict) or
    ("error", repr) per thread."""
    barrier = threading.Barrier(count, timeout=TIMEOUT_S)
    results: list[tuple[str, Any]] = [("error", "did not finish")] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = ("ok", work(index))
        except ValidationError as error:
            results[index] = ("refused", error.message_dict)
        except Exception as error:
            results[index] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT_S)
    assert not any(thread.is_alive() for thread in threads)
    return results


def outcome(results: list[tuple[str, Any]]) -> tuple[int, int]:
    """(successes, refusals); any other failure (deadlock, integrity error) fails the test."""
    errors = [detail for status, detail in results if status == "error"]
    assert errors == []
    return (
        sum(1 for status, _ in results if status == "ok"),
        sum(1 for status, _ in results if status == "refused"),
    )


def refusal_fields(results: list[tuple[str, Any]]) -> set[str]:
    return {field for status, detail in results if status == "refused" for field in detail}


@pytest.fixture
def org() -> Organisation:
    return mf.cooperative(slug="race")


def _investor(org: Organisation):
    return mf.share_class(org, "investor")


@pytest.mark.parametrize("threads", [2, 10])
def test_racing_withdrawal_requests_never_ask_for_more_than_the_holding(org, threads):
    m = mf.member(org, investor_shares=10)
    shares = 6 if threads == 2 else 3
    results = race(
        threads,
        lambda i: services.withdrawal_request(
            member=m,
            share_class=_investor(org),
            shares=shares,
            requested_on=D(2022, 1, 1),
            actor=None,
        ),
    )
    expected = 1 if threads == 2 else 3
    assert outcome(results) == (expected, threads - expected)
    assert refusal_fields(results) == {"shares"}
    pending = Withdrawal.objects.filter(member=m, status=Withdrawal.Status.REQUESTED)
    assert sum(w.shares for w in pending) == expected * shares <= 10


@pytest.mark.parametrize("threads", [2, 10])
def test_racing_transfers_out_of_one_holding_never_take_it_below_zero(org, threads):
    giver = mf.member(org, investor_shares=10)
    receivers = [mf.member(org) for _ in range(threads)]
    shares = 6 if threads == 2 else 3
    results = race(
        threads,
        lambda i: services.shares_transfer(
            from_member=giver,
            to_member=receivers[i],
            share_class=_investor(org),
            shares=shares,
            effective_on=D(2022, 1, 1),
            actor=None,
        ),
    )
    expected = 1 if threads == 2 else 3
    assert outcome(results) == (expected, threads - expected)
    assert refusal_fields(results) == {"shares"}
    assert holding(giver, "investor") == (10 - expected * shares, (10 - expected * shares) * 100)
    assert sum(holding(r, "investor")[0] for r in receivers) == expected * shares


@pytest.mark.parametrize("threads", [2, 10])
def test_racing_cancellations_never_take_a_holding_below_zero(org, threads):
    m = mf.member(org, investor_shares=10)
    results = race(
        threads,
        lambda i: services.shares_cancel(
            member=m,
            share_class=_investor(org),
            shares=4,
            effective_on=D(2022, 1, 1),
            reason="Expelled",
            actor=None,
        ),
    )
    assert outcome(results) == (2, threads - 2)
    assert holding(m, "investor") == (2, 200)
    assert ShareTransaction.objects.filter(member=m, kind="cancellation").count() == 2


def test_transfers_racing_with_a_withdrawal_payment_leave_its_shares_alone(org):
    giver = mf.member(org, investor_shares=10)
    withdrawal = services.withdrawal_request(
        member=giver, share_class=_investor(org), shares=6, requested_on=D(2022, 1, 1), actor=None
    )
    withdrawal = services.withdrawal_decide(
        withdrawal=withdrawal,
        approve=True,
        decided_on=D(2022, 4, 1),
        solvency_considered=True,
        actor=None,
    )
    receivers = [mf.member(org) for _ in range(5)]

    def work(index: int) -> object:
        if index == 0:
            return services.withdrawal_pay(withdrawal=withdrawal, paid_on=D(2022, 4, 2), actor=None)
        return services.shares_transfer(
            from_member=giver,
            to_member=receivers[index - 1],
            share_class=_investor(org),
            shares=3,
            effective_on=D(2022, 4, 2),
            actor=None,
        )

    results = race(6, work)
    assert results[0][0] == "ok"
    assert outcome(results) == (2, 4)
    assert holding(giver, "investor") == (1, 100)


@pytest.mark.parametrize("threads", [2, 10])
def test_racing_transfers_into_one_holding_never_take_it_above_the_cap(org, threads):
    receiver = mf.member(org, investor_shares=99_990)
    givers = [mf.member(org, investor_shares=20) for _ in range(threads)]
    shares = 6 if threads == 2 else 5
    results = race(
        threads,
        lambda i: services.shares_transfer(
            from_member=givers[i],
            to_member=receiver,
            share_class=_investor(org),
            shares=shares,
            effective_on=D(2022, 1, 1),
            actor=None,
        ),
    )
    expected = 1 if threads == 2 else 2
    assert outcome(results) == (expected, threads - expected)
    assert refusal_fields(results) == {"shares"}
    assert holding(receiver, "investor")[0] == 99_990 + expected * shares <= 100_000


def test_racing_allotments_never_take_a_holding_above_the_cap(org):
    m = mf.member(org, investor_shares=99_990)
    results = race(
        10,
        lambda i: services.shares_allot(
            member=m, share_class=_investor(org), shares=4, effective_on=D(2022, 1, 1), actor=None
        ),
    )
    assert outcome(results) == (2, 8)
    assert holding(m, "investor")[0] == 99_998


def test_one_withdrawal_paid_twice_at_once_is_paid_once(org):
    m = mf.member(org, investor_shares=10)
    withdrawal = services.withdrawal_decide(
        withdrawal=services.withdrawal_request(
            member=m, share_class=_investor(org), shares=4, requested_on=D(2022, 1, 1), actor=None
        ),
        approve=True,
        decided_on=D(2022, 4, 1),
        solvency_considered=True,
        actor=None,
    )
    results = race(
        2,
        lambda i: services.withdrawal_pay(withdrawal=withdrawal, paid_on=D(2022, 4, 2), actor=None),
    )
    assert outcome(results) == (1, 1)
    assert refusal_fields(results) == {"status"}
    assert ShareTransaction.objects.filter(withdrawal=withdrawal).count() == 1
    assert holding(m, "investor") == (6, 600)


def test_a_withdrawal_paid_and_cancelled_at_once_ends_one_way(org):
    m = mf.member(org, investor_shares=10)
    withdrawal = services.withdrawal_decide(
        withdrawal=services.withdrawal_request(
            member=m, share_class=_investor(org), shares=4, requested_on=D(2022, 1, 1), actor=None
        ),
        approve=True,
        decided_on=D(2022, 4, 1),
        solvency_considered=True,
        actor=None,
    )

    def work(index: int) -> object:
        if index == 0:
            return services.withdrawal_pay(withdrawal=withdrawal, paid_on=D(2022, 4, 2), actor=None)
        return services.withdrawal_cancel(withdrawal=withdrawal, reason="Changed mind", actor=None)

    results = race(2, work)
    assert outcome(results) == (1, 1)
    withdrawal.refresh_from_db()
    paid = ShareTransaction.objects.filter(withdrawal=withdrawal).count()
    assert (withdrawal.status, paid) in {("paid", 1), ("cancelled", 0)}


def test_one_entry_corrected_twice_at_once_is_corrected_once(org):
    m = mf.member(org)
    entry = services.shares_allot(
        member=m, share_class=_investor(org), shares=7, effective_on=D(2022, 1, 1), actor=None
    )
    results = race(
        2, lambda i: services.ledger_correct(entry=entry, reason=f"Mistake {i}", actor=None)
    )
    assert outcome(results) == (1, 1)
    assert refusal_fields(results) == {"entry"}
    assert holding(m, "investor") == (0, 0)


def test_members_registered_at_once_get_distinct_numbers_in_order(org):
    results = race(
        10,
        lambda i: (
            services.member_register(
                organisation=org,
                name=f"Racer {i}",
                member_class=mf.member_class(org),
                entered_on=D(2022, 1, 1),
                postal_address="Machynlleth",
                actor=None,
            ).number
        ),
    )
    assert outcome(results) == (10, 0)
    assert sorted(number for _, number in results) == list(range(1, 11))
    assert Organisation.objects.get(pk=org.pk).next_member_number == 11
    assert Member.objects.filter(organisation=org).count() == 10
