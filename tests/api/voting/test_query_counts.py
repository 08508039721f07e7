"""List endpoints of the ballots API make the same number of queries whatever the size of
the list: pinned at 5 and at 60 rows (a page holds 50) with the same bound."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from membership.models import Organisation
from tests.api.voting.conftest import client_for, url
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services


def with_ballots(org: Organisation, size: int) -> dict[str, Any]:
    classes = [mf.member_class(org, "users"), mf.member_class(org, "workers")]
    for n in range(size):
        vf.ballot(org, title=f"Ballot {n}", eligible_classes=classes[: n % 3])
    return {}


def with_proxies(org: Organisation, size: int) -> dict[str, Any]:
    members = [mf.member(org) for _ in range(size)]
    ballot, _question = vf.resolution_ballot(org, allow_proxy=True)
    for n, member in enumerate(members):
        services.proxy_appoint(
            ballot=ballot, member=member, kind="discretionary", holder_name=f"Proxy {n}", actor=None
        )
    return {"pk": ballot.pk}


def with_roll(org: Organisation, size: int) -> dict[str, Any]:
    for n in range(size):
        mf.member(org, cls=("users", "workers", "supporters")[n % 3])
    ballot, _question = vf.resolution_ballot(org)
    return {"pk": ballot.pk}


def with_votes(org: Organisation, size: int) -> dict[str, Any]:
    members = [mf.member(org) for _ in range(size)]
    ballot, question = vf.resolution_ballot(org)
    for member in members:
        vf.vote(ballot, member, question, "for")
    services.ballot_close(ballot=ballot, actor=None)
    return {"pk": ballot.pk}


PINS: list[tuple[str, Callable[[Organisation, int], dict[str, Any]], int, str]] = [
    ("ballots", with_ballots, 5, "secretary"),
    ("ballot-proxies", with_proxies, 5, "secretary"),
    ("ballot-roll", with_roll, 5, "secretary"),
    ("ballot-receipts", with_votes, 5, "member"),
    ("ballot-audit-events", with_votes, 5, "scrutineer"),
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
    assert response.json()["count"] >= size
    assert len(response.json()["results"]) == min(response.json()["count"], 50)


@pytest.mark.parametrize("size", [1, 6])
def test_the_ballot_and_its_results_do_not_grow_with_the_questions(
    organisation, secretary, django_assert_max_num_queries, size
):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    for n in range(size):
        vf.choice(ballot, text=f"Question {n}", labels=("Ash", "Birch", "Cedar", "Derw"))
    ballot = vf.open_ballot(ballot)
    for voter in voters:
        services.ballot_cast(ballot=ballot, member=voter, selections={}, channel="room", actor=None)
    services.ballot_close(ballot=ballot, actor=None)
    client = client_for(secretary)

    with django_assert_max_num_queries(9):
        detail = client.get(url("ballot", pk=ballot.pk))
    with django_assert_max_num_queries(7):
        results = client.get(url("ballot-results", pk=ballot.pk))

    assert len(detail.json()["questions"]) == size
    assert len(results.json()["questions"]) == size
