"""Go/no-go through the API: a ballot of the member co-ops, or the board's decision; submission
and sign-offs listed per co-op."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from membership import services as membership_services
from tendering import services
from tendering.models import Answer, SignOff
from tests.api.tendering.conftest import client_for, counts, url
from tests.factories import tendering as tf
from voting import services as voting_services
from voting.models import Ballot


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def _close_go_ballot(world: tf.World, votes: list[str]) -> None:
    """Each co-op's representative votes on the bid's open go/no-go ballot; then it closes."""
    ballot = Ballot.objects.get(pk=world.refresh().decision_ballot_id)
    question = ballot.questions.get()
    for n, (member, vote) in enumerate(zip(world.coops, votes, strict=True)):
        rep = tf.user(f"Rep {n}")
        membership_services.representative_add(
            member=member, name=f"Rep {n}", started_on=member.entered_on, user=rep, actor=None
        )
        option = question.options.get(code=vote)
        voting_services.ballot_cast(
            ballot=ballot, member=member, selections={question.pk: [option.pk]}, actor=rep
        )
    voting_services.ballot_close(ballot=ballot, actor=None)


def test_a_ballot_of_the_member_co_ops_decides_go(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")
    client = client_for(bid_manager)

    opened = ok(client.post(url("bid-go-ballot", pk=world.bid.pk), {}), 201)
    early = client.post(url("bid-go-result", pk=world.bid.pk))
    _close_go_ballot(world, ["for", "for"])
    applied = ok(client.post(url("bid-go-result", pk=world.bid.pk)))

    assert opened["status"] == "open"
    assert opened["title"] == "Bid for Domiciliary care in Powys?"
    assert early.json() == {"decision_ballot": ["The go/no-go ballot has not closed yet."]}
    assert (applied["status"], applied["decision_method"], applied["decision_ballot"]) == (
        "consulting",
        "ballot",
        opened["id"],
    )


def test_the_board_cannot_decide_over_an_open_ballot(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")
    client = client_for(bid_manager)
    client.post(url("bid-go-ballot", pk=world.bid.pk), {})
    before = (counts(), tf.state(world.bid))

    response = client.post(
        url("bid-go-board", pk=world.bid.pk),
        {"go": True, "reference": "Board 1", "decided_on": str(timezone.localdate())},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["decision_method"]
    assert (counts(), tf.state(world.bid)) == before


def test_a_no_go_declines_the_bid(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")

    body = ok(
        client_for(bid_manager).post(
            url("bid-go-board", pk=world.bid.pk),
            {"go": False, "reference": "Board 2", "decided_on": str(timezone.localdate())},
        )
    )

    assert body["status"] == "declined"
    assert world.refresh().go_reference == "Board 2"


def test_a_go_decision_in_the_future_is_refused_under_decided_on(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")
    before = counts()

    response = client_for(bid_manager).post(
        url("bid-go-board", pk=world.bid.pk),
        {
            "go": True,
            "reference": "Board 3",
            "decided_on": str(timezone.localdate() + dt.timedelta(days=1)),
        },
    )

    assert response.json() == {"decided_on": ["The date cannot be in the future."]}
    assert counts() == before


def test_submission_writes_the_submission_and_a_submitted_bid_is_pending_in_ocds(
    organisation, coops, bid_manager
):
    world = tf.joint_bid(organisation, coops=coops, stage="ready")
    client: APIClient = client_for(bid_manager)

    body = ok(client.post(url("bid-submit", pk=world.bid.pk)))
    package = ok(client.get(url("bid-ocds", pk=world.bid.pk)))

    assert body["status"] == "submitted"
    assert package["releases"][0]["bids"]["details"][0]["status"] == "pending"
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 2
    assert Answer.objects.filter(bid=world.bid, status="approved").count() == 3


def test_sign_offs_are_listed_per_co_op(organisation, coops, bid_manager, coop_user):
    world = tf.joint_bid(organisation, coops=coops, stage="final_signoff")
    services.signoff_record(bid=world.bid, participant=world.participants[1], actor=bid_manager)

    mine = ok(client_for(coop_user).get(url("bid-signoffs", pk=world.bid.pk)))["results"]
    signed = ok(
        client_for(coop_user).post(
            url(
                "bid-participant-sign-off", pk=world.bid.pk, participant_id=world.participants[0].pk
            )
        ),
        201,
    )

    assert [(r["member_name"], r["signed_by"], r["may_sign"]) for r in mine] == [
        ("Co-op A", None, True),
        ("Co-op B", "Beca Bids", False),
    ]
    assert (signed["member_name"], signed["signed_by"]) == ("Co-op A", "Ann Coop-A")
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 2
