"""The current holdings equal the ledger after every kind of ledger write, the register as at
any date worked back from them equals the ledger summed up to that date, and
`check_holdings` finds (and with --repair mends) any difference."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from coop.core.maintenance import vacuum_analyze
from membership import selectors, services
from membership.models import CurrentHolding, Member, ShareClass, ShareTransaction
from membership.rules import Holding
from membership.services._holdings import holdings_add
from membership.services.imports import import_commit, import_preview
from tests.factories import membership as mf
from tests.factories.membership import actions_since, last_event_id, refused
from tests.membership.test_imports import csv_bytes, row

D = dt.date


def held(member: Member) -> dict[str, tuple[int, int]]:
    """The member's current-holdings rows, by share class code."""
    return {
        h.share_class.code: (h.shares, h.paid_pence)
        for h in CurrentHolding.objects.filter(member=member).select_related("share_class")
    }


def ledger_sum(member: Member, as_of: dt.date | None = None) -> dict[int, Holding]:
    """The member's holdings summed from the ledger the slow way (nothing held left out)."""
    sums: dict[int, Holding] = {}
    for entry in ShareTransaction.objects.filter(member=member):
        if as_of is None or entry.effective_on <= as_of:
            before = sums.get(entry.share_class_id, Holding())
            sums[entry.share_class_id] = before + Holding(entry.shares, entry.paid_pence)
    return {pk: h for pk, h in sums.items() if h.shares or h.paid_pence}


@pytest.fixture
def busy(organisation):
    """Three members and every kind of ledger write between them, over four years."""
    investor = mf.share_class(organisation, "investor")
    anwen = mf.member(organisation, investor_shares=100)
    bryn = mf.member(organisation, cls="workers", entered_on=D(2021, 1, 4))
    carys = mf.member(organisation, investor_shares=10, entered_on=D(2021, 3, 1))
    services.shares_allot(
        member=bryn, share_class=investor, shares=20, effective_on=D(2021, 2, 1), actor=None
    )
    services.payment_record(
        member=bryn, share_class=investor, amount_pence=1500, effective_on=D(2021, 4, 1), actor=None
    )
    services.shares_transfer(
        from_member=anwen,
        to_member=carys,
        share_class=investor,
        shares=30,
        effective_on=D(2021, 6, 1),
        actor=None,
    )
    services.shares_interest_credit(
        member=carys, share_class=investor, shares=2, effective_on=D(2022, 1, 1), actor=None
    )
    services.shares_cancel(
        member=bryn,
        share_class=investor,
        shares=5,
        effective_on=D(2022, 2, 1),
        reason="Unpaid",
        actor=None,
    )
    wrong = services.shares_transfer(
        from_member=carys,
        to_member=bryn,
        share_class=investor,
        shares=4,
        effective_on=D(2022, 3, 1),
        actor=None,
    )[0]
    services.ledger_correct(entry=wrong, reason="Wrong member", actor=None)
    withdrawal = services.withdrawal_request(
        member=anwen, share_class=investor, shares=20, requested_on=D(2022, 6, 1), actor=None
    )
    services.withdrawal_decide(
        withdrawal=withdrawal,
        approve=True,
        decided_on=D(2022, 9, 1),
        solvency_considered=True,
        actor=None,
    )
    services.withdrawal_pay(withdrawal=withdrawal, paid_on=D(2022, 9, 5), actor=None)
    return anwen, bryn, carys


def test_every_kind_of_ledger_write_keeps_the_current_holdings(organisation, busy):
    anwen, bryn, carys = busy
    kinds = set(ShareTransaction.objects.values_list("kind", flat=True))
    assert kinds >= {
        "allotment",
        "payment",
        "transfer_out",
        "transfer_in",
        "interest",
        "cancellation",
        "correction",
        "withdrawal",
    }
    assert held(anwen) == {"membership": (1, 100), "investor": (50, 5_000)}
    # 20 allotted, £15 paid, 5 cancelled (paid pro rata: £3.75 leaves with them).
    assert held(bryn) == {"membership": (1, 100), "investor": (15, 1_125)}
    # 10 + 30 transferred in + 2 interest; the transfer of 4 to Bryn was corrected.
    assert held(carys) == {"membership": (1, 100), "investor": (42, 4_200)}
    for member in busy:
        by_class = {pk: Holding(*values) for pk, values in _rows(member).items()}
        assert by_class == ledger_sum(member)
    assert selectors.holdings_mismatches() == []


def _rows(member: Member) -> dict[int, tuple[int, int]]:
    return {
        h.share_class_id: (h.shares, h.paid_pence)
        for h in CurrentHolding.objects.filter(member=member)
    }


def test_a_holding_back_to_nothing_keeps_its_row(organisation):
    """The register as at a date before the shares left works back from the row."""
    m = mf.member(organisation, investor_shares=10)
    investor = mf.share_class(organisation, "investor")
    services.shares_cancel(
        member=m,
        share_class=investor,
        shares=10,
        effective_on=D(2022, 1, 1),
        reason="x",
        actor=None,
    )
    assert held(m)["investor"] == (0, 0)
    assert selectors.holdings_for_members(organisation, [m.pk])[m.pk] == {
        mf.share_class(organisation).pk: Holding(1, 100)
    }
    as_of_2021 = selectors.holdings_for_members(organisation, [m.pk], D(2021, 12, 31))[m.pk]
    assert as_of_2021[investor.pk] == Holding(10, 1_000)


