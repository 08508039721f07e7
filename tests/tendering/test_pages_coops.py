"""The lead's pages of go/no-go (the board or a ballot of member co-ops), the co-ops' approvals
and authorisations, the lead, a co-op dropping out, the checklist, sign-off and submission:
every refusal shown (400) and nothing written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from membership import services as membership_services
from tendering import services
from tendering.models import BidParticipant, JointBid, SignOff
from tests.tendering.test_pages_setup import (
    build,
    consortium,
    coop_member,
    counts,
    person_of,
    snapshot,
    text,
    url,
    user,
)
from voting import services as voting_services
from voting.models import Ballot


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def lead(client, bid_manager):
    client.force_login(bid_manager)
    return client


def _field_errors(response) -> str:
    return " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', text(response), re.S))


# --- The dashboard ---------------------------------------------------------------------------


# --- Go/no-go ------------------------------------------------------------------------------------


def test_the_board_decides_go_through_the_pages(lead, organisation):
    scenario = build(organisation, stage="identified")
    assert 'id="record-board"' in text(lead.get(url("go", scenario.bid)))

    response = lead.post(
        url("go_decide", scenario.bid),
        {"go": "go", "reference": "Minute 7/2026", "decided_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    bid = JointBid.objects.get(pk=scenario.bid.pk)
    assert (bid.status, bid.decision_method, bid.go_reference) == (
        "consulting",
        "board",
        "Minute 7/2026",
    )


def test_a_go_decision_dated_in_the_future_is_refused(lead, organisation):
    scenario = build(organisation, stage="identified")
    before = counts()

    response = lead.post(
        url("go_decide", scenario.bid),
        {
            "go": "go",
            "reference": "Minute 7",
            "decided_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "The date cannot be in the future." in _field_errors(response)
    assert counts() == before


def test_a_ballot_of_member_co_ops_decides_go(lead, organisation, secretary, bid_manager):
    scenario = build(organisation, members=3, stage="identified")

    opened = lead.post(url("go_ballot_open", scenario.bid), {"closes_at": ""})

    assert opened.status_code == 302
    bid = JointBid.objects.get(pk=scenario.bid.pk)
    ballot = bid.decision_ballot
    assert ballot is not None
    assert ballot.status == Ballot.Status.OPEN
    page = text(lead.get(url("go", scenario.bid)))
    ballot_url = f"/o/{organisation.slug}/ballots/{ballot.pk}/"
    # The bid manager holds no voting role: the page gives the ballot's state, and no link to
    # a ballot page they may not open. The consortium's secretary follows it to the ballot.
    assert ballot_url not in page
    assert "Open" in page
    assert 'id="apply-ballot"' not in page
    assert lead.get(ballot_url).status_code == 404
    lead.force_login(secretary)
    assert ballot_url in text(lead.get(url("go", scenario.bid)))
    assert lead.get(ballot_url).status_code == 200
    lead.force_login(bid_manager)
    question = ballot.questions.get()
    in_favour = question.options.get(code="for")
    for n, coop in enumerate(scenario.coops):
        rep = user(f"rep{n}@example.org", f"Rep {n}")
        membership_services.representative_add(
            member=coop, name=f"Rep {n}", started_on=coop.entered_on, user=rep, actor=None
        )
        voting_services.ballot_cast(
            ballot=ballot, member=coop, selections={question.pk: [in_favour.pk]}, actor=rep
        )
    voting_services.ballot_close(ballot=ballot, actor=secretary)
    assert 'id="apply-ballot"' in text(lead.get(url("go", scenario.bid)))

    applied = lead.post(url("go_from_ballot", scenario.bid))

    assert applied.status_code == 302
    bid.refresh_from_db()
    assert (bid.status, bid.decision_method) == ("consulting", "ballot")


def test_applying_a_ballot_that_has_not_closed_is_refused(lead, organisation):
    scenario = build(organisation, members=3, stage="identified")
    lead.post(url("go_ballot_open", scenario.bid), {"closes_at": ""})
    before, state = counts(), snapshot(scenario.bid)

    response = lead.post(url("go_from_ballot", scenario.bid))

    assert response.status_code == 400
    assert "The go/no-go ballot has not closed yet." in text(response)
    assert counts() == before
    assert snapshot(scenario.bid) == state


# --- Member co-ops -------------------------------------------------------------------------------


def test_the_lead_invites_approves_and_records_the_authorisation(lead, organisation):
    """For a co-op whose organisation is not in Cyd, the lead enters its part (its own
    officers record it where it is in Cyd: tests/tendering/test_coop_approves_itself.py)."""
    scenario = build(organisation, stage="consulting")
    third = coop_member(organisation, "Co-op C", in_cyd=False)
    today = timezone.localdate()

    invited = lead.post(url("participant_invite", scenario.bid), {"member": third.pk})
    participant = BidParticipant.objects.get(bid=scenario.bid, member=third)
    approved = lead.post(
        url("participant_approve", scenario.bid, participant.pk),
        {
            "approval_kind": "ballot",
            "reference": "Members' ballot 4",
            "approved_on": today.isoformat(),
            "expires_on": (today + dt.timedelta(days=60)).isoformat(),
            "allowed_lots": [scenario.lots[1].pk],
            "max_hours_per_week": "15",
            "conditions": "Weekdays only",
        },
    )
    authorised = lead.post(
        url("participant_authorise", scenario.bid, participant.pk),
        {"signed_by": "Gwen, chair", "signed_on": today.isoformat()},
    )

    assert [invited.status_code, approved.status_code, authorised.status_code] == [302] * 3
    participant.refresh_from_db()
    assert participant.status == "approved"
    assert participant.approval_kind == "ballot"
    assert [lot.number for lot in participant.allowed_lots.all()] == [2]
    assert str(participant.max_hours_per_week) == "15.00"
    assert participant.authorised_lead
    page = text(lead.get(url("participants", scenario.bid)))
    assert "Lots 2; at most 15.00 hours a week; Weekdays only" in page
    assert "Signed by Gwen, chair on" in page


def test_a_co_op_not_in_good_standing_cannot_be_invited(lead, organisation):
    scenario = build(organisation, stage="consulting")
    suspended = coop_member(organisation, "Co-op S")
    membership_services.member_suspend(member=suspended, reason="Fees unpaid", actor=None)
    before = counts()

    response = lead.post(url("participant_invite", scenario.bid), {"member": suspended.pk})

    assert response.status_code == 400
    assert "Co-op S is not a member in good standing (Suspended)." in _field_errors(response)
    assert counts() == before


def test_an_approval_for_a_lot_not_in_the_tender_is_refused(lead, organisation):
    scenario = build(organisation, stage="consulting")
    other = build(organisation, reference="OTHER-2", stage="identified")
    participant = scenario.participants[0]
    # The co-op's own secretary records its approval.
    lead.force_login(person_of(participant.member, "sec@co-op-a.example.org"))
    before = counts()

    response = lead.post(
        url("participant_approve", scenario.bid, participant.pk),
        {
            "approval_kind": "board",
            "reference": "R",
            "approved_on": timezone.localdate().isoformat(),
            "allowed_lots": [other.lots[0].pk],
        },
    )

    assert response.status_code == 400
    assert "Choose lots of this tender." in _field_errors(response)
    assert counts() == before


def test_a_co_op_dropping_out_sends_the_bid_to_re_planning(lead, organisation):
    scenario = build(organisation, members=3, stage="final_signoff")
    b = scenario.participants[1]

    response = lead.post(
        url("participant_withdraw", scenario.bid, b.pk), {"reason": "Lost its staff"}
    )

    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == "withdrawn"
    assert JointBid.objects.get(pk=scenario.bid.pk).status == "replanning"
    assert b.commitments.count() == 0
    html = text(lead.get(url("bid", scenario.bid)))
    assert "Re-planning after a member dropped out" in html


def test_an_expired_approval_and_broken_conditions_show_on_the_checklist(
    client, bid_manager, organisation
):
    scenario = build(organisation, stage="drafting")
    today = timezone.localdate()
    a, b = scenario.participants
    services.participant_approve(
        participant=a,
        approval_kind="board",
        reference="Resolution 3",
        approved_on=today,
        expires_on=today + dt.timedelta(days=2),
        actor=None,
    )
    # Co-op B re-approves for lot 1 only, at most 5 hours: its plan now breaks both.
    services.participant_approve(
        participant=b,
        approval_kind="board",
        reference="New resolution",
        approved_on=today,
        allowed_lots=[scenario.lots[0]],
        max_hours_per_week="5",
        actor=None,
    )
    checklist, coverage = url("checklist", scenario.bid), url("coverage", scenario.bid)

    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        client.force_login(bid_manager)
        html = text(client.get(checklist)).replace("&#x27;", "'")
        matrix = text(client.get(coverage)).replace("&#x27;", "'")

    approvals = html[html.index('id="gate-approvals"') : html.index('id="gate-answers_started"')]
    assert "Not met" in approvals
    assert "Co-op A: the approval has expired" in approvals
    coverage_gate = html[html.index('id="gate-coverage"') : html.index('id="gate-prices"')]
    assert "Co-op B: the plan breaks its approval conditions (lots)." in coverage_gate
    assert "Co-op B: the plan breaks its approval conditions (hours)." in coverage_gate
    assert "Not yet" in html[html.index('id="summary"') :]
    assert (
        "Co-op B breaks its approval conditions: works on a lot its approval does not cover."
        in matrix
    )


# --- Checklist, sign-off -----------------------------------------------------------------------


def test_the_checklist_is_all_green_for_a_ready_bid(lead, organisation):
    scenario = build(organisation, stage="ready")

    html = text(lead.get(url("checklist", scenario.bid)))

    assert html.count("✓</span> Met") == 8
    assert "Not met" not in html
    assert "All met" in html


def test_each_co_op_signs_off_then_the_bid_is_made_ready(lead, organisation, client):
    from tests.tendering.test_pages_setup import person_of

    scenario = build(organisation, stage="final_signoff")
    a, b = scenario.participants
    # The lead records A's sign-off; B's own person signs off B.
    assert lead.post(url("signoff_record", scenario.bid, a.pk)).status_code == 302
    person = person_of(scenario.coops[1], "dai@coop-b.example.org")
    from django.test import Client

    coop_client = Client()
    coop_client.force_login(person)
    page = text(coop_client.get(url("signoff", scenario.bid)))
    assert f'id="sign-{b.pk}"' in page
    assert f'id="sign-{a.pk}"' not in page
    assert coop_client.post(url("signoff_record", scenario.bid, a.pk)).status_code == 404
    assert coop_client.post(url("signoff_record", scenario.bid, b.pk)).status_code == 302
    assert SignOff.objects.filter(bid=scenario.bid, invalidated_at__isnull=True).count() == 2

    response = lead.post(url("bid_transition", scenario.bid), {"to": "ready"})

    assert response.status_code == 302
    assert JointBid.objects.get(pk=scenario.bid.pk).status == "ready"
    assert 'id="submit-bid"' in text(lead.get(url("signoff", scenario.bid)))


def test_signing_off_twice_is_refused_with_the_reason(lead, organisation):
    scenario = build(organisation, stage="final_signoff")
    a = scenario.participants[0]
    lead.post(url("signoff_record", scenario.bid, a.pk))
    before = counts()

    response = lead.post(url("signoff_record", scenario.bid, a.pk), follow=True)

    assert "Co-op A has already signed off." in text(response)
    assert counts() == before
