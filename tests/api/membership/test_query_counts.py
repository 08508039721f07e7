"""List endpoints make the same number of queries whatever the size of the list: pinned at 5
and at 60 items (a page holds 50) with the same bound. (The member list's pin is in
test_members.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from membership import services
from membership.models import Member, Officer, Organisation
from tests.api.membership.conftest import client_for, url
from tests.factories import membership as mf


def members(org: Organisation, size: int) -> list[Member]:
    return [mf.member(org, investor_shares=n + 1) for n in range(size)]


def with_withdrawals(org: Organisation, size: int) -> dict:
    for member in members(org, size):
        services.withdrawal_request(
            member=member,
            share_class=mf.share_class(org, "investor"),
            shares=1,
            requested_on=dt.date(2024, 1, 10),
            actor=None,
        )
    return {}


def with_applications(org: Organisation, size: int) -> dict:
    for n in range(size):
        services.application_submit(
            organisation=org,
            name=f"Applicant {n}",
            email=f"applicant{n}@example.org",
            postal_address="1 Stryd",
            postcode="SY23 1AA",
            member_class=mf.member_class(org, ("users", "workers")[n % 2]),
            share_class=mf.share_class(org),
            shares_requested=1,
            declaration=True,
        )
    return {}


def with_officers(org: Organisation, size: int) -> dict:
    for member in members(org, size):
        services.officer_appoint(
            organisation=org,
            name=member.name,
            office=Officer.Office.DIRECTOR,
            appointed_on=dt.date(2021, 1, 1),
            member=member,
            actor=None,
        )
    return {}


def with_nominations(org: Organisation, size: int) -> dict:
    for member in members(org, size):
        services.nomination_record(
            member=member,
            nominee_name="Nominee",
            nominee_address="1 Lôn",
            relationship="child",
            received_on=dt.date(2022, 1, 1),
            actor=None,
        )
    return {}


def with_ledger(org: Organisation, size: int) -> dict:
    member = mf.member(org)
    other = mf.member(org)
    for n in range(size):
        services.shares_allot(
            member=member,
            share_class=mf.share_class(org, "investor"),
            shares=2,
            effective_on=dt.date(2021, 1, 1) + dt.timedelta(days=n),
            actor=None,
        )
        services.shares_transfer(
            from_member=member,
            to_member=other,
            share_class=mf.share_class(org, "investor"),
            shares=1,
            effective_on=dt.date(2021, 1, 1) + dt.timedelta(days=n),
            actor=None,
        )
    return {"number": member.number}


def with_own_withdrawals(org: Organisation, size: int) -> dict:
    """The `member` persona gives notice for one share at a time, `size` times."""
    own = Member.objects.get(organisation=org, user__email="member@example.org")
    investor = mf.share_class(org, "investor")
    services.shares_allot(
        member=own, share_class=investor, shares=size, effective_on=dt.date(2020, 2, 1), actor=None
    )
    for n in range(size):
        services.withdrawal_request(
            member=own,
            share_class=investor,
            shares=1,
            requested_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            actor=None,
        )
    return {}


def with_members(org: Organisation, size: int) -> dict:
    members(org, size)
    return {}


PINS: list[tuple[str, Callable[[Organisation, int], dict], int, str]] = [
    ("register", with_members, 7, "secretary"),
    ("duplicate-register", with_members, 6, "member"),
    ("withdrawals", with_withdrawals, 4, "secretary"),
    ("applications", with_applications, 4, "board_member"),
    ("officers", with_officers, 4, "scrutineer"),
    ("nominations", with_nominations, 4, "secretary"),
    ("member-ledger", with_ledger, 5, "secretary"),
    ("audit-events", with_members, 4, "scrutineer"),
    ("account-withdrawals", with_own_withdrawals, 5, "member"),
]


@pytest.mark.parametrize("size", [5, 60])
@pytest.mark.parametrize(("name", "build", "bound", "persona"), PINS, ids=[p[0] for p in PINS])
def test_list_queries_do_not_grow_with_the_list(
    organisation, member, request, django_assert_max_num_queries, name, build, bound, persona, size
):
    kwargs = build(organisation, size)
    client = client_for(request.getfixturevalue(persona))

    with django_assert_max_num_queries(bound):
        response = client.get(url(name, **kwargs))

    assert response.status_code == 200
    assert response.json()["count"] >= min(size, 1)
