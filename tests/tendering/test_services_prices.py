"""Prices through the services: member cost build-ups (the pay floor, units), the hours-
weighted consolidated rate against the lot's hourly and yearly ceilings, a committing member
with no price, and member cost privacy in the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from coop.core.models import AuditEvent
from tendering import services
from tendering.models import (
    PriceLine,
)
from tests.factories import tendering as tf
from tests.factories.tendering import refused, state

D = Decimal
UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- Prices --------------------------------------------------------------------------------


def test_the_standard_bids_prices_roll_up_to_the_consolidated_rate(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    lines = {
        (line.participant.member.name, line.lot.number): line.rate_pence
        for line in PriceLine.objects.filter(bid=world.bid)
    }
    assert lines == {
        ("Co-op A", 1): 2400,
        ("Co-op A", 2): 2400,
        ("Co-op B", 1): 2300,
        ("Co-op B", 2): 2300,
    }
    assert tf.gate(world.bid, "prices").ok is True


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"pay_pence": 1344},
            "pay_pence",
            "Pay of 1344p an hour is below the bid's floor of 1345p.",
        ),
        ({"pay_pence": 0}, "pay_pence", "a whole number above 0"),
        ({"pay_pence": -1500}, "pay_pence", "a whole number above 0"),
        ({"pay_pence": 1_500_000}, "pay_pence", "is not a plausible amount"),  # £15,000 an hour
        ({"pay_pence": 150_000}, "pay_pence", "check the units"),  # £1,500 an hour
        ({"pay_pence": D("15.00")}, "pay_pence", "Enter an amount in pence"),  # pounds
        ({"pay_pence": 15.5}, "pay_pence", "Enter an amount in pence"),
        ({"travel_pence": -1}, "travel_pence", "(0 or more)"),
        ({"margin_pence": 20_001}, "margin_pence", "at most 20000p"),
        ({"rate_type": "night"}, "rate_type", "Choose a rate type."),
    ],
)
def test_a_price_that_is_below_the_floor_or_not_plausible_pence_is_refused(
    consortium, kwargs, field, message
):
    world = tf.joint_bid(consortium, stage="approved")
    values = {"pay_pence": 1500, **kwargs}

    with refused(field, message):
        services.price_line_set(
            participant=world.participants[0], lot=world.lots[0], actor=None, **values
        )


def test_a_members_own_rate_above_the_ceiling_is_taken_and_the_consolidated_rate_is_checked(
    consortium,
):
    world = tf.joint_bid(consortium, stage="drafting")
    a, b = world.participants
    lot = world.lots[0]
    # A: 1500 + 300 + 200 + 300 + 900 = 3200 (above 3000); B stays at 2300: (3200 + 2300) / 2 =
    # 2750, within the ceiling.
    services.price_line_set(
        participant=a,
        lot=lot,
        pay_pence=1500,
        on_costs_pence=300,
        travel_pence=200,
        overhead_pence=300,
        margin_pence=900,
        actor=None,
    )
    assert tf.gate(world.bid, "prices").ok is True

    # B: 1400 + 300 + 200 + 300 + 700 = 2900: (3200 + 2900) / 2 = 3050 > 3000.
    services.price_line_set(
        participant=b,
        lot=lot,
        pay_pence=1400,
        on_costs_pence=300,
        travel_pence=200,
        overhead_pence=300,
        margin_pence=700,
        actor=None,
    )
    assert tf.gate(world.bid, "prices").detail == [
        "Lot 1: the consortium rate 3050p is above the ceiling of 3000p."
    ]
    services.bid_transition(bid=world.bid, to="in_review", actor=None)
    for answer in world.answers():
        services.answer_submit_for_review(answer=answer, actor=None)
        services.answer_review(answer=answer, approve=True, actor=None)
    snapshot = state(world.bid)

    with refused("prices", "Lot 1: the consortium rate 3050p is above the ceiling of 3000p."):
        services.bid_transition(bid=world.bid, to="final_signoff", actor=None)

    assert state(world.bid) == snapshot


def test_the_hours_weight_the_consolidated_rate_against_the_ceiling(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    a = world.participants[0]
    lot = world.lots[0]
    services.price_line_set(participant=a, lot=lot, pay_pence=1500, margin_pence=1700, actor=None)
    # A 3200 × 10 + B 2300 × 10 → 2750; A 3200 × 30 + B 2300 × 10 → 2975; × 40 → 3020.
    assert tf.gate(world.bid, "prices").ok is True
    services.commitment_set(participant=a, lot=lot, hours_per_week="30", actor=None)
    assert tf.gate(world.bid, "prices").ok is True
    services.commitment_set(participant=a, lot=lot, hours_per_week="40", actor=None)
    assert tf.gate(world.bid, "prices").detail == [
        "Lot 1: the consortium rate 3020p is above the ceiling of 3000p."
    ]


def test_a_yearly_value_above_the_lots_value_ceiling_fails_the_prices_gate(consortium):
    # 2350p × 20 hours × 52 weeks = 2,444,000p a year.
    at = tf.joint_bid(consortium, stage="drafting", value_ceiling_pence=2_444_000)
    assert tf.gate(at.bid, "prices").ok is True

    below = tf.joint_bid(
        tf.consortium(slug="other", name="Other consortium"),
        stage="drafting",
        value_ceiling_pence=2_443_999,
    )
    assert tf.gate(below.bid, "prices").detail == [
        "Lot 1: the yearly value 2444000p is above the ceiling of 2443999p.",
        "Lot 2: the yearly value 2444000p is above the ceiling of 2443999p.",
    ]


def test_a_committing_member_with_no_price_fails_the_prices_gate(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    a, b = world.participants
    services.commitment_set(participant=a, lot=world.lots[0], hours_per_week="10", actor=None)
    services.commitment_set(participant=b, lot=world.lots[0], hours_per_week="10", actor=None)
    services.price_line_set(participant=a, lot=world.lots[0], pay_pence=1500, actor=None)
    # An unsocial-hours line is not a standard rate.
    services.price_line_set(
        participant=b, lot=world.lots[0], pay_pence=1600, rate_type="unsocial", actor=None
    )

    assert tf.gate(world.bid, "prices").detail == ["Co-op B: no standard rate for lot 1."]


def test_raising_the_pay_floor_flags_pay_below_it(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    services.bid_update_plan(bid=world.bid, pay_floor_pence=1450, actor=None)

    assert tf.gate(world.refresh(), "prices").detail == [
        "Co-op B, lot 1: pay 1400p is below the floor of 1450p.",
        "Co-op B, lot 2: pay 1400p is below the floor of 1450p.",
    ]


def test_member_costs_never_reach_the_audit_log_only_the_total_rate(consortium):
    mark = tf.last_event_id()
    world = tf.joint_bid(consortium, stage="drafting")
    services.price_line_set(
        participant=world.participants[0],
        lot=world.lots[0],
        pay_pence=1511,
        on_costs_pence=313,
        travel_pence=217,
        overhead_pence=319,
        margin_pence=123,
        actor=None,
    )

    events = AuditEvent.objects.filter(id__gt=mark)
    price_events = list(events.filter(action="bid.price_set").order_by("id"))
    assert len(price_events) == 5
    for event in price_events:
        assert set(event.after) == {"member", "lot", "rate_type", "rate_pence"}
        assert event.before in (None, {"rate_pence": 2400})
    assert price_events[-1].after == {
        "member": "Co-op A",
        "lot": 1,
        "rate_type": "standard",
        "rate_pence": 2483,
    }
    cost_fields = {"pay_pence", "on_costs_pence", "travel_pence", "overhead_pence", "margin_pence"}
    for event in events:
        for data in (event.before or {}, event.after or {}):
            assert not cost_fields & set(data), (event.action, data)
    # Nor does any event carry the parts of the build-up above, under any key: every value
    # recorded is compared whole (a substring search would trip on ids and timestamps), and
    # values under id keys are left out (a row's id may equal one of the parts by chance).
    parts = {1511, 313, 217, 319}

    def leaves(value: object, key: str = "") -> list[tuple[str, object]]:
        if isinstance(value, dict):
            return [leaf for k, v in value.items() for leaf in leaves(v, str(k))]
        if isinstance(value, list | tuple):
            return [leaf for v in value for leaf in leaves(v, key)]
        return [(key, value)]

    def is_id(key: str) -> bool:
        return key in {"id", "pk"} or key.endswith(("_id", "_pk"))

    recorded = [leaf for e in events for leaf in leaves([e.before, e.after])]
    assert not [
        (k, v)
        for k, v in recorded
        if not is_id(k) and isinstance(v, int | str) and str(v) in map(str, parts)
    ]
    assert not any(str(v) in (e.reason or "") for e in events for v in parts)


def test_a_members_price_line_is_replaced_not_duplicated(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    a, lot = world.participants[0], world.lots[0]
    line = services.price_line_set(participant=a, lot=lot, pay_pence=1600, actor=None)
    assert (line.rate_pence, PriceLine.objects.filter(participant=a, lot=lot).count()) == (1600, 1)
