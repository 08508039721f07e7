"""The member co-ops of a bid through the API: inviting, approving with conditions,
authorising the lead, dropping out (re-planning), changing the lead, and a co-op's own
part."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tendering import services
from tendering.models import BidParticipant, Commitment, SignOff
from tests.api.tendering.conftest import client_for, counts, url
from tests.factories import tendering as tf


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def test_a_co_op_is_invited_and_approves_with_conditions(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="consulting")
    # Not in Cyd: the lead enters its part (one in Cyd records its own approval).
    third = tf.coop(organisation, "Co-op C")
    client = client_for(bid_manager)
    today = timezone.localdate()

    invited = ok(
        client.post(url("bid-participants", pk=world.bid.pk), {"member": third.number}), 201
    )
    approved = ok(
        client.post(
            url("bid-participant-approve", pk=world.bid.pk, participant_id=invited["id"]),
            {
                "approval_kind": "ballot",
                "reference": "Members' ballot 2/2026",
                "approved_on": str(today),
                "expires_on": str(today + dt.timedelta(days=60)),
                "allowed_lots": [2],
                "max_hours_per_week": "400",
                "conditions": "Lot 2 only, at most 400 hours a week",
            },
        )
    )
    authorised = ok(
        client.post(
            url("bid-participant-authorise", pk=world.bid.pk, participant_id=invited["id"]),
            {"signed_by": "Gwen, chair", "signed_on": str(today)},
        )
    )

    assert (invited["member_name"], invited["status"]) == ("Co-op C", "invited")
    assert (
        approved["status"],
        approved["approval_kind"],
        approved["allowed_lots"],
        approved["max_hours_per_week"],
        approved["approval_in_date"],
        approved["conditions"],
    ) == ("approved", "ballot", [2], "400.00", True, "Lot 2 only, at most 400 hours a week")
    assert (authorised["authorised_lead"], authorised["authorisation_signed_by"]) == (
        True,
        "Gwen, chair",
    )
    participant = BidParticipant.objects.get(pk=invited["id"])
    assert participant.max_hours_per_week == Decimal("400")
    assert [lot.number for lot in participant.allowed_lots.all()] == [2]


def test_a_co_op_dropping_out_sends_the_bid_to_re_planning(drafting, bid_manager):
    b = drafting.participants[1]

    row = ok(
        client_for(bid_manager).post(
            url("bid-participant-withdraw", pk=drafting.bid.pk, participant_id=b.pk),
            {"reason": "Lost its care staff"},
        )
    )

    assert (row["status"], row["is_lead"]) == ("withdrawn", False)
    assert drafting.refresh().status == "replanning"
    assert not Commitment.objects.filter(participant=b).exists()


def test_the_lead_dropping_out_leaves_the_bid_without_a_lead(drafting, bid_manager):
    a = drafting.participants[0]

    row = ok(
        client_for(bid_manager).post(
            url("bid-participant-withdraw", pk=drafting.bid.pk, participant_id=a.pk),
            {"reason": "Board decided to stop"},
        )
    )

    assert (row["status"], row["is_lead"]) == ("withdrawn", False)
    bid = drafting.refresh()
    assert (bid.lead_id, bid.status) == (None, "replanning")
    assert BidParticipant.objects.get(pk=drafting.participants[1].pk).authorised_lead is False


def test_changing_the_lead_voids_the_authorisations_of_the_old_one(drafting, bid_manager):
    rows = ok(
        client_for(bid_manager).post(
            url("bid-lead", pk=drafting.bid.pk), {"lead": drafting.coops[1].number}
        )
    )

    assert [(r["member_name"], r["is_lead"], r["authorised_lead"]) for r in rows] == [
        ("Co-op A", False, False),
        ("Co-op B", True, False),
    ]
    assert drafting.refresh().lead_id == drafting.coops[1].pk


def test_a_co_op_sees_its_own_part_with_its_own_prices(drafting, coop_user):
    a = drafting.participants[0]
    services.capacity_declare(
        consortium=drafting.consortium, member=a.member, hours_per_week="60", actor=None
    )

    body = ok(client_for(coop_user).get(url("bid-my-part", pk=drafting.bid.pk)))

    assert len(body["parts"]) == 1
    part = body["parts"][0]
    assert (part["id"], part["member_name"], part["is_lead"], part["approval_in_date"]) == (
        a.pk,
        "Co-op A",
        True,
        True,
    )
    assert [(c["lot"], c["hours_per_week"], c["role"]) for c in part["commitments"]] == [
        (1, "10.00", "primary"),
        (2, "10.00", "primary"),
    ]
    assert [(p["lot"], p["pay_pence"], p["rate_pence"]) for p in part["prices"]] == [
        (1, 1500, 2400),
        (2, 1500, 2400),
    ]
    assert {p["participant"] for p in part["prices"]} == {a.pk}
    assert [(r["question"]["number"], r["participant"]) for r in part["answers"]] == [("2.1", a.pk)]
    assert (part["capacity"]["hours_per_week"], part["signoff"]) == ("60.00", None)


def test_the_lead_sees_any_co_ops_part(drafting, bid_manager):
    b = drafting.participants[1]

    part = ok(
        client_for(bid_manager).get(url("bid-participant", pk=drafting.bid.pk, participant_id=b.pk))
    )

    assert (part["member_name"], part["is_lead"]) == ("Co-op B", False)
    assert [p["pay_pence"] for p in part["prices"]] == [1400, 1400]


def test_sign_off_shows_in_the_part(organisation, coops, coop_user):
    world = tf.joint_bid(organisation, coops=coops, stage="final_signoff")
    a = world.participants[0]
    services.signoff_record(bid=world.bid, participant=a, actor=coop_user)

    part = ok(
        client_for(coop_user).get(url("bid-participant", pk=world.bid.pk, participant_id=a.pk))
    )

    assert part["signoff"]["signed_by"] == "Ann Coop-A"
    assert SignOff.objects.filter(participant=a).count() == 1


def test_approving_lots_not_in_the_tender_is_refused(drafting, other_coop_user):
    before = (counts(), tf.state(drafting.bid))

    response = client_for(other_coop_user).post(
        url(
            "bid-participant-approve",
            pk=drafting.bid.pk,
            participant_id=drafting.participants[1].pk,
        ),
        {
            "approval_kind": "board",
            "reference": "Resolution 9",
            "approved_on": str(timezone.localdate()),
            "allowed_lots": [1, 7],
        },
    )

    assert response.status_code == 400
    assert response.json() == {"allowed_lots": ["Lot 7 is not in this tender."]}
    assert (counts(), tf.state(drafting.bid)) == before
