"""Withdrawals: requested → notice running → board decision (solvency considered) → paid."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import User
from membership import services
from membership.models import Member, ShareTransaction, Withdrawal
from tests.factories import membership as mf
from tests.factories.membership import (
    actions_since,
    events_since,
    holding,
    last_event_id,
    refused,
)

D = dt.date
Status = Withdrawal.Status


def _request(m, org, shares, day=None, code="investor"):
    return services.withdrawal_request(
        member=m,
        share_class=mf.share_class(org, code),
        shares=shares,
        requested_on=day or D(2021, 6, 1),
        actor=None,
    )


def _approve(w, day=None):
    return services.withdrawal_decide(
        withdrawal=w,
        approve=True,
        # 92 days after 1 June: the 90 days' notice has run.
        decided_on=day or D(2021, 9, 1),
        solvency_considered=True,
        actor=None,
    )


@pytest.fixture
def investor(organisation) -> Member:
    """Holds 1 membership share and 100 investor shares allotted on 6 January 2020."""
    return mf.member(organisation, investor_shares=100)


def test_the_whole_course_of_a_withdrawal(organisation, investor, secretary, board_member):
    mark = last_event_id()
    w = services.withdrawal_request(
        member=investor,
        share_class=mf.share_class(organisation, "investor"),
        shares=40,
        requested_on=D(2021, 6, 1),
        actor=secretary,
    )
    assert (w.status, w.notice_ends_on, w.is_membership_ending) == (
        Status.REQUESTED,
        D(2021, 8, 30),
        False,
    )
    [event] = events_since(mark)
    assert (event.action, event.before, event.after["shares"], event.after["status"]) == (
        "withdrawal.request",
        None,
        40,
        "requested",
    )

    mark = last_event_id()
    w = services.withdrawal_decide(
        withdrawal=w,
        approve=True,
        decided_on=D(2021, 8, 30),
        solvency_considered=True,
        board_minute_reference="BM 2021/14",
        actor=board_member,
    )
    [event] = events_since(mark)
    assert event.action == "withdrawal.approve"
    assert (event.before["status"], event.after["status"]) == ("requested", "approved")
    assert event.after["solvency_considered"] is True
    assert (w.decided_by, w.board_minute_reference) == (board_member, "BM 2021/14")
    assert holding(investor, "investor") == (100, 10_000)  # nothing leaves until paid

    mark = last_event_id()
    w = services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 3), actor=secretary)
    assert (w.status, w.paid_on, w.amount_pence) == (Status.PAID, D(2021, 9, 3), 4_000)
    entry = ShareTransaction.objects.get(withdrawal=w)
    assert (entry.kind, entry.shares, entry.paid_pence, entry.effective_on) == (
        ShareTransaction.Kind.WITHDRAWAL,
        -40,
        -4_000,
        D(2021, 9, 3),
    )
    assert holding(investor, "investor") == (60, 6_000)
    assert actions_since(mark) == ["ledger.withdrawal", "withdrawal.pay"]
    investor.refresh_from_db()
    assert investor.status == Member.Status.ACTIVE


@pytest.mark.parametrize("shares", [0, -3, 2.5, True, "4"])
def test_withdrawal_of_a_share_count_that_is_not_a_whole_positive_number(
    organisation, investor, shares
):
    with refused("shares", "whole number"):
        _request(investor, organisation, shares)


def test_withdrawal_larger_than_the_holding_is_refused(organisation, investor):
    with refused("shares", "at most 100", "100 held, 0 already being withdrawn"):
        _request(investor, organisation, 101)


def test_withdrawals_already_requested_count_against_the_holding(organisation, investor):
    _request(investor, organisation, 70)
    with refused("shares", "at most 30", "70 already being withdrawn"):
        _request(investor, organisation, 31)
    _request(investor, organisation, 30)


def test_withdrawal_inside_the_lock_in_of_the_share_class_is_refused(organisation, investor):
    services.shares_allot(
        member=investor,
        share_class=mf.share_class(organisation, "investor"),
        shares=50,
        effective_on=D(2021, 3, 1),
        actor=None,
    )
    with refused("shares", "50 of these shares", "365 days", "share class terms", "1 Mar 2022"):
        _request(investor, organisation, 101, day=D(2021, 6, 1))
    _request(investor, organisation, 100, day=D(2021, 6, 1))  # the older ones are free


def test_withdrawal_inside_the_rules_lock_in_cites_the_rule(db):
    org = mf.cooperative(slug="lock-in", membership_withdrawable=True, lock_in_days=30)
    m = mf.member(org, entered_on=D(2021, 5, 20))
    with refused("shares", "30 days", "rule 14"):
        _request(m, org, 1, day=D(2021, 6, 1), code="membership")


def test_withdrawal_while_the_board_has_suspended_withdrawals_is_refused(
    organisation, investor, board_member
):
    services.share_class_set_withdrawals_suspended(
        share_class=mf.share_class(organisation, "investor"),
        suspended=True,
        reason="Cash flow review",
        actor=board_member,
    )
    with refused("share_class", "suspended", "Cash flow review"):
        _request(investor, organisation, 10)


def test_withdrawal_of_shares_that_are_not_withdrawable_is_refused(organisation, investor):
    with refused("share_class", "not withdrawable", "share class terms"):
        _request(investor, organisation, 1, code="membership")


def test_withdrawal_that_would_leave_less_than_the_class_minimum(organisation):
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
    services.shares_allot(
        member=m, share_class=bonds, shares=15, effective_on=D(2020, 2, 1), actor=None
    )
    with refused("shares", "below the minimum holding of 10", "share class terms"):
        _request(m, organisation, 6, code="bonds")
    _request(m, organisation, 15, code="bonds")


def test_the_board_decides_only_after_the_notice_has_run(organisation, investor):
    w = _request(investor, organisation, 10)
    with refused("decided_on", "30 Aug 2021", "share class terms"):
        _approve(w, day=D(2021, 8, 29))
    with refused("decided_on", "30 Aug 2021"):
        services.withdrawal_decide(
            withdrawal=w,
            approve=False,
            decided_on=D(2021, 8, 29),
            solvency_considered=False,
            actor=None,
        )


def test_the_rules_notice_period_is_cited_when_the_class_has_none(db):
    org = mf.cooperative(slug="notice", membership_withdrawable=True, withdrawal_notice_days=28)
    services.rules_version_create(
        organisation=org,
        effective_from=D(2016, 1, 1),
        title="Rules 2016",
        withdrawal_notice_days=28,
        rule_numbers={"withdrawal_notice_days": "18"},
        actor=None,
    )
    m = mf.member(org)
    w = _request(m, org, 1, code="membership")
    assert w.notice_ends_on == D(2021, 6, 29)
    with refused("decided_on", "rule 18"):
        _approve(w, day=D(2021, 6, 28))


def test_approval_needs_the_solvency_test_considered(organisation, investor):
    w = _request(investor, organisation, 10)
    with refused("solvency_considered", "solvent"):
        services.withdrawal_decide(
            withdrawal=w,
            approve=True,
            decided_on=D(2021, 9, 1),
            solvency_considered=False,
            actor=None,
        )
    w.refresh_from_db()
    assert w.status == Status.REQUESTED


def test_approval_while_withdrawals_are_suspended_is_refused(organisation, investor):
    w = _request(investor, organisation, 10)
    services.share_class_set_withdrawals_suspended(
        share_class=mf.share_class(organisation, "investor"),
        suspended=True,
        reason="Audit",
        actor=None,
    )
    with refused("approve", "suspended"):
        _approve(w)


def test_refusal_by_the_board_and_a_second_decision(organisation, investor):
    w = _request(investor, organisation, 10)
    mark = last_event_id()
    w = services.withdrawal_decide(
        withdrawal=w,
        approve=False,
        decided_on=D(2021, 9, 1),
        solvency_considered=True,
        note="Would breach the reserves policy",
        actor=None,
    )
    assert w.status == Status.REFUSED
    assert actions_since(mark) == ["withdrawal.refuse"]
    with refused("status", "Refused by the board"):
        _approve(w)
    with refused("status"):
        services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 2), actor=None)
    # A refused withdrawal no longer holds shares back.
    _request(investor, organisation, 100, day=D(2021, 9, 2))


def test_payment_needs_an_approval_and_comes_after_it(organisation, investor):
    w = _request(investor, organisation, 10)
    with refused("status", "Notice running"):
        services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 2), actor=None)
    w = _approve(w)
    with refused("paid_on", "1 Sep 2021"):
        services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 8, 31), actor=None)
    services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 1), actor=None)
    with refused("status", "Paid"):
        services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 2), actor=None)
    assert holding(investor, "investor") == (90, 9_000)


def test_payment_while_withdrawals_are_suspended_is_refused(organisation, investor):
    w = _approve(_request(investor, organisation, 10))
    services.share_class_set_withdrawals_suspended(
        share_class=mf.share_class(organisation, "investor"),
        suspended=True,
        reason="Solvency concerns",
        actor=None,
    )
    with refused("share_class", "suspended"):
        services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 2), actor=None)


def test_a_cancelled_withdrawal_frees_its_shares(organisation, investor):
    w = _request(investor, organisation, 100)
    mark = last_event_id()
    w = services.withdrawal_cancel(withdrawal=w, reason="Changed their mind", actor=None)
    assert w.status == Status.CANCELLED
    [event] = events_since(mark)
    assert (event.action, event.before["status"], event.after["status"], event.reason) == (
        "withdrawal.cancel",
        "requested",
        "cancelled",
        "Changed their mind",
    )
    with refused("status"):
        services.withdrawal_cancel(withdrawal=w, reason="Again", actor=None)
    _request(investor, organisation, 100)


# --- Leaving by withdrawal -----------------------------------------------------------------


@pytest.fixture
def leaving_org(db):
    """A co-op whose £1 membership share is withdrawable (no lock-in, 90 days' notice)."""
    return mf.cooperative(slug="withdrawable", membership_withdrawable=True)


def test_withdrawing_the_last_qualifying_share_ends_the_membership(leaving_org):
    user = User.objects.create_user(email="leaver@example.org", password="x", full_name="L")
    m = mf.member(leaving_org, user=user)
    w = _request(m, leaving_org, 1, code="membership")
    assert w.is_membership_ending is True
    w = _approve(w)
    mark = last_event_id()
    services.withdrawal_pay(withdrawal=w, paid_on=D(2021, 9, 10), actor=None)
    m.refresh_from_db()
    assert (m.status, m.ceased_on, m.ceased_reason) == (
        Member.Status.CEASED,
        D(2021, 9, 10),
        Member.CeasedReason.WITHDRAWAL,
    )
    assert actions_since(mark) == [
        "ledger.withdrawal",
        "withdrawal.pay",
        "member.cease",
        "role.revoke",
    ]
    assert holding(m) == (0, 0)


def test_leaving_by_withdrawal_needs_the_other_shares_to_go_first(leaving_org):
    m = mf.member(leaving_org, investor_shares=20)
    with refused("shares", "other shares"):
        _request(m, leaving_org, 1, code="membership")
    out_investor = _request(m, leaving_org, 20)
    out_membership = _request(m, leaving_org, 1, code="membership")
    assert out_membership.is_membership_ending is True
    _approve(out_investor)
    _approve(out_membership)
    with refused("shares", "pay the withdrawal of their other shares first"):
        services.withdrawal_pay(withdrawal=out_membership, paid_on=D(2021, 9, 2), actor=None)
    services.withdrawal_pay(withdrawal=out_investor, paid_on=D(2021, 9, 2), actor=None)
    services.withdrawal_pay(withdrawal=out_membership, paid_on=D(2021, 9, 2), actor=None)
    m.refresh_from_db()
    assert (m.status, m.ceased_reason) == (Member.Status.CEASED, "withdrawal")


def test_a_withdrawal_on_a_ceased_members_account_is_refused(organisation, investor):
    w = _approve(_request(investor, organisation, 10))
    for code in ("investor", "membership"):
        shares = 90 if code == "investor" else 1
        services.shares_cancel(
            member=investor,
            share_class=mf.share_class(organisation, code),
            shares=shares,
            effective_on=D(2021, 9, 1),
            reason="Expelled",
            actor=None,
        )
    services.withdrawal_cancel(withdrawal=w, reason="Expelled", actor=None)
    services.shares_cancel(
        member=investor,
        share_class=mf.share_class(organisation, "investor"),
        shares=10,
        effective_on=D(2021, 9, 1),
        reason="Expelled",
        actor=None,
    )
    services.member_cease(
        member=investor,
        ceased_on=D(2021, 9, 1),
        reason=Member.CeasedReason.EXPULSION,
        actor=None,
    )
    with refused("member", "ceased"):
        _request(investor, organisation, 1)


@pytest.mark.parametrize(
    ("day", "fragment"),
    [(D(2015, 1, 1), "before Dyfi Care Co-operative was registered"), (D(2019, 12, 31), "entered")],
)
def test_withdrawal_dates_before_the_register_existed_are_refused(
    organisation, investor, day, fragment
):
    with refused("requested_on", fragment):
        _request(investor, organisation, 1, day=day)
