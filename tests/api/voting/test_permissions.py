"""Who may use which ballots endpoint: a persona × endpoint matrix over every route of
`api.voting.urls` (a new route not in the matrix fails), and 404 for another organisation's
ballots by id.

The one rule (`voting.permissions` through `api.policy.PolicyGate`): what you may not see
answers 404 — anything of an organisation you hold no role in, the ballots of one where you
hold no role that sees ballots (the bid manager), drafts unless you are the secretary; an
action on a ballot you see but may not change answers 403, a read 404; anonymous callers get
401. Writes are sent with an empty body (or aimed at a ballot in a state that refuses them),
so a persona that passes the gate gets 400 and nothing is written either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.voting.conftest import PERSONAS, World, client_for, counts, url

VIEWERS = frozenset({"secretary", "board_member", "scrutineer", "member"})
SECRETARY = frozenset({"secretary"})
SCRUTINEERS = frozenset({"secretary", "scrutineer"})


@dataclass(frozen=True)
class Endpoint:
    method: str
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]]
    ok: int | None = None  # an allowed persona's answer (default: 200 read, 400 write)
    hidden_from: frozenset[str] = frozenset()  # allowed in, but answered 403 (not yet)

    @property
    def is_read(self) -> bool:
        return self.method == "get"

    @property
    def sees(self) -> frozenset[str]:
        """Who sees the subject: a draft, the secretary alone."""
        return SECRETARY if self.kwargs in (draft, draft_question) else VIEWERS

    def expected(self, persona: str) -> int:
        if persona == "anonymous":
            return 401
        if persona in self.hidden_from:
            return 403
        if persona in self.allowed:
            return self.ok or (200 if self.is_read else 400)
        if persona not in self.sees:
            return 404
        return 404 if self.is_read else 403

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}-{self.kwargs.__name__}"


def none(w: World) -> dict[str, Any]:
    return {}


def draft(w: World) -> dict[str, Any]:
    return {"pk": w.draft.pk}


def opened(w: World) -> dict[str, Any]:
    return {"pk": w.open.pk}


def counted(w: World) -> dict[str, Any]:
    return {"pk": w.counted.pk}


def published(w: World) -> dict[str, Any]:
    return {"pk": w.published.pk}


def draft_question(w: World) -> dict[str, Any]:
    return {"pk": w.draft.pk, "question_id": w.draft_question.pk}


def counted_question(w: World) -> dict[str, Any]:
    return {"pk": w.counted.pk, "question_id": w.counted_question.pk}


def proxy(w: World) -> dict[str, Any]:
    return {"pk": w.open.pk, "proxy_id": w.proxy.pk}


def revoked(w: World) -> dict[str, Any]:
    return {"pk": w.open.pk, "proxy_id": w.revoked.pk}


NOT_RESULT_READERS = frozenset({"board_member", "member"})

ENDPOINTS = [
    Endpoint("get", "ballots", VIEWERS, none),
    Endpoint("post", "ballots", SECRETARY, none),
    Endpoint("get", "ballot", VIEWERS, opened),
    Endpoint("get", "ballot", SECRETARY, draft),  # drafts: the secretary only
    Endpoint("post", "ballot-questions", SECRETARY, draft),
    Endpoint("post", "ballot-question-options", SECRETARY, draft_question),
    Endpoint("post", "ballot-question-reserved-seats", SECRETARY, draft_question),
    Endpoint("post", "ballot-question-casting-vote", SECRETARY, counted_question),
    Endpoint("post", "ballot-schedule", SECRETARY, opened),
    Endpoint("post", "ballot-channels", SECRETARY, opened),
    Endpoint("post", "ballot-open", SECRETARY, opened),  # already open: refused
    Endpoint("post", "ballot-close", SECRETARY, draft),  # a draft cannot close: refused
    Endpoint("post", "ballot-publish", SECRETARY, opened),  # not closed: refused
    Endpoint("post", "ballot-cancel", SECRETARY, opened),
    Endpoint("post", "ballot-cast", VIEWERS, opened),
    Endpoint("post", "ballot-hands", SECRETARY, opened),
    Endpoint("get", "ballot-proxies", SECRETARY, opened),
    Endpoint("post", "ballot-proxies", SECRETARY, opened),
    Endpoint("post", "ballot-proxy-revoke", SECRETARY, revoked),  # revoked already: refused
    Endpoint("post", "ballot-proxy-present", SECRETARY, proxy),
    Endpoint("post", "ballot-proxy-cast", SECRETARY, proxy),  # holder not present: refused
    Endpoint("get", "ballot-turnout", VIEWERS, opened),
    Endpoint("get", "ballot-results", VIEWERS, opened, hidden_from=VIEWERS),
    Endpoint("get", "ballot-results", VIEWERS, counted, hidden_from=NOT_RESULT_READERS),
    Endpoint("get", "ballot-results", VIEWERS, published),
    Endpoint("get", "ballot-receipts", VIEWERS, opened, hidden_from=VIEWERS),
    Endpoint("get", "ballot-receipts", VIEWERS, counted),
    Endpoint("get", "ballot-roll", SECRETARY, opened),
    Endpoint("get", "ballot-audit-events", SCRUTINEERS, counted),
    Endpoint("get", "ballot-recount-kit", SCRUTINEERS, opened, hidden_from=SCRUTINEERS),
    Endpoint("get", "ballot-recount-kit", SCRUTINEERS, counted),
]


def test_persona_matrix(world: World, request: pytest.FixtureRequest):
    """Every endpoint for every persona, in one pass over one world (building it is the slow
    part): each mismatch is listed, and any endpoint that wrote something is named."""
    users = {p: None if p == "anonymous" else request.getfixturevalue(p) for p in PERSONAS}
    answers, expected, wrote = {}, {}, []

    for endpoint in ENDPOINTS:
        path = url(endpoint.name, **endpoint.kwargs(world))
        before = counts()
        answers[str(endpoint)] = {
            persona: getattr(client_for(user), endpoint.method)(path, {}, format="json").status_code
            for persona, user in users.items()
        }
        expected[str(endpoint)] = {persona: endpoint.expected(persona) for persona in PERSONAS}
        if counts() != before:
            wrote.append(str(endpoint))

    assert answers == expected
    assert wrote == []


GUESSES = [(e.method, e.name, e.kwargs) for e in ENDPOINTS if e.kwargs is not none]


def test_another_organisations_ballots_answer_404_by_id(world, outsider):
    """The outsider is the secretary of other-coop: this co-op's ballot ids through their own
    organisation find nothing, and through this co-op's slug nothing either."""
    client = client_for(outsider)
    before = counts()
    body = {"reason": "x", "selections": {}, "present": True, "casting_vote": "for"}
    answers = {}

    for method, name, kwargs in GUESSES:
        through_own = getattr(client, method)(
            url(name, slug="other-coop", **kwargs(world)), body, format="json"
        )
        through_theirs = getattr(client, method)(url(name, **kwargs(world)), body, format="json")
        answers[f"{method.upper()} {name}-{kwargs.__name__}"] = (
            through_own.status_code,
            through_theirs.status_code,
            through_own.json(),
        )

    not_found = (404, 404, {"detail": "Not found."})
    assert answers == dict.fromkeys(answers, not_found)
    assert len(answers) == len(GUESSES)
    assert counts() == before


