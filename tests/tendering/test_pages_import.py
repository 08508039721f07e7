"""Importing an opportunity from a buyer's OCDS release on the pages: what the release gives is
recorded; a file that fails the schema (or is not JSON, or holds more than one release) is
refused (400) with its reasons, and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tendering.models import JointBid, Lot, Opportunity, TenderQuestion
from tendering.ocds import schema_errors
from tests.tendering.test_pages_setup import build, consortium, counts, text, url


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


def _release(**tender: object) -> dict:
    deadline = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
    return {
        "ocid": "ocds-h6vhtk-04a1b2",
        "id": "ocds-h6vhtk-04a1b2-tender-1",
        "date": timezone.now().replace(microsecond=0).isoformat(),
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "GB-GOR-PB137", "name": "Gwynedd Council"},
        "tender": {
            "id": "GC-HC-2026",
            "title": "Home care in Gwynedd",
            "tenderPeriod": {"endDate": deadline.isoformat()},
            "lots": [
                {"id": "L1", "title": "Arfon", "description": "About 400 hours a week"},
                {
                    "id": "L2",
                    "title": "Meirionnydd",
                    "description": "Rural rounds",
                    "cyd:estimatedHoursPerWeek": "250",
                    "value": {"amount": 300000, "currency": "GBP"},
                },
            ],
            **tender,
        },
    }


def test_an_opportunity_is_imported_from_an_ocds_release(lead, organisation):
    release = _release()
    assert schema_errors(release) == []

    response = lead.post(
        reverse("tendering:opportunity_import", args=[organisation.slug]),
        {"file": SimpleUploadedFile("release.json", json.dumps(release).encode())},
    )

    assert response.status_code == 302
    opportunity = Opportunity.objects.get(reference="GC-HC-2026")
    assert opportunity.buyer_name == "Gwynedd Council"
    lots = list(opportunity.lots.order_by("number"))
    assert [(lot.title, str(lot.estimated_hours_per_week)) for lot in lots] == [
        ("Arfon", "400.00"),
        ("Meirionnydd", "250.00"),
    ]
    assert lots[1].value_ceiling_pence == 30_000_000


def test_an_ocds_file_failing_the_schema_is_refused_with_its_errors(lead, organisation):
    release = _release(status="almost", lots="none")
    del release["initiationType"]
    errors = schema_errors(release)
    assert len(errors) >= 2
    before = counts()

    response = lead.post(
        reverse("tendering:opportunity_import", args=[organisation.slug]),
        {"file": SimpleUploadedFile("release.json", json.dumps(release).encode())},
    )

    assert response.status_code == 400
    html = text(response).replace("&#x27;", "'")
    assert "The release does not follow the OCDS schema:" in html
    for error in errors:
        assert error.replace("'", "'") in html
    assert counts() == before
    assert not Lot.objects.exists()


def test_a_file_that_is_not_json_is_refused(lead, organisation):
    before = counts()

    response = lead.post(
        reverse("tendering:opportunity_import", args=[organisation.slug]),
        {"file": SimpleUploadedFile("release.json", b"buyer,reference\nGwynedd,1\n")},
    )

    assert response.status_code == 400
    assert "The file is not JSON" in _field_errors(response)
    assert counts() == before


def test_the_list_shows_the_opportunities_and_the_bids(lead, organisation):
    scenario = build(organisation, stage="drafting")
    build(organisation, reference="PCC-OTHER", stage="identified")

    html = text(lead.get(reverse("tendering:index", args=[organisation.slug])))

    assert html.count("PCC-DOM-1: Domiciliary care in Powys") == 2
    assert "PCC-OTHER" in html
    assert f'href="{url("bid", scenario.bid)}"' in html


def test_a_bid_is_started_from_the_opportunity_page(lead, organisation):
    opportunity = build(organisation, stage="identified").opportunity
    JointBid.objects.filter(opportunity=opportunity).delete()
    assert 'id="start-bid"' in text(
        lead.get(reverse("tendering:opportunity", args=[organisation.slug, opportunity.pk]))
    )

    response = lead.post(
        reverse("tendering:bid_create", args=[organisation.slug, opportunity.pk]),
        {"liability": "lead_only", "pay_floor": "12.60"},
    )

    assert response.status_code == 302
    bid = JointBid.objects.get(opportunity=opportunity)
    assert (bid.status, bid.liability, bid.pay_floor_pence) == ("identified", "lead_only", 1260)


def test_a_second_bid_for_the_same_opportunity_is_refused(lead, organisation):
    opportunity = build(organisation, stage="identified").opportunity
    before = counts()

    response = lead.post(
        reverse("tendering:bid_create", args=[organisation.slug, opportunity.pk]),
        {"liability": "lead_only", "pay_floor": "12.60"},
    )

    assert response.status_code == 400
    assert "The consortium already has a bid for this opportunity." in text(response)
    assert counts() == before


def test_questions_of_the_tender_only(lead, organisation):
    opportunity = _opportunity(organisation)
    other = build(organisation, reference="OTHER-9", stage="identified").opportunity
    before = counts()

    response = lead.post(
        reverse("tendering:document_add", args=[organisation.slug, opportunity.pk]),
        {
            "title": "Addendum 1",
            "published_on": timezone.localdate().isoformat(),
            "is_addendum": "on",
            "affects": [TenderQuestion.objects.filter(opportunity=other).first().pk],
        },
    )

    assert response.status_code == 400
    assert "Choose questions of this tender." in _field_errors(response)
    assert counts() == before
