"""Withdrawals through the API: notice → board decision (solvency considered) → payment; the
member's own notice; suspension of a class; each refusal names the field and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import AuditEvent
from membership import services
from membership.models import Member, ShareTransaction, Withdrawal
from membership.selectors import member_holdings
from tests.api.membership.conftest import World, client_for, counts, url
from tests.factories import membership as mf

DECISION = {
    "approve": True,
    "decided_on": "2024-05-01",
    "solvency_considered": True,
    "board_minute_reference": "B/2024/5",
}


def test_a_withdrawal_runs_from_notice_to_payment(world: World, secretary, board_member):
    pk = world.withdrawal.pk

    decided = client_for(board_member).post(
        url("withdrawal-decide", pk=pk), DECISION, format="json"
    )
    paid = client_for(secretary).post(
        url("withdrawal-pay", pk=pk), {"paid_on": "2024-05-02"}, format="json"
    )

    assert decided.status_code == 200, decided.json()
    assert (decided.json()["status"], decided.json()["solvency_considered"]) == ("approved", True)
    assert paid.status_code == 200, paid.json()
    assert (paid.json()["status"], paid.json()["amount_pence"]) == ("paid", 1_000)
    entry = ShareTransaction.objects.get(withdrawal_id=pk)
    assert (entry.kind, entry.shares, entry.paid_pence) == ("withdrawal", -10, -1_000)
    assert {c.code: h.shares for c, h in member_holdings(world.investor)}["investor"] == 90
    assert list(
        AuditEvent.objects.filter(object_type="membership.withdrawal", object_id=str(pk))
        .order_by("id")
        .values_list("action", "actor__email")
    ) == [
        ("withdrawal.request", None),
        ("withdrawal.approve", "board@example.org"),
        ("withdrawal.pay", "secretary@example.org"),
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"solvency_considered": False}, "solvency_considered", "solvent"),
        ({"decided_on": "2024-04-01"}, "decided_on", "notice period runs until"),
        ({"decided_on": "2099-01-01"}, "decided_on", "future"),
        ({"decided_on": "yesterday"}, "decided_on", "Date has wrong format"),
        ({"approve": "perhaps"}, "approve", "Must be a valid boolean."),
    ],
)
def test_a_bad_decision_names_the_field_and_writes_nothing(
    world, board_member, change, field, message
):
    before = counts()

    response = client_for(board_member).post(
        url("withdrawal-decide", pk=world.withdrawal.pk), {**DECISION, **change}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before
    assert Withdrawal.objects.get(pk=world.withdrawal.pk).status == "requested"


def test_paying_before_approval_is_refused(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("withdrawal-pay", pk=world.withdrawal.pk), {"paid_on": "2024-05-02"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert counts() == before


def test_a_refused_withdrawal_cannot_be_paid(world, secretary, board_member):
    pk = world.withdrawal.pk
    client_for(board_member).post(
        url("withdrawal-decide", pk=pk),
        {**DECISION, "approve": False, "solvency_considered": False},
        format="json",
    )

    response = client_for(secretary).post(url("withdrawal-pay", pk=pk), {"paid_on": "2024-05-02"})

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert Withdrawal.objects.get(pk=pk).status == "refused"


def test_the_secretary_cancels_a_withdrawal(world, secretary):
    response = client_for(secretary).post(
        url("withdrawal-cancel", pk=world.withdrawal.pk), {"reason": "Changed their mind"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert (
        AuditEvent.objects.filter(action="withdrawal.cancel", reason="Changed their mind").count()
        == 1
    )


def test_the_secretary_records_notice_on_a_members_behalf(world, secretary):
    response = client_for(secretary).post(
        url("withdrawals"),
        {
            "member": world.investor.number,
            "share_class": "investor",
            "shares": 20,
            "requested_on": "2024-02-01",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["notice_ends_on"], response.json()["status"]) == (
        "2024-05-01",
        "requested",
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"shares": 91}, "shares", "at most 90"),
        ({"shares": 0}, "shares", "1 or more"),
        ({"share_class": "membership"}, "share_class", "not withdrawable"),
        ({"member": 999}, "member", "no member number 999"),
        ({"requested_on": "2099-01-01"}, "requested_on", "future"),
    ],
)
def test_a_bad_notice_names_the_field_and_writes_nothing(world, secretary, change, field, message):
    before = counts()
    body = {
        "member": world.investor.number,
        "share_class": "investor",
        "shares": 20,
        "requested_on": "2024-02-01",
        **change,
    }

    response = client_for(secretary).post(url("withdrawals"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before


def test_suspended_withdrawals_refuse_new_notices_until_resumed(world, secretary, board_member):
    board = client_for(board_member)
    body = {
        "member": world.investor.number,
        "share_class": "investor",
        "shares": 5,
        "requested_on": "2024-02-01",
    }

    suspended = board.post(
        url("share-class-suspend-withdrawals", code="investor"), {"reason": "Cash flow"}
    )
    refused = client_for(secretary).post(url("withdrawals"), body, format="json")
    resumed = board.post(url("share-class-resume-withdrawals", code="investor"))
    accepted = client_for(secretary).post(url("withdrawals"), body, format="json")

    assert suspended.status_code == 200
    assert suspended.json()["withdrawals_suspended"] is True
    assert refused.status_code == 400
    assert "suspended withdrawals" in refused.json()["share_class"][0]
    assert resumed.json()["withdrawals_suspended"] is False
    assert accepted.status_code == 201


def test_suspending_needs_a_reason(world, board_member):
    before = counts()

    response = client_for(board_member).post(
        url("share-class-suspend-withdrawals", code="investor"), {}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"reason": ["This field is required."]}
    assert counts() == before


def test_a_member_gives_notice_for_their_own_shares(organisation, member_record, member):
    mf_share = mf.share_class(organisation, "investor")
    services.shares_allot(
        member=member_record,
        share_class=mf_share,
        shares=30,
        effective_on=dt.date(2022, 1, 1),
        actor=None,
    )
    client = client_for(member)

    response = client.post(
        url("account-withdrawals"), {"share_class": "investor", "shares": 10}, format="json"
    )
    listed = client.get(url("account-withdrawals"))

    assert response.status_code == 201, response.json()
    assert response.json()["member"] == member_record.number
    assert [w["shares"] for w in listed.json()["results"]] == [10]
    event = AuditEvent.objects.filter(action="withdrawal.request").latest("id")
    assert event.actor == member


def test_a_member_cannot_withdraw_more_than_they_hold(organisation, member_record, member):
    before = counts()

    response = client_for(member).post(
        url("account-withdrawals"), {"share_class": "investor", "shares": 1}, format="json"
    )

    assert response.status_code == 400
    assert "at most 0" in response.json()["shares"][0]
    assert counts() == before


def test_a_member_sees_only_their_own_withdrawals(world, member):
    response = client_for(member).get(url("account-withdrawals"))

    assert response.status_code == 200
    assert response.json()["results"] == []
    assert Member.objects.get(pk=world.investor.pk).withdrawals.count() == 1
