"""Who may reach which ballot page: a persona × route matrix over every route of
`voting.urls` (a new route that is not in the matrix fails the test), GET and POST, through
the production URL conf; and another organisation's ballot and proxy ids answering 404.

The rule: what you may not see answers 404 (another organisation's ballots, drafts for all but
the secretary, the bid manager who sees no ballots); an action (a POST, or the form page of
one) on a ballot you see but may not change answers 403; a page you may not read answers 404;
an anonymous visitor is sent to sign in. Refusals write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from coop.core.models import User
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.voting.test_pages_setup import allow_proxies
from tests.voting.test_permissions import BALLOT_POLICY, ORGANISATION_POLICY, PERSONAS
from voting import services
from voting.models import Ballot, Proxy
from voting.urls import urlpatterns


@dataclass
class World:
    organisation: Organisation
    draft: Ballot
    open: Ballot  # one resolution, in the room and by proxy too
    closed: Ballot  # closed and counted, not published
    proxy: Proxy  # appointed on `open`, the holder not present
    revoked: Proxy


@pytest.fixture
def world(organisation: Organisation, member_record: Member) -> World:
    allow_proxies(organisation)
    voters = [mf.member(organisation) for _ in range(3)]
    draft = vf.ballot(organisation, title="Draft")
    vf.resolution(draft)
    opened, _q = vf.resolution_ballot(organisation, title="Open", allow_proxy=True)
    proxy = services.proxy_appoint(
        ballot=opened,
        member=voters[0],
        kind=Proxy.Kind.DISCRETIONARY,
        holder_name="The chair",
        actor=None,
    )
    revoked = services.proxy_appoint(
        ballot=opened,
        member=voters[1],
        kind=Proxy.Kind.DISCRETIONARY,
        holder_name="The chair",
        actor=None,
    )
    services.proxy_revoke(proxy=revoked, actor=None)
    closed, question = vf.resolution_ballot(organisation, title="Closed")
    vf.vote(closed, voters[2], question, "for")
    services.ballot_close(ballot=closed, actor=None)
    return World(
        organisation=organisation,
        draft=Ballot.objects.get(pk=draft.pk),
        open=Ballot.objects.get(pk=opened.pk),
        closed=Ballot.objects.get(pk=closed.pk),
        proxy=proxy,
        revoked=revoked,
    )


@dataclass(frozen=True)
class Route:
    """A page: which ballot it is aimed at, whether it is a read, a form page (GET shows the
    form of an action) or a button (POST only), the predicate that decides it, and what the
    personas it admits get for GET and for an empty POST."""

    name: str
    kind: str  # "read", "form" or "button"
    may: str
    on: str = "open"  # the ballot: draft, open or closed; "" for the organisation's pages
    extra: str = ""  # "question" (number 1) or a proxy: "proxy", "revoked"
    get: dict[str, int] = field(default_factory=dict)
    post: dict[str, int] = field(default_factory=dict)

    def path(self, w: World) -> str:
        if not self.on:
            return reverse(f"voting:{self.name}", args=[w.organisation.slug])
        ballot: Ballot = getattr(w, self.on)
        args: list[Any] = [w.organisation.slug, ballot.pk]
        if self.extra == "question":
            args.append(1)
        elif self.extra:
            args.append(getattr(w, self.extra).pk)
        return reverse(f"voting:{self.name}", args=args)

    def admits(self) -> frozenset[str]:
        if not self.on:
            return ORGANISATION_POLICY[self.may]
        return BALLOT_POLICY[self.may][self.on]

    def sees(self) -> frozenset[str]:
        if not self.on:
            return ORGANISATION_POLICY["can_view_ballots"]
        return BALLOT_POLICY["can_view_ballot"][self.on]

    def expected(self, persona: str, method: str) -> int:
        if persona == "anonymous":
            return 302  # to the sign-in page
        if (method == "GET" and self.kind == "button") or (
            method == "POST" and self.kind == "read"
        ):
            return 405
        if persona in self.admits():
            answers = self.get if method == "GET" else self.post
            return answers.get(persona, answers.get("*", 0))
        action = method == "POST" or self.kind == "form"
        return 403 if action and persona in self.sees() else 404


SEE = {"*": 200}
ROUTES = [
    Route("list", "read", "can_view_ballots", on="", get=SEE),
    Route("create", "form", "can_create_ballot", on="", get=SEE, post={"*": 400}),
    Route("ballot", "read", "can_view_ballot", get=SEE),
    Route("ballot", "read", "can_view_ballot", on="draft", get=SEE),
    # The member has a vote (on to question 1); the others have none (a page saying so).
    Route(
        "vote_start", "form", "can_vote_in_ballot", get={"*": 400, "member": 302}, post={"*": 400}
    ),
    Route("vote_start", "form", "can_vote_in_ballot", on="draft", get={"*": 400}, post={"*": 400}),
    # The member began voting on the start page above (question 1, then an empty answer:
    # 400); without a vote begun, back to the start.
    Route(
        "vote_question",
        "form",
        "can_vote_in_ballot",
        extra="question",
        get={"*": 302, "member": 200},
        post={"*": 302, "member": 400},
    ),
    Route("vote_confirm", "form", "can_vote_in_ballot", get={"*": 302}, post={"*": 302}),
    Route("vote_receipt", "read", "can_vote_in_ballot", get={"*": 302}),
    Route("results", "read", "can_view_ballot", get=SEE),  # open: says when they will be
    Route("results", "read", "can_view_ballot", on="closed", get=SEE),
    Route("results_pdf", "read", "can_view_results", on="closed", get=SEE),
    Route("results_csv", "read", "can_view_results", on="closed", get=SEE),
    Route("results_csv", "read", "can_view_results", get=SEE),  # open: nobody
    Route("manage", "read", "can_manage_ballot", get=SEE),
    Route("manage", "read", "can_manage_ballot", on="draft", get=SEE),
    Route("question_add", "form", "can_manage_ballot", get=SEE, post={"*": 400}),
    Route("question_add", "form", "can_manage_ballot", on="draft", get=SEE, post={"*": 400}),
    Route("option_add", "form", "can_manage_ballot", extra="question", get=SEE, post={"*": 400}),
    Route(
        "reservation_set", "form", "can_manage_ballot", extra="question", get=SEE, post={"*": 400}
    ),
    Route(
        "casting_vote",
        "form",
        "can_manage_ballot",
        on="closed",
        extra="question",
        get=SEE,
        post={"*": 400},
    ),
    # Aimed at a ballot in a state that refuses the action: nothing is written.
    Route("schedule", "form", "can_manage_ballot", on="closed", get=SEE, post={"*": 400}),
    Route("open", "form", "can_manage_ballot", get=SEE, post={"*": 400}),
    Route("close", "form", "can_manage_ballot", on="draft", get=SEE, post={"*": 400}),
    Route("publish", "form", "can_manage_ballot", get=SEE, post={"*": 400}),
    Route("cancel", "form", "can_manage_ballot", get=SEE, post={"*": 400}),
    Route("turnout", "read", "can_view_roll", get=SEE),
    Route("room", "read", "can_take_votes_in_room", get=SEE),
    Route("room_paper", "form", "can_take_votes_in_room", get=SEE, post={"*": 400}),
    Route("room_hands", "form", "can_take_votes_in_room", get=SEE, post={"*": 400}),
    Route("proxy_appoint", "form", "can_take_votes_in_room", get=SEE, post={"*": 400}),
    # The holder is not present: the vote is refused.
    Route("proxy_cast", "form", "can_take_votes_in_room", extra="proxy", get=SEE, post={"*": 400}),
    # Revoked already: refused, the room page says why.
    Route("proxy_revoke", "button", "can_take_votes_in_room", extra="revoked", post={"*": 400}),
    Route(
        "proxy_present", "button", "can_take_votes_in_room", extra="proxy", post={"*": 302}
    ),  # marks the holder absent, as they were
    Route("scrutiny", "read", "can_scrutinise_ballot", get=SEE),
    Route("scrutiny", "read", "can_scrutinise_ballot", on="draft", get=SEE),
    Route("recount_kit", "read", "can_scrutinise_ballot", on="closed", get=SEE),
    Route("recount_kit", "read", "can_scrutinise_ballot", get={"*": 404}),  # nothing yet
]
WRITES = {"proxy_present"}  # the one allowed POST above that writes (an audit event)


def test_every_route_of_voting_is_in_the_matrix():
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}

    assert {r.name for r in ROUTES} == names


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_persona_matrix_of_the_ballot_pages(world: World, request: pytest.FixtureRequest):
    """Every route for every persona, GET and an empty POST, in one pass over one world:
    each mismatch is listed, and any refusal that wrote something is named."""
    clients = {
        p: client_for(None if p == "anonymous" else request.getfixturevalue(p)) for p in PERSONAS
    }
    seen: dict[str, dict[str, int]] = {}
    wanted: dict[str, dict[str, int]] = {}
    wrote = []
    for route in ROUTES:
        path = route.path(world)
        for method in ("GET", "POST"):
            key = f"{method} {route.name} ({route.on or 'organisation'})"
            seen[key], wanted[key] = {}, {}
            for persona, client in clients.items():
                before = vf.state()
                response = getattr(client, method.lower())(path, {})
                seen[key][persona] = response.status_code
                wanted[key][persona] = route.expected(persona, method)
                allowed = persona in route.admits() and route.name in WRITES
                if vf.state() != before and not allowed:
                    wrote.append(f"{key} {persona}")

    assert seen == wanted
    assert wrote == []


def test_the_secretary_finds_nothing_of_another_organisation_through_any_page(
    world: World, secretary: User, outsider: User, other_organisation: Organisation
):
    """Their ballot, proxy and question ids, through our address and theirs; and ours
    through theirs, for their secretary: 404 every time, and nothing written."""
    allow_proxies(other_organisation)
    theirs = World(
        organisation=other_organisation,
        draft=vf.ballot(other_organisation, title="Their draft"),
        open=vf.resolution_ballot(other_organisation, title="Theirs", allow_proxy=True)[0],
        closed=vf.resolution_ballot(other_organisation, title="Their closed")[0],
        proxy=world.proxy,
        revoked=world.revoked,
    )
    theirs.proxy = services.proxy_appoint(
        ballot=theirs.open,
        member=mf.member(other_organisation),
        kind=Proxy.Kind.DISCRETIONARY,
        holder_name="Their chair",
        actor=None,
    )
    theirs.revoked = theirs.proxy
    mixed = [
        # (who, the world whose ids are used, the slug of the address)
        (secretary, theirs, world.organisation.slug),
        (secretary, theirs, other_organisation.slug),
        (outsider, world, other_organisation.slug),
        (outsider, world, world.organisation.slug),
    ]
    before = vf.state()
    answers = {}
    for user, ids, slug in mixed:
        client = client_for(user)
        for route in ROUTES:
            if not route.on:
                continue
            address = World(**{**vars(ids), "organisation": Organisation(slug=slug)})
            method = "post" if route.kind == "button" else "get"
            answers[(user.email, slug, route.name, route.on)] = getattr(client, method)(
                route.path(address), {}
            ).status_code

    assert answers == dict.fromkeys(answers, 404)
    assert len(answers) == 4 * len([r for r in ROUTES if r.on])
    assert vf.state() == before


def test_our_ballot_with_another_ballots_proxy_or_a_missing_question_is_not_found(
    world: World, secretary: User, other_organisation: Organisation
):
    allow_proxies(other_organisation)
    their_ballot, _q = vf.resolution_ballot(other_organisation, allow_proxy=True)
    their_proxy = services.proxy_appoint(
        ballot=their_ballot,
        member=mf.member(other_organisation),
        kind=Proxy.Kind.DISCRETIONARY,
        holder_name="Their chair",
        actor=None,
    )
    client = client_for(secretary)
    slug, pk = world.organisation.slug, world.open.pk
    before = vf.state()

    answers = [
        client.get(reverse("voting:proxy_cast", args=[slug, pk, their_proxy.pk])).status_code,
        client.post(reverse("voting:proxy_present", args=[slug, pk, their_proxy.pk])).status_code,
        client.post(reverse("voting:proxy_revoke", args=[slug, pk, their_proxy.pk])).status_code,
        client.get(reverse("voting:option_add", args=[slug, pk, 9])).status_code,
        client.get(reverse("voting:reservation_set", args=[slug, pk, 9])).status_code,
    ]

    assert answers == [404] * 5
    assert vf.state() == before
