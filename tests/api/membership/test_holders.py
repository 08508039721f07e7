"""Joint holders, representatives of member organisations, and share certificates."""

from __future__ import annotations

import pytest

from coop.core.models import AuditEvent
from membership.models import JointHolder, Representative, ShareCertificate
from tests.api.membership.conftest import World, client_for, counts, url


def test_a_joint_holder_is_added_and_designated_to_vote(world: World, secretary):
    client = client_for(secretary)
    number = world.investor.number

    first = client.post(
        url("member-joint-holders", number=number),
        {"name": "Ffion Investor", "is_designated_voter": True},
        format="json",
    )
    second = client.post(
        url("member-joint-holders", number=number),
        {"name": "Huw Investor", "is_designated_voter": True},
        format="json",
    )
    detail = client.get(url("member", number=number)).json()

    assert (first.status_code, second.status_code) == (201, 201)
    assert [(h["name"], h["is_designated_voter"]) for h in detail["joint_holders"]] == [
        ("Ffion Investor", False),
        ("Huw Investor", True),
    ]
    assert AuditEvent.objects.filter(action="joint_holder.add", actor=secretary).count() == 2


def test_a_joint_holder_needs_a_name(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("member-joint-holders", number=world.investor.number), {"name": ""}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"name": ["This field may not be blank."]}
    assert counts() == before


def test_a_new_representative_ends_the_previous_term(world, secretary):
    client = client_for(secretary)
    number = world.member_organisation.number

    added = client.post(
        url("member-representatives", number=number),
        {"name": "Rhian Representative", "started_on": "2024-01-01"},
        format="json",
    )

    world.representative.refresh_from_db()
    assert added.status_code == 201, added.json()
    assert (added.json()["role"], added.json()["ended_on"]) == ("primary", None)
    assert str(world.representative.ended_on) == "2024-01-01"
    assert Representative.objects.filter(ended_on__isnull=True).count() == 1


def test_only_a_member_organisation_has_representatives(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("member-representatives", number=world.investor.number),
        {"name": "Rhian", "started_on": "2024-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"member": ["Only a member organisation has representatives."]}
    assert counts() == before


def test_a_representative_stands_down(world, secretary):
    client = client_for(secretary)
    pk = world.representative.pk

    ended = client.post(url("representative-end", pk=pk), {"ended_on": "2024-02-01"})
    twice = client.post(url("representative-end", pk=pk), {"ended_on": "2024-03-01"})

    assert ended.status_code == 200
    assert ended.json()["ended_on"] == "2024-02-01"
    assert twice.status_code == 400
    assert list(twice.json()) == ["ended_on"]


def test_a_certificate_is_issued_for_the_current_holding(world, secretary):
    client = client_for(secretary)
    number = world.investor.number

    issued = client.post(
        url("member-certificates", number=number), {"share_class": "investor"}, format="json"
    )
    listed = client.get(url("member-certificates", number=number))

    assert issued.status_code == 201, issued.json()
    body = issued.json()
    assert (body["number"], body["shares"], body["paid_pence"]) == (2, 100, 10_000)
    assert [c["number"] for c in listed.json()["results"]] == [2]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"share_class": "gold"}, "share_class"), ({}, "share_class")],
)
def test_a_bad_certificate_request_writes_nothing(world, secretary, body, field):
    before = counts()

    response = client_for(secretary).post(
        url("member-certificates", number=world.investor.number), body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert counts() == before


def test_a_certificate_for_shares_not_held_is_refused(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("member-certificates", number=world.member.number),
        {"share_class": "investor"},
        format="json",
    )

    assert response.status_code == 400
    assert "holds no Investor shares" in response.json()["share_class"][0]
    assert counts() == before


def test_a_member_downloads_their_own_certificate_only(world, member, secretary):
    other = client_for(secretary).post(
        url("member-certificates", number=world.investor.number),
        {"share_class": "investor"},
        format="json",
    )
    client = client_for(member)

    mine = client.get(url("account-certificate-pdf", pk=world.certificate.pk))
    theirs = client.get(url("account-certificate-pdf", pk=other.json()["id"]))
    listed = client.get(url("account-certificates"))

    assert mine.status_code == 200
    assert mine["Content-Type"] == "application/pdf"
    assert mine.content.startswith(b"%PDF")
    assert theirs.status_code == 404
    assert [c["id"] for c in listed.json()["results"]] == [world.certificate.pk]
    assert ShareCertificate.objects.count() == 2
    assert JointHolder.objects.count() == 0