def test_a_refused_ledger_write_changes_no_holding(organisation):
    m = mf.member(organisation, investor_shares=10)
    before = held(m)
    with refused("shares", "holds only 10"):
        services.shares_cancel(
            member=m,
            share_class=mf.share_class(organisation, "investor"),
            shares=11,
            effective_on=D(2022, 1, 1),
            reason="Too many",
            actor=None,
        )
    assert held(m) == before


def test_a_ledger_write_that_fails_after_the_entry_leaves_no_holding_behind(
    organisation, monkeypatch
):
    """The holding changes in the transaction of the entry: both roll back together."""
    m = mf.member(organisation, investor_shares=10)
    before = held(m), ShareTransaction.objects.count()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr("membership.services.ledger.audit_entry", broken)
    with pytest.raises(RuntimeError, match="audit trail unavailable"):
        services.shares_allot(
            member=m,
            share_class=mf.share_class(organisation, "investor"),
            shares=5,
            effective_on=D(2022, 1, 1),
            actor=None,
        )
    assert (held(m), ShareTransaction.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_holdings_change_only_inside_the_transaction_of_a_ledger_write():
    with pytest.raises(RuntimeError, match="transaction of a ledger write"):
        holdings_add([])


def test_an_import_adds_its_members_holdings(organisation):
    content = csv_bytes(
        [
            row(),
            row(
                name="Two",
                email="two@example.org",
                share_class="investor",
                shares="50",
                amount_paid="20.00",
                member_number="50",
            ),
            row(name="Two", email="two@example.org", member_number="50"),
        ]
    )
    batch = import_preview(organisation=organisation, filename="r.csv", content=content, actor=None)
    assert import_commit(batch=batch, actor=None) == 2
    two = Member.objects.get(organisation=organisation, number=50)
    assert held(two) == {"membership": (1, 100), "investor": (50, 2_000)}
    assert selectors.holdings_mismatches(organisation) == []


@pytest.mark.parametrize(
    "day",
    [
        D(2020, 1, 5),
        D(2020, 1, 6),
        D(2021, 2, 1),
        D(2021, 6, 1),
        D(2022, 3, 1),
        D(2022, 9, 4),
        D(2022, 9, 5),
        D(2030, 1, 1),
    ],
)
def test_the_register_as_at_any_date_equals_the_ledger_summed_to_it(organisation, busy, day):
    register = {
        row.number: dict(row.holdings) for row in selectors.register_as_of(organisation, day).rows
    }
    expected = {m.number: ledger_sum(m, day) for m in busy if m.entered_on <= day}
    assert register == expected


class _Editor:
    """What the backfill asks of a schema editor (SQLite opens none inside a transaction)."""

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_backfill_migration_rebuilds_the_holdings_from_the_ledger(organisation, busy):
    expected = {m.pk: _rows(m) for m in busy}
    CurrentHolding.objects.all().delete()
    assert len(selectors.holdings_mismatches()) == 6
    migration = importlib.import_module("membership.migrations.0004_current_holdings")
    migration.backfill(apps, _Editor())
    assert {m.pk: _rows(m) for m in busy} == expected
    assert selectors.holdings_mismatches() == []


def _check(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("check_holdings", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_check_holdings_reports_agreement(organisation, busy):
    assert _check() == ("The current holdings agree with the ledger (6 holdings checked).\n", None)
    assert _check(organisation.slug)[1] is None


def test_check_holdings_lists_every_difference_and_exits_with_status_1(organisation, busy):
    anwen, bryn, carys = busy
    investor = mf.share_class(organisation, "investor")
    CurrentHolding.objects.filter(member=anwen, share_class=investor).update(shares=51)
    CurrentHolding.objects.filter(member=bryn, share_class=investor).delete()
    CurrentHolding.objects.create(
        organisation=organisation,
        member=carys,
        share_class=ShareClass.objects.create(
            organisation=organisation, code="bond", name="Bond", nominal_value_pence=100
        ),
        shares=3,
        paid_pence=0,
    )
    out, error = _check()
    assert error is not None
    assert error.returncode == 1
    assert str(error) == "3 holdings differ from the ledger."
    slug = organisation.slug
    assert out.splitlines() == [
        f"{slug}, member {anwen.number}, investor: the ledger gives 50 shares, £50.00 paid; "
        "the current holdings say 51 shares, £50.00 paid.",
        f"{slug}, member {bryn.number}, investor: the ledger gives 15 shares, £11.25 paid; "
        "the current holdings have no row.",
        f"{slug}, member {carys.number}, bond: the ledger has no entry; "
        "the current holdings say 3 shares, £0.00 paid.",
    ]
    other = mf.cooperative(slug="other-co")
    assert _check(other.slug)[1] is None

    mark = last_event_id()
    out, error = _check("--repair")
    assert error is None
    assert out.splitlines()[-1] == (
        "The current holdings agree with the ledger (6 holdings checked)."
    )
    assert [line.split(":")[0] for line in out.splitlines()[:3]] == ["Repaired"] * 3
    assert actions_since(mark) == ["holdings.repair"] * 3
    assert held(anwen)["investor"] == (50, 5_000)
    assert held(bryn)["investor"] == (15, 1_125)
    assert "bond" not in held(carys)


def test_check_holdings_names_an_unknown_organisation(db):
    _out, error = _check("nowhere")
    assert str(error) == "ORG: no organisation has the id or slug “nowhere”."


def test_vacuum_runs_only_outside_a_transaction(db):
    with transaction.atomic():
        assert vacuum_analyze(ShareTransaction) is False
