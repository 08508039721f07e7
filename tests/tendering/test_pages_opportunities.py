"""The lead's opportunity pages: the list, entering an opportunity by hand (deadlines in UK
time, lots in pounds, award criteria whose weights add to 100, questions, documents and
addenda that reopen answers), importing one from an OCDS release (a file that fails the
schema is refused with its errors, nothing written), and starting a bid."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tendering.models import Answer, JointBid, Opportunity, SignOff
from tests.tendering.test_pages_setup import build, consortium, counts, text


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def lead(client, bid_manager):
    client.force_login(bid_manager)
    return client


def _field_errors(response) -> str:
    html = text(response).replace("&#x27;", "'")
    return " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', html, re.S))


def _opportunity(organisation, **fields) -> Opportunity:
    return build(organisation, stage="identified", **fields).opportunity


def test_the_lead_enters_an_opportunity_with_deadlines_in_uk_time(lead, organisation):
    day = timezone.localdate() + dt.timedelta(days=40)

    response = lead.post(
        reverse("tendering:opportunity_create", args=[organisation.slug]),
        {
            "buyer_name": "Ceredigion County Council",
            "reference": "CCC-DOM-7",
            "title": "Home care in Ceredigion",
            "title_cy": "Gofal cartref yng Ngheredigion",
            "regime": "light_touch",
            "procedure": "competitive_flexible",
            "clarification_deadline": f"{day - dt.timedelta(days=10)}T17:00",
            "submission_deadline": f"{day}T12:00",
            "bid_validity_days": "120",
            "languages": "both",
            "max_lots_per_bidder": "3",
        },
    )

    assert response.status_code == 302
    opportunity = Opportunity.objects.get(reference="CCC-DOM-7")
    assert response["Location"] == reverse(
        "tendering:opportunity", args=[organisation.slug, opportunity.pk]
    )
    assert timezone.localtime(opportunity.submission_deadline).strftime("%H:%M") == "12:00"
    assert str(timezone.localtime(opportunity.submission_deadline).tzinfo) == "Europe/London"
    assert (opportunity.languages, opportunity.max_lots_per_bidder) == ("both", 3)
    page = text(lead.get(response["Location"]))
    assert "Home care in Ceredigion" in page
    assert "English and Welsh" in page


def test_clarifications_after_the_submission_deadline_are_refused(lead, organisation):
    day = timezone.localdate() + dt.timedelta(days=40)
    before = counts()

    response = lead.post(
        reverse("tendering:opportunity_create", args=[organisation.slug]),
        {
            "buyer_name": "Ceredigion County Council",
            "reference": "CCC-DOM-8",
            "title": "Home care",
            "regime": "light_touch",
            "procedure": "open",
            "clarification_deadline": f"{day}T13:00",
            "submission_deadline": f"{day}T12:00",
            "bid_validity_days": "90",
            "languages": "en",
        },
    )

    assert response.status_code == 400
    assert "Clarification questions close before the submission deadline." in _field_errors(
        response
    )
    assert counts() == before


def test_a_lot_is_added_with_its_ceilings_in_pounds(lead, organisation):
    opportunity = _opportunity(organisation, lots=1)

    response = lead.post(
        reverse("tendering:lot_add", args=[organisation.slug, opportunity.pk]),
        {
            "number": "2",
            "title": "Aberystwyth",
            "zone": "North Ceredigion",
            "role": "secondary",
            "estimated_hours_per_week": "350",
            "rate_ceiling": "24.75",
            "value_ceiling": "450000",
        },
    )

    assert response.status_code == 302
    lot = opportunity.lots.get(number=2)
    assert (lot.role, lot.rate_ceiling_pence, lot.value_ceiling_pence) == (
        "secondary",
        2475,
        45_000_000,
    )
    assert "£24.75" in text(lead.get(response["Location"]))


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Hours a week must be more than 0."),
        ("0", "Hours a week must be more than 0."),
        ("90000", "check the units (hours a week, not a year)."),
        ("lots", "Enter hours a week as a number, like 37.5."),
    ],
)
def test_a_lot_with_impossible_hours_is_refused(lead, organisation, hours, message):
    opportunity = _opportunity(organisation, lots=1)
    before = counts()

    response = lead.post(
        reverse("tendering:lot_add", args=[organisation.slug, opportunity.pk]),
        {
            "number": "2",
            "title": "T",
            "zone": "Z",
            "role": "primary",
            "estimated_hours_per_week": hours,
        },
    )

    assert response.status_code == 400
    assert message in _field_errors(response)
    assert counts() == before


def test_award_criteria_whose_weights_do_not_add_up_to_100_are_refused(lead, organisation):
    opportunity = _opportunity(organisation)
    address = reverse("tendering:criteria_set", args=[organisation.slug, opportunity.pk])
    before = counts()
    criteria = list(opportunity.criteria.values_list("kind", "name", "weight"))

    response = lead.post(
        address,
        {
            "kind_1": "quality",
            "name_1": "Quality",
            "weight_1": "60",
            "kind_2": "price",
            "name_2": "Price",
            "weight_2": "30",
        },
    )

    assert response.status_code == 400
    assert "The weights add up to 90; they must add up to 100." in text(response)
    assert counts() == before
    assert list(opportunity.criteria.values_list("kind", "name", "weight")) == criteria


def test_award_criteria_adding_up_to_100_replace_the_old_ones(lead, organisation):
    opportunity = _opportunity(organisation)

    response = lead.post(
        reverse("tendering:criteria_set", args=[organisation.slug, opportunity.pk]),
        {
            "kind_1": "quality",
            "name_1": "Quality of care",
            "weight_1": "50",
            "kind_2": "price",
            "name_2": "Price",
            "weight_2": "40",
            "kind_3": "social_value",
            "name_3": "Social value",
            "weight_3": "10",
        },
    )

    assert response.status_code == 302
    assert list(opportunity.criteria.values_list("name", "weight")) == [
        ("Quality of care", 50),
        ("Price", 40),
        ("Social value", 10),
    ]


def test_a_question_is_added_with_its_limit_scope_and_who_answers(lead, organisation):
    opportunity = _opportunity(organisation, lots=2, questions=0)
    lot = opportunity.lots.get(number=2)

    response = lead.post(
        reverse("tendering:question_add", args=[organisation.slug, opportunity.pk]),
        {
            "section": "Workforce",
            "number": "3.1",
            "text": "How do you recruit care workers?",
            "text_cy": "Sut ydych chi'n recriwtio gweithwyr gofal?",
            "lots": [lot.pk],
            "kind": "scored",
            "limit_kind": "characters",
            "limit": "2000",
            "weight": "12.5",
            "answered_by": "each_member",
            "is_mandatory": "on",
        },
    )

    assert response.status_code == 302
    question = opportunity.questions.get(number="3.1")
    assert (question.limit_kind, question.limit, str(question.weight), question.answered_by) == (
        "characters",
        2000,
        "12.50",
        "each_member",
    )
    assert [q.number for q in question.lots.all()] == [2]
    assert question.is_mandatory


def test_a_question_with_a_limit_kind_but_no_limit_is_refused(lead, organisation):
    opportunity = _opportunity(organisation, questions=0)
    before = counts()

    response = lead.post(
        reverse("tendering:question_add", args=[organisation.slug, opportunity.pk]),
        {
            "section": "Quality",
            "number": "1.1",
            "text": "Why?",
            "kind": "scored",
            "limit_kind": "words",
            "weight": "10",
            "answered_by": "consortium",
        },
    )

    assert response.status_code == 400
    assert "Give the limit as a whole number, or choose no limit." in _field_errors(response)
    assert counts() == before


def test_an_addendum_reopens_the_answers_it_changes_and_the_sign_offs(lead, organisation):
    scenario = build(organisation, stage="ready")
    changed = scenario.questions[0]

    response = lead.post(
        reverse("tendering:document_add", args=[organisation.slug, scenario.opportunity.pk]),
        {
            "title": "Clarification 2",
            "url": "https://sell2wales.gov.wales/notice/123",
            "published_on": timezone.localdate().isoformat(),
            "is_addendum": "on",
            "summary": "Question 1.0 now asks about rural rounds.",
            "affects": [changed.pk],
        },
    )

    assert response.status_code == 302
    assert Answer.objects.get(bid=scenario.bid, question=changed).status == "draft"
    assert Answer.objects.filter(bid=scenario.bid, status="approved").count() == 4
    assert not SignOff.objects.filter(bid=scenario.bid, invalidated_at__isnull=True).exists()
    assert JointBid.objects.get(pk=scenario.bid.pk).status == "drafting"
    page = text(lead.get(response["Location"]))
    assert "Addendum" in page
    assert "Changes questions: 1.0" in page
