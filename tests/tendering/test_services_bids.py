"""A joint bid's life through the services: the state machine (every allowed step, the
refused ones, what each step needs), its deadlines in UK time across the clock changes, and
its plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from tendering import services
from tendering.models import (
    JointBid,
    PriceLine,
    SignOff,
)
from tests.factories import tendering as tf
from tests.factories.tendering import refused, row_counts, state

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- The state machine ---------------------------------------------------------------------


def test_the_transitions_are_the_documented_ones():
    assert {k: sorted(v) for k, v in JointBid.TRANSITIONS.items()} == {
        "identified": ["declined", "lapsed", "qualifying"],
        "qualifying": ["consulting", "declined", "lapsed"],
        "consulting": ["declined", "drafting", "lapsed", "replanning", "withdrawn"],
        "drafting": ["in_review", "lapsed", "replanning", "withdrawn"],
        "in_review": ["drafting", "final_signoff", "lapsed", "replanning", "withdrawn"],
        "final_signoff": ["drafting", "lapsed", "ready", "replanning", "withdrawn"],
        "ready": ["drafting", "lapsed", "replanning", "submitted", "withdrawn"],
        "submitted": ["awarded", "unsuccessful", "withdrawn"],
        "replanning": ["consulting", "drafting", "lapsed", "withdrawn"],
        "awarded": [],
        "unsuccessful": [],
        "declined": [],
        "withdrawn": [],
        "lapsed": [],
    }
    assert set(JointBid.TRANSITIONS) == set(JointBid.Status.values)


class _UndoError(Exception):
    pass


def _try(bid: JointBid, to: str) -> str:
    """Take one step and undo it: the status reached, or the refusal's fields."""
    reason = "The council withdrew the tender." if to in ("withdrawn", "declined", "lapsed") else ""
    try:
        with transaction.atomic():
            services.bid_transition(bid=bid, to=to, reason=reason, actor=None)
            raise _UndoError(JointBid.objects.get(pk=bid.pk).status)
    except _UndoError as undone:
        return str(undone)
    except ValidationError as error:
        return "refused:" + ",".join(sorted(error.message_dict))


def world_at(consortium, stage: str) -> tf.World:
    """A bid in `stage` that meets what each of its next steps needs."""
    if stage == "identified":
        return tf.joint_bid(consortium, stage="identified")
    if stage == "qualifying":
        world = tf.joint_bid(consortium, stage="identified")
        services.bid_transition(bid=world.bid, to="qualifying", actor=None)
        world.refresh()
        return world
    if stage == "consulting":
        return tf.joint_bid(consortium, stage="approved")
    if stage == "in_review":
        world = tf.joint_bid(consortium, stage="in_review")
        for answer in world.answers():
            services.answer_submit_for_review(answer=answer, actor=world.lead_user)
            services.answer_review(answer=answer, approve=True, actor=world.lead_user)
        world.refresh()
        return world
    if stage == "final_signoff":
        world = tf.joint_bid(consortium, stage="final_signoff")
        for participant in world.participants:
            services.signoff_record(bid=world.bid, participant=participant, actor=world.lead_user)
        world.refresh()
        return world
    if stage == "replanning":
        world = tf.joint_bid(consortium, stage="drafting")
        third = services.participant_invite(
            bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
        )
        tf.approve(third)
        services.participant_withdraw(
            participant=world.participants[1], reason="Lost its manager", actor=None
        )
        world.refresh()
        assert world.bid.status == "replanning"
        return world
    return tf.joint_bid(consortium, stage=stage)


ALL = sorted(JointBid.Status.values)


@pytest.mark.parametrize(
    ("stage", "reached"),
    [
        ("identified", {"qualifying", "declined", "lapsed"}),
        ("qualifying", {"declined", "lapsed"}),  # consulting needs the go decision
        ("consulting", {"drafting", "declined", "withdrawn", "lapsed", "replanning"}),
        ("drafting", {"in_review", "withdrawn", "lapsed", "replanning"}),
        ("in_review", {"drafting", "final_signoff", "withdrawn", "lapsed", "replanning"}),
        ("final_signoff", {"drafting", "ready", "withdrawn", "lapsed", "replanning"}),
        ("ready", {"drafting", "submitted", "withdrawn", "lapsed", "replanning"}),
        ("submitted", {"awarded", "unsuccessful", "withdrawn"}),
        ("replanning", {"consulting", "drafting", "withdrawn", "lapsed"}),
    ],
)
def test_every_allowed_step_is_taken_and_every_other_refused(consortium, stage, reached):
    world = world_at(consortium, stage)
    assert world.bid.status == stage
    before, snapshot = row_counts(), state(world.bid)

    outcomes = {to: _try(world.bid, to) for to in ALL}

    assert {to for to, outcome in outcomes.items() if outcome == to} == reached
    assert {to: outcome for to, outcome in outcomes.items() if to not in reached} == {
        to: "refused:status" for to in ALL if to not in reached
    }
    assert row_counts() == before
    assert state(world.bid) == snapshot


def test_a_closed_bid_goes_nowhere(consortium):
    world = tf.joint_bid(consortium, stage="identified")
    services.bid_transition(bid=world.bid, to="lapsed", reason="Missed the go/no-go", actor=None)
    for to in ALL:
        with refused("status", "cannot become"):
            services.bid_transition(bid=world.bid, to=to, reason="x", actor=None)


