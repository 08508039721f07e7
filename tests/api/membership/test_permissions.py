"""Who may use which endpoint: a persona × endpoint matrix, and 404 for guessed ids.

A user with no role in the organisation gets 404 for everything under it (never 403); a user
with some role but not the needed one gets 404 on a read and 403 on an action; anonymous
callers get 401 (except on the public join endpoint). Writes are sent with an empty body, so a
persona that passes the gate gets 400 and nothing is written either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.api.membership.conftest import SLUG, World, client_for, counts, url

PERSONAS = (
    "secretary",
    "board_member",
    "scrutineer",
    "member",
    "bid_manager",
    "outsider",
    "anonymous",
)
ROLES_IN_ORG = {"secretary", "board_member", "scrutineer", "member", "bid_manager"}
ALL = frozenset(ROLES_IN_ORG)
SECRETARY = frozenset({"secretary"})
BOARD = frozenset({"secretary", "board_member"})
READERS = frozenset({"secretary", "board_member", "scrutineer"})
AUDIT = frozenset({"secretary", "scrutineer"})
MEMBER = frozenset({"member"})


@dataclass(frozen=True)
class Endpoint:
    method: str
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    ok: int | None = None  # status for an allowed persona (default: 200 read, 400 write)
    public: bool = False
    query: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_read(self) -> bool:
        return self.method == "get"

    def expected(self, persona: str) -> int:
        if self.public:
            return self.ok or 400
        if persona == "anonymous":
            return 401
        if persona in self.allowed:
            return self.ok or (200 if self.is_read else 400)
        if persona not in ROLES_IN_ORG:
            return 404
        return 404 if self.is_read else 403

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def member_no(w: World) -> dict[str, Any]:
    return {"number": w.investor.number}


ENDPOINTS = [
    Endpoint("get", "organisation", ALL),
    Endpoint("get", "rules-versions", ALL),
    Endpoint("post", "rules-versions", SECRETARY),
    Endpoint("get", "member-classes", ALL),
    Endpoint("post", "member-classes", SECRETARY),
    Endpoint("get", "share-classes", ALL),
    Endpoint("post", "share-classes", SECRETARY),
    Endpoint("post", "share-class-suspend-withdrawals", BOARD, lambda w: {"code": "investor"}),
    Endpoint(
        "post", "share-class-resume-withdrawals", BOARD, lambda w: {"code": "investor"}, ok=200
    ),
    Endpoint("get", "members", READERS),
    Endpoint("post", "members", SECRETARY),
    Endpoint("get", "member", READERS, member_no),
    Endpoint("patch", "member", SECRETARY, member_no),
    Endpoint("post", "member-suspend", SECRETARY, member_no),
    Endpoint("post", "member-reinstate", SECRETARY, member_no),
    Endpoint("post", "member-cease", SECRETARY, member_no),
    Endpoint("post", "member-erase-optional", SECRETARY, member_no),
    Endpoint("get", "member-ledger", READERS, member_no),
    Endpoint("post", "member-ledger", SECRETARY, member_no),
    Endpoint("post", "member-joint-holders", SECRETARY, member_no),
    Endpoint("post", "member-representatives", SECRETARY, member_no),
    Endpoint("post", "representative-end", SECRETARY, lambda w: {"pk": w.representative.pk}),
    Endpoint("get", "member-certificates", READERS, member_no),
    Endpoint("post", "member-certificates", SECRETARY, member_no),
    Endpoint("get", "certificate-pdf", READERS, lambda w: {"pk": w.certificate.pk}),
    Endpoint("post", "transfers", SECRETARY),
    Endpoint("post", "ledger-correct", SECRETARY, lambda w: {"pk": w.allotment.pk}),
    Endpoint("get", "withdrawals", BOARD),
    Endpoint("post", "withdrawals", SECRETARY),
    Endpoint("get", "withdrawal", BOARD, lambda w: {"pk": w.withdrawal.pk}),
    Endpoint("post", "withdrawal-decide", BOARD, lambda w: {"pk": w.withdrawal.pk}),
    Endpoint("post", "withdrawal-pay", SECRETARY, lambda w: {"pk": w.withdrawal.pk}),
    Endpoint("post", "withdrawal-cancel", SECRETARY, lambda w: {"pk": w.withdrawal.pk}),
    Endpoint("get", "applications", BOARD),
    Endpoint("post", "applications", ALL, public=True),
    Endpoint("get", "application", BOARD, lambda w: {"pk": w.application.pk}),
    Endpoint("post", "application-approve", BOARD, lambda w: {"pk": w.application.pk}),
    Endpoint("post", "application-reject", BOARD, lambda w: {"pk": w.application.pk}),
    Endpoint("get", "officers", READERS),
    Endpoint("post", "officers", SECRETARY),
    Endpoint("post", "officer-end", SECRETARY, lambda w: {"pk": w.officer.pk}),
    Endpoint("get", "nominations", READERS),
    Endpoint("post", "nominations", SECRETARY),
    Endpoint("post", "nomination-revoke", SECRETARY, lambda w: {"pk": w.nomination.pk}),
    Endpoint("get", "register", READERS),
    Endpoint("get", "register", READERS, query="?format=csv"),
    Endpoint("get", "duplicate-register", READERS | MEMBER),
    Endpoint("get", "register-exports", READERS),
    Endpoint("post", "register-exports", READERS),
    Endpoint("get", "register-export", READERS, lambda w: {"pk": w.export.pk}),
    Endpoint("get", "register-export-download", READERS, lambda w: {"pk": w.export.pk}, ok=409),
    Endpoint("get", "audit-events", AUDIT),
    Endpoint("get", "account", MEMBER),
    Endpoint("get", "account-withdrawals", MEMBER),
    Endpoint("post", "account-withdrawals", MEMBER),
    Endpoint("get", "account-certificates", MEMBER),
    Endpoint("get", "account-certificate-pdf", MEMBER, lambda w: {"pk": w.certificate.pk}),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_persona_matrix(endpoint: Endpoint, world: World, request: pytest.FixtureRequest):
    users = {p: None if p == "anonymous" else request.getfixturevalue(p) for p in PERSONAS}
    path = url(endpoint.name, **endpoint.kwargs(world)) + endpoint.query
    before = counts()

    answers = {}
    for persona, user in users.items():
        client = client_for(user)
        response = getattr(client, endpoint.method)(path, {}, format="json")
        answers[persona] = response.status_code

    assert answers == {persona: endpoint.expected(persona) for persona in PERSONAS}
    if endpoint.ok is None or endpoint.ok >= 400:
        assert counts() == before


def test_organisation_list_shows_only_organisations_with_a_role(
    world, secretary, outsider, applicant, other_organisation
):
    listed = {
        "secretary": client_for(secretary).get("/api/v1/organisations/").json(),
        "outsider": client_for(outsider).get("/api/v1/organisations/").json(),
        "applicant": client_for(applicant).get("/api/v1/organisations/").json(),
    }

    assert {k: [o["slug"] for o in v["results"]] for k, v in listed.items()} == {
        "secretary": [SLUG],
        "outsider": ["other-coop"],
        "applicant": [],
    }
    assert client_for(None).get("/api/v1/organisations/").status_code == 401


GUESSES = [
    ("get", "member", member_no),
    ("patch", "member", member_no),
    ("get", "member-ledger", member_no),
    ("post", "member-ledger", member_no),
    ("post", "member-suspend", member_no),
    ("post", "member-cease", member_no),
    ("post", "ledger-correct", lambda w: {"pk": w.allotment.pk}),
    ("get", "withdrawal", lambda w: {"pk": w.withdrawal.pk}),
    ("post", "withdrawal-decide", lambda w: {"pk": w.withdrawal.pk}),
    ("post", "withdrawal-pay", lambda w: {"pk": w.withdrawal.pk}),
    ("post", "withdrawal-cancel", lambda w: {"pk": w.withdrawal.pk}),
    ("get", "application", lambda w: {"pk": w.application.pk}),
    ("post", "application-approve", lambda w: {"pk": w.application.pk}),
    ("post", "application-reject", lambda w: {"pk": w.application.pk}),
    ("post", "officer-end", lambda w: {"pk": w.officer.pk}),
    ("post", "nomination-revoke", lambda w: {"pk": w.nomination.pk}),
    ("get", "register-export", lambda w: {"pk": w.export.pk}),
    ("get", "register-export-download", lambda w: {"pk": w.export.pk}),
    ("post", "share-class-suspend-withdrawals", lambda w: {"code": "nonexistent"}),
    ("post", "member-joint-holders", member_no),
    ("post", "representative-end", lambda w: {"pk": w.representative.pk}),
    ("get", "member-certificates", member_no),
    ("get", "certificate-pdf", lambda w: {"pk": w.certificate.pk}),
    ("get", "account-certificate-pdf", lambda w: {"pk": w.certificate.pk}),
]


@pytest.mark.parametrize(
    ("method", "name", "kwargs"), GUESSES, ids=[f"{m.upper()} {n}" for m, n, _ in GUESSES]
)
def test_another_organisations_objects_answer_404_by_guessed_id(
    method, name, kwargs, world, outsider
):
    """The outsider is secretary of other-coop: aiming at this co-op's ids through their own
    organisation finds nothing, and through this co-op's slug finds nothing either."""
    client = client_for(outsider)
    before = counts()
    body = {"reason": "x", "paid_on": "2024-05-01", "ended_on": "2024-01-01"}

    through_own = getattr(client, method)(
        url(name, slug="other-coop", **kwargs(world)), body, format="json"
    )
    through_theirs = getattr(client, method)(url(name, **kwargs(world)), body, format="json")

    assert (through_own.status_code, through_theirs.status_code) == (404, 404)
    assert through_own.json() == {"detail": "Not found."}
    assert counts() == before


def test_a_role_in_one_organisation_reveals_nothing_of_another(
    world, secretary, other_organisation
):
    client = client_for(secretary)

    answers = [
        client.get(url(name, slug="other-coop")).status_code
        for name in ("organisation", "members", "register", "withdrawals", "audit-events")
    ]

    assert answers == [404, 404, 404, 404, 404]


BODILESS = {"share-class-resume-withdrawals", "member-reinstate"}  # these read no body at all
WRITES = [e for e in ENDPOINTS if not e.is_read and e.name not in BODILESS]


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_malformed_json_body_answers_400_and_writes_nothing(
    endpoint: Endpoint, world: World, request: pytest.FixtureRequest
):
    persona = "secretary" if "secretary" in endpoint.allowed else sorted(endpoint.allowed)[0]
    client = client_for(request.getfixturevalue(persona))
    before = counts()

    response = getattr(client, endpoint.method)(
        url(endpoint.name, **endpoint.kwargs(world)),
        '{"reason": "unfinished',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert counts() == before
