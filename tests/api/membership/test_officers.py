"""The register of officers (kept as history) and the book of nominations (s.37)."""

from __future__ import annotations

import pytest

from coop.core.models import AuditEvent
from membership.models import Nomination, Officer
from tests.api.membership.conftest import World, client_for, counts, url


def test_officers_are_appointed_and_their_terms_kept_as_history(world: World, secretary):
    client = client_for(secretary)

    appointed = client.post(
        url("officers"),
        {
            "name": "Meinir Member",
            "office": "director",
            "appointed_on": "2023-09-01",
            "member": world.member.number,
            "appointment": "co_opted",
        },
        format="json",
    )
    ended = client.post(
        url("officer-end", pk=world.officer.pk),
        {"ended_on": "2024-09-01", "reason": "Stood down"},
        format="json",
    )
    everyone = client.get(url("officers"))
    current = client.get(url("officers") + "?current=true")

    assert appointed.status_code == 201, appointed.json()
    assert (appointed.json()["member"], appointed.json()["member_class"]) == (
        world.member.number,
        "users",
    )
    assert ended.status_code == 200
    assert (ended.json()["ended_on"], ended.json()["end_reason"]) == ("2024-09-01", "Stood down")
    assert [o["name"] for o in everyone.json()["results"]] == ["Meinir Member", "Carys Chair"]
    assert [o["name"] for o in current.json()["results"]] == ["Meinir Member"]
    assert Officer.objects.count() == 2
    assert AuditEvent.objects.filter(action="officer.end", actor=secretary).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"office": "king"}, "office", "not a valid choice"),
        ({"appointed_on": "2099-01-01"}, "appointed_on", "future"),
        ({"member": 999}, "member", "no member number 999"),
        ({"term_ends_on": "2020-01-01"}, "term_ends_on", "cannot end before it starts"),
        ({"member_class": "pets"}, "member_class", "no member class"),
    ],
)
def test_a_bad_appointment_names_the_field_and_writes_nothing(
    world, secretary, change, field, message
):
    before = counts()
    body = {"name": "Dai Director", "office": "director", "appointed_on": "2023-09-01", **change}

    response = client_for(secretary).post(url("officers"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before


def test_a_term_cannot_end_twice_or_before_it_began(world, secretary):
    client = client_for(secretary)
    pk = world.officer.pk

    early = client.post(url("officer-end", pk=pk), {"ended_on": "2020-01-01"}, format="json")
    client.post(url("officer-end", pk=pk), {"ended_on": "2024-01-01"}, format="json")
    twice = client.post(url("officer-end", pk=pk), {"ended_on": "2024-02-01"}, format="json")

    assert early.status_code == 400
    assert list(early.json()) == ["ended_on"]
    assert twice.status_code == 400
    assert list(twice.json()) == ["ended_on"]
    assert str(Officer.objects.get(pk=pk).ended_on) == "2024-01-01"


def test_nominations_are_recorded_and_revoked(world, secretary):
    client = client_for(secretary)

    recorded = client.post(
        url("nominations"),
        {
            "member": world.investor.number,
            "nominee_name": "Owain Investor",
            "nominee_address": "9 Stryd y Capel\nDolgellau",
            "relationship": "sibling",
            "received_on": "2023-04-01",
            "maximum_pence": 250_000,
        },
        format="json",
    )
    revoked = client.post(
        url("nomination-revoke", pk=world.nomination.pk), {"revoked_on": "2024-01-01"}
    )
    book = client.get(url("nominations"))

    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["maximum_pence"] == 250_000
    assert revoked.json()["revoked_on"] == "2024-01-01"
    assert [(n["member"], n["nominee_name"]) for n in book.json()["results"]] == [
        (world.member.number, "Nia Nominee"),
        (world.investor.number, "Owain Investor"),
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"maximum_pence": 500_001}, "maximum_pence", "(CCBS Act 2014 s.37)"),
        (
            {"relationship": "other", "nominee_is_officer_or_employee": True},
            "nominee_is_officer_or_employee",
            "void unless",
        ),
        ({"relationship": "cousin"}, "relationship", "not a valid choice"),
        ({"nominee_name": ""}, "nominee_name", "may not be blank"),
        ({"member": 999}, "member", "no member number 999"),
    ],
)
def test_a_bad_nomination_names_the_field_and_writes_nothing(
    world, secretary, change, field, message
):
    before = counts()
    body = {
        "member": world.investor.number,
        "nominee_name": "Owain Investor",
        "nominee_address": "9 Stryd y Capel",
        "relationship": "sibling",
        "received_on": "2023-04-01",
        **change,
    }

    response = client_for(secretary).post(url("nominations"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before
    assert Nomination.objects.count() == 1