def test_a_step_that_is_not_a_state_is_refused(consortium):
    world = tf.joint_bid(consortium, stage="identified")
    with refused("status", "Choose a step from the list."):
        services.bid_transition(bid=world.bid, to="finished", actor=None)


def test_a_refused_step_names_both_states(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    with refused("status", "A bid that is “Drafting” cannot become “Submitted”."):
        services.bid_transition(bid=world.bid, to="submitted", actor=None)


@pytest.mark.parametrize("to", ["withdrawn", "lapsed"])
def test_withdrawing_or_lapsing_needs_a_reason(consortium, to):
    world = tf.joint_bid(consortium, stage="drafting")
    with refused("reason", "Give the reason."):
        services.bid_transition(bid=world.bid, to=to, reason="   ", actor=None)

    mark = tf.last_event_id()
    services.bid_transition(bid=world.bid, to=to, reason=" The zones changed. ", actor=None)

    (event,) = tf.events_since(mark)
    assert (event.action, event.before, event.after, event.reason) == (
        "bid.transition",
        {"status": "drafting"},
        {"status": to},
        "The zones changed.",
    )


def test_declining_needs_a_reason(consortium):
    world = tf.joint_bid(consortium, stage="identified")
    with refused("reason", "Give the reason."):
        services.bid_transition(bid=world.bid, to="declined", actor=None)


def test_consulting_needs_the_go_decision(consortium):
    world = world_at(consortium, "qualifying")
    with refused("status", "Record the consortium's go decision first."):
        services.bid_transition(bid=world.bid, to="consulting", actor=None)


def test_drafting_needs_two_approved_co_ops(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    tf.approve(world.participants[0])
    services.bid_set_lead(bid=world.bid, member=world.coops[0], actor=None)

    with refused("participants", "at least two member co-ops that have approved it"):
        services.bid_transition(bid=world.bid, to="drafting", actor=None)


def test_drafting_needs_the_lead_among_the_approved_co_ops(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    third = services.participant_invite(
        bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
    )
    tf.approve(world.participants[0])
    tf.approve(world.participants[1])
    # Invited only: it cannot lead (issue 15, case 4), so the bid has no lead to draft with.
    with refused("lead", "Co-op C has not approved the bid", "a co-op that has approved it"):
        services.bid_set_lead(bid=world.bid, member=third.member, actor=None)

    with refused("lead", "The lead must be one of the participating co-ops."):
        services.bid_transition(bid=world.bid, to="drafting", actor=None)


def test_review_needs_a_draft_of_every_mandatory_answer(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    services.bid_transition(bid=world.bid, to="drafting", actor=None)

    with refused("answers", "Every mandatory question needs a draft answer before review", "1.1"):
        services.bid_transition(bid=world.bid, to="in_review", actor=None)


def test_final_signoff_is_refused_naming_each_gate_not_met(consortium):
    world = tf.joint_bid(consortium, stage="in_review")  # answers still drafts
    PriceLine.objects.filter(participant=world.participants[1]).delete()
    before = row_counts()

    with translation.override("en-gb"), pytest.raises(ValidationError) as info:
        services.bid_transition(bid=world.bid, to="final_signoff", actor=None)

    errors = info.value.message_dict
    assert sorted(errors) == ["answers", "prices"]
    due = date_format(timezone.localdate() + dt.timedelta(days=14))
    assert errors["answers"] == [
        f"2.1 (Co-op A): draft – Lead, {due}",
        f"2.1 (Co-op B): draft – Lead, {due}",
        f"1.1: draft – Lead, {due}",
    ]
    assert errors["prices"] == [
        "Co-op B: no standard rate for lot 1.",
        "Co-op B: no standard rate for lot 2.",
    ]
    assert row_counts() == before


def test_ready_needs_every_co_ops_sign_off(consortium):
    world = tf.joint_bid(consortium, stage="final_signoff")
    services.signoff_record(bid=world.bid, participant=world.participants[0], actor=world.lead_user)

    with refused("signoffs", "Co-op B has not signed off."):
        services.bid_transition(bid=world.bid, to="ready", actor=None)


@pytest.mark.parametrize("stage", ["final_signoff", "ready"])
def test_going_back_to_drafting_after_sign_off_invalidates_the_sign_offs(consortium, stage):
    world = (
        world_at(consortium, stage)
        if stage == "final_signoff"
        else tf.joint_bid(consortium, stage="ready")
    )
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 2

    services.bid_transition(bid=world.bid, to="drafting", actor=None)

    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 0
    assert set(
        SignOff.objects.filter(bid=world.bid).values_list("invalidated_reason", flat=True)
    ) == {"Bid reopened for drafting"}


def test_the_whole_way_leaves_a_state_history_in_the_audit_log(consortium):
    mark = tf.last_event_id()
    world = tf.joint_bid(consortium, stage="submitted")
    services.bid_transition(bid=world.bid, to="awarded", actor=None)

    steps = [
        (e.before["status"], e.after["status"]) for e in tf.events_since(mark, "bid.transition")
    ]
    assert steps == [
        ("identified", "qualifying"),
        ("qualifying", "consulting"),
        ("consulting", "drafting"),
        ("drafting", "in_review"),
        ("in_review", "final_signoff"),
        ("final_signoff", "ready"),
        ("ready", "submitted"),
        ("submitted", "awarded"),
    ]
    assert world.refresh().submitted_at is not None
