"""The consortium's go/no-go: a board decision, or a ballot of the member co-ops (one member
organisation, one vote) whose result is applied; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from membership import services as membership_services
from tendering import services
from tests.factories import membership as mf
from tests.factories import tendering as tf
from tests.factories.tendering import refused, state
from voting import services as voting_services
from voting.models import Ballot

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- Go/no-go ------------------------------------------------------------------------------


# --- Go/no-go ------------------------------------------------------------------------------


def test_the_boards_go_moves_the_bid_to_consulting_with_the_decision_recorded(consortium):
    world = tf.joint_bid(consortium, stage="identified")
    day = timezone.localdate() - dt.timedelta(days=1)

    services.bid_go_decide(
        bid=world.bid, go=True, method="board", reference=" Minute 7 ", decided_on=day, actor=None
    )

    bid = world.refresh()
    assert (bid.status, bid.decision_method, bid.go_reference, bid.go_decided_on) == (
        "consulting",
        "board",
        "Minute 7",
        day,
    )


def test_no_go_declines_the_bid_giving_the_minute_as_the_reason(consortium):
    world = tf.joint_bid(consortium, stage="identified")
    mark = tf.last_event_id()

    services.bid_go_decide(
        bid=world.bid,
        go=False,
        method="board",
        reference="Minute 8: too far to travel",
        decided_on=timezone.localdate(),
        actor=None,
    )

    assert world.refresh().status == "declined"
    actions = [(e.action, e.reason) for e in tf.events_since(mark)]
    assert actions == [
        ("bid.transition", ""),
        ("bid.no_go", ""),
        ("bid.transition", "Minute 8: too far to travel"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"method": "vote"}, "decision_method", "Say whether the board or a ballot decided."),
        ({"method": "ballot"}, "decision_method", "A ballot of the member co-ops decides"),
        ({"reference": "  "}, "go_reference", "Give the board minute"),
        ({"decided_on": "tomorrow"}, "go_decided_on", "The date cannot be in the future."),
    ],
)
def test_a_go_decision_that_is_not_complete_or_not_the_boards_is_refused(
    consortium, kwargs, field, message
):
    world = tf.joint_bid(consortium, stage="identified")
    values = {
        "go": True,
        "method": "board",
        "reference": "Minute 7",
        "decided_on": timezone.localdate(),
        **kwargs,
    }
    if values["decided_on"] == "tomorrow":
        values["decided_on"] = timezone.localdate() + dt.timedelta(days=1)
    snapshot = state(world.bid)

    with refused(field, message):
        services.bid_go_decide(bid=world.bid, actor=None, **values)

    assert state(world.bid) == snapshot


def test_the_go_decision_is_taken_once(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    with refused("status", "The go/no-go decision is taken while qualifying the bid."):
        tf.go(world.bid)


def _ballot_world(consortium, votes: list[str]):
    """A bid whose go/no-go ballot of member co-ops is open, each co-op's representative
    having voted as `votes` says ("for"/"against"), and the ballot closed."""
    coops = [tf.coop(consortium, f"Co-op {chr(65 + i)}") for i in range(len(votes))]
    world = tf.joint_bid(consortium, stage="identified", coops=coops)
    ballot = services.bid_go_ballot_open(bid=world.bid, actor=None)
    question = ballot.questions.get()
    for n, (member, vote) in enumerate(zip(coops, votes, strict=True)):
        rep = tf.user(f"Rep {n}")
        membership_services.representative_add(
            member=member, name=f"Rep {n}", started_on=member.entered_on, user=rep, actor=None
        )
        option = question.options.get(code=vote)
        voting_services.ballot_cast(
            ballot=ballot, member=member, selections={question.pk: [option.pk]}, actor=rep
        )
    return world, ballot


def test_a_ballot_of_member_co_ops_decides_go_on_the_day_it_closed(consortium):
    world, ballot = _ballot_world(consortium, ["for", "for", "against"])
    assert world.refresh().status == "qualifying"
    assert (ballot.organisation_id, ballot.status) == (consortium.pk, Ballot.Status.OPEN)
    voting_services.ballot_close(ballot=ballot, actor=None)

    services.bid_go_from_ballot(bid=world.bid, actor=None)

    bid = world.refresh()
    ballot.refresh_from_db()
    assert (bid.status, bid.decision_method, bid.decision_ballot_id) == (
        "consulting",
        "ballot",
        ballot.pk,
    )
    assert bid.go_decided_on == timezone.localdate(ballot.closed_at)
    assert bid.go_reference == f"Ballot {ballot.pk}: {ballot.title}"


def test_a_lost_ballot_declines_the_bid(consortium):
    world, ballot = _ballot_world(consortium, ["for", "against", "against"])
    voting_services.ballot_close(ballot=ballot, actor=None)

    services.bid_go_from_ballot(bid=world.bid, actor=None)

    assert world.refresh().status == "declined"


def test_a_tie_waiting_for_the_chairs_casting_vote_is_not_a_result(db):
    consortium = mf.cooperative(slug="tied", kind="consortium", chair_casting_vote=True)
    world, ballot = _ballot_world(consortium, ["for", "against"])
    voting_services.ballot_close(ballot=ballot, actor=None)
    snapshot = state(world.bid)

    with refused("decision_ballot", "record the chair's casting vote"):
        services.bid_go_from_ballot(bid=world.bid, actor=None)

    assert state(world.bid) == snapshot
    voting_services.ballot_record_casting_vote(
        question=ballot.questions.get(), vote="for", actor=None
    )
    services.bid_go_from_ballot(bid=world.bid, actor=None)
    assert world.refresh().status == "consulting"


def test_while_the_ballot_is_open_its_result_cannot_be_applied_nor_the_board_decide(consortium):
    world, _ballot = _ballot_world(consortium, ["for", "for"])
    with refused("decision_ballot", "The go/no-go ballot has not closed yet."):
        services.bid_go_from_ballot(bid=world.bid, actor=None)
    with refused("decision_method", "A ballot of the member co-ops decides this bid"):
        tf.go(world.bid)
    with refused("decision_ballot", "A go/no-go ballot is already open for this bid."):
        services.bid_go_ballot_open(bid=world.bid, actor=None)


def test_a_cancelled_ballot_leaves_the_decision_to_a_new_ballot_or_the_board(consortium):
    world, ballot = _ballot_world(consortium, ["for", "for"])
    voting_services.ballot_cancel(ballot=ballot, reason="Wrong question", actor=None)

    second = services.bid_go_ballot_open(bid=world.bid, actor=None)
    assert second.pk != ballot.pk
    voting_services.ballot_cancel(ballot=second, reason="The board will decide", actor=None)
    tf.go(world.bid)

    assert (world.refresh().status, world.bid.decision_method) == ("consulting", "board")
