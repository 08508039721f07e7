"""Capacity and prices through the API: declarations, commitments, the coverage matrix with
over-commitment across bids, members' cost build-ups and the consolidated rates, and member
cost privacy: another co-op's people never see a co-op's cost figures in any answer."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tendering import services
from tendering.models import CapacityDeclaration, Commitment, PriceLine
from tests.api.tendering.conftest import client_for, counts, url
from tests.factories import tendering as tf


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def test_a_co_op_declares_its_capacity_and_sees_only_its_own(drafting, coop_user, bid_manager):
    a, b = drafting.coops
    services.capacity_declare(
        consortium=drafting.consortium, member=b, hours_per_week="90", actor=None
    )

    made = ok(
        client_for(coop_user).post(
            url("bid-capacity", pk=drafting.bid.pk), {"member": a.number, "hours_per_week": "35.5"}
        ),
        201,
    )
    refused = client_for(coop_user).post(
        url("bid-capacity", pk=drafting.bid.pk), {"member": b.number, "hours_per_week": "10"}
    )
    theirs = ok(client_for(coop_user).get(url("bid-capacity", pk=drafting.bid.pk)))
    everyone = ok(client_for(bid_manager).get(url("bid-capacity", pk=drafting.bid.pk)))

    assert (made["member_name"], made["hours_per_week"]) == ("Co-op A", "35.50")
    assert refused.json() == {
        "member": ["Choose a co-op taking part in this bid that you act for."]
    }
    assert [(d["member_name"], d["hours_per_week"]) for d in theirs["results"]] == [
        ("Co-op A", "35.50")
    ]
    assert [(d["member_name"], d["hours_per_week"]) for d in everyone["results"]] == [
        ("Co-op A", "35.50"),
        ("Co-op B", "90.00"),
    ]
    assert CapacityDeclaration.objects.get(member=a).hours_per_week == Decimal("35.5")


def test_a_co_op_commits_hours_for_itself_and_not_for_another(drafting, coop_user):
    a, b = drafting.participants
    client = client_for(coop_user)

    changed = ok(
        client.post(
            url("bid-commitments", pk=drafting.bid.pk),
            {"participant": a.pk, "lot": 1, "hours_per_week": "12.25", "role": "primary"},
        ),
        201,
    )
    before = counts()
    refused = client.post(
        url("bid-commitments", pk=drafting.bid.pk),
        {"participant": b.pk, "lot": 1, "hours_per_week": "12"},
    )

    assert (changed["lot"], changed["hours_per_week"], changed["participant"]) == (
        1,
        "12.25",
        a.pk,
    )
    assert Commitment.objects.get(participant=a, lot__number=1).hours_per_week == Decimal("12.25")
    assert refused.status_code == 400
    assert refused.json() == {
        "participant": ["Choose a co-op taking part in this bid that you act for."]
    }
    assert counts() == before


def test_a_commitment_is_removed_by_its_co_op(drafting, coop_user, other_coop_user):
    commitment = Commitment.objects.get(participant=drafting.participants[0], lot__number=2)
    address = url("bid-commitment", pk=drafting.bid.pk, commitment_id=commitment.pk)

    # Co-op A's part is not co-op B's to see: 404, as for a commitment that does not exist.
    hidden = client_for(other_coop_user).delete(address)
    removed = client_for(coop_user).delete(address)

    assert (hidden.status_code, removed.status_code) == (404, 204)
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_the_coverage_matrix_flags_gaps_and_over_commitment_across_bids(
    organisation, coops, bid_manager
):
    world = tf.joint_bid(organisation, coops=coops, lot_hours=("20", "30"))
    other = tf.joint_bid(organisation, coops=coops, reference="PCC-DOM-2", lot_hours=("20", "20"))
    services.capacity_declare(
        consortium=organisation, member=coops[1], hours_per_week="30", actor=None
    )

    body = ok(client_for(bid_manager).get(url("bid-coverage", pk=world.bid.pk)))

    assert other.bid.pk != world.bid.pk
    assert [c["member_name"] for c in body["columns"]] == ["Co-op A", "Co-op B"]
    assert [
        (r["lot"], r["estimated_hours_per_week"], r["committed"], r["gap"], r["is_covered"])
        for r in body["rows"]
    ] == [(1, "20.00", "20.00", "0.00", True), (2, "30.00", "20.00", "10.00", False)]
    assert body["rows"][0]["cells"] == [
        {"hours": "10.00", "role": "primary", "role_label": "Primary provider"},
        {"hours": "10.00", "role": "secondary", "role_label": "Secondary provider"},
    ]
    b = body["columns"][1]
    # 20 hours here and 20 in the other open bid, against a capacity of 30.
    assert (b["total"], b["capacity"], b["over_committed"]) == (
        "20.00",
        "30.00",
        {"total": "40.00", "capacity": "30.00"},
    )
    assert body["columns"][0]["over_committed"] is None
    assert (body["is_met"], body["lots_bid_for"]) == (False, 2)


def test_the_lead_sees_consolidated_rates_with_each_build_up(drafting, bid_manager):
    body = ok(client_for(bid_manager).get(url("bid-prices", pk=drafting.bid.pk)))

    rows = body["results"]
    assert [
        (r["lot"], r["rate_type"], r["consolidated_pence"], r["yearly_value_pence"], r["problems"])
        for r in rows
    ] == [
        (1, "standard", 2350, 2350 * 20 * 52, []),
        (2, "standard", 2350, 2350 * 20 * 52, []),
    ]
    assert [(x["member_name"], x["rate_pence"]) for x in rows[0]["lines"]] == [
        ("Co-op A", 2400),
        ("Co-op B", 2300),
    ]


def test_a_co_op_enters_its_own_build_up_in_pence(drafting, coop_user):
    a = drafting.participants[0]

    line = ok(
        client_for(coop_user).post(
            url("bid-participant-prices", pk=drafting.bid.pk, participant_id=a.pk),
            {
                "lot": 1,
                "rate_type": "unsocial",
                "pay_pence": 1700,
                "on_costs_pence": 340,
                "travel_pence": 200,
                "overhead_pence": 300,
                "margin_pence": 120,
            },
        ),
        201,
    )

    assert (line["rate_type"], line["rate_pence"], line["member_name"]) == (
        "unsocial",
        2660,
        "Co-op A",
    )
    saved = PriceLine.objects.get(participant=a, lot__number=1, rate_type="unsocial")
    assert (saved.pay_pence, saved.rate_pence) == (1700, 2660)


# --- Member cost privacy ---------------------------------------------------------------------

#: Co-op A's unusual build-up, so that any of its figures would stand out in an answer.
PRIVATE = {
    "pay_pence": 13579,
    "on_costs_pence": 12468,
    "travel_pence": 11357,
    "overhead_pence": 10246,
    "margin_pence": 19135,
}
PRIVATE_RATE = sum(PRIVATE.values())  # 66785


def _figures() -> list[str]:
    pence = [*PRIVATE.values(), PRIVATE_RATE]
    return [str(p) for p in pence] + [f"{p / 100:.2f}" for p in pence]


@pytest.fixture
def private(drafting) -> tf.World:
    services.price_line_set(
        participant=drafting.participants[0],
        lot=drafting.lots[0],
        rate_type="bank_holiday",
        actor=None,
        **PRIVATE,
    )
    return drafting


def _every_read(world: tf.World) -> list[str]:
    bid = world.bid.pk
    a, b = (p.pk for p in world.participants)
    answers = list(world.bid.answers.values_list("pk", flat=True))
    return [
        url("bids"),
        url("bid", pk=bid),
        url("bid-checklist", pk=bid),
        url("bid-ocds", pk=bid),
        url("bid-participants", pk=bid),
        url("bid-participant", pk=bid, participant_id=a),
        url("bid-participant", pk=bid, participant_id=b),
        url("bid-my-part", pk=bid),
        url("bid-capacity", pk=bid),
        url("bid-coverage", pk=bid),
        url("bid-prices", pk=bid),
        url("bid-participant-prices", pk=bid, participant_id=a),
        url("bid-participant-prices", pk=bid, participant_id=b),
        url("bid-answers", pk=bid),
        *(url("bid-answer", pk=bid, answer_id=x) for x in answers),
        *(url("bid-answer-versions", pk=bid, answer_id=x) for x in answers),
        url("bid-evidence", pk=bid),
        url("bid-social-value", pk=bid),
        url("bid-signoffs", pk=bid),
        url("tender-opportunities"),
        url("tender-opportunity", pk=world.opportunity.pk),
    ]


def test_another_co_ops_person_never_sees_a_co_ops_cost_figures(private, other_coop_user):
    a = private.participants[0]
    client = client_for(other_coop_user)

    answers = {address: client.get(address) for address in _every_read(private)}

    assert (
        client.get(
            url("bid-participant-prices", pk=private.bid.pk, participant_id=a.pk)
        ).status_code
        == 404
    )
    assert (
        client.get(url("bid-participant", pk=private.bid.pk, participant_id=a.pk)).status_code
        == 404
    )
    seen = {address: r.content.decode() for address, r in answers.items() if r.status_code == 200}
    assert len(seen) >= 10
    leaks = [
        (address, figure)
        for address, text in seen.items()
        for figure in _figures()
        if re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text)
    ]
    assert leaks == []
    # Its own build-ups are all it sees of anyone's costs.
    own = client.get(url("bid-my-part", pk=private.bid.pk)).json()["parts"][0]["prices"]
    assert {line["participant"] for line in own} == {private.participants[1].pk}


def test_another_co_ops_person_cannot_write_a_co_ops_build_up(private, other_coop_user):
    a = private.participants[0]
    before = counts()

    response = client_for(other_coop_user).post(
        url("bid-participant-prices", pk=private.bid.pk, participant_id=a.pk),
        {"lot": 1, "pay_pence": 2000},
    )

    assert response.status_code == 404
    assert counts() == before


def test_the_co_op_itself_and_the_lead_do_see_its_figures(private, coop_user, bid_manager):
    a = private.participants[0]
    address = url("bid-participant-prices", pk=private.bid.pk, participant_id=a.pk)

    for client in (client_for(coop_user), client_for(bid_manager)):
        lines = client.get(address).json()["results"]
        holiday = next(line for line in lines if line["rate_type"] == "bank_holiday")
        assert {k: holiday[k] for k in PRIVATE} == PRIVATE
        assert holiday["rate_pence"] == PRIVATE_RATE
