"""Applications: the public join endpoint (no sign-in, throttled) and the board's decisions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from coop.core.models import AuditEvent
from membership.models import Application, Member, ShareTransaction
from tests.api.membership.conftest import World, client_for, counts, url

JOIN = {
    "name": "Gwen Griffiths",
    "email": "Gwen@Example.org",
    "postal_address": "7 Maes y Dref\nLlanidloes",
    "postcode": "sy18 6aa",
    "member_class": "users",
    "share_class": "membership",
    "shares_requested": 1,
    "declaration": True,
    "preferred_language": "cy",
}


def test_anyone_may_apply_to_join_without_signing_in(organisation):
    response = APIClient().post(url("applications"), JOIN, format="json")

    application = Application.objects.get(name="Gwen Griffiths")
    assert response.status_code == 201
    assert response.json() == {
        "id": application.pk,
        "status": "submitted",
        "submitted_at": response.json()["submitted_at"],
    }
    assert (application.email, application.postcode, application.preferred_language) == (
        "gwen@example.org",
        "SY18 6AA",
        "cy",
    )
    assert AuditEvent.objects.filter(action="application.submit", actor=None).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"declaration": False}, "declaration", "Confirm the declaration"),
        ({"shares_requested": 0}, "shares_requested", "at least 1"),
        ({"share_class": "investor"}, "share_class", "gives membership"),
        ({"member_class": "pets"}, "member_class", "no member class"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"date_of_birth": "2015-01-01"}, "date_of_birth", "at least 16 years old"),
        ({"postcode": None}, "postcode", "may not be null"),
    ],
)
def test_a_bad_application_names_the_field_and_writes_nothing(organisation, change, field, message):
    before = counts()

    response = APIClient().post(url("applications"), {**JOIN, **change}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before


def test_an_unknown_organisation_has_no_join_endpoint(db):
    response = APIClient().post(url("applications", slug="nowhere"), JOIN, format="json")

    assert response.status_code == 404


def test_applications_to_join_are_throttled(organisation):
    client = APIClient()

    answers = [
        client.post(
            url("applications"), {**JOIN, "email": f"g{n}@example.org"}, format="json"
        ).status_code
        for n in range(11)
    ]

    assert answers == [201] * 10 + [429]
    assert Application.objects.count() == 10


def test_the_board_admits_an_applicant(world: World, board_member):
    pk = world.application.pk

    response = client_for(board_member).post(
        url("application-approve", pk=pk),
        {"decided_on": "2024-06-03", "board_minute_reference": "B/2024/6"},
        format="json",
    )

    body = response.json()
    member = Member.objects.get(organisation=world.organisation, name="Alun Applicant")
    assert response.status_code == 200, body
    assert (body["status"], body["member"]) == ("approved", member.number)
    assert str(member.entered_on) == "2024-06-03"
    allotment = ShareTransaction.objects.get(member=member, kind="allotment")
    assert (allotment.share_class.code, allotment.shares) == ("membership", 1)
    assert AuditEvent.objects.filter(action="application.approve", actor=board_member).count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"decided_on": "2099-01-01"}, "decided_on", "future"),
        (
            {"decided_on": "2010-01-01"},
            "decided_on",
            "before Dyfi Care Co-operative was registered",
        ),
        ({}, "decided_on", "This field is required."),
    ],
)
def test_a_bad_admission_names_the_field_and_writes_nothing(
    world, board_member, body, field, message
):
    before = counts()

    response = client_for(board_member).post(
        url("application-approve", pk=world.application.pk), body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before


def test_the_board_declines_an_application_with_its_reason(world, secretary):
    client = client_for(secretary)
    pk = world.application.pk

    declined = client.post(url("application-reject", pk=pk), {"reason": "Outside our area"})
    again = client.post(url("application-approve", pk=pk), {"decided_on": "2024-06-03"})

    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["decision_reason"]) == (
        "rejected",
        "Outside our area",
    )
    assert again.status_code == 400
    assert list(again.json()) == ["status"]
    assert Member.objects.filter(name="Alun Applicant").count() == 0


def test_the_board_lists_applications_by_status(world, board_member):
    client = client_for(board_member)

    waiting = client.get(url("applications") + "?status=submitted")
    decided = client.get(url("applications") + "?status=approved")
    bad = client.get(url("applications") + "?status=maybe")

    assert [a["name"] for a in waiting.json()["results"]] == ["Alun Applicant"]
    assert decided.json()["results"] == []
    assert bad.status_code == 400
    assert list(bad.json()) == ["status"]
