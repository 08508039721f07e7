"""Opportunities through the API: entered by hand (lots, award criteria, questions, documents
and addenda) or imported from a buyer's OCDS release, and the lead's list and detail."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coop.core.models import AuditEvent
from tendering.models import Answer, AwardCriterion, JointBid, Lot, Opportunity, TenderQuestion
from tests.api.tendering.conftest import client_for, counts, url
from tests.factories import tendering as tf


def _release(**tender: object) -> dict:
    """A buyer's tender notice as an OCDS release with two lots."""
    return {
        "ocid": "ocds-abc123-PCC-42",
        "id": "PCC-42-tender",
        "date": "2026-01-05T09:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "GB-GOR-PB123", "name": "Powys County Council"},
        "tender": {
            "id": "PCC-42",
            "title": "Domiciliary care in north Powys",
            "tenderPeriod": {"endDate": "2036-03-31T12:00:00Z"},
            "lotDetails": {"maximumLotsBidPerSupplier": 1},
            "lots": [
                {"id": "L1", "title": "Llanidloes", "description": "About 120 hours a week"},
                {
                    "id": "L2",
                    "title": "Machynlleth",
                    "description": "Rural",
                    "cyd:estimatedHoursPerWeek": "80.5",
                    "value": {"amount": 250000, "currency": "GBP"},
                },
            ],
            **tender,
        },
    }


def test_the_lead_enters_an_opportunity_with_uk_deadlines(organisation, bid_manager):
    client = client_for(bid_manager)

    response = client.post(
        url("tender-opportunities"),
        {
            "buyer_name": "Ceredigion County Council",
            "reference": "CCC-77",
            "title": "Supported living",
            "submission_deadline": "2036-07-01T12:00:00",
            "clarification_deadline": "2036-06-20T17:00:00+01:00",
            "languages": "both",
            "max_lots_per_bidder": 2,
        },
    )

    assert response.status_code == 201
    opportunity = Opportunity.objects.get(reference="CCC-77")
    # A deadline given without an offset is UK time: noon BST is 11:00 UTC.
    assert opportunity.submission_deadline == dt.datetime(2036, 7, 1, 11, 0, tzinfo=dt.UTC)
    assert opportunity.clarification_deadline == dt.datetime(2036, 6, 20, 16, 0, tzinfo=dt.UTC)
    body = response.json()
    assert body["opportunity"]["submission_deadline"] == "2036-07-01T12:00:00+01:00"
    assert (body["opportunity"]["languages"], body["opportunity"]["max_lots_per_bidder"]) == (
        "both",
        2,
    )
    assert (body["lots"], body["criteria"], body["criteria_total"], body["bid"]) == (
        [],
        [],
        0,
        None,
    )
    assert AuditEvent.objects.filter(action="opportunity.create").count() == 1


def test_lots_criteria_questions_and_documents_are_added(organisation, bid_manager):
    opportunity = tf.opportunity(organisation, lot_hours=("20",))
    client = client_for(bid_manager)

    lot = client.post(
        url("tender-lots", pk=opportunity.pk),
        {
            "number": 2,
            "title": "Newtown",
            "zone": "Newtown",
            "role": "secondary",
            "estimated_hours_per_week": "37.5",
            "rate_ceiling_pence": 2950,
            "value_ceiling_pence": 6_000_000,
        },
    )
    criteria = client.put(
        url("tender-criteria", pk=opportunity.pk),
        {
            "criteria": [
                {"kind": "quality", "name": "Quality", "weight": 50},
                {"kind": "price", "name": "Price", "weight": 40},
                {"kind": "social_value", "name": "Social value", "weight": 10},
            ]
        },
    )
    question = client.post(
        url("tender-questions", pk=opportunity.pk),
        {
            "section": "Quality",
            "number": "3.1",
            "text": "Describe your rota.",
            "limit_kind": "characters",
            "limit": 1500,
            "weight": "12.5",
            "answered_by": "each_member",
            "lots": [2],
        },
    )
    document = client.post(
        url("tender-documents", pk=opportunity.pk),
        {"title": "Specification", "published_on": "2026-01-05", "url": "https://example.org/s"},
    )

    assert lot.status_code == 201
    assert lot.json() == {
        "id": Lot.objects.get(opportunity=opportunity, number=2).pk,
        "number": 2,
        "title": "Newtown",
        "title_cy": "",
        "zone": "Newtown",
        "role": "secondary",
        "estimated_hours_per_week": "37.50",
        "rate_ceiling_pence": 2950,
        "value_ceiling_pence": 6_000_000,
    }
    assert criteria.status_code == 200
    assert criteria.json()["total"] == 100
    assert sorted(opportunity.criteria.values_list("kind", "weight")) == [
        ("price", 40),
        ("quality", 50),
        ("social_value", 10),
    ]
    assert question.status_code == 201
    made = TenderQuestion.objects.get(opportunity=opportunity, number="3.1")
    assert (made.weight, made.limit, [x.number for x in made.lots.all()]) == (
        Decimal("12.50"),
        1500,
        [2],
    )
    assert question.json()["lots"] == [2]
    assert document.status_code == 201
    detail = client.get(url("tender-opportunity", pk=opportunity.pk)).json()
    assert [x["number"] for x in detail["lots"]] == [1, 2]
    assert [q["number"] for q in detail["questions"]] == ["3.1"]
    assert [d["title"] for d in detail["documents"]] == ["Specification"]
    assert detail["criteria_total"] == 100


