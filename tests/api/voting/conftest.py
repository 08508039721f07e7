"""Fixtures of the ballots API tests: the API routes, clients, URL building, the counts that
prove a refusal wrote nothing, and a small world of ballots in each state to aim at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coop.core.models import User
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Ballot, Proxy, Question, Reservation

SLUG = "dyfi-care"
PERSONAS = (
    "secretary",
    "board_member",
    "scrutineer",
    "member",
    "bid_manager",
    "outsider",
    "anonymous",
)


@pytest.fixture
def organisation(db) -> Organisation:
    """The personas' co-op, with rules that allow proxies (at most 2 per holder) and give the
    chair a casting vote."""
    return mf.cooperative(proxies_allowed=True, proxy_limit=2, chair_casting_vote=True)


def url(name: str, slug: str = SLUG, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"slug": slug, **kwargs})


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def counts() -> dict[str, Any]:
    """Everything a refused call must leave as it was: voting's rows and states, and the
    audit trail."""
    return {**vf.state(), "reservations": Reservation.objects.count()}


def cast_room(ballot: Ballot, member: Member, question: Question, answer: str = "for") -> str:
    return vf.vote(ballot, member, question, answer)


@dataclass
class World:
    organisation: Organisation
    voter: Member  # the `member` persona's record
    members: list[Member]
    draft: Ballot  # an STV election being prepared
    draft_question: Question
    open: Ballot  # one resolution, open, in the room and by proxy too
    open_question: Question
    proxy: Proxy  # appointed on `open`, holder not present
    revoked: Proxy
    counted: Ballot  # closed, results not yet published
    counted_question: Question
    published: Ballot


@pytest.fixture
def world(organisation: Organisation, member_record: Member, secretary: User) -> World:
    members = [mf.member(organisation) for _ in range(4)]
    draft = vf.ballot(organisation, title="Board election")
    draft_question = vf.stv(draft)
    opened, open_question = vf.resolution_ballot(
        organisation, allow_proxy=True, title="Adopt the accounts"
    )
    proxy = services.proxy_appoint(
        ballot=opened,
        member=members[0],
        kind=Proxy.Kind.DISCRETIONARY,
        holder=members[1],
        actor=None,
    )
    revoked = services.proxy_appoint(
        ballot=opened,
        member=members[2],
        kind=Proxy.Kind.DISCRETIONARY,
        holder_name="The chair",
        actor=None,
    )
    services.proxy_revoke(proxy=revoked, actor=None)
    counted, counted_question = vf.resolution_ballot(organisation, title="Change the name")
    for member in members[:3]:
        cast_room(counted, member, counted_question)
    services.ballot_close(ballot=counted, actor=None)
    published, published_question = vf.resolution_ballot(organisation, title="Join Co-ops UK")
    cast_room(published, members[0], published_question, "against")
    services.ballot_close(ballot=published, actor=None)
    services.ballot_publish(ballot=published, actor=None)
    return World(
        organisation=organisation,
        voter=member_record,
        members=members,
        draft=draft,
        draft_question=draft_question,
        open=opened,
        open_question=open_question,
        proxy=proxy,
        revoked=revoked,
        counted=Ballot.objects.get(pk=counted.pk),
        counted_question=counted_question,
        published=Ballot.objects.get(pk=published.pk),
    )
