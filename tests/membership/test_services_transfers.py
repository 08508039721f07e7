"""Transfers of shares: where the class allows, to an eligible member, within caps."""

from __future__ import annotations

import datetime as dt

from membership import services
from membership.models import Member, ShareTransaction
from tests.factories import membership as mf
from tests.factories.membership import events_since, holding, last_event_id, refused

D = dt.date
Kind = ShareTransaction.Kind
JUNE_2021 = D(2021, 6, 1)


def _transfer(giver, receiver, org, shares=4, code="investor", day=JUNE_2021):
    return services.shares_transfer(
        from_member=giver,
        to_member=receiver,
        share_class=mf.share_class(org, code),
        shares=shares,
        effective_on=day,
        reason="Gift to a neighbour",
        actor=None,
    )


def test_a_transfer_writes_two_linked_entries_and_two_audit_events(organisation, secretary):
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation)
    mark = last_event_id()
    out, into = services.shares_transfer(
        from_member=giver,
        to_member=receiver,
        share_class=mf.share_class(organisation, "investor"),
        shares=4,
        effective_on=D(2021, 6, 1),
        reason="Gift",
        actor=secretary,
    )
    assert (out.kind, out.shares, out.paid_pence, out.counterparty) == (
        Kind.TRANSFER_OUT,
        -4,
        -400,
        receiver,
    )
    assert (into.kind, into.shares, into.paid_pence, into.counterparty) == (
        Kind.TRANSFER_IN,
        4,
        400,
        giver,
    )
    assert out.transfer_group == into.transfer_group is not None
    assert holding(giver, "investor") == (6, 600)
    assert holding(receiver, "investor") == (4, 400)
    events = events_since(mark)
    assert [(e.action, e.object_id) for e in events] == [
        ("ledger.transfer_out", str(giver.pk)),
        ("ledger.transfer_in", str(receiver.pk)),
    ]
    assert (events[0].before["shares"], events[0].after["shares"]) == (10, 6)
    assert (events[1].before["shares"], events[1].after["shares"]) == (0, 4)


def test_partly_paid_shares_take_their_share_of_the_amount_paid(organisation):
    giver = mf.member(organisation)
    services.shares_allot(
        member=giver,
        share_class=mf.share_class(organisation, "investor"),
        shares=3,
        paid_pence=100,
        effective_on=D(2021, 1, 1),
        actor=None,
    )
    receiver = mf.member(organisation)
    _transfer(giver, receiver, organisation, shares=1)
    assert holding(giver, "investor") == (2, 67)
    assert holding(receiver, "investor") == (1, 33)


def test_non_transferable_shares_cannot_be_transferred(organisation):
    giver, receiver = mf.member(organisation), mf.member(organisation)
    services.shares_cancel(
        member=receiver,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=D(2021, 1, 1),
        reason="Lost share, to be replaced",
        actor=None,
    )
    with refused("share_class", "not transferable", "share class terms"):
        _transfer(giver, receiver, organisation, shares=1, code="membership")


def test_transfer_to_a_ceased_member_is_refused(organisation):
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation)
    services.shares_cancel(
        member=receiver,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=D(2021, 1, 1),
        reason="Leaving",
        actor=None,
    )
    services.member_cease(
        member=receiver, ceased_on=D(2021, 1, 1), reason=Member.CeasedReason.WITHDRAWAL, actor=None
    )
    with refused("to_member", "ceased"):
        _transfer(giver, receiver, organisation)


def test_transfer_to_a_suspended_member_is_refused(organisation):
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation)
    services.member_suspend(member=receiver, reason="Arrears", actor=None)
    with refused("to_member", "only to an active member", "Suspended"):
        _transfer(giver, receiver, organisation)


def test_transfer_to_a_member_whose_class_may_not_hold_the_shares_is_refused(organisation):
    services.member_class_create(
        organisation=organisation,
        code="staff",
        name="Staff",
        share_classes=[mf.share_class(organisation)],
        actor=None,
    )
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation, cls="staff")
    with refused("to_member", "Staff may not hold Investor shares", "rules on member classes"):
        _transfer(giver, receiver, organisation)


def test_transfer_that_takes_the_receiver_over_the_cap_is_refused(organisation):
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation, investor_shares=99_997)
    with refused("shares", "£100,001.00", "CCBS Act 2014 s.24"):
        _transfer(giver, receiver, organisation, shares=4)
    _transfer(giver, receiver, organisation, shares=3)
    assert holding(receiver, "investor") == (100_000, 10_000_000)


def test_transfer_of_more_than_the_giver_holds_is_refused(organisation):
    giver, receiver = mf.member(organisation, investor_shares=3), mf.member(organisation)
    with refused("shares", "holds only 3"):
        _transfer(giver, receiver, organisation, shares=4)


def test_transfer_of_shares_being_withdrawn_is_refused(organisation):
    """The giver asked to withdraw 8 of their 10 shares: only 2 are free to transfer, or the
    withdrawal could not be paid."""
    giver = mf.member(organisation, investor_shares=10)
    receiver = mf.member(organisation)
    services.withdrawal_request(
        member=giver,
        share_class=mf.share_class(organisation, "investor"),
        shares=8,
        requested_on=D(2021, 2, 1),
        actor=None,
    )
    with refused("shares", "at most 2", "8 are being withdrawn"):
        _transfer(giver, receiver, organisation, shares=3)
    _transfer(giver, receiver, organisation, shares=2)
    assert holding(giver, "investor") == (8, 800)


def test_transfer_to_oneself_or_to_another_society_is_refused(organisation, other_organisation):
    giver = mf.member(organisation, investor_shares=10)
    with refused("to_member", "different member"):
        _transfer(giver, giver, organisation)
    stranger = mf.member(other_organisation)
    with refused("to_member", "same society"):
        _transfer(giver, stranger, organisation)


def test_transfer_from_a_ceased_member_is_refused_except_on_death(organisation):
    deceased = mf.member(organisation, investor_shares=10)
    heir = mf.member(organisation)
    services.member_cease(
        member=deceased, ceased_on=D(2021, 3, 1), reason=Member.CeasedReason.DEATH, actor=None
    )
    with refused("from_member", "ceased"):
        _transfer(deceased, heir, organisation)
    mark = last_event_id()
    out, into = services.shares_transfer_on_death(
        from_member=deceased,
        to_member=heir,
        share_class=mf.share_class(organisation, "investor"),
        shares=10,
        effective_on=D(2021, 4, 1),
        reason="Nomination of 2019",
        actor=None,
    )
    assert (out.kind, into.kind) == (Kind.DEATH_OUT, Kind.DEATH_IN)
    assert holding(deceased, "investor") == (0, 0)
    assert holding(heir, "investor") == (10, 1_000)
    assert [e.action for e in events_since(mark)] == ["ledger.death_out", "ledger.death_in"]


def test_transfer_on_death_needs_the_death_recorded(organisation):
    living = mf.member(organisation, investor_shares=10)
    heir = mf.member(organisation)
    with refused("from_member", "not recorded as having died"):
        services.shares_transfer_on_death(
            from_member=living,
            to_member=heir,
            share_class=mf.share_class(organisation),
            shares=1,
            effective_on=D(2021, 4, 1),
            actor=None,
        )


def test_transfer_dated_before_the_receiver_entered_is_refused(organisation):
    giver = mf.member(organisation, investor_shares=10, entered_on=D(2018, 1, 1))
    receiver = mf.member(organisation, entered_on=D(2022, 1, 1))
    with refused("effective_on", "before the member entered"):
        _transfer(giver, receiver, organisation, day=D(2021, 1, 1))
