"""The lead's pages of a bid's life: the dashboard (what is missing, who owes it, by when;
the next steps; a constant number of queries), the plan, go/no-go by the board or by a
ballot of member co-ops, the co-ops' approvals, the lead, a co-op dropping out, the
checklist, sign-off and submission — with every refusal shown (400) and nothing written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from membership import services as membership_services
from tendering import services
from tendering.models import BidParticipant, JointBid, SignOff
from tests.tendering.test_pages_setup import (
    build,
    consortium,
    coop_member,
    counts,
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


def _errors(response) -> list[str]:
    html = text(response)
    match = re.search(r'id="errors">(.*?)</ul>', html, re.S)
    assert match is not None, "no error summary on the page"
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", match[1])]


def _field_errors(response) -> str:
    return " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', text(response), re.S))


# --- The dashboard ---------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_dashboard_shows_status_next_steps_what_is_missing_deadlines_and_co_ops(
    lead, organisation
):
    scenario = build(organisation, stage="drafting")
    a = scenario.participants[0]

    html = text(lead.get(url("bid", scenario.bid)))

    assert "Drafting" in html
    for step in ("in_review", "withdrawn", "lapsed", "replanning"):
        assert f'id="step-{step}"' in html
    assert 'id="step-ready"' not in html
    # What is missing: the unapproved answers (who owes them, by when) and the sign-offs.
    missing = html[html.index('id="missing"') : html.index("See the whole checklist")]
    assert "Every mandatory answer approved and within its limit" in missing
    assert "1.3 (Co-op B): draft" in missing
    assert "Co-op A has not signed off." in missing
    assert "Every lot bid for is covered" not in missing
    # Deadlines with the days left; co-ops with their approval and authorisation.
    assert "The buyer&#x27;s submission deadline" in html
    assert "30 days left" in html
    assert "25 days left" in html
    assert f'href="{url("member_part", scenario.bid, a.pk)}"' in html
    assert "Yes (Chair," in html
    assert re.search(r'id="answers-draft">5<', html)
    assert re.search(r'id="answers-approved">0<', html)
    assert f'href="{url("bid_pack_pdf", scenario.bid)}"' in html
    assert f'href="{url("bid_pack_zip", scenario.bid)}"' in html


def _dashboard_queries(client, bid: JointBid) -> int:
    address = url("bid", bid)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboards_query_count_does_not_grow_with_co_ops_lots_or_questions(
    client, bid_manager
):
    small = build(consortium(slug="small"), members=2, lots=2, questions=5)
    large = build(consortium(slug="large"), members=6, lots=6, questions=20)
    for org in (small.consortium, large.consortium):
        from coop.core.permissions import Role
        from coop.core.services import role_grant

        role_grant(organisation=org, user=bid_manager, role=Role.BID_MANAGER, actor=None)
    client.force_login(bid_manager)
    _dashboard_queries(client, small.bid)  # warm the caches (content types, sessions)

    assert _dashboard_queries(client, small.bid) == _dashboard_queries(client, large.bid)


def test_the_other_pages_query_counts_do_not_grow_with_the_bid(client, bid_manager):
    from coop.core.permissions import Role
    from coop.core.services import role_grant

    small = build(consortium(slug="small"), members=2, lots=2, questions=5)
    large = build(consortium(slug="large"), members=6, lots=6, questions=20)
    build(large.consortium, reference="LARGE-2", stage="consulting")  # more on the list
    for org in (small.consortium, large.consortium):
        role_grant(organisation=org, user=bid_manager, role=Role.BID_MANAGER, actor=None)
    client.force_login(bid_manager)
    pages = ("answers", "coverage", "prices", "checklist", "participants", "signoff")

    def page_counts(scenario) -> dict[str, int]:
        found = {}
        for name in (*pages, "member_part", "index"):
            if name == "member_part":
                address = url(name, scenario.bid, scenario.participants[1].pk)
            elif name == "index":
                address = reverse("tendering:index", args=[scenario.consortium.slug])
            else:
                address = url(name, scenario.bid)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            found[name] = len(queries)
        return found

    page_counts(small)  # warm the caches

    assert page_counts(small) == page_counts(large)


def test_the_dashboard_stays_within_its_query_budget(
    lead, organisation, django_assert_max_num_queries
):
    scenario = build(organisation, members=3, lots=3, questions=8)
    with django_assert_max_num_queries(40):
        assert lead.get(url("bid", scenario.bid)).status_code == 200


def test_a_member_co_ops_person_is_sent_from_the_dashboard_to_their_own_part(client, organisation):
    from tests.tendering.test_pages_setup import person_of

    scenario = build(organisation, stage="drafting")
    person = person_of(scenario.coops[1], "cerys@coop-b.example.org")
    client.force_login(person)

    response = client.get(url("bid", scenario.bid))

    assert response.status_code == 302
    assert response["Location"] == url("member_part", scenario.bid, scenario.participants[1].pk)


# --- Steps of the state machine ----------------------------------------------------------------


def test_each_step_button_moves_the_bid(lead, organisation):
    scenario = build(organisation, stage="drafting")

    response = lead.post(url("bid_transition", scenario.bid), {"to": "in_review"})

    assert response.status_code == 302
    assert JointBid.objects.get(pk=scenario.bid.pk).status == "in_review"


def test_a_step_the_state_machine_refuses_shows_why_and_changes_nothing(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before, state = counts(), snapshot(scenario.bid)

    response = lead.post(url("bid_transition", scenario.bid), {"to": "submitted"})

    assert response.status_code == 400
    assert _errors(response) == ["Only a bid that is ready can be submitted."]
    assert counts() == before
    assert snapshot(scenario.bid) == state


def test_withdrawing_needs_a_reason(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    refused = lead.post(url("bid_transition", scenario.bid), {"to": "withdrawn", "reason": ""})

    assert refused.status_code == 400
    assert _errors(refused) == ["Give the reason."]
    assert counts() == before
    done = lead.post(
        url("bid_transition", scenario.bid), {"to": "withdrawn", "reason": "Too few staff"}
    )
    assert done.status_code == 302
    assert JointBid.objects.get(pk=scenario.bid.pk).status == "withdrawn"


def test_moving_to_drafting_needs_two_approved_co_ops(lead, organisation):
    coops = [coop_member(organisation, "Co-op A"), coop_member(organisation, "Co-op B")]
    scenario = build(organisation, coops=coops, stage="consulting")
    today = timezone.localdate()
    a = scenario.participants[0]
    services.participant_approve(
        participant=a, approval_kind="board", reference="R1", approved_on=today, actor=None
    )
    services.bid_set_lead(bid=scenario.bid, member=a.member, actor=None)
    before, state = counts(), snapshot(scenario.bid)

    response = lead.post(url("bid_transition", scenario.bid), {"to": "drafting"})

    assert response.status_code == 400
    assert _errors(response) == [
        "A joint bid needs at least two member co-ops that have approved it."
    ]
    assert counts() == before
    assert snapshot(scenario.bid) == state


def test_moving_to_drafting_needs_the_lead_among_the_approved_co_ops(lead, organisation):
    scenario = build(organisation, stage="approved")
    third = coop_member(organisation, "Co-op C")
    services.participant_invite(bid=scenario.bid, member=third, actor=None)
    # The lead is set to the third co-op (invited, not approved) through the page.
    assert lead.post(url("bid_set_lead", scenario.bid), {"member": third.pk}).status_code == 302
    before, state = counts(), snapshot(scenario.bid)

    response = lead.post(url("bid_transition", scenario.bid), {"to": "drafting"})

    assert response.status_code == 400
    assert _errors(response) == ["The lead must be one of the participating co-ops."]
    assert counts() == before
    assert snapshot(scenario.bid) == state


def test_the_lead_must_be_a_co_op_taking_part(lead, organisation):
    scenario = build(organisation, stage="approved")
    stranger = coop_member(organisation, "Co-op Z")
    before = counts()

    response = lead.post(url("bid_set_lead", scenario.bid), {"member": stranger.pk})

    assert response.status_code == 400
    assert "The lead must be one of the participating co-ops." in _field_errors(response)
    assert counts() == before


def test_submission_after_the_buyers_deadline_is_refused(client, bid_manager, organisation):
    scenario = build(organisation, stage="ready")
    deadline = scenario.opportunity.submission_deadline
    address = url("bid_submit", scenario.bid)
    before, state = counts(), snapshot(scenario.bid)

    with time_machine.travel(deadline + dt.timedelta(minutes=1), tick=False):
        client.force_login(bid_manager)
        response = client.post(address)

    assert response.status_code == 400
    (message,) = _errors(response)
    assert "has passed: the bid can no longer be submitted." in message
    assert counts() == before
    assert snapshot(scenario.bid) == state


def test_a_ready_bid_is_submitted_from_the_dashboard(lead, organisation):
    scenario = build(organisation, stage="ready")
    html = text(lead.get(url("bid", scenario.bid)))
    assert 'id="step-submitted"' in html
    assert 'id="missing-none"' in html

    response = lead.post(url("bid_transition", scenario.bid), {"to": "submitted"})

    assert response.status_code == 302
    bid = JointBid.objects.get(pk=scenario.bid.pk)
    assert bid.status == "submitted"
    assert bid.submitted_at is not None


# --- The plan ------------------------------------------------------------------------------------


def test_internal_deadlines_after_the_buyers_are_refused(lead, organisation):
    scenario = build(organisation, stage="drafting")
    late = timezone.localtime(scenario.opportunity.submission_deadline) + dt.timedelta(days=1)
    before, state = counts(), snapshot(scenario.bid)

    response = lead.post(
        url("bid_plan", scenario.bid),
        {
            "liability": "joint_and_several",
            "answers_due": late.strftime("%Y-%m-%dT%H:%M"),
            "pay_floor": "13.45",
        },
    )

    assert response.status_code == 400
    assert "Internal deadlines must fall before the buyer's deadline" in _field_errors(
        response
    ).replace("&#x27;", "'")
    assert counts() == before
    assert snapshot(scenario.bid) == state


def test_the_plan_is_saved_in_uk_time_and_pounds(lead, organisation):
    scenario = build(organisation, stage="drafting")

    response = lead.post(
        url("bid_plan", scenario.bid),
        {
            "liability": "prime",
            "answers_due": (timezone.localdate() + dt.timedelta(days=5)).isoformat() + "T09:30",
            "pay_floor": "12.60",
        },
    )

    assert response.status_code == 302
    bid = JointBid.objects.get(pk=scenario.bid.pk)
    assert bid.liability == "prime"
    assert bid.pay_floor_pence == 1260
    assert timezone.localtime(bid.answers_due).strftime("%H:%M") == "09:30"


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


def test_a_ballot_of_member_co_ops_decides_go(lead, organisation, secretary):
    scenario = build(organisation, members=3, stage="identified")

    opened = lead.post(url("go_ballot_open", scenario.bid), {"closes_at": ""})

    assert opened.status_code == 302
    bid = JointBid.objects.get(pk=scenario.bid.pk)
    ballot = bid.decision_ballot
    assert ballot is not None
    assert ballot.status == Ballot.Status.OPEN
    page = text(lead.get(url("go", scenario.bid)))
    assert f"/o/{organisation.slug}/ballots/{ballot.pk}/" in page
    assert 'id="apply-ballot"' not in page
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
    scenario = build(organisation, stage="consulting")
    third = coop_member(organisation, "Co-op C")
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
