"""The issue's list of bad input, through the API: each answers 400 naming the field, with the
rule's message, and writes nothing (no row in any tendering table or the audit log, no change
to the bid)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tendering import services
from tendering.models import Answer, JointBid
from tests.api.tendering.conftest import client_for, member_coop, url
from tests.factories import tendering as tf


@contextmanager
def refused(world: tf.World | None = None) -> Iterator[None]:
    """Nothing is written: row counts of every tendering table and the audit log, and the bid's
    state field by field, are the same afterwards."""
    before = (tf.row_counts(), tf.state(world.bid) if world else None)
    yield
    assert (tf.row_counts(), tf.state(world.bid) if world else None) == before


def errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    return response.json()


# --- Deadlines ---------------------------------------------------------------------------------


def test_submission_after_the_buyers_deadline(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="ready")
    late = world.opportunity.submission_deadline + dt.timedelta(minutes=1)

    with time_machine.travel(late, tick=False), refused(world):
        response = client_for(bid_manager).post(url("bid-submit", pk=world.bid.pk))

    body = errors(response)
    assert list(body) == ["deadline"]
    assert "has passed: the bid can no longer be submitted" in body["deadline"][0]


def test_internal_deadlines_after_the_buyers(organisation, drafting, bid_manager):
    after = timezone.localtime(drafting.opportunity.submission_deadline) + dt.timedelta(hours=1)
    later = tf.opportunity(organisation, reference="LATER-3")

    with refused(drafting):
        plan = client_for(bid_manager).patch(
            url("bid", pk=drafting.bid.pk), {"prices_due": after.isoformat()}
        )
        new = client_for(bid_manager).post(
            url("bids"),
            {
                "opportunity": later.pk,
                "signoff_due": (later.submission_deadline + dt.timedelta(days=1)).isoformat(),
            },
        )

    assert list(errors(plan)) == ["prices_due"]
    assert errors(plan)["prices_due"][0].startswith(
        "Internal deadlines must fall before the buyer's deadline"
    )
    assert list(errors(new)) == ["signoff_due"]


def test_deadlines_outside_the_years_2000_to_2100_are_refused_naming_the_field(
    organisation, drafting, bid_manager
):
    client = client_for(bid_manager)
    with refused(drafting):
        opportunity = client.post(
            url("tender-opportunities"),
            {
                "buyer_name": "Ceredigion County Council",
                "reference": "CCC-78",
                "title": "Supported living",
                "submission_deadline": "2306-07-01T12:00:00",
            },
        )
        plan = client.patch(url("bid", pk=drafting.bid.pk), {"answers_due": "1990-01-05T17:00"})

    assert errors(opportunity) == {
        "submission_deadline": [
            "Submission deadline must be in the years 2000 to 2100 (this one is in 2306)."
        ]
    }
    assert errors(plan) == {
        "answers_due": ["Answers due must be in the years 2000 to 2100 (this one is in 1990)."]
    }


# --- Co-ops, the lead, approvals ----------------------------------------------------------------


def test_fewer_than_two_approved_co_ops(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="consulting")
    tf.approve(world.participants[0])
    services.bid_set_lead(bid=world.bid, member=coops[0], actor=None)

    with refused(world):
        response = client_for(bid_manager).post(
            url("bid-transitions", pk=world.bid.pk), {"to": "drafting"}
        )

    assert errors(response) == {
        "participants": ["A joint bid needs at least two member co-ops that have approved it."]
    }


def test_a_lead_who_is_not_taking_part(organisation, drafting, bid_manager):
    outside = member_coop(organisation, "Co-op Z")

    with refused(drafting):
        response = client_for(bid_manager).post(
            url("bid-lead", pk=drafting.bid.pk), {"lead": outside.number}
        )
        unknown = client_for(bid_manager).post(url("bid-lead", pk=drafting.bid.pk), {"lead": 999})

    assert errors(response) == {"lead": ["The lead must be one of the participating co-ops."]}
    assert list(errors(unknown)) == ["lead"]


@pytest.mark.parametrize("standing", ["suspended", "ceased"])
def test_a_co_op_not_in_good_standing(organisation, drafting, bid_manager, standing):
    member = member_coop(organisation, "Co-op S")
    (tf.suspend if standing == "suspended" else tf.cease)(member)

    with refused(drafting):
        response = client_for(bid_manager).post(
            url("bid-participants", pk=drafting.bid.pk), {"member": member.number}
        )

    body = errors(response)
    assert list(body) == ["member"]
    assert "Co-op S is not a member in good standing" in body["member"][0]


def test_an_approval_already_expired(organisation, coops, coop_user):
    world = tf.joint_bid(organisation, coops=coops, stage="consulting")
    today = timezone.localdate()

    with refused(world):
        response = client_for(coop_user).post(
            url(
                "bid-participant-approve", pk=world.bid.pk, participant_id=world.participants[0].pk
            ),
            {
                "approval_kind": "board",
                "reference": "Resolution 1",
                "approved_on": str(today - dt.timedelta(days=30)),
                "expires_on": str(today - dt.timedelta(days=1)),
            },
        )

    body = errors(response)
    assert list(body) == ["expires_on"]
    assert "record the co-op's renewed approval" in body["expires_on"][0]


def test_a_commitment_by_a_co_op_whose_approval_expired(drafting, coop_user):
    expired = timezone.now() + dt.timedelta(days=91)

    with time_machine.travel(expired, tick=False), refused(drafting):
        response = client_for(coop_user).post(
            url("bid-commitments", pk=drafting.bid.pk),
            {"participant": drafting.participants[0].pk, "lot": 1, "hours_per_week": "5"},
        )

    body = errors(response)
    assert list(body) == ["participant"]
    assert "approval of the bid expired" in body["participant"][0]


def test_a_plan_that_breaks_a_co_ops_conditions(drafting, bid_manager):
    b = drafting.participants[1]
    tf.approve(b, authorise=False, allowed_lots=[drafting.lots[0]], max_hours_per_week="15")
    client = client_for(bid_manager)

    with refused(drafting):
        other_lot = client.post(
            url("bid-commitments", pk=drafting.bid.pk),
            {"participant": b.pk, "lot": 2, "hours_per_week": "5"},
        )
        too_many = client.post(
            url("bid-commitments", pk=drafting.bid.pk),
            {"participant": b.pk, "lot": 1, "hours_per_week": "20"},
        )

    assert list(errors(other_lot)) == ["lot"]
    assert "approved the bid only for other lots" in errors(other_lot)["lot"][0]
    assert errors(too_many) == {
        "hours_per_week": ["Co-op B approved at most 15.00 hours a week; this makes 30.00."]
    }


# --- Lots and hours ------------------------------------------------------------------------------


def test_more_lots_than_a_bidder_may_bid_for(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="approved", max_lots=1)
    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    services.commitment_set(
        participant=world.participants[0], lot=world.lots[0], hours_per_week="10", actor=None
    )

    with refused(world):
        response = client_for(bid_manager).post(
            url("bid-commitments", pk=world.bid.pk),
            {"participant": world.participants[1].pk, "lot": 2, "hours_per_week": "10"},
        )

    assert errors(response) == {"lot": ["The tender allows a bidder at most 1 lots."]}


def test_a_lot_not_in_the_tender(drafting, bid_manager):
    a = drafting.participants[0]

    with refused(drafting):
        commitment = client_for(bid_manager).post(
            url("bid-commitments", pk=drafting.bid.pk),
            {"participant": a.pk, "lot": 9, "hours_per_week": "10"},
        )
        price = client_for(bid_manager).post(
            url("bid-participant-prices", pk=drafting.bid.pk, participant_id=a.pk),
            {"lot": 9, "pay_pence": 1500},
        )

    assert errors(commitment) == {"lot": ["Lot 9 is not in this tender."]}
    assert errors(price) == {"lot": ["Lot 9 is not in this tender."]}


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Hours a week must be more than 0."),
        ("0", "Hours a week must be more than 0."),
        ("6000", "6000.00 hours a week is more than any co-op can deliver on one lot"),
        ("37.555", "Ensure that there are no more than 2 decimal places."),
        ("37.5 hours", "A valid number is required."),
        ("", "A valid number is required."),
    ],
    ids=["negative", "zero", "absurd", "three-decimals", "with-units", "empty"],
)
def test_hours_that_are_not_hours(drafting, bid_manager, hours, message):
    with refused(drafting):
        response = client_for(bid_manager).post(
            url("bid-commitments", pk=drafting.bid.pk),
            {"participant": drafting.participants[0].pk, "lot": 1, "hours_per_week": hours},
        )

    body = errors(response)
    assert list(body) == ["hours_per_week"]
    assert message in body["hours_per_week"][0]


def test_a_lot_with_absurd_hours_or_pounds_for_pence(drafting, bid_manager):
    lot = {"number": 3, "title": "Zone 3", "zone": "Zone 3"}

    with refused(drafting):
        absurd = client_for(bid_manager).post(
            url("tender-lots", pk=drafting.opportunity.pk),
            {**lot, "estimated_hours_per_week": "80000"},
        )
        pounds = client_for(bid_manager).post(
            url("tender-lots", pk=drafting.opportunity.pk),
            {**lot, "estimated_hours_per_week": "40", "rate_ceiling_pence": "29.50"},
        )

    assert list(errors(absurd)) == ["estimated_hours_per_week"]
    assert "check the units" in errors(absurd)["estimated_hours_per_week"][0]
    assert errors(pounds) == {"rate_ceiling_pence": ["A valid integer is required."]}


# --- Prices -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (
            {"pay_pence": 1200},
            "pay_pence",
            "Pay of 1200p an hour is below the bid's floor of 1345p.",
        ),
        ({"pay_pence": "13.45"}, "pay_pence", "A valid integer is required."),
        ({"pay_pence": 1345000}, "pay_pence", "is not a plausible amount: check the units"),
        ({"pay_pence": 1500, "on_costs_pence": -1}, "on_costs_pence", "a whole number (0 or more)"),
    ],
    ids=["below-floor", "pounds", "absurd", "negative"],
)
def test_prices_below_the_floor_or_in_the_wrong_units(drafting, coop_user, line, field, message):
    with refused(drafting):
        response = client_for(coop_user).post(
            url(
                "bid-participant-prices",
                pk=drafting.bid.pk,
                participant_id=drafting.participants[0].pk,
            ),
            {"lot": 1, **line},
        )

    body = errors(response)
    assert list(body) == [field]
    assert message in body[field][0]


def test_prices_above_the_ceiling_block_final_sign_off(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="in_review")
    client = client_for(bid_manager)
    for participant in world.participants:
        for lot in (1, 2):
            response = client.post(
                url("bid-participant-prices", pk=world.bid.pk, participant_id=participant.pk),
                {"lot": lot, "pay_pence": 2500, "on_costs_pence": 500, "margin_pence": 100},
            )
            assert response.status_code == 201
    for answer in Answer.objects.filter(bid=world.bid):
        services.answer_submit_for_review(answer=answer, actor=None)
        services.answer_review(answer=answer, approve=True, actor=None)

    with refused(world):
        response = client.post(url("bid-transitions", pk=world.bid.pk), {"to": "final_signoff"})

    assert errors(response) == {
        "prices": [
            "Lot 1: the consortium rate 3100p is above the ceiling of 3000p.",
            "Lot 2: the consortium rate 3100p is above the ceiling of 3000p.",
        ]
    }


# --- Opportunities ------------------------------------------------------------------------------


def test_award_criteria_whose_weights_do_not_add_up_to_100(drafting, bid_manager):
    criteria = [
        {"kind": "quality", "name": "Quality", "weight": 60},
        {"kind": "price", "name": "Price", "weight": 30},
    ]

    with refused(drafting):
        short = client_for(bid_manager).put(
            url("tender-criteria", pk=drafting.opportunity.pk), {"criteria": criteria}
        )
        typed = client_for(bid_manager).put(
            url("tender-criteria", pk=drafting.opportunity.pk),
            {"criteria": [*criteria, {"kind": "social_value", "name": "SV", "weight": "ten"}]},
        )

    assert errors(short) == {"criteria": ["The weights add up to 90; they must add up to 100."]}
    assert errors(typed) == {"criteria": ["3: weight: A valid integer is required."]}
    assert sorted(drafting.opportunity.criteria.values_list("weight", flat=True)) == [10, 30, 60]


def test_an_ocds_release_in_the_body_that_fails_the_schema(organisation, bid_manager):
    with refused():
        response = client_for(bid_manager).post(
            url("tender-opportunity-import"),
            json.dumps({"ocid": 42, "tender": {"lots": "none"}}),
            content_type="application/json",
        )

    body = errors(response)
    assert list(body) == ["file"]
    assert body["file"][0] == "The release does not follow the OCDS schema:"
    assert "ocid: 42 is not of type 'string'" in body["file"]


# --- Answers ------------------------------------------------------------------------------------


def test_an_answer_over_its_limit(drafting, bid_manager):
    answer = Answer.objects.get(bid=drafting.bid, participant__isnull=True)

    with refused(drafting):
        response = client_for(bid_manager).put(
            url("bid-answer", pk=drafting.bid.pk, answer_id=answer.pk),
            {"text": " ".join(["word"] * 51)},
        )

    assert errors(response) == {"text": ["This answer is 51 words; the limit is 50."]}


def test_editing_after_sign_off_without_reopening(organisation, coops, bid_manager, coop_user):
    world = tf.joint_bid(organisation, coops=coops, stage="final_signoff")
    answer = Answer.objects.get(bid=world.bid, participant=world.participants[0])

    with refused(world):
        signed = client_for(coop_user).put(
            url("bid-answer", pk=world.bid.pk, answer_id=answer.pk), {"text": "Changed."}
        )
        commitment = client_for(bid_manager).post(
            url("bid-commitments", pk=world.bid.pk),
            {"participant": world.participants[0].pk, "lot": 1, "hours_per_week": "11"},
        )

    assert errors(signed) == {
        "bid": ["The bid is “Final sign-off”: reopen it for drafting before changing it."]
    }
    assert list(errors(commitment)) == ["bid"]
    assert JointBid.objects.get(pk=world.bid.pk).status == "final_signoff"


def test_editing_an_approved_answer_without_reopening_it(drafting, bid_manager):
    answer = Answer.objects.get(bid=drafting.bid, participant__isnull=True)
    services.answer_submit_for_review(answer=answer, actor=None)
    services.answer_review(answer=answer, approve=True, actor=None)

    with refused(drafting):
        response = client_for(bid_manager).put(
            url("bid-answer", pk=drafting.bid.pk, answer_id=answer.pk), {"text": "Changed."}
        )

    assert errors(response) == {
        "text": ["This answer has been approved: reopen it before editing."]
    }
