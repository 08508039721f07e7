"""Who may use which joint bids endpoint: a persona × endpoint matrix through the production
URL conf (`api:` routes of `coop.urls`), decided by the real predicates of
`tendering.permissions`; 404 for another consortium's opportunities and bids.

The lead (the consortium's secretary and bid manager) runs its bids. A member co-op's
officers (its secretary and bid managers) see the bid and their own co-op's part; the lead's
reads answer them 404 and the lead's actions 403; another co-op's part answers them 404. The
co-op's plain member and board member, the consortium's board member and outsiders hold no
bid role: 404 everywhere. Anonymous callers get 401.

The bid is in final sign-off with every co-op signed, and writes are sent with an empty body,
so a persona that passes the gate gets 400 and nothing is written either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from membership import services as membership_services
from tendering.models import Answer, Commitment
from tests.api.tendering.conftest import (
    PERSONAS,
    bid_world,
    client_for,
    counts,
    persona_client,
    sign_all,
    url,
)
from tests.factories import tendering as tf

LEAD = frozenset({"secretary", "bid_manager"})
COOP_A = frozenset({"coop_user", "coop_bid_manager"})
COOP_B = frozenset({"other_coop_user"})
COOPS = COOP_A | COOP_B


@dataclass(frozen=True)
class Endpoint:
    method: str
    name: str
    kwargs: Callable[[tf.World], dict[str, Any]]
    #: Who passes the gate; `seen_by` see the subject but are refused the action (403).
    allowed: frozenset[str]
    seen_by: frozenset[str] = frozenset()
    multipart: bool = False

    @property
    def is_read(self) -> bool:
        return self.method == "get"

    def expected(self, persona: str) -> int:
        if persona == "anonymous":
            return 401
        if persona in self.allowed:
            return 200 if self.is_read else 400
        if persona in self.seen_by and not self.is_read:
            return 403
        return 404

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def consortium(w: tf.World) -> dict[str, Any]:
    return {}


def opportunity(w: tf.World) -> dict[str, Any]:
    return {"pk": w.opportunity.pk}


def bid(w: tf.World) -> dict[str, Any]:
    return {"pk": w.bid.pk}


def part_a(w: tf.World) -> dict[str, Any]:
    return {"pk": w.bid.pk, "participant_id": w.participants[0].pk}


def consortium_answer(w: tf.World) -> dict[str, Any]:
    answer = Answer.objects.get(bid=w.bid, participant__isnull=True)
    return {"pk": w.bid.pk, "answer_id": answer.pk}


def answer_of_a(w: tf.World) -> dict[str, Any]:
    answer = Answer.objects.get(bid=w.bid, participant=w.participants[0])
    return {"pk": w.bid.pk, "answer_id": answer.pk}


def commitment_of_a(w: tf.World) -> dict[str, Any]:
    commitment = Commitment.objects.filter(participant=w.participants[0]).order_by("pk").first()
    assert commitment is not None
    return {"pk": w.bid.pk, "commitment_id": commitment.pk}


PARTIES = LEAD | COOPS
EDIT_A = LEAD | COOP_A

ENDPOINTS = [
    # The consortium's opportunities and library: the lead's. The co-ops' officers see the
    # bids section, so its actions answer them 403.
    Endpoint("get", "tender-opportunities", consortium, LEAD),
    Endpoint("post", "tender-opportunities", consortium, LEAD, COOPS),
    Endpoint("post", "tender-opportunity-import", consortium, LEAD, COOPS),
    Endpoint("get", "tender-opportunity", opportunity, LEAD),
    Endpoint("post", "tender-lots", opportunity, LEAD, COOPS),
    Endpoint("put", "tender-criteria", opportunity, LEAD, COOPS),
    Endpoint("post", "tender-questions", opportunity, LEAD, COOPS),
    Endpoint("post", "tender-documents", opportunity, LEAD, COOPS),
    Endpoint("get", "answer-library", consortium, LEAD),
    Endpoint("post", "answer-library", consortium, LEAD, COOPS),
    # Bids: the list for the parties, starting one for the lead.
    Endpoint("get", "bids", consortium, PARTIES),
    Endpoint("post", "bids", consortium, LEAD, COOPS),
    # One bid: the lead's dashboard, plan, steps, go/no-go, checklist, export.
    Endpoint("get", "bid", bid, LEAD),
    Endpoint("patch", "bid", bid, LEAD, COOPS),
    Endpoint("post", "bid-transitions", bid, LEAD, COOPS),
    Endpoint("post", "bid-submit", bid, LEAD, COOPS),
    Endpoint("post", "bid-go-board", bid, LEAD, COOPS),
    Endpoint("post", "bid-go-ballot", bid, LEAD, COOPS),
    Endpoint("post", "bid-go-result", bid, LEAD, COOPS),
    Endpoint("get", "bid-checklist", bid, LEAD),
    Endpoint("get", "bid-ocds", bid, LEAD),
    # Co-ops: the lead runs them; a co-op's part is its own (404 to another co-op).
    Endpoint("get", "bid-participants", bid, LEAD),
    Endpoint("post", "bid-participants", bid, LEAD, COOPS),
    Endpoint("get", "bid-participant", part_a, EDIT_A),
    # Co-op A decides for itself: its own secretary or board records its approval; the lead
    # and its bid manager see its part and are refused (issue 15, case 5).
    Endpoint(
        "post",
        "bid-participant-approve",
        part_a,
        frozenset({"coop_user", "coop_board_member"}),
        LEAD | {"coop_bid_manager"},
    ),
    Endpoint("post", "bid-participant-authorise", part_a, LEAD, COOP_A),
    Endpoint("post", "bid-participant-withdraw", part_a, LEAD, COOP_A),
    Endpoint("post", "bid-lead", bid, LEAD, COOPS),
    Endpoint("get", "bid-my-part", bid, COOPS),
    # Capacity and prices: members' cost build-ups only to the lead and that co-op.
    Endpoint("get", "bid-capacity", bid, PARTIES),
    Endpoint("post", "bid-capacity", bid, PARTIES),
    Endpoint("post", "bid-commitments", bid, PARTIES),
    Endpoint("delete", "bid-commitment", commitment_of_a, EDIT_A),
    Endpoint("get", "bid-coverage", bid, LEAD),
    Endpoint("get", "bid-prices", bid, LEAD),
    Endpoint("get", "bid-participant-prices", part_a, EDIT_A),
    Endpoint("post", "bid-participant-prices", part_a, EDIT_A),
    # Answers: the consortium's for everyone of the bid, a co-op's for that co-op; the lead
    # assigns, reviews, reopens.
    Endpoint("get", "bid-answers", bid, PARTIES),
    Endpoint("post", "bid-answer-assign", bid, LEAD, COOPS),
    Endpoint("get", "bid-answer", consortium_answer, PARTIES),
    Endpoint("put", "bid-answer", consortium_answer, LEAD, COOPS),
    Endpoint("get", "bid-answer", answer_of_a, EDIT_A),
    Endpoint("put", "bid-answer", answer_of_a, EDIT_A),
    Endpoint("post", "bid-answer-submit", answer_of_a, EDIT_A),
    Endpoint("post", "bid-answer-review", answer_of_a, LEAD, COOP_A),
    Endpoint("post", "bid-answer-reopen", answer_of_a, LEAD, COOP_A),
    Endpoint("get", "bid-answer-versions", answer_of_a, EDIT_A),
    Endpoint("post", "bid-answer-use-library", answer_of_a, EDIT_A),
    # Evidence, social value, sign-off.
    Endpoint("get", "bid-evidence", bid, PARTIES),
    Endpoint("post", "bid-evidence", bid, PARTIES, multipart=True),
    Endpoint("get", "bid-social-value", bid, PARTIES),
    Endpoint("post", "bid-social-value", bid, LEAD, COOPS),
    Endpoint("get", "bid-signoffs", bid, PARTIES),
    Endpoint("post", "bid-participant-sign-off", part_a, EDIT_A),
]


@pytest.fixture
def signed(organisation, coops) -> tf.World:
    """The standard bid in final sign-off, every co-op having signed off."""
    world = bid_world(organisation, coops, stage="final_signoff")
    sign_all(world)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_from_each_endpoint(
    request, signed, coop_user, other_coop_user, persona
):
    client = persona_client(request, persona)
    before = counts()

    got = {}
    for endpoint in ENDPOINTS:
        address = url(endpoint.name, **endpoint.kwargs(signed))
        call = getattr(client, endpoint.method)
        response = (
            call(address, {}, format="multipart") if endpoint.multipart else call(address, {})
        )
        got[f"{endpoint} {endpoint.kwargs.__name__}"] = response.status_code

    assert got == {
        f"{endpoint} {endpoint.kwargs.__name__}": endpoint.expected(persona)
        for endpoint in ENDPOINTS
    }
    assert counts() == before


def test_every_route_is_in_the_matrix():
    from api.tendering.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {e.name for e in ENDPOINTS}


def test_another_consortiums_bid_and_opportunity_answer_404_even_to_their_own_lead(
    organisation, drafting, bid_manager
):
    other = tf.consortium(slug="north", name="North Wales Care Consortium")
    theirs = tf.joint_bid(other, reference="NORTH-1", stage="identified")
    client = client_for(bid_manager)
    before = counts()

    answers = [
        # Their addresses: this bid manager holds no role there.
        client.get(url("bid", slug="north", pk=theirs.bid.pk)),
        client.get(url("tender-opportunity", slug="north", pk=theirs.opportunity.pk)),
        client.get(url("bids", slug="north")),
        client.post(url("bid-transitions", slug="north", pk=theirs.bid.pk), {"to": "qualifying"}),
        # Their ids under this consortium's address.
        client.get(url("bid", pk=theirs.bid.pk)),
        client.get(url("bid-ocds", pk=theirs.bid.pk)),
        client.get(url("tender-opportunity", pk=theirs.opportunity.pk)),
        client.post(url("tender-lots", pk=theirs.opportunity.pk), {}),
        client.post(url("bid-transitions", pk=theirs.bid.pk), {"to": "qualifying"}),
        # A participant, answer and commitment of this bid under another bid's id.
        client.get(
            url("bid-participant", pk=theirs.bid.pk, participant_id=drafting.participants[0].pk)
        ),
    ]

    assert [r.status_code for r in answers] == [404] * len(answers)
    assert {r.json()["detail"] for r in answers} == {"Not found."}
    assert counts() == before


def test_a_participant_of_one_bid_is_not_found_under_another_bid(
    organisation, coops, drafting, bid_manager
):
    second = tf.joint_bid(organisation, coops=coops, reference="PCC-DOM-2", stage="consulting")
    client = client_for(bid_manager)
    a_here = drafting.participants[0].pk
    answer_here = Answer.objects.filter(bid=drafting.bid).first()
    assert answer_here is not None

    assert (
        client.get(url("bid-participant", pk=second.bid.pk, participant_id=a_here)).status_code
        == 404
    )
    assert (
        client.get(url("bid-answer", pk=second.bid.pk, answer_id=answer_here.pk)).status_code == 404
    )


def test_a_co_ops_representative_holds_no_bid_role(organisation, coops, drafting):
    """Representatives vote for their co-op in the consortium; bids are for its secretary and
    bid managers (`tendering.permissions`)."""
    rep = tf.user("Rhys Rep")
    membership_services.representative_add(
        member=coops[0], name="Rhys Rep", started_on=timezone.localdate(), user=rep, actor=None
    )
    client = client_for(rep)
    a = drafting.participants[0]

    assert (
        client.get(url("bid-participant", pk=drafting.bid.pk, participant_id=a.pk)).status_code
        == 404
    )
    assert client.get(url("bids")).status_code == 404


def test_a_co_ops_officer_sees_its_own_part_and_not_the_others(drafting, coop_bid_manager):
    client = client_for(coop_bid_manager)
    a, b = drafting.participants

    assert (
        client.get(url("bid-participant", pk=drafting.bid.pk, participant_id=a.pk)).status_code
        == 200
    )
    assert (
        client.get(url("bid-participant", pk=drafting.bid.pk, participant_id=b.pk)).status_code
        == 404
    )
    assert (
        client.get(
            url("bid-participant-prices", pk=drafting.bid.pk, participant_id=b.pk)
        ).status_code
        == 404
    )
    assert client.get(url("bid-prices", pk=drafting.bid.pk)).status_code == 404
    parts = client.get(url("bid-my-part", pk=drafting.bid.pk)).json()["parts"]
    assert [p["id"] for p in parts] == [a.pk]


def test_a_co_op_person_sees_only_the_bids_their_co_op_takes_part_in(
    organisation, coops, drafting, coop_user
):
    others = [tf.coop(organisation, "Co-op C"), tf.coop(organisation, "Co-op D")]
    without_a = tf.joint_bid(organisation, coops=others, reference="PCC-DOM-9", stage="consulting")

    listed = client_for(coop_user).get(url("bids")).json()

    assert [b["id"] for b in listed["results"]] == [drafting.bid.pk]
    assert client_for(coop_user).get(url("bid-my-part", pk=without_a.bid.pk)).status_code == 404
