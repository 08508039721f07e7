"""The work of a bid through its pages: capacity and the coverage matrix, prices, answers
(limits and counts, versions, review, reopening, the library, English and Welsh), evidence,
social value and a member co-op's own part — each refusal answered 400 with the service's
message and nothing written."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tendering import services
from tendering.models import (
    Answer,
    CapacityDeclaration,
    Commitment,
    PriceLine,
)
from tests.tendering.test_pages_setup import (
    build,
    consortium,
    coop_member,
    counts,
    person_of,
    text,
    url,
)


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def lead(client, bid_manager):
    client.force_login(bid_manager)
    return client


def _field_errors(response) -> str:
    html = text(response).replace("&#x27;", "'")
    return " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', html, re.S))


def _commit(client: Client, scenario, participant, lot, hours="10", role="primary"):
    return client.post(
        url("commitment_set", scenario.bid),
        {
            "participant": participant.pk,
            "lot": lot.pk,
            "hours_per_week": hours,
            "role": role,
            "staff_count": "4",
            "base": "Llandrindod Wells",
            "ciw_registration": "SIN-00012345",
        },
    )


# --- Capacity ----------------------------------------------------------------------------------


def test_the_coverage_matrix_shows_hours_per_cell_totals_and_gaps_in_words(lead, organisation):
    scenario = build(organisation, stage="approved", lots=3)
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    a, b = scenario.participants
    lot1, lot2, _lot3 = scenario.lots
    assert _commit(lead, scenario, a, lot1, "12.5").status_code == 302
    assert _commit(lead, scenario, b, lot1, "7.5", "secondary").status_code == 302
    assert _commit(lead, scenario, b, lot2, "5", "secondary").status_code == 302

    html = text(lead.get(url("coverage", scenario.bid))).replace("&#x27;", "'")

    row1 = html[html.index('id="lot-1"') : html.index('id="lot-2"')]
    assert re.findall(r">(\d+\.\d\d)<", row1) == ["20.00", "12.50", "7.50", "20.00"]
    assert "primary provider" in row1
    assert "Covered" in row1
    row2 = html[html.index('id="lot-2"') : html.index('id="lot-3"')]
    assert "15.00 hours a week short" in row2
    assert "No primary provider." in row2
    assert "Not bid for" in html[html.index('id="lot-3"') :]
    problems = html[html.index('id="problems"') :]
    assert "Lot 2: 15.00 hours a week short of the buyer's 20.00." in problems
    assert "Lot 2: no primary provider." in problems
    commitment = Commitment.objects.get(participant=a, lot=lot1)
    assert (commitment.staff_count, commitment.ciw_registration) == (4, "SIN-00012345")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Hours a week must be more than 0."),
        ("0", "Hours a week must be more than 0."),
        ("8760", "is more than any co-op can deliver on one lot: check the units"),
        ("10.125", "Give hours to at most two decimal places."),
    ],
)
def test_negative_zero_or_absurd_hours_are_refused(lead, organisation, hours, message):
    scenario = build(organisation, stage="approved")
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    before = counts()

    response = _commit(lead, scenario, scenario.participants[0], scenario.lots[0], hours)

    assert response.status_code == 400
    assert message in _field_errors(response)
    assert counts() == before


def test_a_lot_not_in_the_tender_is_refused(lead, organisation):
    scenario = build(organisation, stage="approved")
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    other = build(organisation, reference="OTHER-3", stage="identified")
    before = counts()

    response = _commit(lead, scenario, scenario.participants[0], other.lots[0])

    assert response.status_code == 400
    assert "That lot is not in this tender: choose one of its lots." in _field_errors(response)
    assert counts() == before


def test_bidding_on_more_lots_than_the_tender_allows_is_refused(lead, organisation):
    scenario = build(organisation, stage="approved", lots=3, max_lots=2)
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    a = scenario.participants[0]
    assert _commit(lead, scenario, a, scenario.lots[0]).status_code == 302
    assert _commit(lead, scenario, a, scenario.lots[1]).status_code == 302
    before = counts()

    response = _commit(lead, scenario, a, scenario.lots[2])

    assert response.status_code == 400
    assert "The tender allows a bidder at most 2 lots." in _field_errors(response)
    assert counts() == before


def test_a_commitment_outside_the_co_ops_approved_lots_is_refused(lead, organisation):
    scenario = build(organisation, stage="approved", lots=2)
    a = scenario.participants[0]
    services.participant_approve(
        participant=a,
        approval_kind="board",
        reference="Lots 1 only",
        approved_on=timezone.localdate(),
        allowed_lots=[scenario.lots[0]],
        conditions="Lot 1 only",
        actor=None,
    )
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    before = counts()

    response = _commit(lead, scenario, a, scenario.lots[1])

    assert response.status_code == 400
    assert "Co-op A approved the bid only for other lots (its conditions: Lot 1 only)." in (
        _field_errors(response)
    )
    assert counts() == before


def test_a_co_op_over_committed_across_open_bids_is_flagged(lead, organisation):
    coops = [coop_member(organisation, "Co-op A"), coop_member(organisation, "Co-op B")]
    first = build(organisation, coops=coops, stage="drafting", lots=1)
    second = build(organisation, coops=coops, stage="drafting", lots=1, reference="PCC-2")
    assert first.bid.pk != second.bid.pk

    response = lead.post(
        url("capacity_declare", first.bid), {"member": coops[0].pk, "hours_per_week": "15"}
    )

    assert response.status_code == 302
    latest = CapacityDeclaration.objects.filter(member=coops[0]).latest("id")
    assert latest.hours_per_week == Decimal("15.00")
    html = text(lead.get(url("coverage", first.bid)))
    assert "Co-op A is over-committed across all open bids: 20.00 of 15.00 hours a week." in html
    assert "of 15.00 declared" in html


def test_a_co_ops_person_commits_only_for_their_own_co_op(client, organisation):
    scenario = build(organisation, stage="approved")
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    a, b = scenario.participants
    client.force_login(person_of(scenario.coops[0], "ann@coop-a.example.org"))
    before = counts()

    refused = _commit(client, scenario, b, scenario.lots[0])

    assert refused.status_code == 400
    assert "Choose a co-op taking part in this bid." in _field_errors(refused)
    assert counts() == before
    done = _commit(client, scenario, a, scenario.lots[0])
    assert done.status_code == 302
    assert done["Location"] == url("member_part", scenario.bid, a.pk)


# --- Prices ------------------------------------------------------------------------------------


def _price(client: Client, scenario, participant, lot, **pounds: str):
    data = {"lot": lot.pk, "rate_type": "standard", "pay": "14.00", **pounds}
    return client.post(url("member_prices", scenario.bid, participant.pk), data)


def test_a_co_op_enters_its_build_up_in_pounds_and_the_lead_sees_the_consolidated_rate(
    lead, organisation
):
    scenario = build(organisation, stage="drafting")
    a = scenario.participants[0]
    lot = scenario.lots[0]
    person = Client()
    person.force_login(person_of(scenario.coops[0], "ann@coop-a.example.org"))

    response = _price(
        person,
        scenario,
        a,
        lot,
        pay="15.50",
        on_costs="3.10",
        travel="2.05",
        overhead="2.50",
        margin="0.85",
    )

    assert response.status_code == 302
    line = PriceLine.objects.get(participant=a, lot=lot, rate_type="standard")
    assert (line.pay_pence, line.on_costs_pence, line.travel_pence, line.rate_pence) == (
        1550,
        310,
        205,
        2400,
    )
    assert "£24.00" in text(person.get(url("member_prices", scenario.bid, a.pk)))
    # B's rate on lot 1 is £23.01; both commit 10 hours: (24.00 + 23.01) / 2 = £23.51 (half up).
    page = text(lead.get(url("prices", scenario.bid)))
    consolidated = page[page.index('id="consolidated"') : page.index("Co-ops' build-ups")]
    assert "£23.51" in consolidated
    assert "Within the limits" in consolidated


def test_a_consortium_rate_above_the_lots_ceiling_blocks_the_bid(lead, organisation):
    scenario = build(organisation, stage="drafting")
    # Both co-ops price lot 1 at £39.00 an hour, above its £30.00 ceiling.
    for participant in scenario.participants:
        response = _price(
            lead,
            scenario,
            participant,
            scenario.lots[0],
            pay="20.00",
            on_costs="3.00",
            travel="2.00",
            overhead="3.00",
            margin="11.00",
        )
        assert response.status_code == 302
    page = text(lead.get(url("prices", scenario.bid)))
    assert "The consortium rate £39.00 an hour is above the ceiling of £30.00." in page
    services.bid_transition(bid=scenario.bid, to="in_review", actor=None)
    for answer in Answer.objects.filter(bid=scenario.bid):
        services.answer_submit_for_review(answer=answer, actor=None)
        services.answer_review(answer=answer, approve=True, actor=None)
    before = counts()

    refused = lead.post(url("bid_transition", scenario.bid), {"to": "final_signoff"})

    assert refused.status_code == 400
    assert "Lot 1: the consortium rate 3900p is above the ceiling of 3000p." in text(refused)
    assert counts() == before
    assert Answer.objects.filter(bid=scenario.bid).exclude(status="approved").count() == 0


def test_pay_below_the_floor_is_refused(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    response = _price(lead, scenario, scenario.participants[0], scenario.lots[0], pay="11.00")

    assert response.status_code == 400
    assert "Pay of 1100p an hour is below the bid's floor of 1345p." in _field_errors(response)
    assert counts() == before


def test_negative_pounds_are_refused_by_the_form(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    response = _price(lead, scenario, scenario.participants[0], scenario.lots[0], travel="-1")

    assert response.status_code == 400
    assert "Enter an amount of £0 or more." in _field_errors(response)
    assert counts() == before