def test_an_addendum_reopens_the_answers_it_changes(drafting, bid_manager):
    client = client_for(bid_manager)
    q11 = drafting.questions[0]
    answer = Answer.objects.get(bid=drafting.bid, question=q11)
    Answer.objects.filter(pk=answer.pk).update(status="approved")

    response = client.post(
        url("tender-documents", pk=drafting.opportunity.pk),
        {
            "title": "Addendum 1",
            "published_on": str(timezone.localdate()),
            "is_addendum": True,
            "summary": "Question 1.1 now asks about Welsh-speaking carers.",
            "affects": ["1.1"],
        },
    )

    assert response.status_code == 201
    assert response.json()["affects"] == ["1.1"]
    answer.refresh_from_db()
    assert (answer.status, answer.reopened_reason) == ("draft", "Addendum: Addendum 1")


def test_the_list_shows_counts_and_the_consortiums_bid(organisation, drafting, bid_manager):
    tf.opportunity(organisation, reference="LATER-1")

    body = client_for(bid_manager).get(url("tender-opportunities")).json()

    assert body["count"] == 2
    rows = {row["reference"]: row for row in body["results"]}
    assert (rows["PCC-DOM-1"]["lot_count"], rows["PCC-DOM-1"]["question_count"]) == (2, 2)
    assert rows["PCC-DOM-1"]["bid"] == drafting.bid.pk
    assert (rows["LATER-1"]["question_count"], rows["LATER-1"]["bid"]) == (0, None)


def test_an_ocds_release_is_imported_from_the_body(organisation, bid_manager):
    response = client_for(bid_manager).post(url("tender-opportunity-import"), _release())

    assert response.status_code == 201
    opportunity = Opportunity.objects.get(reference="PCC-42")
    assert (opportunity.ocid, opportunity.buyer_identifier, opportunity.max_lots_per_bidder) == (
        "ocds-abc123-PCC-42",
        "GB-GOR-PB123",
        1,
    )
    assert [
        (lot["number"], lot["title"], lot["estimated_hours_per_week"], lot["value_ceiling_pence"])
        for lot in response.json()["lots"]
    ] == [(1, "Llanidloes", "120.00", None), (2, "Machynlleth", "80.50", 25_000_000)]


def test_an_ocds_release_package_is_imported_from_a_file(organisation, bid_manager):
    package = {"uri": "https://example.org/p", "version": "1.1", "releases": [_release()]}
    upload = SimpleUploadedFile(
        "notice.json", json.dumps(package).encode(), content_type="application/json"
    )

    response = client_for(bid_manager).post(
        url("tender-opportunity-import"), {"file": upload}, format="multipart"
    )

    assert response.status_code == 201
    assert response.json()["opportunity"]["reference"] == "PCC-42"
    assert Lot.objects.filter(opportunity__reference="PCC-42").count() == 2


def test_an_ocds_file_that_fails_the_schema_is_refused_with_its_errors(organisation, bid_manager):
    release = _release()
    del release["ocid"]
    release["tender"]["lots"][0]["status"] = "not-a-status"
    upload = SimpleUploadedFile("bad.json", json.dumps(release).encode())
    before = counts()

    response = client_for(bid_manager).post(
        url("tender-opportunity-import"), {"file": upload}, format="multipart"
    )

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["file"]
    assert errors["file"][0] == "The release does not follow the OCDS schema:"
    assert any(m.startswith("(release): 'ocid' is a required property") for m in errors["file"])
    assert any(m.startswith("tender/lots/0/status:") for m in errors["file"])
    assert counts() == before


def test_a_file_that_is_not_json_is_refused(organisation, bid_manager):
    upload = SimpleUploadedFile("notice.json", b"<xml/>")
    before = counts()

    response = client_for(bid_manager).post(
        url("tender-opportunity-import"), {"file": upload}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("The file is not JSON:")
    assert counts() == before
    assert not JointBid.objects.exists()
    assert not AwardCriterion.objects.exists()
