"""The go/no-go (by the consortium's board, or a ballot of member co-ops through `voting`),
member co-ops' approvals with their conditions, the written authorisation of the lead, the
lead, and re-planning when a co-op drops out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tendering import services
from tendering.models import (
    BidParticipant,
    Commitment,
    PriceLine,
    SignOff,
)
from tendering.selectors.gates import bid_gates
from tests.factories import membership as mf
from tests.factories import tendering as tf
from tests.factories.tendering import refused, state

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- Member co-ops: invitations, approvals, authorisations, the lead ----------------------


def test_a_co_op_not_in_good_standing_is_not_invited(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    suspended = tf.suspend(tf.coop(consortium, "Co-op S"))
    ceased = tf.cease(tf.coop(consortium, "Co-op X"))
    stranger = mf.member(mf.cooperative(slug="elsewhere"), kind="organisation")

    with refused("member", "Co-op S is not a member in good standing (Suspended)."):
        services.participant_invite(bid=world.bid, member=suspended, actor=None)
    with refused("member", "Co-op X is not a member in good standing (Ceased)."):
        services.participant_invite(bid=world.bid, member=ceased, actor=None)
    with refused("member", "Choose a member co-op of the consortium."):
        services.participant_invite(bid=world.bid, member=stranger, actor=None)
    with refused("member", "Co-op A is already on this bid (invited)."):
        services.participant_invite(bid=world.bid, member=world.coops[0], actor=None)


def test_an_approval_is_recorded_with_its_conditions(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    today = timezone.localdate()
    mark = tf.last_event_id()

    participant = services.participant_approve(
        participant=world.participants[0],
        approval_kind="ballot",
        reference=" Members' ballot 4 ",
        approved_on=today,
        expires_on=today,
        allowed_lots=[world.lots[1]],
        max_hours_per_week="400",
        conditions=" Lot 2 only, at most 400 hours a week ",
        actor=None,
    )

    participant.refresh_from_db()
    assert (
        participant.status,
        participant.approval_kind,
        participant.approval_reference,
        participant.approval_expires_on,
        participant.max_hours_per_week,
        participant.conditions,
        list(participant.allowed_lots.all()),
    ) == (
        "approved",
        "ballot",
        "Members' ballot 4",
        today,
        Decimal("400.00"),
        "Lot 2 only, at most 400 hours a week",
        [world.lots[1]],
    )
    (event,) = tf.events_since(mark)
    assert (event.action, event.after["lots"], event.after["member"]) == (
        "bid.participant_approve",
        [2],
        "Co-op A",
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"approval_kind": "email"}, "approval_kind", "Say whether the board or a member ballot"),
        ({"reference": " "}, "approval_reference", "Give the board resolution"),
        ({"approved_on": 1}, "approved_on", "The date cannot be in the future."),
        ({"approved_on": -10, "expires_on": -11}, "approval_expires_on", "cannot expire before"),
        ({"approved_on": -10, "expires_on": -1}, "approval_expires_on", "This approval expired"),
        ({"max_hours_per_week": "0"}, "max_hours_per_week", "must be more than 0"),
        ({"max_hours_per_week": "-40"}, "max_hours_per_week", "must be more than 0"),
        ({"max_hours_per_week": "100000"}, "max_hours_per_week", "check the units"),
    ],
)
def test_an_approval_that_is_incomplete_expired_or_absurd_is_refused(
    consortium, kwargs, field, message
):
    world = tf.joint_bid(consortium, stage="consulting")
    today = timezone.localdate()
    values: dict = {
        "approval_kind": "board",
        "reference": "Resolution 3",
        "approved_on": today,
        **kwargs,
    }
    for name in ("approved_on", "expires_on"):
        if isinstance(values.get(name), int):
            values[name] = today + dt.timedelta(days=values[name])
    snapshot = state(world.bid)

    with refused(field, message):
        services.participant_approve(participant=world.participants[0], actor=None, **values)

    assert state(world.bid) == snapshot


def test_an_approval_for_a_lot_not_in_the_tender_is_refused(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    elsewhere = tf.opportunity(consortium, reference="OTHER").lots.get(number=1)
    with refused("allowed_lots", "Lot 1 is not in this tender."):
        tf.approve(world.participants[0], authorise=False, allowed_lots=[elsewhere])


def test_a_co_op_suspended_since_it_was_invited_cannot_approve(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    tf.suspend(world.coops[1])
    with refused("member", "Co-op B is not a member in good standing (Suspended)."):
        tf.approve(world.participants[1], authorise=False)


def test_the_lead_is_authorised_after_the_approval_and_not_before(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    participant = world.participants[0]
    with refused("status", "must approve the bid before authorising the lead"):
        services.participant_authorise_lead(
            participant=participant, signed_by="Chair", signed_on=timezone.localdate(), actor=None
        )
    services.participant_approve(
        participant=participant,
        approval_kind="board",
        reference="R1",
        approved_on=timezone.localdate() - dt.timedelta(days=2),
        actor=None,
    )
    with refused("authorisation_on", "cannot come before the co-op approved the bid"):
        services.participant_authorise_lead(
            participant=participant,
            signed_by="Chair",
            signed_on=timezone.localdate() - dt.timedelta(days=3),
            actor=None,
        )
    with refused("authorisation_signed_by", "Who signed the authorisation?"):
        services.participant_authorise_lead(
            participant=participant, signed_by=" ", signed_on=timezone.localdate(), actor=None
        )

    services.participant_authorise_lead(
        participant=participant,
        signed_by=" Ceri Chair ",
        signed_on=timezone.localdate(),
        actor=None,
    )
    participant.refresh_from_db()
    assert (participant.authorised_lead, participant.authorisation_signed_by) == (
        True,
        "Ceri Chair",
    )


def test_the_lead_is_a_co_op_taking_part_and_in_good_standing(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    outsider = tf.coop(consortium, "Co-op Z")
    with refused("lead", "The lead must be one of the participating co-ops."):
        services.bid_set_lead(bid=world.bid, member=outsider, actor=None)
    tf.suspend(world.coops[1])
    with refused("lead", "Co-op B is not a member in good standing"):
        services.bid_set_lead(bid=world.bid, member=world.coops[1], actor=None)


def test_a_new_lead_needs_new_written_authorisations(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    assert world.bid.lead_id == world.coops[0].pk
    mark = tf.last_event_id()

    services.bid_set_lead(bid=world.bid, member=world.coops[1], actor=None)

    assert list(
        BidParticipant.objects.filter(bid=world.bid).values_list("authorised_lead", flat=True)
    ) == [False, False]
    (event,) = tf.events_since(mark)
    assert event.after == {"lead": "Co-op B", "authorisations_lapsed": ["Co-op A", "Co-op B"]}
    assert tf.gates(world.bid)["approvals"] is False


def test_the_lead_does_not_change_after_sign_off(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    with refused("lead", "reopen it for drafting first"):
        services.bid_set_lead(bid=world.bid, member=world.coops[1], actor=None)


# --- Dropping out and re-planning ---------------------------------------------------------


def test_a_co_op_dropping_out_sends_the_bid_to_re_planning(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    b = world.participants[1]
    mark = tf.last_event_id()

    services.participant_withdraw(participant=b, reason=" Lost its registered manager ", actor=None)

    b.refresh_from_db()
    assert b.status == "withdrawn"
    assert world.refresh().status == "replanning"
    assert Commitment.objects.filter(participant=b).count() == 0
    # Its build-ups and answers stay as the record of its work ...
    assert PriceLine.objects.filter(participant=b).count() == 2
    assert b.answers.count() == 1
    # ... but count nowhere: every sign-off is invalid, each lot is 10 hours short.
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 0
    gates = {g.code: g for g in bid_gates(world.bid)}
    assert gates["participants"].detail == [
        "At least two member co-ops must approve the bid (1 have)."
    ]
    assert gates["coverage"].detail == [
        "Lot 1: 10.00 hours a week short of the buyer's 20.00.",
        "Lot 2: 10.00 hours a week short of the buyer's 20.00.",
    ]
    assert gates["prices"].ok is True
    assert gates["answers"].ok is True  # Co-op B's answer to 2.1 is no longer needed
    events = tf.events_since(mark)
    assert [e.action for e in events] == ["bid.participant_withdraw", "bid.transition"]
    assert events[0].before == {
        "member": "Co-op B",
        "commitments": [{"lot": 1, "hours": "10.00"}, {"lot": 2, "hours": "10.00"}],
    }
    assert events[0].after["signoffs_invalidated"] == 2
    assert events[0].reason == "Lost its registered manager"
    assert (events[1].before, events[1].after) == ({"status": "ready"}, {"status": "replanning"})


def test_re_planning_goes_back_to_drafting_only_with_two_approved_co_ops_again(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    services.participant_withdraw(participant=world.participants[1], reason="Closed", actor=None)
    assert world.refresh().status == "replanning"

    with refused("participants", "at least two member co-ops"):
        services.bid_transition(bid=world.bid, to="drafting", actor=None)

    c = services.participant_invite(
        bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
    )
    tf.approve(c)
    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    for lot in world.lots:
        services.commitment_set(
            participant=c, lot=lot, hours_per_week="10", role="secondary", actor=None
        )
        services.price_line_set(
            participant=c, lot=lot, pay_pence=1450, on_costs_pence=800, actor=None
        )

    gates = tf.gates(world.bid)
    assert (gates["participants"], gates["coverage"], gates["prices"]) == (True, True, True)
    assert gates["answers_started"] is False  # Co-op C owes its answer to 2.1


def test_the_lead_dropping_out_leaves_the_bid_without_a_lead_and_its_authorisations_lapse(
    consortium,
):
    world = tf.joint_bid(consortium, stage="drafting")
    c = services.participant_invite(
        bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
    )
    tf.approve(c)

    services.participant_withdraw(participant=world.participants[0], reason="Merging", actor=None)

    bid = world.refresh()
    assert (bid.status, bid.lead_id) == ("replanning", None)
    assert set(
        bid.participants.filter(status="approved").values_list("authorised_lead", flat=True)
    ) == {False}
    with refused("lead", "The lead must be one of the participating co-ops."):
        services.bid_transition(bid=bid, to="drafting", actor=None)
    services.bid_set_lead(bid=bid, member=world.coops[1], actor=None)
    services.bid_transition(bid=bid, to="drafting", actor=None)
    assert tf.gates(bid)["approvals"] is False  # the new lead is not yet authorised


def test_an_invited_co_op_declining_does_not_re_plan(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    services.participant_withdraw(
        participant=world.participants[1], reason="Not this time", actor=None
    )
    assert BidParticipant.objects.get(pk=world.participants[1].pk).status == "declined"
    assert world.refresh().status == "consulting"


def test_dropping_out_needs_a_reason_and_happens_once(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    snapshot = state(world.bid)
    with refused("reason", "Give the reason."):
        services.participant_withdraw(participant=world.participants[1], reason=" ", actor=None)
    assert state(world.bid) == snapshot
    services.participant_withdraw(participant=world.participants[1], reason="Closed", actor=None)
    with refused("status", "This co-op is not taking part."):
        services.participant_withdraw(participant=world.participants[1], reason="Again", actor=None)


def test_nobody_drops_out_of_a_closed_bid(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    services.bid_transition(bid=world.bid, to="withdrawn", reason="Too late", actor=None)
    with refused("bid", "it can no longer be changed"):
        services.participant_withdraw(participant=world.participants[1], reason="x", actor=None)
