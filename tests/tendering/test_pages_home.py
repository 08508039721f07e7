"""The joint bids are reached from a person's home page and the site's navigation: the lead
is told of the bids under way and finds the consortium's bids from its card; a co-op's
officer is told what their co-op owes its bids and finds them from the co-op's card; people
without a bid role see none of it. The home page's queries do not grow with the bids."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coop.core.permissions import Role
from membership.models import Member
from tests.factories import membership as mf
from tests.tendering.test_pages_setup import build, consortium, coop_member, person_of, text, url


@pytest.fixture
def organisation(db):
    """The personas' organisation is a consortium here: its bid manager leads its bids."""
    return consortium()


def _home(person) -> str:
    client = Client()
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return text(response)


def test_a_bid_managers_home_shows_the_bids_under_way_and_links_them(organisation, bid_manager):
    build(organisation, questions=1)
    build(organisation, questions=1, reference="PCC-2", stage="consulting")
    index = reverse("tendering:index", args=[organisation.slug])

    html = _home(bid_manager)

    assert f'<a class="govuk-link" href="{index}">2 joint bids under way</a>' in html
    assert f'<a class="govuk-link" href="{index}">Joint bids</a>' in html
    assert "Nothing needs your attention." not in html


def test_a_co_ops_officer_is_told_what_the_co_op_owes_and_finds_the_bids(organisation):
    drafting = build(organisation, questions=4)
    signing = build(
        organisation, coops=drafting.coops, questions=4, reference="PCC-2", stage="final_signoff"
    )
    coop_a = drafting.coops[0]
    officer = person_of(coop_a, "bea@coop-a.example.org", Role.BID_MANAGER)

    html = _home(officer)

    index = reverse("tendering:index", args=[organisation.slug])
    assert f'href="{index}">Joint bids with Mid Wales Care Consortium</a>' in html
    part = url("member_part", drafting.bid, drafting.participants[0].pk)
    assert (
        f'href="{part}">Co-op A: 1 answer to the bid for Domiciliary care in Powys is not yet '
        "sent for review</a>"
    ) in html
    assert (
        f'href="{url("signoff", signing.bid)}">Co-op A has to sign off the bid for Domiciliary '
        "care in Powys</a>"
    ) in html
    assert "Co-op B" not in html


def test_an_invited_co_op_is_asked_for_its_approval(organisation):
    scenario = build(organisation, questions=1, stage="consulting")
    officer = person_of(scenario.coops[1], "cai@coop-b.example.org")

    html = _home(officer)

    part = url("member_part", scenario.bid, scenario.participants[1].pk)
    assert (
        f'href="{part}">Co-op B is asked to approve the bid for Domiciliary care in Powys</a>'
    ) in html


def test_a_co_ops_member_without_a_bid_role_sees_no_bids_on_the_home_page(organisation):
    scenario = build(organisation, questions=1, stage="final_signoff")
    for role in (Role.MEMBER, Role.BOARD_MEMBER):
        person = person_of(scenario.coops[0], f"{role.value}@coop-a.example.org", role)

        html = _home(person)

        assert "Joint bids" not in html
        assert "sign off" not in html
        assert "Nothing needs your attention." in html


def test_the_navigation_links_the_bids_for_those_who_may_see_them(
    organisation, bid_manager, board_member
):
    scenario = build(organisation, questions=1)
    officer = person_of(scenario.coops[0], "ann@coop-a.example.org")
    nav = (
        '<a class="govuk-service-navigation__link" href="'
        f'{reverse("tendering:index", args=[organisation.slug])}" id="nav-joint-bids">'
    )
    hub = reverse("membership:organisation", args=[organisation.slug])

    lead, coop, board = Client(), Client(), Client()
    lead.force_login(bid_manager)
    coop.force_login(officer)
    board.force_login(board_member)

    assert nav in text(lead.get(hub))
    assert nav in text(coop.get(url("member_part", scenario.bid, scenario.participants[0].pk)))
    assert nav not in text(board.get(hub))


def test_the_home_pages_queries_do_not_grow_with_the_bids(organisation):
    small = build(organisation, questions=2)
    officer = person_of(small.coops[0], "ann@coop-a.example.org")
    client = Client()
    client.force_login(officer)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for n in range(2, 5):
        others = [small.coops[0], coop_member(organisation, f"Co-op {n}")]
        build(organisation, coops=others, questions=4, reference=f"PCC-{n}")
    # Co-op A bids with a second consortium too.
    north = consortium(slug="north", name="North Wales Care Consortium")
    a_in_north = mf.member(
        north,
        name="Co-op A",
        kind=Member.Kind.ORGANISATION,
        member_organisation=small.coops[0].member_organisation,
    )
    build(north, coops=[a_in_north, coop_member(north, "Co-op N")], questions=4)

    with CaptureQueriesContext(connection) as many:
        html = text(client.get(reverse("home")))

    assert html.count("Co-op A: 1 answer to the bid") == 4
    assert "Joint bids with North Wales Care Consortium" in html
    assert len(many) == len(one)
