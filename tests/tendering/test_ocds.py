"""OCDS 1.1: a joint bid exported as a release package that validates against the shared
schema (bids, lots and subcontracting extensions) for each liability model, with the members'
shares of hours in the local extension field `cyd:hoursShare`; `export_ocds`; and an
opportunity imported from a buyer's release (refused, writing nothing, when it is not valid)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from jsonschema import Draft4Validator
from referencing import Registry, Resource

from tendering import services
from tendering.ocds import LOCAL_HOURS_FIELD, release_package
from tests.factories import tendering as tf
from tests.shared_data import ocds_schema_path, shared_data

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


def package_errors(package: dict) -> list[str]:
    """The package against the shared release package schema, its releases against the
    extended release schema."""
    package_schema = json.loads(
        (shared_data() / "ocds" / "release-package-schema-1.1.5.json").read_text(encoding="utf-8")
    )
    url = package_schema["properties"]["releases"]["items"]["$ref"]
    release_schema = {**_release_schema(), "$schema": "http://json-schema.org/draft-04/schema#"}
    registry = Registry().with_resource(url, Resource.from_contents(release_schema))
    validator = Draft4Validator(package_schema, registry=registry)
    return [e.message for e in validator.iter_errors(package)]


def _export(bid) -> dict:
    out = StringIO()
    call_command("export_ocds", str(bid.pk), stdout=out)
    return json.loads(out.getvalue())


# --- Export --------------------------------------------------------------------------------


@pytest.mark.parametrize("liability", ["joint_and_several", "lead_only"])
def test_a_bid_led_by_a_member_exports_the_lead_as_lead_tenderer(consortium, liability):
    world = tf.joint_bid(consortium, stage="submitted", liability=liability)
    a, b = world.coops

    package = _export(world.bid)

    assert package_errors(package) == []
    (release,) = package["releases"]
    assert schema_errors(release) == []
    assert [(p["id"], p["name"], p["roles"]) for p in release["parties"]] == [
        (f"buyer-{world.opportunity.pk}", "Powys County Council", ["buyer"]),
        (f"member-{a.pk}", "Co-op A", ["tenderer", "leadTenderer"]),
        (f"member-{b.pk}", "Co-op B", ["tenderer"]),
    ]
    (bid,) = release["bids"]["details"]
    assert bid["tenderers"] == [
        {"id": f"member-{a.pk}", "name": "Co-op A"},
        {"id": f"member-{b.pk}", "name": "Co-op B"},
    ]
    assert (bid["status"], bid["relatedLots"], bid["hasSubcontracting"]) == (
        "pending",
        ["lot-1", "lot-2"],
        False,
    )
    assert "subcontracting" not in bid
    # 2350p × 20 hours × 52 weeks = £24,440 a lot; two lots.
    assert bid["value"] == {"amount": 48880.0, "currency": "GBP"}
    assert bid["date"] == timezone.localtime(world.bid.submitted_at).isoformat()


def test_a_consortium_body_as_prime_has_the_members_as_subcontractors(consortium):
    world = tf.joint_bid(consortium, stage="ready", liability="prime")
    a, b = world.coops
    body = f"consortium-{consortium.pk}"

    package = _export(world.bid)

    assert package_errors(package) == []
    (release,) = package["releases"]
    assert schema_errors(release) == []
    parties = {p["id"]: p for p in release["parties"]}
    assert parties[body]["roles"] == ["tenderer", "leadTenderer"]
    assert parties[body]["identifier"] == {"scheme": "GB-MPR", "id": consortium.registered_number}
    assert parties[f"member-{a.pk}"]["roles"] == ["subcontractor"]
    assert parties[f"member-{b.pk}"]["roles"] == ["subcontractor"]
    (bid,) = release["bids"]["details"]
    assert bid["status"] == "invited"  # not submitted yet
    assert bid["tenderers"] == [{"id": body, "name": consortium.name}]
    assert bid["hasSubcontracting"] is True
    subcontracts = bid["subcontracting"]["subcontracts"]
    assert [s["subcontractor"]["id"] for s in subcontracts] == [f"member-{a.pk}", f"member-{b.pk}"]
    assert {s["mainContractors"][0]["id"] for s in subcontracts} == {body}


def test_each_members_share_of_the_hours_is_in_the_local_extension_field(consortium):
    world = tf.joint_bid(consortium, stage="drafting", lot_hours=("40", "30"))
    a, b = world.participants
    services.commitment_set(participant=a, lot=world.lots[0], hours_per_week="30", actor=None)
    c = services.participant_invite(
        bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
    )
    tf.approve(c)
    services.commitment_set(
        participant=c, lot=world.lots[1], hours_per_week="10", role="secondary", actor=None
    )

    (release,) = release_package(world.refresh())["releases"]

    assert schema_errors(release) == []
    assert LOCAL_HOURS_FIELD == "cyd:hoursShare"
    shares = release["bids"]["details"][0]["cyd:hoursShare"]
    member = {p.pk: f"member-{p.member_id}" for p in (a, b, c)}
    assert shares == [
        # Lot 1: 30 + 10 hours: 75% and 25%.
        {"party": member[a.pk], "lot": "lot-1", "hoursPerWeek": "30.00", "percentOfLot": "75.00"},
        {"party": member[b.pk], "lot": "lot-1", "hoursPerWeek": "10.00", "percentOfLot": "25.00"},
        # Lot 2: 10 hours each of three co-ops: a third each, rounded to 33.33.
        {"party": member[a.pk], "lot": "lot-2", "hoursPerWeek": "10.00", "percentOfLot": "33.33"},
        {"party": member[b.pk], "lot": "lot-2", "hoursPerWeek": "10.00", "percentOfLot": "33.33"},
        {"party": member[c.pk], "lot": "lot-2", "hoursPerWeek": "10.00", "percentOfLot": "33.33"},
    ]


def test_a_co_op_that_dropped_out_is_not_in_the_release(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    c = services.participant_invite(
        bid=world.bid, member=tf.coop(consortium, "Co-op C"), actor=None
    )
    tf.approve(c)
    services.participant_withdraw(participant=world.participants[1], reason="Closed", actor=None)

    (release,) = release_package(world.refresh())["releases"]

    assert schema_errors(release) == []
    assert [p["name"] for p in release["parties"]] == [
        "Powys County Council",
        "Co-op A",
        "Co-op C",
    ]
    shares = release["bids"]["details"][0]["cyd:hoursShare"]
    assert {s["party"] for s in shares} == {f"member-{world.coops[0].pk}"}
    # Co-op B's price lines stay on record but no longer weigh in the value: A alone,
    # 2400p × 20 hours × 52 weeks × 2 lots.
    assert release["bids"]["details"][0]["value"]["amount"] == 49920.0


def test_the_tender_and_its_lots_are_in_the_release(consortium):
    world = tf.joint_bid(consortium, stage="ready", max_lots=2, value_ceiling_pence=3_000_000)

    (release,) = release_package(world.bid)["releases"]

    tender = release["tender"]
    assert (tender["id"], tender["title"], tender["status"]) == (
        "PCC-DOM-1",
        "Domiciliary care in Powys",
        "active",
    )
    assert (
        tender["tenderPeriod"]["endDate"]
        == timezone.localtime(world.opportunity.submission_deadline).isoformat()
    )
    assert tender["lotDetails"] == {"maximumLotsBidPerSupplier": 2}
    assert [(lot["id"], lot["value"]) for lot in tender["lots"]] == [
        ("lot-1", {"amount": 30000.0, "currency": "GBP"}),
        ("lot-2", {"amount": 30000.0, "currency": "GBP"}),
    ]
    assert tender["awardCriteriaDetails"] == "Quality 60%; Price 30%; SV 10%"
    assert release["ocid"].startswith("ocds-cyd000-")
    assert release["tag"] == ["tender"]


def test_a_withdrawn_bid_says_so(consortium):
    world = tf.joint_bid(consortium, stage="submitted")
    services.bid_transition(bid=world.bid, to="withdrawn", reason="Lost staff", actor=None)
    (release,) = release_package(world.refresh())["releases"]
    assert release["bids"]["details"][0]["status"] == "withdrawn"
    assert schema_errors(release) == []


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("abc", "BID_ID must be a whole number, not 'abc'."),
        ("-1", "BID_ID must be a whole number, not '-1'."),
        ("1.5", "BID_ID must be a whole number, not '1.5'."),
        ("987654", "There is no joint bid with id 987654."),
    ],
)
def test_export_ocds_refuses_a_bad_or_unknown_id(db, argument, message):
    with pytest.raises(CommandError) as info:
        call_command("export_ocds", argument, stdout=StringIO())
    assert str(info.value) == message


def test_export_ocds_needs_an_id(db):
    with pytest.raises(CommandError):
        call_command("export_ocds", stdout=StringIO())
