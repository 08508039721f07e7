"""Who may use which endpoint: a persona × endpoint matrix, and 404 for guessed ids.

Each endpoint names the predicate of `membership.permissions` that decides it, and what each
persona gets is worked out from that real predicate (`tests/membership/test_policy.py` pins
the predicates themselves, persona by persona). A user with no role in the organisation gets
404 for everything under it (never 403); a user with some role but not the needed one gets
404 on a read and 403 on an action; anonymous callers get 401 (except on the public join
endpoint). Writes are sent with an empty body, so a persona that passes the gate gets 400 and
nothing is written either way. Every endpoint of the membership API is in the matrix (a test
reads them from the production URL conf).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver

from coop.core.models import User
from coop.core.permissions import Predicate
from membership import permissions as policy
from membership.models import Organisation
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
ALL = policy.can_see_organisation
SECRETARY = policy.can_manage_register
READERS = policy.can_view_register
MEMBER = policy.can_view_own_account


@dataclass(frozen=True)
class Endpoint:
    method: str
    name: str
    may: Predicate
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    ok: int | None = None  # status for an allowed persona (default: 200 read, 400 write)
    public: bool = False
    query: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_read(self) -> bool:
        return self.method == "get"

    def expected(self, user: User | None, organisation: Organisation) -> int:
        """What `user` gets, by the endpoint's predicate and the one rule."""
        if self.public:
            return self.ok or 400
        if user is None:
            return 401
        if self.may(user, organisation):
            return self.ok or (200 if self.is_read else 400)
        sees = policy.can_see_organisation(user, organisation) or (
            self.may in OWN_ACCOUNT and policy.can_view_own_account(user, organisation)
        )
        return 403 if sees and not self.is_read else 404

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def member_no(w: World) -> dict[str, Any]:
    return {"number": w.investor.number}


OWN_ACCOUNT = (policy.can_view_own_account, policy.can_change_own_account)

ENDPOINTS = [
    Endpoint("get", "organisation", ALL),
    Endpoint("get", "rules-versions", policy.can_view_organisation),
    Endpoint("post", "rules-versions", SECRETARY),
    Endpoint("get", "member-classes", policy.can_view_organisation),
    Endpoint("post", "member-classes", SECRETARY),
    Endpoint("get", "share-classes", policy.can_view_organisation),
    Endpoint("post", "share-classes", SECRETARY),
    Endpoint(
        "post",
        "share-class-suspend-withdrawals",
        policy.can_suspend_withdrawals,
        lambda w: {"code": "investor"},
    ),
    Endpoint(
        "post",
        "share-class-resume-withdrawals",
        policy.can_suspend_withdrawals,
        lambda w: {"code": "investor"},
        ok=200,
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
    Endpoint("get", "withdrawals", policy.can_view_withdrawals),
    Endpoint("post", "withdrawals", SECRETARY),
    Endpoint("get", "withdrawal", policy.can_view_withdrawals, lambda w: {"pk": w.withdrawal.pk}),
    Endpoint(
        "post",
        "withdrawal-decide",
        policy.can_decide_withdrawals,
        lambda w: {"pk": w.withdrawal.pk},
    ),
    Endpoint(
        "post", "withdrawal-pay", policy.can_pay_withdrawals, lambda w: {"pk": w.withdrawal.pk}
    ),
    Endpoint(
        "post", "withdrawal-cancel", policy.can_pay_withdrawals, lambda w: {"pk": w.withdrawal.pk}
    ),
    Endpoint("get", "applications", policy.can_view_applications),
    Endpoint("post", "applications", policy.can_apply_to_join, public=True),
    Endpoint(
        "get", "application", policy.can_view_applications, lambda w: {"pk": w.application.pk}
    ),
    Endpoint(
        "post",
        "application-approve",
        policy.can_decide_applications,
        lambda w: {"pk": w.application.pk},
    ),
    Endpoint(
        "post",
        "application-reject",
        policy.can_decide_applications,
        lambda w: {"pk": w.application.pk},
    ),
    Endpoint("get", "officers", READERS),
    Endpoint("post", "officers", SECRETARY),
    Endpoint("post", "officer-end", SECRETARY, lambda w: {"pk": w.officer.pk}),
    Endpoint("get", "nominations", READERS),
    Endpoint("post", "nominations", SECRETARY),
    Endpoint("post", "nomination-revoke", SECRETARY, lambda w: {"pk": w.nomination.pk}),
    Endpoint("get", "register", READERS),
    Endpoint("get", "register", policy.can_export_register, query="?format=csv"),
    Endpoint("get", "duplicate-register", policy.can_inspect_duplicate_register),
    Endpoint("get", "register-exports", policy.can_export_register),
    Endpoint("post", "register-exports", policy.can_export_register),
    Endpoint("get", "register-export", policy.can_export_register, lambda w: {"pk": w.export.pk}),
    Endpoint(
        "get",
        "register-export-download",
        policy.can_export_register,
        lambda w: {"pk": w.export.pk},
        ok=409,
    ),
    Endpoint("get", "audit-events", policy.can_view_audit),
    Endpoint("get", "account", MEMBER),
    Endpoint("get", "account-withdrawals", MEMBER),
    Endpoint("post", "account-withdrawals", policy.can_change_own_account),
    Endpoint("get", "account-certificates", MEMBER),
    Endpoint("get", "account-certificate-pdf", MEMBER, lambda w: {"pk": w.certificate.pk}),
    # The upload takes multipart form data only: an empty JSON body past the gate is 415.
    Endpoint("post", "imports", policy.can_import_members, ok=415),
    Endpoint("get", "import", policy.can_import_members, lambda w: {"pk": w.import_batch.pk}),
    Endpoint(
        "post", "import-commit", policy.can_import_members, lambda w: {"pk": w.import_batch.pk}
    ),
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

    assert answers == {
        persona: endpoint.expected(user, world.organisation) for persona, user in users.items()
    }
    if endpoint.ok is None or endpoint.ok >= 400:
        assert counts() == before


def _membership_endpoints(patterns: list[Any], namespace: str = "") -> set[tuple[str, str]]:
    """(method, URL name) of every endpoint served from `api.membership`, read from the
    production URL conf."""
    found: set[tuple[str, str]] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= _membership_endpoints(pattern.url_patterns, inner)
            continue
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not view.__module__.startswith("api.membership."):
            continue
        for method in ("get", "post", "patch", "put", "delete"):
            if hasattr(view, method):
                found.add((method, f"{namespace}{pattern.name}"))
    return found


def test_every_membership_endpoint_is_in_the_matrix():
    served = _membership_endpoints(get_resolver().url_patterns)
    assert {(e.method, f"api:{e.name}") for e in ENDPOINTS} == served - {
        ("get", "api:organisations")
    }


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


# These read no JSON body at all (the upload reads multipart form data).
BODILESS = {"share-class-resume-withdrawals", "member-reinstate", "import-commit", "imports"}
WRITES = [e for e in ENDPOINTS if not e.is_read and e.name not in BODILESS]


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_malformed_json_body_answers_400_and_writes_nothing(
    endpoint: Endpoint, world: World, request: pytest.FixtureRequest
):
    users = [request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"]
    client = client_for(next(u for u in users if endpoint.may(u, world.organisation)))
    before = counts()

    response = getattr(client, endpoint.method)(
        url(endpoint.name, **endpoint.kwargs(world)),
        '{"reason": "unfinished',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert counts() == before
