"""Entering an opportunity by hand: the tender, its lots, award criteria whose weights add up
to 100, questions with their limits and weights. Bad input is refused naming the field, and
writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tendering import services
from tendering.models import AwardCriterion, Opportunity
from tests.factories import tendering as tf
from tests.factories.tendering import refused

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


@pytest.fixture
def opportunity(consortium):
    return tf.opportunity(consortium)


def _create(consortium, **kwargs):
    values = {
        "organisation": consortium,
        "buyer_name": "Powys County Council",
        "reference": "PCC-1",
        "title": "Care",
        "submission_deadline": timezone.now() + dt.timedelta(days=30),
        "actor": None,
        **kwargs,
    }
    return services.opportunity_create(**values)


def test_an_opportunity_is_recorded_with_an_audit_event(consortium):
    mark = tf.last_event_id()
    opp = _create(consortium, buyer_name=" Powys County Council ", reference=" PCC-1 ")
    assert (opp.buyer_name, opp.reference) == ("Powys County Council", "PCC-1")
    (event,) = tf.events_since(mark)
    assert (event.action, event.after["reference"], event.organisation_id) == (
        "opportunity.create",
        "PCC-1",
        consortium.pk,
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"buyer_name": "  "}, "buyer_name", "This is required."),
        ({"reference": ""}, "reference", "This is required."),
        ({"title": " "}, "title", "This is required."),
        ({"max_lots_per_bidder": 0}, "max_lots_per_bidder", "a whole number, 1 or more"),
        ({"max_lots_per_bidder": -2}, "max_lots_per_bidder", "a whole number, 1 or more"),
        ({"regime": "secret"}, "regime", "is not a valid choice"),
        ({"languages": "fr"}, "languages", "is not a valid choice"),
    ],
)
def test_an_opportunity_missing_a_field_or_out_of_range_is_refused(
    consortium, kwargs, field, message
):
    with refused(field, message):
        _create(consortium, **kwargs)


def test_clarifications_close_before_the_submission_deadline(consortium):
    deadline = timezone.now() + dt.timedelta(days=30)
    with refused("clarification_deadline", "Clarification questions close before"):
        _create(
            consortium,
            submission_deadline=deadline,
            clarification_deadline=deadline + dt.timedelta(minutes=1),
        )


def test_the_same_buyers_reference_is_recorded_once(consortium):
    _create(consortium)
    with refused("reference", "This buyer's opportunity PCC-1 is already recorded."):
        _create(consortium, reference=" PCC-1 ")


# --- Lots ----------------------------------------------------------------------------------


def test_a_lot_is_added_with_its_ceilings(opportunity):
    lot = services.lot_add(
        opportunity=opportunity,
        number=3,
        title=" Rhayader ",
        zone=" Elan valley ",
        role="secondary",
        estimated_hours_per_week="220.5",
        rate_ceiling_pence=2800,
        value_ceiling_pence=32_000_000,
        actor=None,
    )
    lot.refresh_from_db()
    assert (
        lot.title,
        lot.zone,
        lot.role,
        lot.estimated_hours_per_week,
        lot.rate_ceiling_pence,
        lot.value_ceiling_pence,
    ) == ("Rhayader", "Elan valley", "secondary", Decimal("220.50"), 2800, 32_000_000)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"number": 1}, "number", "Lot 1 already exists."),
        ({"number": 0}, "number", "A lot number is a whole number, 1 or more."),
        ({"estimated_hours_per_week": "0"}, "estimated_hours_per_week", "more than 0"),
        ({"estimated_hours_per_week": "-10"}, "estimated_hours_per_week", "more than 0"),
        (
            {"estimated_hours_per_week": "100000"},
            "estimated_hours_per_week",
            "more than any lot of a care tender asks for: check the units",
        ),
        ({"rate_ceiling_pence": 0}, "rate_ceiling_pence", "a whole number above 0"),
        ({"rate_ceiling_pence": 3_000_000}, "rate_ceiling_pence", "is not a plausible amount"),
        ({"value_ceiling_pence": -5}, "value_ceiling_pence", "a whole number above 0"),
        ({"role": "tertiary"}, "role", "is not a valid choice"),
    ],
)
def test_a_lot_that_is_not_plausible_is_refused(opportunity, kwargs, field, message):
    values = {
        "number": 9,
        "title": "Zone 9",
        "zone": "Zone 9",
        "estimated_hours_per_week": "100",
        **kwargs,
    }
    with refused(field, message):
        services.lot_add(opportunity=opportunity, actor=None, **values)


def test_a_big_lot_is_plausible(opportunity):
    lot = services.lot_add(
        opportunity=opportunity,
        number=9,
        title="Cardiff",
        zone="Cardiff",
        estimated_hours_per_week="12000",
        actor=None,
    )
    assert lot.estimated_hours_per_week == Decimal("12000")


# --- Award criteria and question weights -------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([("quality", "Quality", 60), ("price", "Price", 30)], "add up to 90; they must add up"),
        (
            [("quality", "Quality", 60), ("price", "Price", 30), ("social_value", "SV", 11)],
            "add up to 101",
        ),
        ([], "add up to 0"),
        ([("quality", "Quality", 101)], "a whole number from 0 to 100"),
        ([("quality", "Quality", -10), ("price", "P", 110)], "a whole number from 0 to 100"),
        ([("quality", "Quality", 60.5), ("price", "P", 39.5)], "a whole number from 0 to 100"),
        ([("cost", "Cost", 100)], "quality, price or social value"),
        ([("quality", "  ", 100)], "Name each criterion."),
    ],
)
def test_award_criteria_whose_weights_do_not_add_up_to_100_are_refused(
    opportunity, criteria, message
):
    before = list(opportunity.criteria.values_list("kind", "name", "weight"))
    with refused("criteria", message):
        services.criteria_set(opportunity=opportunity, criteria=criteria, actor=None)
    assert list(opportunity.criteria.values_list("kind", "name", "weight")) == before


def test_award_criteria_are_replaced_as_a_whole(opportunity):
    services.criteria_set(
        opportunity=opportunity,
        criteria=[("quality", " Quality ", 70), ("price", "Price", 30)],
        actor=None,
    )
    assert list(
        AwardCriterion.objects.filter(opportunity=opportunity).values_list("kind", "name", "weight")
    ) == [("quality", "Quality", 70), ("price", "Price", 30)]


def _question(opportunity, number="1.1", **kwargs):
    values = {"section": "Quality", "number": number, "text": "How?", "limit": 500, **kwargs}
    return services.question_add(opportunity=opportunity, actor=None, **values)


def test_question_weights_may_add_up_to_100_and_no_more(opportunity):
    _question(opportunity, "1.1", weight="60")
    _question(opportunity, "1.2", weight=Decimal("39.5"))
    _question(opportunity, "1.3", weight="0.5")

    with refused("weight", "The questions' weights would add up to 100.01%"):
        _question(opportunity, "1.4", weight="0.01")
    _question(opportunity, "1.4", weight="0")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"weight": "101"}, "weight", "a number from 0 to 100"),
        ({"weight": "-1"}, "weight", "a number from 0 to 100"),
        ({"weight": "heavy"}, "weight", "a number from 0 to 100"),
        ({"limit": None}, "limit", "Give the limit as a whole number, or choose no limit."),
        ({"limit": 0}, "limit", "Give the limit as a whole number"),
        ({"limit": "500"}, "limit", "Give the limit as a whole number"),
        ({"text": " "}, "text", "This field cannot be blank."),
        ({"kind": "essay"}, "kind", "is not a valid choice"),
        ({"answered_by": "anyone"}, "answered_by", "is not a valid choice"),
    ],
)
def test_a_question_out_of_range_is_refused(opportunity, kwargs, field, message):
    with refused(field, message):
        _question(opportunity, **kwargs)


def test_a_question_is_numbered_once_and_scoped_to_lots_of_its_tender(consortium, opportunity):
    _question(opportunity, "1.1")
    with refused("number", "Question 1.1 already exists."):
        _question(opportunity, " 1.1 ")
    other = tf.opportunity(consortium, reference="OTHER")
    with refused("lots", "Choose lots of this opportunity."):
        _question(opportunity, "1.2", lots=[other.lots.first()])


def test_a_question_without_a_limit_keeps_none(opportunity):
    question = _question(opportunity, "9.1", limit_kind="none", limit=750, kind="price")
    assert (question.limit_kind, question.limit) == ("none", None)


def test_opportunities_are_kept_per_consortium(consortium):
    _create(consortium)
    other = tf.consortium(slug="c2", name="C2")
    _create(other)  # the same buyer's reference, tracked by another consortium
    assert Opportunity.objects.filter(reference="PCC-1").count() == 2