def test_the_ballot_list_shows_drafts_to_the_secretary_only(world, secretary, member):
    as_secretary = client_for(secretary).get(url("ballots")).json()
    as_member = client_for(member).get(url("ballots")).json()

    assert {b["title"] for b in as_secretary["results"]} == {
        "Board election",
        "Adopt the accounts",
        "Change the name",
        "Join Co-ops UK",
    }
    assert {b["title"] for b in as_member["results"]} == {
        "Adopt the accounts",
        "Change the name",
        "Join Co-ops UK",
    }


def test_a_member_casting_a_paper_vote_in_the_room_is_forbidden(world, member):
    before = counts()

    response = client_for(member).post(
        url("ballot-cast", pk=world.open.pk),
        {"member": world.voter.number, "selections": {}, "channel": "room"},
        format="json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the secretary enters paper votes in the room."}
    assert counts() == before


def test_every_route_of_the_ballots_api_is_in_the_matrix():
    from api.voting.urls import urlpatterns

    assert {e.name for e in ENDPOINTS} == {p.name for p in urlpatterns}


def test_every_ballots_endpoint_names_a_predicate_of_voting_for_each_method_it_handles():
    """No endpoint is open by omission, and none decides with anything but a predicate of
    `voting.permissions`."""
    from api.policy import PolicyGate
    from api.voting.urls import urlpatterns
    from voting import permissions

    predicates = {
        getattr(permissions, name) for name in vars(permissions) if name.startswith("can_")
    }
    declared = {}
    for pattern in urlpatterns:
        view = pattern.callback.view_class
        handled = {m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)}
        declared[pattern.name] = (
            set(view.policy) == handled,
            set(view.policy.values()) <= predicates,
            PolicyGate in view.permission_classes,
        )

    assert declared == dict.fromkeys(declared, (True, True, True))
