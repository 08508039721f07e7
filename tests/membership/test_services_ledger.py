"""The share ledger: append-only entries, holdings derived from them, caps, corrections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from coop.core.models import AppendOnlyError
from membership import selectors, services
from membership.models import Member, Organisation, ShareTransaction
from membership.rules import Holding
from membership.services._common import holding_of
from tests.factories import membership as mf
from tests.factories.membership import actions_since, events_since, holding, last_event_id, refused

D = dt.date
Kind = ShareTransaction.Kind


def _investor(org: Organisation):
    return mf.share_class(org, "investor")


# --- Append-only --------------------------------------------------------------------------


def test_ledger_rows_cannot_be_updated_or_deleted_through_the_orm(organisation):
    m = mf.member(organisation, investor_shares=10)
    entry = ShareTransaction.objects.filter(member=m, kind=Kind.ALLOTMENT).first()
    assert entry is not None
    entry.shares = 99
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ShareTransaction.objects.filter(pk=entry.pk).update(shares=99)
    with pytest.raises(AppendOnlyError):
        ShareTransaction.objects.filter(pk=entry.pk).delete()
    # bulk_update() raises inside a transaction of its own making: give it a savepoint.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        ShareTransaction.objects.bulk_update([entry], ["shares"])
    entry.refresh_from_db()
    assert entry.shares == 1
    assert ShareTransaction.objects.filter(member=m).count() == 4


def test_the_database_refuses_a_raw_update_of_a_ledger_row(organisation):
    """Both SQLite and PostgreSQL refuse it with a trigger, whatever the ORM does."""
    m = mf.member(organisation)
    entry = ShareTransaction.objects.get(member=m, kind=Kind.ALLOTMENT)
    table = ShareTransaction._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET shares = 5 WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.shares == 1


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_delete_of_a_ledger_row(organisation):
    m = mf.member(organisation)
    entry = ShareTransaction.objects.get(member=m, kind=Kind.ALLOTMENT)
    table = ShareTransaction._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
    assert ShareTransaction.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_update_of_every_row_at_once(organisation):
    mf.member(organisation, investor_shares=5)
    table = ShareTransaction._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET paid_pence = 0")
    assert ShareTransaction.objects.filter(paid_pence=0).count() == 2  # the two allotments


# --- Allotment -----------------------------------------------------------------------------


def test_allotment_writes_the_entries_and_one_audit_event_with_before_and_after(
    organisation, secretary
):
    m = mf.member(organisation)
    mark = last_event_id()
    entry = services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=500,
        effective_on=D(2021, 3, 1),
        paid_pence=30_000,
        reason="Share offer 2021",
        actor=secretary,
    )
    entries = list(
        ShareTransaction.objects.filter(member=m, share_class__code="investor").values_list(
            "kind", "shares", "paid_pence", "effective_on", "recorded_by", "reason"
        )
    )
    assert entries == [
        (Kind.ALLOTMENT, 500, 0, D(2021, 3, 1), secretary.pk, "Share offer 2021"),
        (Kind.PAYMENT, 0, 30_000, D(2021, 3, 1), secretary.pk, "Share offer 2021"),
    ]
    [event] = events_since(mark)
    assert event.action == "ledger.allotment"
    assert event.actor == secretary
    assert event.organisation_id == organisation.pk
    assert event.object_id == str(m.pk)
    assert event.before == {"share_class": "investor", "shares": 0, "paid_pence": 0}
    assert event.after == {
        "share_class": "investor",
        "shares": 500,
        "paid_pence": 30_000,
        "entry": entry.pk,
    }
    assert event.reason == "Share offer 2021"
    assert holding(m, "investor") == (500, 30_000)


@pytest.mark.parametrize("shares", [0, -1, -100, 1.5, 2.0, Decimal("2"), True, False, "3", None])
def test_allotment_refuses_share_counts_that_are_not_whole_positive_numbers(organisation, shares):
    m = mf.member(organisation)
    with refused("shares", "whole number"):
        services.shares_allot(
            member=m,
            share_class=_investor(organisation),
            shares=shares,
            effective_on=D(2021, 1, 1),
            actor=None,
        )


@pytest.mark.parametrize("paid", [-1, 101, True, 1.5, "100"])
def test_allotment_refuses_an_amount_paid_outside_nothing_to_full_value(organisation, paid):
    m = mf.member(organisation)
    with refused("paid_pence"):
        services.shares_allot(
            member=m,
            share_class=_investor(organisation),
            shares=1,
            effective_on=D(2021, 1, 1),
            paid_pence=paid,
            actor=None,
        )


def test_allotment_above_the_class_maximum_is_refused(organisation):
    m = mf.member(organisation)  # holds the one membership share the class allows
    with refused("shares", "above the maximum of 1", "share class terms"):
        services.shares_allot(
            member=m,
            share_class=mf.share_class(organisation),
            shares=1,
            effective_on=D(2021, 1, 1),
            actor=None,
        )
    assert holding(m) == (1, 100)


def test_allotment_below_the_class_minimum_is_refused_but_the_minimum_is_accepted(organisation):
    bonds = services.share_class_create(
        organisation=organisation,
        code="bonds",
        name="Community bonds",
        nominal_value_pence=5_000,
        minimum_shares=10,
        actor=None,
    )
    services.member_class_create(
        organisation=organisation,
        code="lenders",
        name="Lenders",
        share_classes=[mf.share_class(organisation), bonds],
        actor=None,
    )
    m = mf.member(organisation, cls="lenders")
    with refused("shares", "below the minimum holding of 10", "share class terms"):
        services.shares_allot(
            member=m, share_class=bonds, shares=9, effective_on=D(2021, 1, 1), actor=None
        )
    services.shares_allot(
        member=m, share_class=bonds, shares=10, effective_on=D(2021, 1, 1), actor=None
    )
    # Once above the minimum, a small top-up is fine.
    services.shares_allot(
        member=m, share_class=bonds, shares=1, effective_on=D(2021, 2, 1), actor=None
    )
    assert holding(m, "bonds") == (11, 0)


def test_the_individual_cap_of_100000_pounds_on_withdrawable_shares(organisation):
    m = mf.member(organisation)
    services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=100_000,  # £100,000 exactly: allowed
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    with refused("shares", "£100,001.00", "£100,000.00", "CCBS Act 2014 s.24", "rule 12"):
        services.shares_allot(
            member=m,
            share_class=_investor(organisation),
            shares=1,
            effective_on=D(2021, 1, 2),
            actor=None,
        )
    assert holding(m, "investor") == (100_000, 0)


def test_the_individual_cap_adds_up_every_withdrawable_class_but_no_other(organisation):
    community = services.share_class_create(
        organisation=organisation,
        code="community",
        name="Community shares",
        nominal_value_pence=5_000,
        is_withdrawable=True,
        actor=None,
    )
    patron = services.share_class_create(
        organisation=organisation,
        code="patron",
        name="Patron shares",
        nominal_value_pence=100_000,
        is_withdrawable=False,
        actor=None,
    )
    services.member_class_create(
        organisation=organisation,
        code="investors",
        name="Investor members",
        share_classes=[
            mf.share_class(organisation),
            _investor(organisation),
            community,
            patron,
        ],
        actor=None,
    )
    m = mf.member(organisation, cls="investors", investor_shares=60_000)  # £60,000
    services.shares_allot(  # £200,000 of non-withdrawable shares: outside the cap
        member=m, share_class=patron, shares=200, effective_on=D(2021, 1, 1), actor=None
    )
    services.shares_allot(  # £40,000 more withdrawable: £100,000 in all
        member=m, share_class=community, shares=800, effective_on=D(2021, 1, 1), actor=None
    )
    with refused("shares", "£100,050.00", "s.24"):
        services.shares_allot(
            member=m, share_class=community, shares=1, effective_on=D(2021, 1, 1), actor=None
        )


def test_the_cap_does_not_apply_to_a_member_that_is_a_registered_society(organisation):
    society = services.member_register(
        organisation=organisation,
        name="Gofal Dyfi Care Co-operative Ltd",
        kind=Member.Kind.ORGANISATION,
        is_registered_society=True,
        member_class=mf.member_class(organisation, "supporters"),
        entered_on=D(2020, 1, 6),
        postal_address="Heol Maengwyn\nMachynlleth",
        actor=None,
    )
    services.shares_allot(
        member=society,
        share_class=_investor(organisation),
        shares=150_000,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    assert holding(society, "investor") == (150_000, 0)


def test_the_rules_maximum_holding_is_applied_from_the_date_the_rules_say(organisation):
    services.rules_version_create(
        organisation=organisation,
        effective_from=D(2022, 1, 1),
        title="Rules as amended 2022",
        maximum_holding_pence=100_000,
        rule_numbers={"maximum_holding_pence": "15"},
        actor=None,
    )
    m = mf.member(organisation)
    # Before the new rules there is no maximum holding.
    services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=2_000,
        effective_on=D(2021, 6, 1),
        actor=None,
    )
    with refused("shares", "£2,002.00", "£1,000.00", "rule 15"):
        services.shares_allot(
            member=m,
            share_class=_investor(organisation),
            shares=1,
            effective_on=D(2023, 1, 1),
            actor=None,
        )
    # Coming down is always allowed, even while still above the maximum.
    services.shares_cancel(
        member=m,
        share_class=_investor(organisation),
        shares=1_000,
        effective_on=D(2023, 2, 1),
        reason="Cancelled under rule 15",
        actor=None,
    )
    assert holding(m, "investor") == (1_000, 0)


def test_a_backdated_allotment_is_checked_against_the_holding_on_every_later_date(organisation):
    """Checking only today's holding would let the register as at 10 January 2024 show
    £110,000 of withdrawable shares."""
    m = mf.member(organisation)
    services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=50_000,
        effective_on=D(2024, 1, 10),
        actor=None,
    )
    services.shares_cancel(
        member=m,
        share_class=_investor(organisation),
        shares=50_000,
        effective_on=D(2024, 6, 1),
        reason="Cancelled",
        actor=None,
    )
    with refused("shares", "£110,000.00", "s.24", "10 Jan 2024"):
        services.shares_allot(
            member=m,
            share_class=_investor(organisation),
            shares=60_000,
            effective_on=D(2023, 1, 1),
            actor=None,
        )
    assert holding(m, "investor") == (0, 0)


def test_allotment_of_a_class_the_member_class_may_not_hold_is_refused(organisation):
    services.member_class_create(
        organisation=organisation,
        code="staff",
        name="Staff",
        share_classes=[mf.share_class(organisation)],
        actor=None,
    )
    m = mf.member(organisation, cls="staff")
    with refused("share_class", "rules on member classes"):
        services.shares_allot(
            member=m,
            share_class=_investor(organisation),
            shares=1,
            effective_on=D(2021, 1, 1),
            actor=None,
        )


def test_allotment_of_another_organisations_class_is_refused(organisation, other_organisation):
    m = mf.member(organisation)
    with refused("share_class"):
        services.shares_allot(
            member=m,
            share_class=_investor(other_organisation),
            shares=1,
            effective_on=D(2021, 1, 1),
            actor=None,
        )


@pytest.mark.parametrize(
    ("day", "fragment"),
    [
        (None, "future"),  # tomorrow, taken when the test runs (not when it is collected)
        (D(2015, 3, 31), "before Dyfi Care Co-operative was registered"),
        (D(2020, 1, 5), "before the member entered the register"),
    ],
)
def test_ledger_dates_in_the_future_or_before_the_register_existed_are_refused(
    organisation, day, fragment
):
    m = mf.member(organisation)
    day = day or timezone.localdate() + dt.timedelta(days=1)
    with refused("effective_on", fragment):
        services.shares_allot(
            member=m, share_class=_investor(organisation), shares=1, effective_on=day, actor=None
        )


# --- Payments, interest, cancellations -----------------------------------------------------


def test_payment_towards_unpaid_shares_and_never_more_than_is_owed(organisation, secretary):
    m = mf.member(organisation)
    services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=10,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    mark = last_event_id()
    services.payment_record(
        member=m,
        share_class=_investor(organisation),
        amount_pence=600,
        effective_on=D(2021, 2, 1),
        actor=secretary,
    )
    [event] = events_since(mark)
    assert (event.action, event.before["paid_pence"], event.after["paid_pence"]) == (
        "ledger.payment",
        0,
        600,
    )
    with refused("amount_pence", "£4.00"):
        services.payment_record(
            member=m,
            share_class=_investor(organisation),
            amount_pence=401,
            effective_on=D(2021, 3, 1),
            actor=None,
        )
    assert holding(m, "investor") == (10, 600)


@pytest.mark.parametrize("amount", [0, -5, 1.5, True, None])
def test_payment_of_a_non_positive_or_fractional_amount_is_refused(organisation, amount):
    m = mf.member(organisation)
    with refused("amount_pence"):
        services.payment_record(
            member=m,
            share_class=_investor(organisation),
            amount_pence=amount,
            effective_on=D(2021, 3, 1),
            actor=None,
        )


def test_interest_is_credited_as_fully_paid_shares_within_the_caps(organisation):
    m = mf.member(organisation, investor_shares=99_990)
    mark = last_event_id()
    services.shares_interest_credit(
        member=m,
        share_class=_investor(organisation),
        shares=10,
        effective_on=D(2021, 3, 31),
        reason="Interest 2020-21",
        actor=None,
    )
    assert actions_since(mark) == ["ledger.interest"]
    assert holding(m, "investor") == (100_000, 10_000_000)
    with refused("shares", "s.24"):
        services.shares_interest_credit(
            member=m,
            share_class=_investor(organisation),
            shares=1,
            effective_on=D(2022, 3, 31),
            actor=None,
        )


def test_interest_in_a_class_the_member_class_may_not_hold_is_refused(organisation):
    services.member_class_create(
        organisation=organisation,
        code="staff",
        name="Staff",
        share_classes=[mf.share_class(organisation)],
        actor=None,
    )
    m = mf.member(organisation, cls="staff")
    with refused("share_class", "rules on member classes"):
        services.shares_interest_credit(
            member=m,
            share_class=_investor(organisation),
            shares=1,
            effective_on=D(2021, 3, 31),
            actor=None,
        )


def test_cancellation_takes_the_paid_amount_pro_rata_and_needs_a_reason(organisation):
    m = mf.member(organisation, investor_shares=10)
    with refused("reason"):
        services.shares_cancel(
            member=m,
            share_class=_investor(organisation),
            shares=4,
            effective_on=D(2021, 1, 1),
            reason=" ",
            actor=None,
        )
    services.shares_cancel(
        member=m,
        share_class=_investor(organisation),
        shares=4,
        effective_on=D(2021, 1, 1),
        reason="Expelled under rule 10",
        actor=None,
    )
    assert holding(m, "investor") == (6, 600)
    with refused("shares", "holds only 6"):
        services.shares_cancel(
            member=m,
            share_class=_investor(organisation),
            shares=7,
            effective_on=D(2021, 1, 1),
            reason="Too many",
            actor=None,
        )


def test_cancellation_keeps_the_shares_of_an_open_withdrawal(organisation):
    m = mf.member(organisation, investor_shares=10, entered_on=D(2020, 1, 6))
    services.withdrawal_request(
        member=m,
        share_class=_investor(organisation),
        shares=8,
        requested_on=D(2021, 6, 1),
        actor=None,
    )
    with refused("shares", "at most 2", "8 are being withdrawn"):
        services.shares_cancel(
            member=m,
            share_class=_investor(organisation),
            shares=3,
            effective_on=D(2021, 7, 1),
            reason="Expelled",
            actor=None,
        )


# --- Holdings as at any date ---------------------------------------------------------------


def test_holdings_are_derived_from_the_ledger_as_at_any_date(organisation):
    m = mf.member(organisation, investor_shares=100)  # 6 January 2020
    services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=50,
        effective_on=D(2021, 5, 1),
        paid_pence=2_500,
        actor=None,
    )
    services.shares_cancel(
        member=m,
        share_class=_investor(organisation),
        shares=30,
        effective_on=D(2022, 5, 1),
        reason="Cancelled",
        actor=None,
    )
    investor = _investor(organisation)
    assert holding_of(m, investor, D(2020, 1, 5)) == Holding(0, 0)
    assert holding_of(m, investor, D(2020, 1, 6)) == Holding(100, 10_000)
    assert holding_of(m, investor, D(2021, 4, 30)) == Holding(100, 10_000)
    assert holding_of(m, investor, D(2021, 5, 1)) == Holding(150, 12_500)
    # 30 of 150 shares take a fifth of the £125 paid with them.
    assert holding_of(m, investor, D(2022, 5, 1)) == Holding(120, 10_000)
    assert holding_of(m, investor) == Holding(120, 10_000)
    assert [(c.code, h.shares) for c, h in selectors.member_holdings(m, D(2021, 6, 1))] == [
        ("investor", 150),
        ("membership", 1),
    ]


# --- Corrections ---------------------------------------------------------------------------


def test_a_correction_is_a_reversing_entry_with_a_reason_and_the_original_stays(
    organisation, secretary
):
    m = mf.member(organisation)
    wrong = services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=40,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    mark = last_event_id()
    [correction] = services.ledger_correct(
        entry=wrong, reason="Keyed 40 instead of 4", actor=secretary
    )
    assert (correction.kind, correction.shares, correction.effective_on) == (
        Kind.CORRECTION,
        -40,
        D(2021, 1, 1),
    )
    assert correction.reverses == wrong
    assert correction.reason == "Keyed 40 instead of 4"
    assert ShareTransaction.objects.filter(pk=wrong.pk, shares=40).exists()
    assert holding(m, "investor") == (0, 0)
    [event] = events_since(mark)
    assert event.action == "ledger.correction"
    assert event.reason == "Keyed 40 instead of 4"
    assert (event.before["shares"], event.after["shares"]) == (40, 0)


def test_a_correction_needs_a_reason_and_happens_once(organisation):
    m = mf.member(organisation)
    wrong = services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=40,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    with refused("reason"):
        services.ledger_correct(entry=wrong, reason="  ", actor=None)
    [correction] = services.ledger_correct(entry=wrong, reason="Wrong member", actor=None)
    with refused("entry", "already been corrected"):
        services.ledger_correct(entry=wrong, reason="Again", actor=None)
    with refused("entry", "cannot itself be corrected"):
        services.ledger_correct(entry=correction, reason="Undo", actor=None)


def test_correcting_a_transfer_reverses_both_legs(organisation, secretary):
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation)
    out, into = services.shares_transfer(
        from_member=giver,
        to_member=receiver,
        share_class=_investor(organisation),
        shares=4,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    mark = last_event_id()
    made = services.ledger_correct(entry=into, reason="Transfer form not signed", actor=secretary)
    assert sorted((c.reverses_id, c.member_id, c.shares, c.paid_pence) for c in made) == sorted(
        [(out.pk, giver.pk, 4, 400), (into.pk, receiver.pk, -4, -400)]
    )
    assert holding(giver, "investor") == (10, 1_000)
    assert holding(receiver, "investor") == (0, 0)
    assert actions_since(mark) == ["ledger.correction", "ledger.correction"]
    assert {e.reason for e in events_since(mark)} == {"Transfer form not signed"}


def test_a_correction_may_not_take_a_holding_below_zero_on_any_later_date(organisation):
    """Reversing the 2021 allotment leaves today's holding at nought, but the register as at
    2023 would show -100 shares."""
    m = mf.member(organisation)
    other = mf.member(organisation)
    first = services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=100,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    services.shares_transfer(
        from_member=m,
        to_member=other,
        share_class=_investor(organisation),
        shares=100,
        effective_on=D(2023, 1, 1),
        actor=None,
    )
    services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=100,
        effective_on=D(2024, 1, 1),
        actor=None,
    )
    with refused("entry", "holds only 0", "1 Jan 2023"):
        services.ledger_correct(entry=first, reason="Never allotted", actor=None)


def test_correcting_an_allotment_whose_payment_stands_is_refused(organisation):
    m = mf.member(organisation)
    allotment = services.shares_allot(
        member=m,
        share_class=_investor(organisation),
        shares=10,
        effective_on=D(2021, 1, 1),
        paid_pence=1_000,
        actor=None,
    )
    with refused("entry", "correct the payments first"):
        services.ledger_correct(entry=allotment, reason="Wrong class", actor=None)
    payment = ShareTransaction.objects.get(
        member=m, kind=Kind.PAYMENT, share_class__code="investor"
    )
    services.ledger_correct(entry=payment, reason="Wrong class", actor=None)
    services.ledger_correct(entry=allotment, reason="Wrong class", actor=None)
    assert holding(m, "investor") == (0, 0)


# --- Ceased members ------------------------------------------------------------------------


def _ceased_member(org: Organisation) -> Member:
    m = mf.member(org, investor_shares=5)
    services.shares_cancel(
        member=m,
        share_class=_investor(org),
        shares=5,
        effective_on=D(2022, 1, 1),
        reason="Leaving",
        actor=None,
    )
    services.shares_cancel(
        member=m,
        share_class=mf.share_class(org),
        shares=1,
        effective_on=D(2022, 1, 1),
        reason="Leaving",
        actor=None,
    )
    return services.member_cease(
        member=m, ceased_on=D(2022, 1, 1), reason=Member.CeasedReason.WITHDRAWAL, actor=None
    )


LEDGER_WRITES = {
    "allot": lambda m, o: services.shares_allot(
        member=m, share_class=_investor(o), shares=1, effective_on=D(2023, 1, 1), actor=None
    ),
    "payment": lambda m, o: services.payment_record(
        member=m, share_class=_investor(o), amount_pence=1, effective_on=D(2023, 1, 1), actor=None
    ),
    "interest": lambda m, o: services.shares_interest_credit(
        member=m, share_class=_investor(o), shares=1, effective_on=D(2023, 1, 1), actor=None
    ),
    "cancel": lambda m, o: services.shares_cancel(
        member=m,
        share_class=_investor(o),
        shares=1,
        effective_on=D(2023, 1, 1),
        reason="x",
        actor=None,
    ),
    "withdrawal": lambda m, o: services.withdrawal_request(
        member=m, share_class=_investor(o), shares=1, requested_on=D(2023, 1, 1), actor=None
    ),
    "certificate": lambda m, o: services.certificate_issue(
        member=m, share_class=_investor(o), actor=None
    ),
    "nomination": lambda m, o: services.nomination_record(
        member=m,
        nominee_name="Gwen",
        nominee_address="Tywyn",
        relationship="child",
        received_on=D(2023, 1, 1),
        actor=None,
    ),
    "update": lambda m, o: services.member_update(
        member=m, changes={"phone": "01654 700000"}, actor=None
    ),
    "joint holder": lambda m, o: services.joint_holder_add(member=m, name="Huw", actor=None),
}


@pytest.mark.parametrize("write", LEDGER_WRITES.values(), ids=LEDGER_WRITES.keys())
def test_nothing_can_be_recorded_on_a_ceased_members_account(organisation, write):
    m = _ceased_member(organisation)
    with refused("member", "ceased to be a member on 1 Jan 2022"):
        write(m, organisation)


def test_no_correction_on_a_ceased_members_account(organisation):
    m = _ceased_member(organisation)
    entry = ShareTransaction.objects.filter(member=m, kind=Kind.ALLOTMENT).first()
    assert entry is not None
    with refused("entry", "ceased to be a member"):
        services.ledger_correct(entry=entry, reason="Mistake", actor=None)
