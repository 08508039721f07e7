"""Importing an opportunity from a buyer's OCDS release (the service): a release following OCDS
1.1.5 with the bids, lots and subcontracting extensions becomes an opportunity with its lots;
anything else is refused with every schema error, and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from jsonschema import Draft4Validator

from tendering import services
from tendering.models import Lot, Opportunity
from tendering.ocds import release_package
from tests.factories import tendering as tf
from tests.factories.tendering import refused
from tests.shared_data import ocds_schema_path

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


def _release_schema() -> dict:
    return json.loads(ocds_schema_path().read_text(encoding="utf-8"))


def schema_errors(release: dict) -> list[str]:
    """Errors against the shared schema file itself (Draft 4), not the app's copy."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft4Validator(_release_schema()).iter_errors(release)
    ]


# --- Export --------------------------------------------------------------------------------


# --- Import --------------------------------------------------------------------------------


def release(**tender: object) -> dict:
    base_tender = {
        "id": "GC-HC-2026",
        "title": "Home care in Gwynedd",
        "description": "Domiciliary care in three zones.",
        "tenderPeriod": {"endDate": "2030-06-30T12:00:00+01:00"},
        "enquiryPeriod": {"endDate": "2030-06-16T12:00:00+01:00"},
        "lotDetails": {"maximumLotsBidPerSupplier": 2},
        "lots": [
            {
                "id": "L1",
                "title": "Arfon",
                "cyd:estimatedHoursPerWeek": "400",
                "value": {"amount": 624000.5, "currency": "GBP"},
            },
            {"id": "L2", "title": "Meirionnydd", "description": "About 250 hours a week."},
        ],
    }
    base_tender.update(tender)
    return {
        "ocid": "ocds-h6vhtk-04a1b2",
        "id": "ocds-h6vhtk-04a1b2-tender-1",
        "date": "2030-05-01T09:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "GB-GOR-PB137", "name": "Gwynedd Council"},
        "tender": base_tender,
    }


def test_a_valid_release_creates_the_opportunity_and_its_lots(consortium):
    data = release()
    assert schema_errors(data) == []
    mark = tf.last_event_id()

    opp = services.opportunity_import(
        organisation=consortium, content=json.dumps(data).encode(), actor=None
    )

    opp.refresh_from_db()
    assert (
        opp.buyer_name,
        opp.buyer_identifier,
        opp.reference,
        opp.title,
        opp.ocid,
        opp.max_lots_per_bidder,
        opp.submission_deadline,
        opp.clarification_deadline,
        opp.source_release,
    ) == (
        "Gwynedd Council",
        "GB-GOR-PB137",
        "GC-HC-2026",
        "Home care in Gwynedd",
        "ocds-h6vhtk-04a1b2",
        2,
        dt.datetime(2030, 6, 30, 11, 0, tzinfo=UTC),
        dt.datetime(2030, 6, 16, 11, 0, tzinfo=UTC),
        data,
    )
    assert list(
        opp.lots.order_by("number").values_list(
            "number", "title", "estimated_hours_per_week", "value_ceiling_pence"
        )
    ) == [
        (1, "Arfon", Decimal("400.00"), 62_400_050),
        (2, "Meirionnydd", Decimal("250.00"), None),
    ]
    assert [e.action for e in tf.events_since(mark)] == [
        "opportunity.create",
        "opportunity.lot_add",
        "opportunity.lot_add",
    ]


def test_a_package_with_one_release_is_imported(consortium):
    package = {"uri": "https://example.org/p", "releases": [release()]}
    opp = services.opportunity_import(
        organisation=consortium, content=json.dumps(package), actor=None
    )
    assert opp.lots.count() == 2


def test_a_deadline_without_a_time_zone_is_uk_time(consortium):
    data = release(
        tenderPeriod={"endDate": "2030-01-31T12:00:00"},
        enquiryPeriod={"endDate": "2030-01-17T12:00:00"},
    )
    opp = services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)
    assert Opportunity.objects.get(pk=opp.pk).submission_deadline == dt.datetime(
        2030, 1, 31, 12, 0, tzinfo=UTC
    )


