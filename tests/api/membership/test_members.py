"""The members endpoints: the register list (filters, holdings, query counts), entry on the
register, contact details, suspension, ceasing and erasure of optional data."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.core.models import AuditEvent
from membership import services
from membership.models import Member
from tests.api.membership.conftest import World, client_for, counts, url
from tests.factories import membership as mf


def test_the_register_list_shows_holdings_from_the_ledger(world: World, secretary):
    response = client_for(secretary).get(url("members"))

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3
    investor = body["results"][1]
    assert investor["number"] == world.investor.number
    assert investor["holdings"] == [
        {"share_class": "investor", "shares": 90 + 10, "paid_pence": 10_000},
        {"share_class": "membership", "shares": 1, "paid_pence": 100},
    ]
    assert investor["member_class"] == "users"
    assert "phone" not in investor


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=suspended", ["Sara Suspended"]),
        ("?member_class=workers", ["Gwyn Worker"]),
        ("?search=gwyn", ["Gwyn Worker"]),
        ("?search=SY20", ["Sara Suspended"]),
        ("?search=7", ["Gwyn Worker"]),
        ("?ordering=-name", ["Sara Suspended", "Meinir Member", "Gwyn Worker"]),
        ("?ordering=name&member_class=users", ["Meinir Member", "Sara Suspended"]),
    ],
)
def test_the_register_list_filters_searches_and_orders(
    organisation, member_record, secretary, query, expected
):
    worker = mf.member(organisation, name="Gwyn Worker", cls="workers", number=7)
    suspended = mf.member(organisation, name="Sara Suspended")
    for member, email in [(member_record, "meinir"), (worker, "gwyn"), (suspended, "sara")]:
        services.member_update(member=member, changes={"email": f"{email}@example.org"}, actor=None)
    services.member_update(member=suspended, changes={"postcode": "SY20 8AA"}, actor=None)
    services.member_suspend(member=suspended, reason="Rule 9", actor=None)

    response = client_for(secretary).get(url("members") + query)

    assert response.status_code == 200
    assert [m["name"] for m in response.json()["results"]] == expected


def test_a_bad_filter_names_the_parameter(world, secretary):
    response = client_for(secretary).get(url("members") + "?status=asleep&ordering=age")

    assert response.status_code == 400
    assert response.json() == {
        "status": ['"asleep" is not a valid choice.'],
        "ordering": ['"age" is not a valid choice.'],
    }


LIST_QUERIES = 6


@pytest.mark.parametrize("size", [5, 60])
def test_the_member_list_makes_the_same_queries_at_any_size(
    organisation, secretary, size, django_assert_max_num_queries
):
    for n in range(size):
        mf.member(organisation, investor_shares=n + 1)
    client = client_for(secretary)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url("members"))

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(size, 50)


NEW_MEMBER = {
    "name": "Elin Evans",
    "member_class": "workers",
    "entered_on": "2023-06-01",
    "postal_address": "4 Heol Maengwyn\nMachynlleth",
    "postcode": "sy20 8ee",
    "email": "Elin@Example.org",
    "email_for_notices": True,
    "phone": "01654 700000",
}


def test_the_secretary_enters_a_member_on_the_register(world, secretary):
    response = client_for(secretary).post(url("members"), NEW_MEMBER, format="json")

    body = response.json()
    member = Member.objects.get(organisation=world.organisation, name="Elin Evans")
    assert response.status_code == 201
    assert body["number"] == member.number == 4
    assert body["postcode"] == "SY20 8EE"
    assert body["email"] == "elin@example.org"
    assert body["holdings"] == []
    event = AuditEvent.objects.filter(action="member.register").latest("id")
    assert (event.actor, event.object_id) == (secretary, str(member.pk))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"member_class": "investors"}, "member_class", "has no member class"),
        ({"entered_on": "2099-01-01"}, "entered_on", "cannot be in the future"),
        ({"entered_on": "2010-01-01"}, "entered_on", "before Dyfi Care Co-operative was"),
        ({"entered_on": "1 June 2023"}, "entered_on", "Date has wrong format"),
        ({"postal_address": "  "}, "postal_address", "may not be blank"),
        ({"number": 1}, "number", "never reused"),
        ({"number": 0}, "number", "greater than or equal to 1"),
        ({"email": "", "email_for_notices": True}, "email", "Give an email address"),
        ({"date_of_birth": "2020-01-01"}, "date_of_birth", "at least 16 years old (rule 7)"),
        ({"name": None}, "name", "may not be null"),
    ],
)
def test_bad_member_details_are_refused_naming_the_field(world, secretary, change, field, message):
    before = counts()

    response = client_for(secretary).post(url("members"), {**NEW_MEMBER, **change}, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert counts() == before


def test_a_malformed_json_body_is_refused_and_writes_nothing(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("members"), '{"name": "Elin", ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert counts() == before


def test_the_secretary_changes_contact_details(world, secretary):
    number = world.investor.number

    response = client_for(secretary).patch(
        url("member", number=number),
        {"email": "IFAN@example.org", "member_class": "supporters", "phone": "07700 900000"},
        format="json",
    )

    world.investor.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["member_class"] == "supporters"
    assert (world.investor.email, world.investor.phone) == ("ifan@example.org", "07700 900000")
    event = AuditEvent.objects.filter(action="member.update").latest("id")
    assert event.after == {
        "email": "ifan@example.org",
        "phone": "07700 900000",
        "member_class": world.investor.member_class_id,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [({}, "non_field_errors"), ({"number": 99}, "non_field_errors"), ({"email": "x"}, "email")],
)
def test_a_bad_change_of_details_writes_nothing(world, secretary, change, field):
    before = counts()

    response = client_for(secretary).patch(
        url("member", number=world.investor.number), change, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert counts() == before


def test_suspend_and_reinstate(world, secretary):
    client = client_for(secretary)
    number = world.member.number

    suspended = client.post(url("member-suspend", number=number), {"reason": "Rule 9"})
    again = client.post(url("member-suspend", number=number), {"reason": "Rule 9"})
    reinstated = client.post(url("member-reinstate", number=number))

    assert suspended.status_code == 200
    assert suspended.json()["status"] == "suspended"
    assert suspended.json()["suspended_reason"] == "Rule 9"
    assert again.status_code == 400
    assert again.json() == {"status": ["Only an active member can be suspended."]}
    assert reinstated.json()["status"] == "active"
    assert list(
        AuditEvent.objects.filter(action__in=["member.suspend", "member.reinstate"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["member.suspend", "member.reinstate"]


def test_a_member_holding_shares_cannot_cease_until_they_are_gone(world, secretary):
    client = client_for(secretary)
    number = world.member.number
    body = {"ceased_on": "2024-02-01", "ceased_reason": "withdrawal"}
    before = counts()

    refused = client.post(url("member-cease", number=number), body, format="json")

    assert refused.status_code == 400
    assert "still holds 1 shares" in refused.json()["ceased_on"][0]
    assert counts() == before

    services.shares_cancel(
        member=world.member,
        share_class=mf.share_class(world.organisation),
        shares=1,
        effective_on=dt.date(2024, 1, 31),
        reason="Left",
        actor=None,
    )
    ceased = client.post(url("member-cease", number=number), body, format="json")

    assert ceased.status_code == 200
    assert (ceased.json()["status"], ceased.json()["ceased_on"]) == ("ceased", "2024-02-01")
    assert Member.objects.filter(pk=world.member.pk).exists()  # never deleted


def test_cease_needs_a_known_reason(world, secretary):
    response = client_for(secretary).post(
        url("member-cease", number=world.member.number),
        {"ceased_on": "2024-02-01", "ceased_reason": "bored"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"ceased_reason": ['"bored" is not a valid choice.']}


def test_optional_data_is_erased_but_statutory_fields_are_kept(world, secretary):
    client = client_for(secretary)
    number = world.investor.number
    services.member_update(member=world.investor, changes={"phone": "01970 000000"}, actor=None)
    before = counts()

    refused = client.post(
        url("member-erase-optional", number=number),
        {"fields": ["phone", "postal_address"]},
        format="json",
    )

    world.investor.refresh_from_db()
    assert refused.status_code == 400
    assert refused.json() == {
        "fields": [
            "postal_address: This is part of the statutory register (CCBS Act 2014 s.30) and "
            "must be kept while the law requires it."
        ]
    }
    assert world.investor.phone == "01970 000000"
    assert counts() == before

    erased = client.post(
        url("member-erase-optional", number=number), {"fields": ["phone"]}, format="json"
    )

    world.investor.refresh_from_db()
    assert erased.status_code == 200
    assert erased.json()["phone"] == ""
    assert world.investor.phone == ""
    event = AuditEvent.objects.filter(action="member.erase_optional").get()
    assert event.before == {"phone": "(erased)"}


def test_member_detail_by_number_and_unknown_number(world, scrutineer):
    client = client_for(scrutineer)

    found = client.get(url("member", number=world.investor.number))
    missing = client.get(url("member", number=999))

    assert found.status_code == 200
    assert found.json()["name"] == "Ifan Investor"
    assert found.json()["joint_holders"] == []
    assert missing.status_code == 404


def test_a_browser_gets_json(world, secretary):
    response = client_for(secretary).get(
        url("members"), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
