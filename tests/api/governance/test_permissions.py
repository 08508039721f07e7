"""Who may use which meetings endpoint: a persona × endpoint matrix (every route and method
the API serves, checked against its URL conf), and 404 for another organisation's meetings,
motions, amendments and requisitions by id.

The organisation's governance is seen by those who take part in it (secretary, board member,
scrutineer, member): anyone else (a bid manager, whose role is the joint bids, and anyone with
no role in the organisation) gets 404 for everything of it, never 403; someone who sees it
but may not do what is asked gets 404 on a read and 403 on an action; anonymous callers get
401. Writes are sent with an empty body (or aimed at something in a state that refuses them),
so a persona that passes the gate gets 400 and nothing is written either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from api.governance import urls as governance_urls
from governance import services
from tests.api.governance.conftest import PERSONAS, World, client_for, counts, url

VIEWERS = frozenset({"secretary", "board_member", "scrutineer", "member"})
BOARD = frozenset({"secretary", "board_member"})
SECRETARY = frozenset({"secretary"})


@dataclass(frozen=True)
class Endpoint:
    method: str
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]]
    forbidden: frozenset[str] = frozenset()  # allowed in, but refused the action (403)

    @property
    def is_read(self) -> bool:
        return self.method == "get"

    def expected(self, persona: str) -> int:
        if persona == "anonymous":
            return 401
        if persona in self.forbidden:
            return 403
        if persona in self.allowed:
            return 200 if self.is_read else 400
        if persona not in VIEWERS:
            return 404
        return 404 if self.is_read else 403

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}-{self.kwargs.__name__}"


def none(w: World) -> dict[str, Any]:
    return {}


def planned(w: World) -> dict[str, Any]:
    return {"pk": w.planned.pk}


def called(w: World) -> dict[str, Any]:
    return {"pk": w.called.pk}


def held(w: World) -> dict[str, Any]:
    return {"pk": w.held.pk}


def item(w: World) -> dict[str, Any]:
    return {"pk": w.called.pk, "item_id": w.item.pk}


def admitted(w: World) -> dict[str, Any]:
    return {"pk": w.admitted.pk}


def amendment(w: World) -> dict[str, Any]:
    return {"pk": w.amendment.pk}


def revoked_proxy(w: World) -> dict[str, Any]:
    return {"pk": w.called.pk, "proxy_id": w.revoked_proxy.pk}


def requisition(w: World) -> dict[str, Any]:
    return {"pk": w.requisition.pk}


ENDPOINTS = [
    Endpoint("get", "meetings", VIEWERS, none),
    Endpoint("post", "meetings", SECRETARY, none),
    Endpoint("get", "meeting", VIEWERS, called),
    Endpoint("get", "meeting", VIEWERS, planned),  # planned: its date and motion deadline
    Endpoint("patch", "meeting", SECRETARY, planned),
    Endpoint("get", "meeting-notice", SECRETARY, called),
    Endpoint("post", "meeting-notice", SECRETARY, called),  # given already: refused
    Endpoint("post", "meeting-notice-resend", SECRETARY, held),  # held: refused
    Endpoint("get", "meeting-notice-dispatches", SECRETARY, called),
    Endpoint("post", "meeting-start", SECRETARY, called),
    Endpoint("post", "meeting-adjourn", SECRETARY, called),
    Endpoint("post", "meeting-resume", SECRETARY, held),  # held: refused
    Endpoint("post", "meeting-close", SECRETARY, called),  # not started: refused
    Endpoint("post", "meeting-cancel", SECRETARY, called),
    Endpoint("get", "meeting-quorum", SECRETARY, called),
    Endpoint("get", "meeting-agenda", VIEWERS, called),
    Endpoint("post", "meeting-agenda", SECRETARY, called),
    Endpoint("post", "meeting-agenda-move", SECRETARY, item),
    Endpoint("get", "meeting-attendance", SECRETARY, called),
    Endpoint("post", "meeting-attendance", SECRETARY, called),
    Endpoint("get", "meeting-proxies", SECRETARY, called),
    Endpoint("post", "meeting-proxies", VIEWERS, called),
    # Revoked already (400 for the secretary); not the appointing member's own: 403.
    Endpoint(
        "post",
        "meeting-proxy-revoke",
        VIEWERS,
        revoked_proxy,
        forbidden=frozenset({"board_member", "scrutineer", "member"}),
    ),
    Endpoint("get", "meeting-motions", VIEWERS, called),
    Endpoint("post", "meeting-motions", VIEWERS, called),
    Endpoint("post", "meeting-board-motions", SECRETARY, called),
    Endpoint("get", "meeting-minutes", VIEWERS, held),
    Endpoint("patch", "meeting-minutes", SECRETARY, held),
    Endpoint("post", "meeting-minutes-approve", SECRETARY, held),
    Endpoint("get", "motion", VIEWERS, admitted),
    Endpoint("post", "motion-second", VIEWERS, admitted),  # admitted: refused
    Endpoint("post", "motion-admissibility", BOARD, admitted),
    Endpoint("post", "motion-withdraw", VIEWERS, admitted),  # not the proposer: refused
    Endpoint("post", "motion-confirmation", SECRETARY, admitted),
    Endpoint("post", "motion-amendments", VIEWERS, admitted),
    Endpoint("post", "motion-vote", SECRETARY, admitted),  # not under way: refused
    Endpoint("post", "motion-hands", SECRETARY, admitted),
    Endpoint("post", "amendment-second", VIEWERS, amendment),  # seconded: refused
    Endpoint("post", "amendment-rule-out", SECRETARY, amendment),
    Endpoint("post", "amendment-withdraw", VIEWERS, amendment),  # not the proposer: refused
    Endpoint("post", "amendment-vote", SECRETARY, amendment),  # not under way: refused
    Endpoint("post", "amendment-hands", SECRETARY, amendment),
    Endpoint("get", "requisitions", VIEWERS, none),
    Endpoint("post", "requisitions", VIEWERS, none),
    Endpoint("post", "requisition-sign", VIEWERS, requisition),  # threshold reached: refused
    Endpoint("post", "requisition-called", SECRETARY, requisition),
    Endpoint("get", "resolutions", VIEWERS, none),
]


def test_every_route_and_method_is_in_the_matrix():
    """Each method each meetings view handles (HEAD and OPTIONS follow GET) has a row."""
    served = set()
    for pattern in governance_urls.urlpatterns:
        view = pattern.callback.view_class
        for method in ("get", "post", "patch", "put", "delete"):
            if hasattr(view, method):
                served.add((method, pattern.name))
    assert served == {(e.method, e.name) for e in ENDPOINTS}


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


def test_another_organisations_objects_answer_404_by_id(world, outsider):
    """The outsider is the secretary of other-coop: this co-op's meeting, motion, amendment
    and requisition ids through their own organisation find nothing, and through this
    co-op's slug nothing either."""
    client = client_for(outsider)
    before = counts()
    body = {"reason": "x", "chair_name": "Owen", "position": 1, "counts": {}, "meeting": 1}
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


def test_board_meetings_are_for_the_board_and_scrutineers(
    organisation, world, secretary, board_member, scrutineer, member, bid_manager
):
    meeting = services.meeting_plan(
        organisation=organisation,
        kind="board",
        title="Board, March",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="The office",
        actor=None,
    )
    services.meeting_give_notice(meeting=meeting, actor=None)
    path = url("meeting", pk=meeting.pk)

    answers = {
        persona: client_for(user).get(path).status_code
        for persona, user in {
            "secretary": secretary,
            "board_member": board_member,
            "scrutineer": scrutineer,
            "member": member,
            "bid_manager": bid_manager,
        }.items()
    }
    listed = {m["title"] for m in client_for(member).get(url("meetings")).json()["results"]}

    assert answers == {
        "secretary": 200,
        "board_member": 200,
        "scrutineer": 200,
        "member": 404,
        "bid_manager": 404,
    }
    assert listed == {"AGM 2025", "AGM 2026", "Special meeting"}  # "Special meeting" is planned
