"""Organisations and their rules: rules versions, member classes and share classes."""

from __future__ import annotations

import pytest

from coop.core.models import AuditEvent
from membership.models import MemberClass, RulesVersion, ShareClass
from tests.api.membership.conftest import client_for, counts, url


def test_an_organisation_shows_your_roles(organisation, member, board_member):
    as_member = client_for(member).get(url("organisation")).json()
    as_board = client_for(board_member).get(url("organisation")).json()

    assert (as_member["name"], as_member["registered_number"]) == (
        "Dyfi Care Co-operative",
        organisation.registered_number,
    )
    assert as_member["your_roles"] == ["member"]
    assert as_board["your_roles"] == ["board_member"]


def test_members_see_the_rules_and_classes(organisation, member):
    client = client_for(member)

    rules = client.get(url("rules-versions")).json()["results"]
    classes = client.get(url("member-classes")).json()["results"]
    shares = client.get(url("share-classes")).json()["results"]

    assert [(r["effective_from"], r["rule_numbers"]["minimum_age"]) for r in rules] == [
        ("2015-04-01", "7")
    ]
    assert [t["code"] for t in rules[0]["resolution_types"]] == [
        "ordinary",
        "rule_change",
        "s111_special",
        "special",
    ]
    assert [(c["code"], c["share_classes"]) for c in classes] == [
        ("users", ["investor", "membership"]),
        ("workers", ["investor", "membership"]),
        ("supporters", ["investor", "membership"]),
    ]
    assert [(s["code"], s["nominal_value_pence"]) for s in shares] == [
        ("investor", 100),
        ("membership", 100),
    ]


def test_the_secretary_records_a_new_rules_version(organisation, secretary):
    response = client_for(secretary).post(
        url("rules-versions"),
        {
            "effective_from": "2024-04-01",
            "title": "Rules as amended 2024",
            "notice_clear_days": 21,
            "quorum_percent": "12.50",
            "rule_numbers": {"notice_clear_days": "31"},
        },
        format="json",
    )

    version = RulesVersion.objects.get(title="Rules as amended 2024")
    assert response.status_code == 201
    assert (version.notice_clear_days, str(version.quorum_percent)) == (21, "12.50")
    assert version.cite("notice_clear_days") == "rule 31"
    assert response.json()["minimum_age"] == 16
    assert AuditEvent.objects.filter(action="rules_version.create", actor=secretary).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"effective_from": "2015-04-01"}, "effective_from", "already starts on that day"),
        ({"effective_from": "2001-01-01"}, "effective_from", "before the organisation"),
        ({"rule_numbers": {"colour": "3"}}, "rule_numbers", "unknown settings: colour"),
        ({"quorum_percent": "150"}, "quorum_percent", "less than or equal to 100"),
        ({"quorum_members": -1}, "quorum_members", "greater than or equal to 0"),
        ({"title": ""}, "title", "may not be blank"),
    ],
)
def test_a_bad_rules_version_names_the_field_and_writes_nothing(
    organisation, secretary, change, field, message
):
    before = counts()
    body = {"effective_from": "2024-04-01", "title": "Rules 2024", **change}

    response = client_for(secretary).post(url("rules-versions"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before


def test_the_secretary_defines_share_and_member_classes(organisation, secretary):
    client = client_for(secretary)

    share_class = client.post(
        url("share-classes"),
        {
            "code": "loan",
            "name": "Loan stock",
            "nominal_value_pence": 2_500,
            "is_transferable": True,
        },
        format="json",
    )
    member_class = client.post(
        url("member-classes"),
        {
            "code": "investors",
            "name": "Investors",
            "vote_cap_percent": "10",
            "share_classes": ["loan"],
        },
        format="json",
    )

    assert share_class.status_code == 201, share_class.json()
    assert ShareClass.objects.get(code="loan").nominal_value_pence == 2_500
    assert member_class.status_code == 201, member_class.json()
    assert member_class.json()["share_classes"] == ["loan"]
    assert member_class.json()["vote_cap_percent"] == "10.00"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "share-classes",
            {"code": "loan", "name": "Loan", "nominal_value_pence": 0},
            "nominal_value_pence",
        ),
        (
            "share-classes",
            {"code": "investor", "name": "Again", "nominal_value_pence": 1},
            "non_field_errors",
        ),
        ("share-classes", {"code": "bad code", "name": "Loan", "nominal_value_pence": 1}, "code"),
        (
            "member-classes",
            {"code": "big", "name": "Big", "vote_share_percent": "30"},
            "vote_share_percent",
        ),
        ("member-classes", {"code": "x", "name": "X", "share_classes": ["gold"]}, "share_classes"),
    ],
)
def test_bad_classes_name_the_field_and_write_nothing(organisation, secretary, path, body, field):
    before = counts()

    response = client_for(secretary).post(url(path), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert counts() == before
    assert MemberClass.objects.count() == 3
