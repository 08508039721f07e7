"""The bid's gates count every co-op invited (issue 15, case 4): a co-op has either approved
the bid or been withdrawn from it (with the reason, in the audit trail); until then the
"every co-op's approval" gate is not met and the bid cannot be signed off or made ready; the
bid pack and the OCDS file list exactly the co-ops that approved; the lead has approved."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from coop.core.permissions import Role
from coop.core.services import role_grant
from tendering import documents, ocds, services
from tendering.models import BidParticipant
from tests.factories import tendering as tf
from tests.factories.tendering_checks import events_since, last_event_id, refused
from tests.tendering.test_pages_setup import text, url

pytestmark = pytest.mark.django_db

UNDECIDED = (
    "Co-op C was invited but has not approved the bid: record its approval, or withdraw it "
    "from the bid with the reason."
)


@pytest.fixture
def consortium(db):
    return tf.consortium()


def _reviewed(world: tf.World) -> None:
    for answer in world.answers():
        services.answer_submit_for_review(answer=answer, actor=world.lead_user)
        services.answer_review(answer=answer, approve=True, actor=world.lead_user)


def test_an_invited_co_op_that_has_not_decided_holds_the_bid_back(consortium):
    world = tf.joint_bid(consortium, stage="in_review")
    third = services.participant_invite(
        bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
    )
    _reviewed(world)

    gate = tf.gate(world.bid, "approvals")
    assert (gate.ok, gate.detail) == (False, [UNDECIDED])
    with refused("approvals", UNDECIDED):
        services.bid_transition(bid=world.bid, to="final_signoff", actor=None)

    # Withdrawn from the bid, with the reason: the gate counts it as decided.
    mark = last_event_id()
    services.participant_withdraw(
        participant=third, reason="No decision from its board by our deadline.", actor=None
    )
    (event,) = events_since(mark, "bid.participant_withdraw")
    assert event.reason == "No decision from its board by our deadline."
    assert event.after["member"] == "Co-op C"
    third.refresh_from_db()
    assert third.status == BidParticipant.Status.DECLINED
    assert tf.gate(world.bid, "approvals").ok

    services.bid_transition(bid=world.bid, to="final_signoff", actor=None)
    for participant in world.participants:
        services.signoff_record(bid=world.bid, participant=participant, actor=world.lead_user)
    bid = services.bid_transition(bid=world.bid, to="ready", actor=None)
    assert bid.status == "ready"

    # The pack and the OCDS file name exactly the co-ops that approved.
    pack = documents.bid_pack(bid)
    assert [m.name for m in pack.members] == ["Co-op A", "Co-op B"]
    release = ocds.bid_release(bid)
    tenderers = [p["name"] for p in release["parties"] if "tenderer" in p["roles"]]
    assert sorted(tenderers) == ["Co-op A", "Co-op B"]
    assert sorted(t["name"] for t in release["bids"]["details"][0]["tenderers"]) == [
        "Co-op A",
        "Co-op B",
    ]


def test_the_checklist_shows_the_co_op_that_has_not_decided(client: Client, consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    services.participant_invite(bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None)
    role_grant(organisation=consortium, user=world.lead_user, role=Role.BID_MANAGER, actor=None)
    client.force_login(world.lead_user)

    page = text(client.get(url("checklist", world.bid)))

    assert UNDECIDED in html.unescape(page)


def test_the_lead_must_be_a_co_op_that_has_approved(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    with refused("lead", "Co-op A has not approved the bid", "a co-op that has approved it"):
        services.bid_set_lead(bid=world.bid, member=world.coops[0], actor=None)
    tf.approve(world.participants[0])
    bid = services.bid_set_lead(bid=world.bid, member=world.coops[0], actor=None)
    assert bid.lead_id == world.coops[0].pk
