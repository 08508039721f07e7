"""Shared set-up of the ballot page tests (no tests here): ballots built through the services,
the personas signed in, and counts that prove a refusal wrote nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership import services as membership_services
from membership.models import Member, Organisation, ResolutionType
from tests.factories import membership as mf
from voting import services
from voting.models import Ballot, BallotPaper, Participation, Proxy, Question, Receipt, SealedPaper


@pytest.fixture(autouse=True)
def language_reset() -> Iterator[None]:
    """Requests of the test client leave their language active in the thread (the locale
    middleware activates it and nothing deactivates it): reset it so a Welsh page does not
    make the next test speak Welsh."""
    yield
    translation.deactivate()


PERSONAS = ("secretary", "board_member", "scrutineer", "member", "outsider", "anonymous")
RECORD_DATE = dt.date(2024, 1, 1)


def signed_in(client: Client, request: pytest.FixtureRequest, persona: str) -> Client:
    """The test client signed in as `persona` (or left anonymous)."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def counts() -> dict[str, int]:
    """What a refused vote must leave unchanged: papers, votes recorded, receipts, audit."""
    return {
        "papers": BallotPaper.objects.count(),
        "sealed": SealedPaper.objects.count(),
        "voted": Participation.objects.filter(has_voted=True).count(),
        "receipts": Receipt.objects.count(),
        "audit": AuditEvent.objects.count(),
        "ballots": Ballot.objects.count(),
        "questions": Question.objects.count(),
        "proxies": Proxy.objects.count(),
    }


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def receipt_code_in(html: str) -> str:
    match = re.search(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", html)
    assert match is not None, "no receipt code on the page"
    return match.group(0)


def ordinary(organisation: Organisation) -> ResolutionType:
    return ResolutionType.objects.get(
        rules_version__organisation=organisation,
        rules_version__effective_from=mf.FOUNDED,
        code="ordinary",
    )


def resolution_ballot(
    organisation: Organisation,
    *,
    open_: bool = True,
    allow_online: bool = True,
    allow_in_room: bool = True,
    allow_proxy: bool = False,
    title: str = "Adopt the plan",
    title_cy: str = "Mabwysiadu'r cynllun",
) -> Ballot:
    ballot = services.ballot_create(
        organisation=organisation,
        title=title,
        title_cy=title_cy,
        record_date=RECORD_DATE,
        description="Shall we adopt the five-year plan?",
        allow_online=allow_online,
        allow_in_room=allow_in_room,
        allow_proxy=allow_proxy,
        actor=None,
    )
    services.question_add(
        ballot=ballot,
        kind="resolution",
        text="Adopt the five-year plan?",
        text_cy="Mabwysiadu'r cynllun pum mlynedd?",
        resolution_type=ordinary(organisation),
        actor=None,
    )
    if open_:
        services.ballot_open(ballot=ballot, actor=None)
    return Ballot.objects.get(pk=ballot.pk)


def full_ballot(organisation: Organisation, *, open_: bool = True) -> Ballot:
    """Three questions: a resolution, a choice of 2 from 3, and an STV election of 2 from 4."""
    ballot = services.ballot_create(
        organisation=organisation,
        title="Annual ballot 2025",
        title_cy="Pleidlais flynyddol 2025",
        record_date=RECORD_DATE,
        allow_in_room=True,
        actor=None,
    )
    services.question_add(
        ballot=ballot,
        kind="resolution",
        text="Approve the accounts?",
        resolution_type=ordinary(organisation),
        actor=None,
    )
    choice = services.question_add(
        ballot=ballot, kind="choice", seats=2, text="Which two projects should we fund?", actor=None
    )
    for label in ("Minibus", "Garden", "Training"):
        services.option_add(question=choice, label=label, actor=None)
    stv = services.question_add(
        ballot=ballot, kind="stv", seats=2, text="Elect two directors", actor=None
    )
    for label in ("Alun Ap", "Bethan Bell", "Carys Cole", "Dafydd Du"):
        services.option_add(question=stv, label=label, actor=None)
    if open_:
        services.ballot_open(ballot=ballot, actor=None)
    return Ballot.objects.get(pk=ballot.pk)


def options_of(ballot: Ballot, position: int) -> dict[str, int]:
    """Option ids of question `position`, by code (resolutions) or label."""
    question = ballot.questions.get(position=position)
    return {(o.code or o.label): o.pk for o in question.options.all()}


def question_of(ballot: Ballot, position: int) -> Question:
    return ballot.questions.get(position=position)


def voters(organisation: Organisation, n: int, cls: str = "users") -> list[Member]:
    return [mf.member(organisation, cls=cls) for _ in range(n)]


def cast(ballot: Ballot, member: Member, selections: dict[int, list[int]]) -> str:
    return services.ballot_cast(
        ballot=ballot, member=member, selections=selections, channel="room", actor=None
    )


def plain_cooperative(slug: str = "plain-coop") -> Organisation:
    """A co-op whose member classes have no fixed share of the vote (a show of hands is
    allowed), with one class 'users' and the membership share class."""
    org = membership_services.organisation_create(
        slug=slug,
        name="Plain Co-operative",
        kind=Organisation.Kind.COOPERATIVE,
        registered_office="2 Stryd y Bont\nAberystwyth",
        registered_on=mf.FOUNDED,
        registered_number="RS999001",
        actor=None,
    )
    membership_services.rules_version_create(
        organisation=org,
        effective_from=mf.FOUNDED,
        title="Rules",
        quorum_members=3,
        quorum_percent=Decimal("10"),
        actor=None,
    )
    share = membership_services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership shares",
        nominal_value_pence=100,
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    membership_services.member_class_create(
        organisation=org,
        code="users",
        name="Members",
        position=0,
        share_classes=[share],
        actor=None,
    )
    return org


def secretary_of(organisation: Organisation, email: str) -> User:
    user = User.objects.create_user(
        email=email, password="correct horse battery", full_name="Sec Retary"
    )
    role_grant(organisation=organisation, user=user, role=Role.SECRETARY, actor=None)
    return user


def allow_proxies(organisation: Organisation, limit: int = 2) -> None:
    """A later rules version that allows proxies (in force on the record date)."""
    membership_services.rules_version_create(
        organisation=organisation,
        effective_from=dt.date(2023, 1, 1),
        title="Rules as amended 2023",
        quorum_members=3,
        quorum_percent=Decimal("10"),
        proxies_allowed=True,
        proxy_limit=limit,
        actor=None,
    )


def url(name: str, ballot: Ballot, *args: object) -> str:
    from django.urls import reverse

    return reverse(f"voting:{name}", args=[ballot.organisation.slug, ballot.pk, *args])
