"""The organisation's home page: each role's links, every one of which opens, and the joint
bids linked for those whom tendering's own gate lets in (the route was looked up under a name
that did not exist, and the link was silently hidden)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coop.core.permissions import Role
from coop.core.services import role_grant
from tests.factories import tendering as tf

LINK_LISTS = ("register-links", "member-links")


def _hub(client, slug: str) -> str:
    response = client.get(reverse("membership:organisation", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def _links(html: str, list_id: str) -> list[str]:
    found = re.search(rf'<ul class="govuk-list" id="{list_id}">(.*?)</ul>', html, re.S)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


@pytest.mark.parametrize("persona", ["secretary", "board_member", "scrutineer", "member"])
def test_every_register_link_on_the_home_page_opens(client, request, organisation, persona):
    """Following the links from a role's home page reaches pages it may open (200), never a
    refusal: the links are chosen by the same predicates that gate the pages."""
    request.getfixturevalue("member_record")
    client.force_login(request.getfixturevalue(persona))
    html = _hub(client, organisation.slug)
    links = [url for list_id in LINK_LISTS for url in _links(html, list_id)]

    assert links
    assert {url: client.get(url).status_code for url in links} == dict.fromkeys(links, 200)


def test_a_bid_manager_of_a_consortium_finds_the_joint_bids(client, db):
    consortium = tf.consortium()
    manager = tf.user("Beca Bids")
    role_grant(organisation=consortium, user=manager, role=Role.BID_MANAGER, actor=None)
    client.force_login(manager)

    html = _hub(client, consortium.slug)

    bids = reverse("tendering:index", args=[consortium.slug])
    assert bids in _links(html, "activity-links")
    assert client.get(bids).status_code == 200


def test_someone_tendering_does_not_let_in_sees_no_joint_bids_link(client, db):
    consortium = tf.consortium()
    scrutineer = tf.user("Sam Scrutineer")
    role_grant(organisation=consortium, user=scrutineer, role=Role.SCRUTINEER, actor=None)
    client.force_login(scrutineer)

    html = _hub(client, consortium.slug)

    bids = reverse("tendering:index", args=[consortium.slug])
    assert bids not in html
    assert client.get(bids).status_code == 404


def test_a_cooperative_that_is_not_a_consortium_has_no_joint_bids(client, organisation, secretary):
    client.force_login(secretary)
    html = _hub(client, organisation.slug)
    assert reverse("tendering:index", args=[organisation.slug]) not in html
