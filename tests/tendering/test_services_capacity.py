"""Capacity through the services: commitments of hours per lot (refused when not positive,
not plausible, outside the approval's conditions or the tender), the coverage matrix with
hand-checkable numbers, and over-commitment across the consortium's open bids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from tendering import services
from tendering.models import (
    Commitment,
)
from tendering.selectors import coverage_for
from tests.factories import tendering as tf
from tests.factories.tendering import refused, state

D = Decimal
UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- Capacity: commitments ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Hours a week must be more than 0."),
        ("0", "Hours a week must be more than 0."),
        ("0.00", "Hours a week must be more than 0."),
        ("100000", "is more than any co-op can deliver on one lot: check the units"),
        ("5000.01", "is more than any co-op can deliver on one lot"),
        ("10.125", "Give hours to at most two decimal places."),
        ("ten", "Enter hours a week as a number, like 37.5."),
        ("NaN", "Enter hours a week as a number"),
        ("Infinity", "Enter hours a week as a number"),
        (True, "Enter hours a week as a number"),
    ],
)
def test_hours_that_are_not_positive_plausible_hours_a_week_are_refused(consortium, hours, message):
    world = tf.joint_bid(consortium, stage="approved")
    snapshot = state(world.bid)

    with refused("hours_per_week", message):
        services.commitment_set(
            participant=world.participants[0], lot=world.lots[0], hours_per_week=hours, actor=None
        )

    assert state(world.bid) == snapshot


def test_a_commitment_is_recorded_and_replaced_with_an_audit_of_both(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    a, lot = world.participants[0], world.lots[0]
    mark = tf.last_event_id()

    services.commitment_set(
        participant=a,
        lot=lot,
        hours_per_week="12.5",
        staff_count=4,
        base=" Newtown ",
        ciw_registration=" SIN-1 ",
        actor=None,
    )
    services.commitment_set(
        participant=a, lot=lot, hours_per_week=D("5000"), role="secondary", actor=None
    )

    (commitment,) = Commitment.objects.filter(participant=a)
    assert (commitment.hours_per_week, commitment.role, commitment.base) == (
        D("5000.00"),
        "secondary",
        "",
    )
    first, second = tf.events_since(mark)
    assert (first.before, first.after["hours"], first.after["created"]) == (None, "12.5", True)
    assert (second.before, second.after["hours"], second.after["created"]) == (
        {"hours": "12.50", "role": "primary"},
        "5000",
        False,
    )


def test_a_lot_not_in_the_tender_is_refused(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    elsewhere = tf.opportunity(consortium, reference="OTHER").lots.get(number=2)

    with refused("lot", "Lot 2 is not in this tender."):
        services.commitment_set(
            participant=world.participants[0], lot=elsewhere, hours_per_week="10", actor=None
        )
    with refused("lot", "Lot 2 is not in this tender."):
        services.price_line_set(
            participant=world.participants[0], lot=elsewhere, pay_pence=1500, actor=None
        )


def test_more_lots_than_a_bidder_may_bid_for_are_refused(consortium):
    world = tf.joint_bid(consortium, stage="approved", lot_hours=("20", "20", "20"), max_lots=2)
    a, b = world.participants
    services.commitment_set(participant=a, lot=world.lots[0], hours_per_week="10", actor=None)
    services.commitment_set(participant=b, lot=world.lots[1], hours_per_week="10", actor=None)
    services.commitment_set(participant=b, lot=world.lots[0], hours_per_week="10", actor=None)

    with refused("lot", "The tender allows a bidder at most 2 lots."):
        services.commitment_set(participant=a, lot=world.lots[2], hours_per_week="10", actor=None)


def test_a_commitment_outside_the_approved_lots_or_above_the_approved_hours_is_refused(
    consortium,
):
    world = tf.joint_bid(consortium, stage="consulting")
    a = tf.approve(
        world.participants[0],
        allowed_lots=[world.lots[1]],
        max_hours_per_week="15",
        conditions="Lot 2 only, 15 hours",
    )
    with refused("lot", "Co-op A approved the bid only for other lots", "Lot 2 only, 15 hours"):
        services.commitment_set(participant=a, lot=world.lots[0], hours_per_week="5", actor=None)
    services.commitment_set(participant=a, lot=world.lots[1], hours_per_week="15", actor=None)
    with refused("hours_per_week", "Co-op A approved at most 15.00 hours a week; this makes 16"):
        services.commitment_set(participant=a, lot=world.lots[1], hours_per_week="16", actor=None)


def test_a_co_op_that_has_not_approved_commits_nothing(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    with refused("participant", "Co-op A has not approved the bid."):
        services.commitment_set(
            participant=world.participants[0], lot=world.lots[0], hours_per_week="10", actor=None
        )


@pytest.mark.parametrize("how", ["suspended", "ceased"])
def test_a_co_op_no_longer_in_good_standing_commits_and_prices_nothing(consortium, how):
    world = tf.joint_bid(consortium, stage="approved")
    (tf.suspend if how == "suspended" else tf.cease)(world.coops[1])
    b = world.participants[1]

    with refused("participant", "Co-op B is not a member in good standing"):
        services.commitment_set(participant=b, lot=world.lots[0], hours_per_week="10", actor=None)
    with refused("participant", "Co-op B is not a member in good standing"):
        services.price_line_set(participant=b, lot=world.lots[0], pay_pence=1500, actor=None)
    gate = tf.gate(world.bid, "approvals")
    assert "Co-op B is not a member in good standing." in gate.detail


def test_a_co_op_whose_approval_expired_commits_nothing(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    expiry = world.participants[0].approval_expires_on
    assert expiry is not None
    with time_machine.travel(
        dt.datetime.combine(expiry + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC), tick=False
    ):
        with refused("participant", "Co-op A's approval of the bid expired on"):
            services.commitment_set(
                participant=world.participants[0],
                lot=world.lots[0],
                hours_per_week="10",
                actor=None,
            )
        assert "Co-op A: the approval has expired" in " ".join(
            tf.gate(world.bid, "approvals").detail
        )


@pytest.mark.parametrize(("field", "value"), [("role", "lead"), ("staff_count", -1)])
def test_a_role_or_staff_count_out_of_range_is_refused(consortium, field, value):
    world = tf.joint_bid(consortium, stage="approved")
    with refused(field):
        services.commitment_set(
            participant=world.participants[0],
            lot=world.lots[0],
            hours_per_week="10",
            actor=None,
            **{field: value},
        )


def test_capacity_and_prices_do_not_change_after_sign_off_without_reopening(consortium):
    world = tf.joint_bid(consortium, stage="final_signoff")
    a, lot = world.participants[0], world.lots[0]
    commitment = Commitment.objects.get(participant=a, lot=lot)

    with refused("bid", "The bid is “Final sign-off”: reopen it for drafting"):
        services.commitment_set(participant=a, lot=lot, hours_per_week="11", actor=None)
    with refused("bid", "reopen it for drafting"):
        services.commitment_remove(commitment=commitment, actor=None)
    with refused("bid", "reopen it for drafting"):
        services.price_line_set(participant=a, lot=lot, pay_pence=1600, actor=None)
    with refused("bid", "reopen it for drafting"):
        services.evidence_add(
            bid=world.bid, title="Policy", file=ContentFile(b"pdf", name="p.pdf"), actor=None
        )

    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    services.commitment_set(participant=a, lot=lot, hours_per_week="11", actor=None)
    assert Commitment.objects.get(pk=commitment.pk).hours_per_week == D("11")


def test_removing_a_commitment_opens_a_gap(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    commitment = Commitment.objects.get(participant=world.participants[1], lot=world.lots[0])
    mark = tf.last_event_id()

    services.commitment_remove(commitment=commitment, actor=None)

    (event,) = tf.events_since(mark)
    assert event.before == {"member": "Co-op B", "lot": 1, "hours": "10.00"}
    assert tf.gate(world.bid, "coverage").detail == [
        "Lot 1: 10.00 hours a week short of the buyer's 20.00."
    ]


# --- The coverage matrix and over-commitment ----------------------------------------------


def test_the_coverage_matrix_of_the_standard_bid(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    a, b = world.participants

    cover = coverage_for(world.bid)

    assert [
        (row.lot.number, row.committed, row.gap, row.has_primary, row.by_participant)
        for row in cover.lots
    ] == [
        (1, D("20.00"), D("0.00"), True, {a.pk: D("10.00"), b.pk: D("10.00")}),
        (2, D("20.00"), D("0.00"), True, {a.pk: D("10.00"), b.pk: D("10.00")}),
    ]
    assert (cover.conditions_broken, cover.over_committed, cover.is_met) == ([], [], True)
    assert tf.gate(world.bid, "coverage").ok is True


def test_gaps_and_a_lot_with_no_primary_provider_fail_the_coverage_gate(consortium):
    world = tf.joint_bid(consortium, stage="approved", lot_hours=("25", "20"))
    a, b = world.participants
    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    services.commitment_set(participant=a, lot=world.lots[0], hours_per_week="20", actor=None)
    services.commitment_set(
        participant=b, lot=world.lots[1], hours_per_week="20", role="secondary", actor=None
    )

    gate = tf.gate(world.bid, "coverage")

    assert gate.ok is False
    assert gate.detail == [
        "Lot 1: 5.00 hours a week short of the buyer's 25.00.",
        "Lot 2: no primary provider.",
    ]


def test_a_bid_with_no_capacity_fails_the_coverage_gate(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    gate = tf.gate(world.bid, "coverage")
    assert (gate.ok, gate.detail) == (False, ["No capacity has been committed to any lot."])


def test_conditions_given_after_the_plan_are_flagged_as_broken(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    # Co-op B's board now approves lot 1 only, at most 5 hours a week: its plan breaks both.
    tf.approve(world.participants[1], allowed_lots=[world.lots[0]], max_hours_per_week="5")

    cover = coverage_for(world.bid)
    gate = tf.gate(world.bid, "coverage")

    assert cover.conditions_broken == [
        (world.participants[1].pk, "lots"),
        (world.participants[1].pk, "hours"),
    ]
    assert gate.detail == [
        "Co-op B: the plan breaks its approval conditions (lots).",
        "Co-op B: the plan breaks its approval conditions (hours).",
    ]


def _second_bid(consortium, world: tf.World, *, hours: str = "10") -> tf.World:
    """Another bid of the same consortium and co-ops, in drafting, where co-op A commits
    `hours` to lot 1."""
    other = tf.joint_bid(
        consortium, stage="approved", coops=world.coops, reference="PCC-DOM-2", questions=False
    )
    services.bid_transition(bid=other.bid, to="drafting", actor=None)
    services.commitment_set(
        participant=other.participants[0], lot=other.lots[0], hours_per_week=hours, actor=None
    )
    return other


def test_a_co_op_is_over_committed_across_this_and_its_other_open_bids(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    _second_bid(consortium, world, hours="10")
    a = world.participants[0]
    services.capacity_declare(
        consortium=consortium, member=world.coops[0], hours_per_week="25", actor=None
    )

    cover = coverage_for(world.bid)

    # 20 hours here (10 on each lot) + 10 in the other bid = 30 against 25 declared.
    assert cover.over_committed == [(a.pk, D("30.00"), D("25.00"))]
    assert tf.gate(world.bid, "coverage").detail == [
        "Co-op A is over-committed across open bids: 30.00 of 25.00 hours a week."
    ]
    # Exactly at capacity is fine; the latest declaration counts.
    services.capacity_declare(
        consortium=consortium, member=world.coops[0], hours_per_week="30", actor=None
    )
    assert coverage_for(world.bid).over_committed == []


@pytest.mark.parametrize("closing", ["withdrawn", "lapsed"])
def test_closed_bids_do_not_count_against_capacity(consortium, closing):
    world = tf.joint_bid(consortium, stage="drafting")
    other = _second_bid(consortium, world)
    services.capacity_declare(
        consortium=consortium, member=world.coops[0], hours_per_week="25", actor=None
    )
    assert coverage_for(world.bid).over_committed != []

    services.bid_transition(bid=other.bid, to=closing, reason="Not bidding", actor=None)

    assert coverage_for(world.bid).over_committed == []
    assert tf.gate(world.bid, "coverage").ok is True


def test_a_co_op_that_dropped_out_of_another_bid_has_no_commitment_there(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    other = _second_bid(consortium, world)
    services.capacity_declare(
        consortium=consortium, member=world.coops[0], hours_per_week="25", actor=None
    )

    services.participant_withdraw(participant=other.participants[0], reason="Busy", actor=None)

    assert coverage_for(world.bid).over_committed == []


def test_a_declined_bid_never_counts(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    services.capacity_declare(
        consortium=consortium, member=world.coops[0], hours_per_week="20", actor=None
    )
    declined = tf.joint_bid(
        consortium, stage="identified", coops=world.coops, reference="NOGO", questions=False
    )
    services.bid_go_decide(
        bid=declined.bid,
        go=False,
        method="board",
        reference="Minute 9",
        decided_on=timezone.localdate(),
        actor=None,
    )
    assert coverage_for(world.bid).over_committed == []


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "must be more than 0"), ("60000", "more than any co-op can deliver")],
)
def test_a_capacity_that_is_not_plausible_is_refused(consortium, hours, message):
    member = tf.coop(consortium, "Co-op A")
    with refused("hours_per_week", message):
        services.capacity_declare(
            consortium=consortium, member=member, hours_per_week=hours, actor=None
        )


def test_a_co_op_not_in_good_standing_declares_no_capacity(consortium):
    member = tf.suspend(tf.coop(consortium, "Co-op A"))
    with refused("member", "not a member in good standing"):
        services.capacity_declare(
            consortium=consortium, member=member, hours_per_week="10", actor=None
        )
