"""The share ledger through the API: new entries, transfers, corrections; bad input names the
field and writes nothing; the ledger only ever grows."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import AuditEvent
from membership import services
from membership.models import ShareTransaction
from membership.selectors import member_holdings
from tests.api.membership.conftest import World, client_for, counts, url
from tests.factories import membership as mf


def holdings(member) -> dict[str, tuple[int, int]]:
    return {c.code: (h.shares, h.paid_pence) for c, h in member_holdings(member)}


def test_the_member_ledger_lists_entries_oldest_first(world: World, board_member):
    response = client_for(board_member).get(url("member-ledger", number=world.investor.number))

    entries = response.json()["results"]
    assert response.status_code == 200
    assert [(e["kind"], e["share_class"], e["shares"], e["paid_pence"]) for e in entries] == [
        ("allotment", "membership", 1, 0),
        ("payment", "membership", 0, 100),
        ("allotment", "investor", 100, 0),
        ("payment", "investor", 0, 10_000),
    ]
    assert {e["member"] for e in entries} == {world.investor.number}


@pytest.mark.parametrize(
    ("body", "effect"),
    [
        (
            {"kind": "allotment", "share_class": "investor", "shares": 20, "paid_pence": 500},
            {"investor": (120, 10_500), "membership": (1, 100)},
        ),
        (
            {"kind": "interest", "share_class": "investor", "shares": 3},
            {"investor": (103, 10_300), "membership": (1, 100)},
        ),
        (
            {"kind": "cancellation", "share_class": "investor", "shares": 40, "reason": "Rule 11"},
            {"investor": (60, 6_000), "membership": (1, 100)},
        ),
    ],
    ids=["allotment", "interest", "cancellation"],
)
def test_the_secretary_records_ledger_entries(world, secretary, body, effect):
    response = client_for(secretary).post(
        url("member-ledger", number=world.investor.number),
        {**body, "effective_on": "2024-03-01"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == body["kind"]
    assert response.json()["recorded_by"] == "secretary@example.org"
    assert holdings(world.investor) == effect
    event = AuditEvent.objects.filter(action=f"ledger.{body['kind']}").latest("id")
    assert event.actor == secretary
    assert event.after["shares"] == effect["investor"][0]


def test_a_payment_towards_unpaid_shares(world, secretary):
    client = client_for(secretary)
    number = world.investor.number
    client.post(
        url("member-ledger", number=number),
        {
            "kind": "allotment",
            "share_class": "investor",
            "shares": 10,
            "effective_on": "2024-03-01",
        },
        format="json",
    )

    paid = client.post(
        url("member-ledger", number=number),
        {
            "kind": "payment",
            "share_class": "investor",
            "amount_pence": 600,
            "effective_on": "2024-03-02",
        },
        format="json",
    )
    too_much = client.post(
        url("member-ledger", number=number),
        {
            "kind": "payment",
            "share_class": "investor",
            "amount_pence": 401,
            "effective_on": "2024-03-02",
        },
        format="json",
    )

    assert paid.status_code == 201
    assert paid.json()["paid_pence"] == 600
    assert too_much.status_code == 400
    assert too_much.json() == {
        "amount_pence": [
            "Only £4.00 is unpaid on these shares; a payment cannot be more than that."
        ]
    }
    assert holdings(world.investor)["investor"] == (110, 10_600)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "allotment", "shares": 0}, "shares", "1 or more"),
        ({"kind": "allotment", "shares": -5}, "shares", "1 or more"),
        ({"kind": "allotment", "shares": 1.5}, "shares", "A valid integer is required."),
        ({"kind": "allotment", "shares": "ten"}, "shares", "A valid integer is required."),
        ({"kind": "allotment"}, "shares", "This field is required."),
        ({"kind": "payment"}, "amount_pence", "This field is required."),
        ({"kind": "payment", "amount_pence": 0}, "amount_pence", "at least"),
        ({"kind": "allotment", "shares": 1, "paid_pence": 101}, "paid_pence", "full value"),
        ({"kind": "transfer_in", "shares": 1}, "kind", "not a valid choice"),
        ({"kind": "cancellation", "shares": 1}, "reason", "Give the reason"),
        ({"kind": "cancellation", "shares": 101, "reason": "x"}, "shares", "holds only 100"),
        ({"kind": "allotment", "shares": 1, "share_class": "gold"}, "share_class", "no share"),
        (
            {"kind": "allotment", "shares": 1, "effective_on": "2099-01-01"},
            "effective_on",
            "future",
        ),
        (
            {"kind": "allotment", "shares": 1, "effective_on": "2019-12-31"},
            "effective_on",
            "entered",
        ),
        (
            {"kind": "allotment", "shares": 99_901},
            "shares",
            "above the cap of £100,000.00 for a member who is not a registered society "
            "(CCBS Act 2014 s.24; rule 12)",
        ),
    ],
)
def test_bad_ledger_entries_name_the_field_and_write_nothing(
    world, secretary, body, field, message
):
    before = counts()
    payload = {"share_class": "investor", "effective_on": "2024-03-01", **body}

    response = client_for(secretary).post(
        url("member-ledger", number=world.investor.number), payload, format="json"
    )

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert counts() == before


def test_a_holding_above_the_class_maximum_is_refused(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("member-ledger", number=world.investor.number),
        {
            "kind": "allotment",
            "share_class": "membership",
            "shares": 1,
            "effective_on": "2024-03-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["shares"]
    assert "above the maximum of 1" in response.json()["shares"][0]
    assert "(share class terms)" in response.json()["shares"][0]
    assert counts() == before


def test_no_entry_on_a_ceased_members_account(world, secretary):
    mf_member = mf.member(world.organisation)
    services.member_cease(
        member=mf_member,
        ceased_on=mf_member.entered_on,
        reason="death",
        actor=None,
    )
    before = counts()

    response = client_for(secretary).post(
        url("member-ledger", number=mf_member.number),
        {"kind": "interest", "share_class": "investor", "shares": 1, "effective_on": "2024-03-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "nothing more can be recorded on their account" in response.json()["member"][0]
    assert counts() == before


def test_a_transfer_moves_shares_and_keeps_both_legs(world, secretary):
    response = client_for(secretary).post(
        url("transfers"),
        {
            "from_member": world.investor.number,
            "to_member": world.member.number,
            "share_class": "investor",
            "shares": 25,
            "effective_on": "2024-03-01",
            "reason": "Gift",
        },
        format="json",
    )

    entries = response.json()["entries"]
    assert response.status_code == 201, response.json()
    assert [
        (e["member"], e["kind"], e["shares"], e["paid_pence"], e["counterparty"]) for e in entries
    ] == [
        (world.investor.number, "transfer_out", -25, -2_500, world.member.number),
        (world.member.number, "transfer_in", 25, 2_500, world.investor.number),
    ]
    assert entries[0]["transfer_group"] == entries[1]["transfer_group"]
    assert holdings(world.investor)["investor"] == (75, 7_500)
    assert holdings(world.member)["investor"] == (25, 2_500)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"share_class": "membership"}, "share_class", "not transferable"),
        ({"to_member": 999}, "to_member", "no member number 999"),
        ({"shares": 101}, "shares", "holds only 100"),
        ({"shares": 0}, "shares", "1 or more"),
        ({"to_member": "self"}, "to_member", "A valid integer is required."),
    ],
)
def test_bad_transfers_name_the_field_and_write_nothing(world, secretary, change, field, message):
    before = counts()
    body = {
        "from_member": world.investor.number,
        "to_member": world.member.number,
        "share_class": "investor",
        "shares": 5,
        "effective_on": "2024-03-01",
        **change,
    }

    response = client_for(secretary).post(url("transfers"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert counts() == before


def test_a_transfer_on_death_ignores_transferability(world, secretary):
    services.member_cease(
        member=world.investor, ceased_on=world.investor.entered_on, reason="death", actor=None
    )

    response = client_for(secretary).post(
        url("transfers"),
        {
            "from_member": world.investor.number,
            "to_member": world.member.number,
            "share_class": "investor",
            "shares": 90,
            "effective_on": "2024-03-01",
            "on_death": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert [e["kind"] for e in response.json()["entries"]] == ["death_out", "death_in"]
    assert holdings(world.member)["investor"] == (90, 9_000)


def test_a_correction_reverses_an_entry_and_keeps_the_original(world, secretary):
    client = client_for(secretary)
    mistake = services.shares_allot(
        member=world.member,
        share_class=mf.share_class(world.organisation, "investor"),
        shares=100,
        effective_on=dt.date(2023, 1, 1),
        actor=None,
    )
    entries_before = ShareTransaction.objects.count()

    response = client.post(
        url("ledger-correct", pk=mistake.pk), {"reason": "Typed 100 for 10"}, format="json"
    )
    again = client.post(url("ledger-correct", pk=mistake.pk), {"reason": "Again"}, format="json")

    assert response.status_code == 201, response.json()
    [correction] = response.json()["entries"]
    assert (correction["kind"], correction["shares"], correction["reverses"]) == (
        "correction",
        -100,
        mistake.pk,
    )
    assert ShareTransaction.objects.count() == entries_before + 1
    assert ShareTransaction.objects.filter(pk=mistake.pk, shares=100).exists()
    assert holdings(world.member) == {"membership": (1, 100)}
    assert again.status_code == 400
    assert again.json() == {"entry": ["This entry has already been corrected."]}


def test_a_correction_needs_a_reason(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("ledger-correct", pk=world.allotment.pk), {"reason": ""}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"reason": ["This field may not be blank."]}
    assert counts() == before


def test_a_correction_that_would_undercut_a_pending_withdrawal_is_refused(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("ledger-correct", pk=world.allotment.pk), {"reason": "Typed 100 for 10"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["entry"]
    assert "being withdrawn" in response.json()["entry"][0]
    assert counts() == before