def test_a_release_that_fails_the_schema_is_refused_with_the_schema_errors(consortium):
    data = release()
    data["tag"] = "tender"
    data["tender"]["lots"][0]["value"]["amount"] = "lots"
    del data["tender"]["lots"][1]["id"]

    with refused(
        "file",
        "The release does not follow the OCDS schema:",
        "tag: 'tender' is not of type 'array'",
        "tender/lots/0/value/amount: 'lots' is not of type 'number', 'null'",
        "tender/lots/1: 'id' is a required property",
    ) as info:
        services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)

    messages = info.value.message_dict["file"]
    assert messages[0] == "The release does not follow the OCDS schema:"
    assert sorted(messages[1:]) == sorted(schema_errors(data))
    assert Opportunity.objects.count() == 0


def test_a_release_without_its_required_fields_is_refused(consortium):
    with refused("file", "'ocid' is a required property", "'initiationType' is a required"):
        services.opportunity_import(
            organisation=consortium, content=json.dumps({"tender": {}}), actor=None
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<xml>not json</xml>", "The file is not JSON"),
        (b"\xff\xfe\x00garbage", "The file is not JSON"),
        (b"", "The file is not JSON"),
        (b"[1, 2]", "The file must hold an OCDS release (a JSON object)."),
        (b'"a string"', "The file must hold an OCDS release (a JSON object)."),
    ],
)
def test_a_file_that_is_not_a_json_release_is_refused(consortium, content, message):
    with refused("file", message):
        services.opportunity_import(organisation=consortium, content=content, actor=None)


@pytest.mark.parametrize(("count", "shown"), [(2, "2"), (0, "0")])
def test_a_package_without_exactly_one_release_is_refused(consortium, count, shown):
    second = release()
    second["id"] = "ocds-h6vhtk-04a1b2-tender-2"
    package = {"uri": "https://example.org/p", "releases": [release(), second][:count]}
    with refused("file", f"The package holds {shown} releases"):
        services.opportunity_import(
            organisation=consortium, content=json.dumps(package), actor=None
        )


def test_a_lot_without_hours_refuses_the_whole_import(consortium):
    data = release()
    data["tender"]["lots"][1]["description"] = "Meirionnydd, the south of the county."
    with refused("file", "Lot L2 gives no estimated hours a week"):
        services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)
    assert Lot.objects.count() == 0


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Lot L1: Hours a week must be more than 0."),
        ("-40", "Lot L1: Hours a week must be more than 0."),
        ("100000", "Lot L1: 100000 hours a week is more than any lot of a care tender asks for"),
        ("many", "Lot L1: Enter hours a week as a number"),
    ],
)
def test_a_lot_with_impossible_hours_refuses_the_whole_import(consortium, hours, message):
    data = release()
    data["tender"]["lots"][0]["cyd:estimatedHoursPerWeek"] = hours
    with refused("file", message):
        services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)


def test_a_date_that_does_not_exist_is_refused(consortium):
    data = release(tenderPeriod={"endDate": "2030-02-30T12:00:00Z"})
    with refused("file", "tender/tenderPeriod/endDate: “2030-02-30T12:00:00Z” is not a date"):
        services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)


def test_a_release_without_a_deadline_is_refused(consortium):
    data = release(tenderPeriod={})
    with refused("file", "The release gives no submission deadline"):
        services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)


def test_the_same_tender_is_imported_once(consortium):
    content = json.dumps(release())
    services.opportunity_import(organisation=consortium, content=content, actor=None)
    with refused("file", "The tender: This buyer's opportunity GC-HC-2026 is already recorded."):
        services.opportunity_import(organisation=consortium, content=content, actor=None)


def test_clarifications_after_the_deadline_refuse_the_import(consortium):
    data = release(enquiryPeriod={"endDate": "2030-07-01T12:00:00Z"})
    with refused("file", "The tender: Clarification questions close before the submission"):
        services.opportunity_import(organisation=consortium, content=json.dumps(data), actor=None)


def test_the_export_of_an_imported_tender_keeps_its_ocid(consortium):
    opp = services.opportunity_import(
        organisation=consortium, content=json.dumps(release()), actor=None
    )
    bid = services.bid_create(opportunity=opp, consortium=consortium, actor=None)

    (exported,) = release_package(bid)["releases"]

    assert exported["ocid"] == "ocds-h6vhtk-04a1b2"
    assert exported["buyer"] == {"id": "GB-GOR-PB137", "name": "Gwynedd Council"}
    assert schema_errors(exported) == []
