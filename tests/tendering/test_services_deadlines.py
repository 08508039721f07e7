"""Deadlines of a bid: UK time across the clock changes, internal deadlines before the buyer's,
and nothing submitted after the buyer's deadline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tendering import services
from tendering.models import (
    Opportunity,
)
from tests.factories import tendering as tf
from tests.factories.tendering import refused, row_counts, state
from tests.tendering.test_services_bids import world_at

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- The state machine ---------------------------------------------------------------------


# --- Deadlines -----------------------------------------------------------------------------


def test_submission_after_the_buyers_deadline_is_refused(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    deadline = world.opportunity.submission_deadline
    before, snapshot = row_counts(), state(world.bid)

    with (
        time_machine.travel(deadline, tick=False),
        refused("deadline", "The buyer's deadline", "has passed"),
    ):
        services.bid_submit(bid=world.bid, actor=None)

    assert (row_counts(), state(world.bid)) == (before, snapshot)
    with time_machine.travel(deadline - dt.timedelta(seconds=1), tick=False):
        services.bid_submit(bid=world.bid, actor=None)
    assert world.refresh().status == "submitted"


def test_after_the_deadline_the_deadline_gate_fails_and_ready_is_refused(consortium):
    world = world_at(consortium, "final_signoff")
    with time_machine.travel(world.opportunity.submission_deadline, tick=False):
        assert tf.gates(world.bid)["deadline"] is False
        with refused("deadline", "The buyer's deadline has passed."):
            services.bid_transition(bid=world.bid, to="ready", actor=None)


def test_a_deadline_on_the_day_the_clocks_go_forward_is_uk_time(consortium):
    # The clocks go forward at 01:00 GMT on Sunday 28 March 2027: noon that day is 11:00 UTC.
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        opp = tf.opportunity(
            consortium, submission_deadline=tf.wall(2027, 3, 28, 12, 0), lot_hours=("20",)
        )
        bid = services.bid_create(opportunity=opp, consortium=consortium, actor=None)
    assert opp.submission_deadline == dt.datetime(2027, 3, 28, 11, 0, tzinfo=UTC)

    # 10:59 UTC is 11:59 BST: still open. 11:00 UTC is noon BST: closed.
    with time_machine.travel(dt.datetime(2027, 3, 28, 10, 59, tzinfo=UTC), tick=False):
        assert tf.gates(bid)["deadline"] is True
    with time_machine.travel(dt.datetime(2027, 3, 28, 11, 0, tzinfo=UTC), tick=False):
        assert tf.gates(bid)["deadline"] is False


def test_a_deadline_in_the_hour_the_clocks_skip_is_refused(consortium):
    with refused("submission_deadline", "does not exist in UK time"):
        tf.opportunity(consortium, submission_deadline=tf.wall(2027, 3, 28, 1, 30))


def test_a_deadline_in_the_hour_that_happens_twice_is_the_first_one(consortium):
    # 01:30 on Sunday 31 October 2027 happens in BST (00:30 UTC) and again in GMT.
    with time_machine.travel(dt.datetime(2027, 10, 1, 9, 0, tzinfo=UTC), tick=False):
        opp = tf.opportunity(consortium, submission_deadline=tf.wall(2027, 10, 31, 1, 30))
    stored = Opportunity.objects.get(pk=opp.pk).submission_deadline
    assert stored == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_deadline_is_read_as_uk_time_whatever_time_zone_is_active(consortium):
    with timezone.override("America/New_York"):
        opp = tf.opportunity(consortium, submission_deadline=tf.wall(2030, 1, 15, 12, 0))
    assert opp.submission_deadline == dt.datetime(2030, 1, 15, 12, 0, tzinfo=UTC)  # GMT


@pytest.mark.parametrize("name", ["answers_due", "prices_due", "signoff_due"])
def test_internal_deadlines_after_the_buyers_are_refused(consortium, name):
    opp = tf.opportunity(consortium)
    after = opp.submission_deadline + dt.timedelta(minutes=1)

    with refused(name, "Internal deadlines must fall before the buyer's deadline"):
        services.bid_create(opportunity=opp, consortium=consortium, actor=None, **{name: after})
    with refused(name, "Internal deadlines must fall before the buyer's deadline"):
        services.bid_create(
            opportunity=opp,
            consortium=consortium,
            actor=None,
            **{name: opp.submission_deadline},
        )

    bid = services.bid_create(opportunity=opp, consortium=consortium, actor=None)
    snapshot = state(bid)
    with refused(name, "Internal deadlines must fall before the buyer's deadline"):
        services.bid_update_plan(bid=bid, actor=None, **{name: after})
    assert state(bid) == snapshot


def test_internal_deadlines_given_without_a_time_zone_are_uk_time(consortium):
    opp = tf.opportunity(consortium, submission_deadline=tf.wall(2030, 7, 1, 12, 0))
    bid = services.bid_create(
        opportunity=opp,
        consortium=consortium,
        answers_due=tf.wall(2030, 6, 20, 17, 0),
        actor=None,
    )
    services.bid_update_plan(bid=bid, signoff_due=tf.wall(2030, 7, 1, 11, 59), actor=None)

    bid.refresh_from_db()
    assert bid.answers_due == dt.datetime(2030, 6, 20, 16, 0, tzinfo=UTC)  # 17:00 BST
    assert bid.signoff_due == dt.datetime(2030, 7, 1, 10, 59, tzinfo=UTC)


def test_a_bid_for_a_closed_opportunity_is_refused(consortium):
    opp = tf.opportunity(consortium)
    with (
        time_machine.travel(opp.submission_deadline, tick=False),
        refused("opportunity", "The deadline for this opportunity has passed."),
    ):
        services.bid_create(opportunity=opp, consortium=consortium, actor=None)


def test_only_a_consortium_bids_and_once_per_opportunity(consortium, organisation):
    opp = tf.opportunity(consortium)
    with refused("consortium", "Joint bids are made by a consortium."):
        services.bid_create(opportunity=opp, consortium=organisation, actor=None)
    services.bid_create(opportunity=opp, consortium=consortium, actor=None)
    with refused("opportunity", "already has a bid"):
        services.bid_create(opportunity=opp, consortium=consortium, actor=None)


@pytest.mark.parametrize(
    ("floor", "message"),
    [
        (0, "a whole number above 0"),
        (-100, "a whole number above 0"),
        (1_500_000, "is not a plausible amount"),
        ("13.45", "a whole number above 0"),
    ],
)
def test_a_pay_floor_that_is_not_plausible_pence_is_refused(consortium, floor, message):
    opp = tf.opportunity(consortium)
    with refused("pay_floor_pence", message):
        services.bid_create(
            opportunity=opp, consortium=consortium, pay_floor_pence=floor, actor=None
        )


def test_the_liability_model_cannot_change_once_signed_off(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    with refused("liability", "reopen it for drafting first"):
        services.bid_update_plan(bid=world.bid, liability="prime", actor=None)
    # Unchanged liability and later internal deadlines are fine.
    services.bid_update_plan(
        bid=world.bid,
        liability="joint_and_several",
        answers_due=world.opportunity.submission_deadline - dt.timedelta(days=1),
        actor=None,
    )
    assert world.refresh().status == "ready"


def test_a_submitted_bids_plan_is_closed(consortium):
    world = tf.joint_bid(consortium, stage="submitted")
    with refused("bid", "it can no longer be changed"):
        services.bid_update_plan(bid=world.bid, pay_floor_pence=1400, actor=None)
