"""Fixtures of the joint bids API tests: the API routes, clients, URL building, the counts that
prove a refusal wrote nothing, member co-ops with their own organisations and people, and
joint bids built through the services (`tests.factories.tendering.joint_bid`).

The personas' organisation is a consortium here: its secretary and bid manager run its bids
(the lead); its board member holds a role but does not run bids. `coop_user` acts for co-op A
(the secretary of co-op A's own organisation) and `coop_bid_manager` too; `coop_member` and
`coop_board_member` hold a role in co-op A but no bid role; `other_coop_user` acts for
co-op B (its secretary)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership import services as membership_services
from membership.models import Member, Organisation
from tendering import services
from tests.factories import membership as mf
from tests.factories import tendering as tf

SLUG = "mwcc"
PERSONAS = (
    "secretary",
    "bid_manager",
    "coop_user",
    "coop_bid_manager",
    "coop_member",
    "coop_board_member",
    "other_coop_user",
    "board_member",
    "outsider",
    "anonymous",
)
_numbers = itertools.count(1)


@pytest.fixture
def organisation(db) -> Organisation:
    """The personas' organisation: a consortium of co-ops."""
    return tf.consortium(slug=SLUG)


def member_coop(consortium: Organisation, name: str) -> Member:
    """A member co-op of the consortium in good standing, with its own organisation in Cyd."""
    n = next(_numbers)
    own = membership_services.organisation_create(
        slug=f"api-coop-{n}",
        name=name,
        name_cy="",
        kind=Organisation.Kind.COOPERATIVE,
        registered_office=f"{n} Ffordd y Parc\nY Drenewydd",
        registered_on=mf.FOUNDED,
        registered_number=f"RS8{n:05d}",
        actor=None,
    )
    return mf.member(consortium, name=name, kind=Member.Kind.ORGANISATION, member_organisation=own)


def person_of(member: Member, name: str, role: Role = Role.SECRETARY) -> User:
    """A user with a role (the secretary, unless `role`) in the member co-op's own
    organisation."""
    assert member.member_organisation is not None
    person = User.objects.create_user(
        email=f"{name.lower().replace(' ', '.')}@coop.example.org",
        password="correct horse battery",
        full_name=name,
    )
    role_grant(organisation=member.member_organisation, user=person, role=role, actor=None)
    return person


@pytest.fixture
def coops(organisation: Organisation) -> list[Member]:
    return [member_coop(organisation, "Co-op A"), member_coop(organisation, "Co-op B")]


@pytest.fixture
def coop_user(coops: list[Member]) -> User:
    return person_of(coops[0], "Ann Coop-A")


@pytest.fixture
def coop_bid_manager(coops: list[Member]) -> User:
    return person_of(coops[0], "Bea Coop-A", Role.BID_MANAGER)


@pytest.fixture
def coop_member(coops: list[Member]) -> User:
    return person_of(coops[0], "Meg Coop-A", Role.MEMBER)


@pytest.fixture
def coop_board_member(coops: list[Member]) -> User:
    return person_of(coops[0], "Bryn Coop-A", Role.BOARD_MEMBER)


@pytest.fixture
def other_coop_user(coops: list[Member]) -> User:
    return person_of(coops[1], "Bob Coop-B")


def bid_world(organisation: Organisation, coops: list[Member], **options: Any) -> tf.World:
    """The standard bid of `tests.factories.tendering` between co-ops A and B."""
    return tf.joint_bid(organisation, coops=coops, **options)


@pytest.fixture
def drafting(organisation: Organisation, coops: list[Member]) -> tf.World:
    """The standard bid in drafting: both co-ops approved, committed, priced, answers drafted."""
    return bid_world(organisation, coops)


def sign_all(world: tf.World) -> None:
    for participant in world.participants:
        services.signoff_record(bid=world.bid, participant=participant, actor=world.lead_user)


def url(name: str, slug: str = SLUG, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"slug": slug, **kwargs})


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def persona_client(request: pytest.FixtureRequest, persona: str) -> APIClient:
    return client_for(None if persona == "anonymous" else request.getfixturevalue(persona))


def counts() -> dict[str, int]:
    """Rows of every tendering table and of the audit log: a refusal leaves them unchanged."""
    return tf.row_counts()


def today() -> Any:
    return timezone.localdate()
