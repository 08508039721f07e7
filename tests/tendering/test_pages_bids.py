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

from tendering import services
from tendering.models import JointBid
from tests.tendering.test_pages_setup import (
    build,
    consortium,
    coop_member,
    counts,
    snapshot,
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


def test_a_co_op_that_has_not_approved_cannot_be_made_the_lead(lead, organisation):
    scenario = build(organisation, stage="approved")
    third = coop_member(organisation, "Co-op C")
    services.participant_invite(bid=scenario.bid, member=third, actor=None)
    before, state = counts(), snapshot(scenario.bid)

    # The third co-op is invited, not approved: it cannot lead (issue 15, case 4).
    response = lead.post(url("bid_set_lead", scenario.bid), {"member": third.pk})

    assert response.status_code == 400
    assert (
        "Co-op C has not approved the bid: the lead must be a co-op that has approved it."
        in _field_errors(response)
    )
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
