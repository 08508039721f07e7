"""Reads of the register: as at any date, the s.103 duplicate register, lists and queues."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from membership import selectors, services
from membership.models import Member, Withdrawal
from membership.rules import Holding
from tests.factories import membership as mf

D = dt.date


@pytest.fixture
def history(organisation):
    """Anwen joined in 2020 with investor shares; Bryn in 2021 and left on 1 January 2023;
    Carys joined in 2024."""
    anwen = mf.member(organisation, name="Anwen Ŵyn", investor_shares=100)
    services.shares_allot(
        member=anwen,
        share_class=mf.share_class(organisation, "investor"),
        shares=50,
        effective_on=D(2022, 9, 1),
        actor=None,
    )
    bryn = mf.member(organisation, name="Bryn Llŷr", cls="workers", entered_on=D(2021, 1, 4))
    services.shares_cancel(
        member=bryn,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=D(2023, 1, 1),
        reason="Leaving",
        actor=None,
    )
    services.member_cease(
        member=bryn, ceased_on=D(2023, 1, 1), reason=Member.CeasedReason.WITHDRAWAL, actor=None
    )
    carys = mf.member(organisation, name="Carys Prys", cls="supporters", entered_on=D(2024, 3, 1))
    return anwen, bryn, carys


def _rows(register):
    return [(r.number, r.name, r.status, r.ceased_on, dict(r.holdings)) for r in register.rows]


def test_the_register_as_at_a_date_is_derived_from_the_ledger(organisation, history):
    anwen, bryn, carys = history
    membership = mf.share_class(organisation).pk
    investor = mf.share_class(organisation, "investor").pk
    register = selectors.register_as_of(organisation, D(2022, 6, 30))
    assert register.with_holdings is True
    assert [c.code for c in register.share_classes] == ["investor", "membership"]
    assert _rows(register) == [
        (
            anwen.number,
            "Anwen Ŵyn",
            "active",
            None,
            {membership: Holding(1, 100), investor: Holding(100, 10_000)},
        ),
        (bryn.number, "Bryn Llŷr", "active", None, {membership: Holding(1, 100)}),
    ]
    later = selectors.register_as_of(organisation, D(2024, 3, 1))
    assert _rows(later) == [
        (
            anwen.number,
            "Anwen Ŵyn",
            "active",
            None,
            {membership: Holding(1, 100), investor: Holding(150, 10_000)},
        ),
        (bryn.number, "Bryn Llŷr", "ceased", D(2023, 1, 1), {}),
        (carys.number, "Carys Prys", "active", None, {membership: Holding(1, 100)}),
    ]


def test_a_register_row_carries_the_s30_particulars(organisation, history):
    anwen = history[0]
    [row] = [
        r
        for r in selectors.register_as_of(organisation, D(2024, 1, 1)).rows
        if r.name == anwen.name
    ]
    assert (row.postal_address, row.postcode, row.email, row.email_purposes) == (
        anwen.postal_address,
        "SY23 1AA",
        anwen.email,
        ("notices", "ballots"),
    )
    assert (row.entered_on, row.member_class, row.total_shares, row.total_paid_pence) == (
        D(2020, 1, 6),
        "Service users and carers",
        151,
        10_100,
    )
    [welsh] = [
        r
        for r in selectors.register_as_of(organisation, D(2024, 1, 1), welsh=True).rows
        if r.name == anwen.name
    ]
    assert welsh.member_class == "Defnyddwyr gwasanaeth a gofalwyr"


def test_the_duplicate_register_shows_nobodys_holdings_or_contact_details(organisation, history):
    """CCBS Act 2014 s.103: the entries without holdings; Cyd shows who the members are and
    when they entered and ceased, and reads nothing else from the database."""
    register = selectors.duplicate_register(organisation, D(2024, 3, 1))
    rows = list(iter(register))  # iter(): list() would ask len(), a count
    assert [dataclasses.asdict(r) for r in rows] == [
        {
            "number": m.number,
            "name": m.name,
            "kind": "person",
            "entered_on": m.entered_on,
            "ceased_on": D(2023, 1, 1) if m.name == "Bryn Llŷr" else None,
        }
        for m in history
    ]
    assert register.count() == 3
    assert [r.name for r in register[1:3]] == ["Bryn Llŷr", "Carys Prys"]
    assert [
        r.name for r in selectors.duplicate_register(organisation, D(2024, 3, 1), search="ŷr")
    ] == ["Bryn Llŷr"]


def test_the_register_takes_the_same_queries_whatever_its_size(
    organisation, django_assert_num_queries
):
    for _ in range(3):
        mf.member(organisation, investor_shares=5)
    with django_assert_num_queries(3):
        assert len(list(selectors.register_as_of(organisation, D(2024, 1, 1)).rows)) == 3
    for _ in range(12):
        mf.member(organisation, investor_shares=5)
    with django_assert_num_queries(3):
        assert len(list(selectors.register_as_of(organisation, D(2024, 1, 1)).rows)) == 15
    with django_assert_num_queries(1):
        assert len(list(iter(selectors.duplicate_register(organisation, D(2024, 1, 1))))) == 15
    with django_assert_num_queries(2):
        register = selectors.duplicate_register(organisation, D(2024, 1, 1))
        assert (register.count(), len(register[10:20])) == (15, 5)


def test_holdings_for_members_in_one_query(organisation, history, django_assert_num_queries):
    anwen, bryn, _ = history
    investor = mf.share_class(organisation, "investor").pk
    with django_assert_num_queries(1):
        held = selectors.holdings_for_members(organisation, [anwen.pk, bryn.pk], D(2022, 12, 31))
    assert held[anwen.pk][investor] == Holding(150, 10_000)
    assert bryn.pk in held
    assert selectors.holdings_for_members(organisation, [bryn.pk]) == {}


def test_member_holdings_and_ledger(organisation, history):
    anwen = history[0]
    assert [(c.code, h) for c, h in selectors.member_holdings(anwen, D(2021, 1, 1))] == [
        ("investor", Holding(100, 10_000)),
        ("membership", Holding(1, 100)),
    ]
    assert [(e.kind, e.shares, e.effective_on) for e in selectors.member_ledger(anwen)] == [
        ("allotment", 1, D(2020, 1, 6)),
        ("payment", 0, D(2020, 1, 6)),
        ("allotment", 100, D(2020, 1, 6)),
        ("payment", 0, D(2020, 1, 6)),
        ("allotment", 50, D(2022, 9, 1)),
    ]


def test_member_list_search_and_filters(organisation, history):
    anwen, bryn, carys = history
    assert list(selectors.member_list(organisation)) == [anwen, bryn, carys]
    assert list(selectors.member_list(organisation, search="llŷr")) == [bryn]
    assert list(selectors.member_list(organisation, search="PRYS ")) == [carys]
    assert list(selectors.member_list(organisation, status="ceased")) == [bryn]
    assert list(selectors.member_list(organisation, member_class="supporters")) == [carys]


def test_register_counts_by_class_on_a_date(organisation, history):
    assert selectors.register_counts(organisation, D(2022, 1, 1)) == {"users": 1, "workers": 1}
    assert selectors.register_counts(organisation, D(2024, 3, 1)) == {"users": 1, "supporters": 1}


def test_withdrawal_queue_and_applications_waiting(organisation, history):
    anwen = history[0]
    first = services.withdrawal_request(
        member=anwen,
        share_class=mf.share_class(organisation, "investor"),
        shares=10,
        requested_on=D(2023, 10, 1),
        actor=None,
    )
    second = services.withdrawal_request(
        member=anwen,
        share_class=mf.share_class(organisation, "investor"),
        shares=10,
        requested_on=D(2023, 9, 1),
        actor=None,
    )
    services.withdrawal_cancel(withdrawal=first, reason="Changed mind", actor=None)
    assert list(selectors.withdrawal_queue(organisation)) == [second]
    assert second.status == Withdrawal.Status.REQUESTED
    application = services.application_submit(
        organisation=organisation,
        name="Dewi Sant",
        email="dewi@example.org",
        postal_address="Tyddewi",
        postcode="SA62 6RD",
        member_class=mf.member_class(organisation),
        share_class=mf.share_class(organisation),
        shares_requested=1,
        declaration=True,
    )
    assert list(selectors.applications_waiting(organisation)) == [application]


def test_member_for_user(organisation, member_record, member, applicant, anonymous):
    assert selectors.member_for_user(organisation, member) == member_record
    assert selectors.member_for_user(organisation, applicant) is None
    assert selectors.member_for_user(organisation, None) is None
