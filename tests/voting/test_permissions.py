"""The policy of voting (`voting.permissions`): a persona × predicate matrix over ballots in
each state, the getters' one rule (404 for what you may not see, 403 for an action on what you
see), and a check that nothing else in voting decides who may do what."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coop.core.models import User
from membership.models import Member, Organisation
from tests.factories import voting as vf
from voting import permissions, services
from voting.models import Ballot

PERSONAS = (
    "secretary",
    "board_member",
    "scrutineer",
    "member",
    "bid_manager",
    "outsider",
    "anonymous",
)
STATES = ("draft", "open", "closed", "published", "cancelled")
SEE = frozenset({"secretary", "board_member", "scrutineer", "member"})
SECRETARY = frozenset({"secretary"})
SCRUTINY = frozenset({"secretary", "scrutineer"})
NOBODY: frozenset[str] = frozenset()

#: Who each predicate of one ballot admits, in each state of the ballot (the policy, written
#: out: a change to `voting/permissions.py` that is not also made here fails).
BALLOT_POLICY: dict[str, dict[str, frozenset[str]]] = {
    "can_view_ballot": {"draft": SECRETARY, **dict.fromkeys(STATES[1:], SEE)},
    "can_vote_in_ballot": {"draft": SECRETARY, **dict.fromkeys(STATES[1:], SEE)},
    "can_manage_ballot": dict.fromkeys(STATES, SECRETARY),
    "can_take_votes_in_room": dict.fromkeys(STATES, SECRETARY),
    "can_view_roll": dict.fromkeys(STATES, SECRETARY),
    "can_view_results": {
        "draft": NOBODY,
        "open": NOBODY,
        "closed": SCRUTINY,
        "published": SEE,
        "cancelled": NOBODY,
    },
    "can_scrutinise_ballot": {"draft": SECRETARY, **dict.fromkeys(STATES[1:], SCRUTINY)},
}
ORGANISATION_POLICY: dict[str, frozenset[str]] = {
    "can_view_ballots": SEE,
    "can_view_draft_ballots": SECRETARY,
    "can_create_ballot": SECRETARY,
}


@pytest.fixture
def ballots(organisation: Organisation, member_record: Member) -> dict[str, Ballot]:
    draft = vf.ballot(organisation, title="Draft")
    vf.resolution(draft)
    vf.resolution_ballot(organisation, title="Open")
    closed, _q = vf.resolution_ballot(organisation, title="Closed")
    services.ballot_close(ballot=closed, actor=None)
    published, _q = vf.resolution_ballot(organisation, title="Published")
    services.ballot_close(ballot=published, actor=None)
    services.ballot_publish(ballot=published, actor=None)
    cancelled, _q = vf.resolution_ballot(organisation, title="Cancelled")
    services.ballot_cancel(ballot=cancelled, reason="Called off", actor=None)
    return {b.title.lower(): Ballot.objects.get(pk=b.pk) for b in Ballot.objects.all()}


def users(request: pytest.FixtureRequest) -> dict[str, User | None]:
    return {p: None if p == "anonymous" else request.getfixturevalue(p) for p in PERSONAS}


def test_who_each_predicate_admits_for_a_ballot_in_each_state(ballots, request):
    people = users(request)

    seen = {
        name: {
            state: frozenset(
                p for p, user in people.items() if getattr(permissions, name)(user, ballots[state])
            )
            for state in STATES
        }
        for name in BALLOT_POLICY
    }

    assert seen == BALLOT_POLICY


def test_who_each_predicate_admits_for_an_organisation(organisation, member_record, request):
    people = users(request)

    seen = {
        name: frozenset(
            p for p, user in people.items() if getattr(permissions, name)(user, organisation)
        )
        for name in ORGANISATION_POLICY
    }

    assert seen == ORGANISATION_POLICY


def test_every_predicate_of_voting_is_in_the_matrix():
    predicates = {name for name in vars(permissions) if name.startswith("can_")}

    assert predicates == set(BALLOT_POLICY) | set(ORGANISATION_POLICY)


def outcome(call) -> str:
    try:
        call()
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


GETTERS = {
    # getter: (read or action, the predicate it applies)
    "ballot_get_for_view": "can_view_ballot",
    "ballot_get_for_vote": "can_vote_in_ballot",
    "ballot_get_for_manage": "can_manage_ballot",
    "ballot_get_for_oversee": "can_manage_ballot",
    "ballot_get_for_room": "can_take_votes_in_room",
    "ballot_get_for_room_votes": "can_take_votes_in_room",
    "ballot_get_for_roll": "can_view_roll",
    "ballot_get_for_results": "can_view_results",
    "ballot_get_for_scrutiny": "can_scrutinise_ballot",
}
ACTIONS = {"ballot_get_for_vote", "ballot_get_for_manage", "ballot_get_for_room_votes"}


@pytest.mark.parametrize("state", STATES)
def test_the_getters_answer_404_for_what_you_may_not_see_and_403_for_an_action(
    ballots, request, state
):
    people = users(request)
    ballot = ballots[state]
    slug = ballot.organisation.slug

    seen = {
        getter: {
            p: outcome(lambda g=getter, u=user: getattr(permissions, g)(u, slug, ballot.pk))
            for p, user in people.items()
        }
        for getter in GETTERS
    }

    def expected(getter: str, persona: str) -> str:
        if persona in BALLOT_POLICY[GETTERS[getter]][state]:
            return "ok"
        sees = persona in BALLOT_POLICY["can_view_ballot"][state]
        return "403" if getter in ACTIONS and sees else "404"

    assert seen == {g: {p: expected(g, p) for p in PERSONAS} for g in GETTERS}


def test_a_ballot_through_another_organisations_address_is_not_found(
    ballots, secretary, outsider, other_organisation
):
    """Our secretary, our ballot, their slug; their secretary, our ballot, their slug; and a
    ballot id that does not exist: all alike."""
    theirs = vf.ballot(other_organisation, title="Theirs")
    ours = ballots["open"]

    answers = {
        getter: [
            outcome(lambda g=getter: getattr(permissions, g)(secretary, "other-coop", ours.pk)),
            outcome(lambda g=getter: getattr(permissions, g)(outsider, "other-coop", ours.pk)),
            outcome(lambda g=getter: getattr(permissions, g)(secretary, "dyfi-care", theirs.pk)),
            outcome(lambda g=getter: getattr(permissions, g)(secretary, "dyfi-care", 10**9)),
            outcome(lambda g=getter: getattr(permissions, g)(secretary, "no-such-coop", ours.pk)),
        ]
        for getter in GETTERS
    }

    assert answers == dict.fromkeys(GETTERS, ["404"] * 5)


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    [
        ("secretary", False, "ok"),
        ("secretary", True, "ok"),
        ("member", False, "ok"),
        ("member", True, "403"),  # the new-ballot form: they see the ballots, cannot add one
        ("bid_manager", True, "404"),  # holds a role, but sees no ballots
        ("outsider", True, "404"),
        ("anonymous", True, "404"),
    ],
)
def test_the_organisation_getter(organisation, member_record, request, persona, action, expected):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    may = permissions.can_create_ballot if action else permissions.can_view_ballots

    result = outcome(
        lambda: permissions.organisation_get_for_ballots(
            user, organisation.slug, may=may, action=action
        )
    )

    assert result == expected


def test_ballots_visible_by_role(
    organisation, other_organisation, secretary, member, outsider, bid_manager
):
    draft = vf.ballot(organisation, title="Draft")
    open_, _q = vf.resolution_ballot(organisation, title="Open")
    elsewhere, _q = vf.resolution_ballot(other_organisation, title="Elsewhere")
    every = Ballot.objects.all()

    assert set(permissions.ballots_visible(secretary, every)) == {draft, open_}
    assert set(permissions.ballots_visible(member, every)) == {open_}
    assert set(permissions.ballots_visible(outsider, every)) == {elsewhere}
    assert set(permissions.ballots_visible(bid_manager, every)) == set()
    assert set(permissions.ballots_visible(None, every)) == set()


ROOT = Path(__file__).resolve().parents[2]
#: Everything of voting that talks to the outside: none of it may check a role itself.
ADAPTERS = [
    *sorted((ROOT / "voting" / "views").glob("*.py")),
    *sorted((ROOT / "voting" / "forms").glob("*.py")),
    *sorted((ROOT / "api" / "voting").glob("*.py")),
    ROOT / "voting" / "urls.py",
]
ROLE_NAMES = {"has_role", "require_role", "roles_of", "get_for", "Role", "organisations_for"}


def test_no_page_form_or_endpoint_of_voting_checks_a_role_itself():
    """Views, forms and API views name predicates of `voting.permissions`; they never use
    `has_role`, a `Role`, or a tuple of roles (VIEWERS, MANAGERS, SECRETARY, …)."""
    offences = []
    for path in ADAPTERS:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module in (
                "coop.core.permissions",
                "api.permissions",
            ):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Name) and node.id in ROLE_NAMES:
                names = [node.id]
            elif isinstance(node, ast.Attribute) and node.attr in ROLE_NAMES:
                names = [node.attr]
            elif isinstance(node, ast.Assign):
                names = [
                    t.id
                    for t in node.targets
                    if isinstance(t, ast.Name)
                    and t.id in {"VIEWERS", "MANAGERS", "SCRUTINEERS", "RESULT_READERS"}
                ]
            offences += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names]

    assert offences == []
    assert len(ADAPTERS) > 15
