"""Who may reach which tendering page: a persona × page matrix through the production URL
conf, decided by the real predicates of `tendering.permissions`.

The consortium's bid manager and secretary run its bids (the lead). A member co-op's
secretary and bid managers (its officers) see their own co-op's part and the bid it takes
part in; a lead's action answers them 403, another co-op's part 404. The co-op's plain
members and board members, the consortium's board member, an outsider: 404 everywhere.
Anonymous visitors are sent to sign in. Every route of the app is in the GET or the POST
matrix (a test says so)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from coop.core.permissions import Role
from tendering.models import Answer, Commitment, Evidence
from tests.tendering import test_pages_setup as setup
from tests.tendering.test_pages_setup import (
    PERSONAS,
    Scenario,
    build,
    consortium,
    counts,
    person_of,
    signed_in,
    url,
)

LEAD = frozenset({"secretary", "bid_manager"})
A = frozenset({"coop_secretary", "coop_bid_manager"})
B = frozenset({"other_coop_secretary"})


def _expect(allowed: frozenset[str], seen_by: frozenset[str] = frozenset(), *, ok: int = 200):
    """Status by persona: `ok` for `allowed`, 403 for `seen_by` (they see the thing but may
    not act on it), 302 to sign in for anonymous visitors, 404 for everyone else."""

    def expected(persona: str) -> int:
        if persona == "anonymous":
            return 302
        if persona in allowed:
            return ok
        if persona in seen_by:
            return 403
        return 404

    return expected


LEAD_READ = _expect(LEAD)
#: One of the lead's actions on the bid, or on the consortium's bids section: the co-ops'
#: officers see it and are refused.
LEAD_ACTION = _expect(LEAD, A | B)
#: One of the lead's actions on co-op B's part: co-op A's officers do not see B's part.
LEAD_ACTION_ON_B = _expect(LEAD, B)
BID_VIEW = _expect(LEAD | A | B)
PART_A = _expect(LEAD | A)
PART_B = _expect(LEAD | B)
#: Co-op B's own act on its part of the bid: its officers (its secretary) only.
COOP_B_OWN_ACT = _expect(B, LEAD)


def _dashboard(persona: str) -> int:
    return 302 if persona in A | B else LEAD_READ(persona)


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def coops(organisation):
    """Co-op A and co-op B, member co-ops of the consortium with their own organisations."""
    return [setup.coop_member(organisation, name) for name in ("Co-op A", "Co-op B")]


@pytest.fixture
def scenario(organisation, coops) -> Scenario:
    return build(organisation, coops=coops, lots=2, questions=4)


@pytest.fixture
def coop_secretary(coops):
    return person_of(coops[0], "ann@coop-a.example.org")


@pytest.fixture
def coop_bid_manager(coops):
    return person_of(coops[0], "bea@coop-a.example.org", Role.BID_MANAGER)


@pytest.fixture
def coop_member(coops):
    return person_of(coops[0], "meg@coop-a.example.org", Role.MEMBER)


@pytest.fixture
def coop_board_member(coops):
    return person_of(coops[0], "bob@coop-a.example.org", Role.BOARD_MEMBER)


@pytest.fixture
def other_coop_secretary(coops):
    return person_of(coops[1], "cai@coop-b.example.org")


def _answer(scenario: Scenario, participant_index: int | None) -> Answer:
    answers = Answer.objects.filter(bid=scenario.bid).order_by("pk")
    if participant_index is None:
        found = answers.filter(participant__isnull=True).first()
    else:
        found = answers.filter(participant=scenario.participants[participant_index]).first()
    assert found is not None
    return found


def _pages(
    scenario: Scenario, *, with_evidence: bool = True
) -> dict[str, tuple[str, Callable[[str], int]]]:
    """Every page a GET reaches, with who may reach it."""
    bid, opportunity = scenario.bid, scenario.opportunity
    a, b = scenario.participants
    slug = bid.consortium.slug
    consortium_answer = _answer(scenario, None)
    return {
        "index": (reverse("tendering:index", args=[slug]), BID_VIEW),
        **{
            name: (reverse(f"tendering:{name}", args=[slug]), LEAD_ACTION)
            for name in ("opportunity_create", "opportunity_import", "library_add")
        },
        "library": (reverse("tendering:library", args=[slug]), LEAD_READ),
        "opportunity": (reverse("tendering:opportunity", args=[slug, opportunity.pk]), LEAD_READ),
        **{
            name: (reverse(f"tendering:{name}", args=[slug, opportunity.pk]), LEAD_ACTION)
            for name in ("lot_add", "criteria_set", "question_add", "document_add", "bid_create")
        },
        "bid": (url("bid", bid), _dashboard),
        **{
            name: (url(name, bid), LEAD_READ)
            for name in ("go", "participants", "coverage", "prices", "checklist")
        },
        # The whole bid is the lead's until final sign-off (see the stage test below).
        **{name: (url(name, bid), LEAD_READ) for name in ("bid_pack_pdf", "bid_pack_zip")},
        **{
            name: (url(name, bid), LEAD_ACTION)
            for name in (
                "bid_plan",
                "go_decide",
                "go_ballot_open",
                "go_from_ballot",
                "participant_invite",
                "bid_set_lead",
            )
        },
        **{
            name: (url(name, bid, b.pk), LEAD_ACTION_ON_B)
            for name in ("participant_authorise", "participant_withdraw")
        },
        # Co-op B decides for itself: its own secretary records its approval, or delegates it
        # in writing; the lead sees B's part and is refused (issue 15, case 5).
        **{
            name: (url(name, bid, b.pk), COOP_B_OWN_ACT)
            for name in ("participant_approve", "participant_delegate")
        },
        **{
            name: (url(name, bid), BID_VIEW)
            for name in (
                "answers",
                "evidence",
                "social_value",
                "signoff",
                "commitment_set",
                "capacity_declare",
            )
        },
        "answer": (url("answer", bid, consortium_answer.pk), BID_VIEW),
        "answer_of_b": (url("answer", bid, _answer(scenario, 1).pk), PART_B),
        "answer_review": (url("answer_review", bid, consortium_answer.pk), LEAD_ACTION),
        "answer_reopen": (url("answer_reopen", bid, consortium_answer.pk), LEAD_ACTION),
        "answer_assign": (url("answer_assign", bid, scenario.questions[0].pk), LEAD_ACTION),
        "answer_library": (url("answer_library", bid, _answer(scenario, 0).pk), PART_A),
        "member_part": (url("member_part", bid, a.pk), PART_A),
        "member_prices": (url("member_prices", bid, a.pk), PART_A),
        **(
            {"evidence_file": (url("evidence_file", bid, _evidence_about(scenario, a).pk), PART_A)}
            if with_evidence
            else {}
        ),
    }


def _evidence_about(scenario: Scenario, participant) -> Evidence:
    from django.core.files.base import ContentFile

    from tendering import services

    return services.evidence_add(
        bid=scenario.bid,
        title="CIW certificate",
        file=ContentFile(b"%PDF-1.4 certificate", name="ciw.pdf"),
        participant=participant,
        actor=None,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_from_each_page(client, request, scenario, persona):
    for name in PERSONAS[2:-1]:
        request.getfixturevalue(name)
    pages = _pages(scenario)
    signed_in(client, request, persona)

    got = {name: client.get(address).status_code for name, (address, _rule) in pages.items()}

    assert got == {name: rule(persona) for name, (_address, rule) in pages.items()}


#: Pages that only show (a POST answers 405): not in the POST matrix.
READ_ONLY = frozenset(
    {
        "index",
        "library",
        "opportunity",
        "bid",
        "go",
        "participants",
        "coverage",
        "prices",
        "checklist",
        "bid_pack_pdf",
        "bid_pack_zip",
        "answers",
        "signoff",
        "member_part",
        "evidence_file",
    }
)
#: Pages that only take a POST (a button).
POST_ONLY = ("bid_transition", "bid_submit", "signoff_record", "commitment_remove", "answer_submit")
#: What an action answers, sent empty to a signed-off bid, to those who may act: 400 (the
#: form is empty, or a rule of the signed-off bid refuses it) or 302 (back, with the reason).
ACTION_RULES: dict[str, Callable[[str], int]] = {
    **{
        name: _expect(LEAD, A | B, ok=400)
        for name in (
            "opportunity_create",
            "opportunity_import",
            "library_add",
            "lot_add",
            "criteria_set",
            "question_add",
            "document_add",
            "bid_create",
            "bid_plan",
            "go_decide",
            "go_ballot_open",
            "go_from_ballot",
            "participant_invite",
            "bid_set_lead",
            "social_value",
            "answer",
            "answer_review",
            "answer_reopen",
            "answer_assign",
            "bid_transition",
            "bid_submit",
        )
    },
    **{
        name: _expect(LEAD, B, ok=400) for name in ("participant_authorise", "participant_withdraw")
    },
    **{name: _expect(B, LEAD, ok=400) for name in ("participant_approve", "participant_delegate")},
    **{
        name: _expect(LEAD | A | B, ok=400)
        for name in ("commitment_set", "capacity_declare", "evidence")
    },
    **{
        name: _expect(LEAD | A, ok=400)
        for name in ("answer_library", "member_prices", "commitment_remove", "answer_submit")
    },
    "answer_of_b": _expect(LEAD | B, ok=400),
    "signoff_record": _expect(LEAD | A, ok=302),
}
#: A body that is refused whoever sends it (an empty one would be a valid assignment).
BODIES = {"answer_assign": {"author": "999999"}}


def _posts(scenario: Scenario) -> dict[str, str]:
    bid = scenario.bid
    a = scenario.participants[0]
    commitment = Commitment.objects.filter(participant=a).order_by("pk").first()
    assert commitment is not None
    return {
        **{
            name: address
            for name, (address, _rule) in _pages(scenario, with_evidence=False).items()
        },
        "bid_transition": url("bid_transition", bid),
        "bid_submit": url("bid_submit", bid),
        "signoff_record": url("signoff_record", bid, a.pk),
        "commitment_remove": url("commitment_remove", bid, commitment.pk),
        "answer_submit": url("answer_submit", bid, _answer(scenario, 0).pk),
    }


@pytest.fixture
def signed_off(organisation, coops) -> Scenario:
    """The bid in final sign-off, every co-op signed: each action is refused by a rule."""
    from tendering import services
    from tests.tendering.test_pages_setup import user

    scenario = build(organisation, coops=coops, lots=2, questions=4, stage="final_signoff")
    signer = user("signer@example.org", "Signer")
    for participant in scenario.participants:
        services.signoff_record(bid=scenario.bid, participant=participant, actor=signer)
    return scenario


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_from_each_action_and_nothing_is_written(
    client, request, signed_off, persona
):
    for name in PERSONAS[2:-1]:
        request.getfixturevalue(name)
    posts = {name: address for name, address in _posts(signed_off).items() if name not in READ_ONLY}
    signed_in(client, request, persona)
    before = counts()

    got = {
        name: client.post(address, BODIES.get(name, {})).status_code
        for name, address in posts.items()
    }

    assert got == {name: ACTION_RULES[name](persona) for name in posts}
    assert counts() == before


def test_every_route_of_the_app_is_in_the_matrices(scenario):
    from tendering.urls import urlpatterns

    routes = {p.name for p in urlpatterns}
    assert routes <= set(_pages(scenario)) | set(POST_ONLY)
    assert routes - READ_ONLY <= set(ACTION_RULES)
