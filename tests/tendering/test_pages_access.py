"""Who may reach which tendering page: a persona × page matrix. The consortium's bid manager
and secretary run its bids; a member co-op's people see their own co-op's part (and a lead's
action answers them 403); its board member, an outsider and another organisation answer 404;
anonymous visitors are sent to sign in. Member cost build-ups stay private to the lead and
that co-op."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from membership import services as membership_services
from tendering import services
from tendering.models import Answer
from tests.tendering.test_pages_setup import (
    PERSONAS,
    Scenario,
    build,
    consortium,
    counts,
    person_of,
    signed_in,
    text,
    url,
)

#: Expected status per persona, in the order of PERSONAS: secretary, bid manager, a co-op's
#: person, another co-op's person, the consortium's board member, outsider, anonymous.
LEAD_READ = (200, 200, 404, 404, 404, 404, 302)
LEAD_ACTION = (200, 200, 403, 403, 404, 404, 302)
BID_VIEW = (200, 200, 200, 200, 404, 404, 302)
OWN_PART = (200, 200, 200, 404, 404, 404, 302)
DASHBOARD = (200, 200, 302, 302, 404, 404, 302)
CONSORTIUM_READ = (200, 200, 404, 404, 404, 404, 302)
CONSORTIUM_ACTION = (200, 200, 404, 404, 403, 404, 302)
INDEX = (200, 200, 200, 200, 404, 404, 302)


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def scenario(organisation) -> Scenario:
    return build(organisation, members=2, lots=2, questions=4)


@pytest.fixture
def coop_user(scenario):
    return person_of(scenario.coops[0], "ann@coop-a.example.org")


@pytest.fixture
def other_coop_user(scenario):
    return person_of(scenario.coops[1], "bob@coop-b.example.org")


def _answer(scenario: Scenario, *, each: bool) -> Answer:
    answers = Answer.objects.filter(bid=scenario.bid).order_by("pk")
    if each:
        return answers.get(participant=scenario.participants[0])
    return answers.filter(participant__isnull=True).first()  # type: ignore[return-value]


def _bid_pages(scenario: Scenario) -> dict[str, tuple[str, tuple[int, ...]]]:
    bid = scenario.bid
    a, b = scenario.participants
    consortium_answer = _answer(scenario, each=False)
    own_answer = _answer(scenario, each=True)
    opportunity = scenario.opportunity
    slug = bid.consortium.slug
    return {
        "index": (reverse("tendering:index", args=[slug]), INDEX),
        "opportunity_create": (
            reverse("tendering:opportunity_create", args=[slug]),
            CONSORTIUM_ACTION,
        ),
        "opportunity_import": (
            reverse("tendering:opportunity_import", args=[slug]),
            CONSORTIUM_ACTION,
        ),
        "library": (reverse("tendering:library", args=[slug]), CONSORTIUM_READ),
        "library_add": (reverse("tendering:library_add", args=[slug]), CONSORTIUM_ACTION),
        "opportunity": (
            reverse("tendering:opportunity", args=[slug, opportunity.pk]),
            CONSORTIUM_READ,
        ),
        **{
            name: (reverse(f"tendering:{name}", args=[slug, opportunity.pk]), CONSORTIUM_ACTION)
            for name in ("lot_add", "criteria_set", "question_add", "document_add", "bid_create")
        },
        "bid": (url("bid", bid), DASHBOARD),
        **{
            name: (url(name, bid), LEAD_READ)
            for name in ("go", "participants", "coverage", "prices", "checklist")
        },
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
            name: (url(name, bid, b.pk), LEAD_ACTION)
            for name in ("participant_approve", "participant_authorise", "participant_withdraw")
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
                "bid_pack_pdf",
                "bid_pack_zip",
            )
        },
        "answer": (url("answer", bid, consortium_answer.pk), BID_VIEW),
        "answer_review": (url("answer_review", bid, consortium_answer.pk), LEAD_ACTION),
        "answer_reopen": (url("answer_reopen", bid, consortium_answer.pk), LEAD_ACTION),
        "answer_assign": (url("answer_assign", bid, scenario.questions[0].pk), LEAD_ACTION),
        "answer_library": (
            url("answer_library", bid, own_answer.pk),
            (200, 200, 200, 403, 404, 404, 302),
        ),
        "member_part": (url("member_part", bid, a.pk), OWN_PART),
        "member_prices": (url("member_prices", bid, a.pk), OWN_PART),
    }


PAGE_NAMES = (
    "index",
    "opportunity_create",
    "opportunity_import",
    "library",
    "library_add",
    "opportunity",
    "lot_add",
    "criteria_set",
    "question_add",
    "document_add",
    "bid_create",
    "bid",
    "go",
    "participants",
    "coverage",
    "prices",
    "checklist",
    "bid_plan",
    "go_decide",
    "go_ballot_open",
    "go_from_ballot",
    "participant_invite",
    "bid_set_lead",
    "participant_approve",
    "participant_authorise",
    "participant_withdraw",
    "answers",
    "evidence",
    "social_value",
    "signoff",
    "commitment_set",
    "capacity_declare",
    "bid_pack_pdf",
    "bid_pack_zip",
    "answer",
    "answer_review",
    "answer_reopen",
    "answer_assign",
    "answer_library",
    "member_part",
    "member_prices",
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_from_each_page(
    client, request, scenario, coop_user, other_coop_user, persona
):
    pages = _bid_pages(scenario)
    signed_in(client, request, persona)
    column = PERSONAS.index(persona)

    got = {name: client.get(address) for name, (address, _expected) in pages.items()}

    assert {name: r.status_code for name, r in got.items()} == {
        name: expected[column] for name, (_address, expected) in pages.items()
    }
    if persona == "anonymous":
        assert all(r["Location"].startswith(reverse("login")) for r in got.values())


def test_every_page_of_the_app_is_in_the_matrix():
    from tendering.urls import urlpatterns

    not_in_matrix = {  # POST-only, or a file of evidence (tested with evidence)
        "bid_transition",
        "bid_submit",
        "signoff_record",
        "commitment_remove",
        "answer_submit",
        "evidence_file",
    }
    assert {p.name for p in urlpatterns} - not_in_matrix == set(PAGE_NAMES)


def test_a_bid_of_another_consortium_answers_404_even_to_its_own_lead(
    client, scenario, bid_manager
):
    other = consortium(slug="north", name="North Wales Care Consortium")
    other_bid = build(other, reference="OTHER-1", stage="identified").bid
    client.force_login(bid_manager)

    assert client.get(url("bid", other_bid)).status_code == 404
    # The id of the other consortium's bid under this consortium's address: still 404.
    address = reverse("tendering:bid", args=[scenario.consortium.slug, other_bid.pk])
    assert client.get(address).status_code == 404


def test_a_representative_of_a_member_co_op_sees_its_part(client, scenario):
    from tests.tendering.test_pages_setup import user

    rep = user("rep@coop-a.example.org", "Rhys Rep")
    membership_services.representative_add(
        member=scenario.coops[0],
        name="Rhys Rep",
        started_on=timezone.localdate(),
        user=rep,
        actor=None,
    )
    client.force_login(rep)
    a, b = scenario.participants

    assert client.get(url("member_part", scenario.bid, a.pk)).status_code == 200
    assert client.get(url("member_part", scenario.bid, b.pk)).status_code == 404
    assert client.get(url("prices", scenario.bid)).status_code == 404


def test_a_co_op_person_is_refused_the_leads_actions_and_nothing_changes(
    client, scenario, coop_user
):
    client.force_login(coop_user)
    before = counts()

    responses = [
        client.post(url("bid_transition", scenario.bid), {"to": "in_review"}),
        client.post(url("bid_submit", scenario.bid)),
        client.post(
            url("participant_withdraw", scenario.bid, scenario.participants[1].pk),
            {"reason": "No"},
        ),
        client.post(url("go_decide", scenario.bid), {}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert counts() == before


def test_another_co_ops_person_sees_neither_the_page_nor_the_figures_of_a_co_ops_costs(
    client, scenario, other_coop_user
):
    bid = scenario.bid
    a, b = scenario.participants
    lot = scenario.lots[0]
    services.price_line_set(
        participant=a,
        lot=lot,
        pay_pence=1517,
        on_costs_pence=333,
        travel_pence=211,
        overhead_pence=444,
        margin_pence=122,
        actor=None,
    )
    client.force_login(other_coop_user)

    assert client.get(url("member_prices", bid, a.pk)).status_code == 404
    assert client.get(url("member_part", bid, a.pk)).status_code == 404
    assert client.get(url("prices", bid)).status_code == 404
    own = text(client.get(url("member_part", bid, b.pk)))
    assert "£14.01" in own  # its own pay line
    for figure in ("£15.17", "£3.33", "£2.11", "£4.44", "£1.22", "£26.27"):
        assert figure not in own
    # A refused write for the other co-op changes nothing either.
    before = counts()
    response = client.post(
        url("member_prices", bid, a.pk),
        {"lot": lot.pk, "rate_type": "standard", "pay": "20.00"},
    )
    assert response.status_code == 404
    assert counts() == before


def test_the_lead_sees_every_co_ops_build_up(client, scenario, bid_manager):
    a, _b = scenario.participants
    services.price_line_set(
        participant=a,
        lot=scenario.lots[0],
        pay_pence=1517,
        on_costs_pence=333,
        travel_pence=211,
        overhead_pence=444,
        margin_pence=122,
        actor=None,
    )
    client.force_login(bid_manager)

    page = text(client.get(url("prices", scenario.bid)))

    for figure in ("£15.17", "£3.33", "£2.11", "£4.44", "£1.22", "£26.27", "£14.01"):
        assert figure in page
