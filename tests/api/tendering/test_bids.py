"""Joint bids through the API: the whole life of a bid by the lead with two member co-ops, the
dashboard, the plan, steps refused with the gate that fails, the go/no-go by the board and by
a ballot of the member co-ops, the checklist, and the OCDS export checked against the shared
schema."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from jsonschema import Draft4Validator

from coop.core.models import AuditEvent
from tendering import services
from tendering.models import JointBid
from tests.api.tendering.conftest import client_for, counts, url
from tests.factories import tendering as tf
from tests.shared_data import ocds_schema_path


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def _ocds_errors(package: dict) -> list[str]:
    schema = json.loads(ocds_schema_path().read_text())
    return [e.message for e in Draft4Validator(schema).iter_errors(package["releases"][0])]


def _approve_through_the_api(
    lead: Any, pk: int, numbers: list[int], today: str, approvers: list[Any]
) -> list[int]:
    """Invite each co-op, each co-op's own secretary (`approvers`, in order) records its
    approval, the lead its authorisation; co-op A leads. Their ids."""
    ids = [ok(lead.post(url("bid-participants", pk=pk), {"member": n}), 201)["id"] for n in numbers]
    for participant, approver in zip(ids, approvers, strict=True):
        ok(
            approver.post(
                url("bid-participant-approve", pk=pk, participant_id=participant),
                {"approval_kind": "board", "reference": "Resolution 7", "approved_on": today},
            )
        )
        ok(
            lead.post(
                url("bid-participant-authorise", pk=pk, participant_id=participant),
                {"signed_by": "The chair", "signed_on": today},
            )
        )
    rows = ok(lead.post(url("bid-lead", pk=pk), {"lead": numbers[0]}))
    assert [(r["member_name"], r["is_lead"], r["authorised_lead"]) for r in rows] == [
        ("Co-op A", True, True),
        ("Co-op B", False, True),
    ]
    return ids


def _commit_and_price_through_the_api(lead: Any, pk: int, ids: list[int]) -> None:
    """The standard bid's commitments and build-ups (`tests.factories.tendering`)."""
    for participant, role, pay in ((ids[0], "primary", 1500), (ids[1], "secondary", 1400)):
        for lot in (1, 2):
            commitment = {
                "participant": participant,
                "lot": lot,
                "hours_per_week": "10",
                "role": role,
                "staff_count": 3,
                "ciw_registration": "SIN-00012345",
            }
            ok(lead.post(url("bid-commitments", pk=pk), commitment), 201)
            build_up = {
                "lot": lot,
                "pay_pence": pay,
                "on_costs_pence": 300,
                "travel_pence": 200,
                "overhead_pence": 300,
                "margin_pence": 100,
            }
            prices = url("bid-participant-prices", pk=pk, participant_id=participant)
            ok(lead.post(prices, build_up), 201)


def _answer_through_the_api(
    lead: Any, pk: int, owners: list[tuple[Any, int | None]], author: int, today: str
) -> list[int]:
    """Assign, draft and send for review each (question, co-op) answer. Their ids."""
    answers = []
    for question, participant in owners:
        assignment = {
            "question": question.pk,
            "participant": participant,
            "author": author,
            "due_on": today,
        }
        assigned = ok(lead.post(url("bid-answer-assign", pk=pk), assignment))
        text = {"text": f"Our answer to {question.number}."}
        ok(lead.put(url("bid-answer", pk=pk, answer_id=assigned["id"]), text))
        ok(lead.post(url("bid-answer-submit", pk=pk, answer_id=assigned["id"])))
        answers.append(assigned["id"])
    return answers


def _step(lead: Any, pk: int, to: str) -> str:
    return ok(lead.post(url("bid-transitions", pk=pk), {"to": to}))["status"]


def test_the_lead_takes_a_bid_from_identified_to_submitted_with_two_co_ops(
    organisation, coops, bid_manager, coop_user, other_coop_user
):
    opportunity = tf.opportunity(organisation)
    questions = tf.standard_questions(opportunity)
    lead = client_for(bid_manager)
    today = str(timezone.localdate())

    bid = ok(lead.post(url("bids"), {"opportunity": opportunity.pk}), 201)
    pk = bid["id"]
    assert (bid["status"], bid["allowed_transitions"]) == (
        "identified",
        ["qualifying", "declined", "lapsed"],
    )
    decision = {"go": True, "reference": "Board minute 4/2026", "decided_on": today}
    go = ok(lead.post(url("bid-go-board", pk=pk), decision))
    assert (go["status"], go["decision_method"], go["go_reference"]) == (
        "consulting",
        "board",
        "Board minute 4/2026",
    )
    approvers = [client_for(coop_user), client_for(other_coop_user)]
    ids = _approve_through_the_api(lead, pk, [m.number for m in coops], today, approvers)
    assert _step(lead, pk, "drafting") == "drafting"
    _commit_and_price_through_the_api(lead, pk, ids)
    owners = [(questions[0], None), (questions[1], ids[0]), (questions[1], ids[1])]
    answers = _answer_through_the_api(lead, pk, owners, bid_manager.pk, today)
    assert _step(lead, pk, "in_review") == "in_review"
    for answer in answers:
        review = url("bid-answer-review", pk=pk, answer_id=answer)
        assert ok(lead.post(review, {"approve": True}))["status"] == "approved"
    assert _step(lead, pk, "final_signoff") == "final_signoff"
    for participant in ids:
        ok(lead.post(url("bid-participant-sign-off", pk=pk, participant_id=participant)), 201)
    assert _step(lead, pk, "ready") == "ready"

    submitted = ok(lead.post(url("bid-submit", pk=pk)))

    assert submitted["status"] == "submitted"
    assert submitted["submitted_at"] is not None
    assert JointBid.objects.get(pk=pk).status == "submitted"
    steps = list(
        AuditEvent.objects.filter(action="bid.transition", object_id=str(pk))
        .order_by("id")
        .values_list("after__status", flat=True)
    )
    assert steps == [
        "qualifying",
        "consulting",
        "drafting",
        "in_review",
        "final_signoff",
        "ready",
        "submitted",
    ]
    package = ok(lead.get(url("bid-ocds", pk=pk)))
    assert _ocds_errors(package) == []
    details = package["releases"][0]["bids"]["details"][0]
    assert (details["status"], details["value"]) == (
        "pending",
        {"amount": 2 * 2350 * 20 * 52 / 100, "currency": "GBP"},
    )


def test_the_ocds_export_follows_the_shared_schema_with_the_lead_tenderer(drafting, bid_manager):
    package = ok(client_for(bid_manager).get(url("bid-ocds", pk=drafting.bid.pk)))

    assert _ocds_errors(package) == []
    release = package["releases"][0]
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles == {
        "Powys County Council": ["buyer"],
        "Co-op A": ["tenderer", "leadTenderer"],
        "Co-op B": ["tenderer"],
    }
    shares = release["bids"]["details"][0]["cyd:hoursShare"]
    assert [(s["lot"], s["hoursPerWeek"], s["percentOfLot"]) for s in shares] == [
        ("lot-1", "10.00", "50.00"),
        ("lot-1", "10.00", "50.00"),
        ("lot-2", "10.00", "50.00"),
        ("lot-2", "10.00", "50.00"),
    ]


def test_the_dashboard_says_what_is_missing_who_owes_it_and_by_when(drafting, bid_manager):
    body = ok(client_for(bid_manager).get(url("bid", pk=drafting.bid.pk)))

    assert body["bid"]["status"] == "drafting"
    assert [s["to"] for s in body["next_steps"]] == body["bid"]["allowed_transitions"]
    assert body["bid"]["allowed_transitions"] == ["in_review", "withdrawn", "lapsed", "replanning"]
    gates = {g["code"]: g for g in body["gates"]}
    assert list(gates) == [
        "deadline",
        "participants",
        "approvals",
        "answers_started",
        "answers",
        "coverage",
        "prices",
        "signoffs",
    ]
    assert [code for code, g in gates.items() if not g["ok"]] == ["answers", "signoffs"]
    due = date_format(timezone.localdate() + dt.timedelta(days=14))
    assert gates["answers"]["detail"] == [
        f"2.1 (Co-op A): draft – Lead, {due}",
        f"2.1 (Co-op B): draft – Lead, {due}",
        f"1.1: draft – Lead, {due}",
    ]
    assert gates["signoffs"]["detail"] == [
        "Co-op A has not signed off.",
        "Co-op B has not signed off.",
    ]
    assert [d["code"] for d in body["deadlines"]] == ["submission_deadline"]
    assert [(p["member_name"], p["is_lead"]) for p in body["participants"]] == [
        ("Co-op A", True),
        ("Co-op B", False),
    ]
    assert {c["status"]: c["count"] for c in body["answer_counts"]} == {
        "not_started": 0,
        "draft": 3,
        "in_review": 0,
        "approved": 0,
    }


def test_the_checklist_lists_every_gate(drafting, bid_manager):
    body = ok(client_for(bid_manager).get(url("bid-checklist", pk=drafting.bid.pk)))

    assert body["all_met"] is False
    assert [(g["code"], g["ok"]) for g in body["gates"]] == [
        ("deadline", True),
        ("participants", True),
        ("approvals", True),
        ("answers_started", True),
        ("answers", False),
        ("coverage", True),
        ("prices", True),
        ("signoffs", False),
    ]


def test_a_step_refused_names_the_gates_that_fail_and_changes_nothing(drafting, bid_manager):
    client = client_for(bid_manager)
    services.bid_transition(bid=drafting.bid, to="in_review", actor=None)
    before = (counts(), tf.state(drafting.bid))

    response = client.post(url("bid-transitions", pk=drafting.bid.pk), {"to": "final_signoff"})
    skipped = client.post(url("bid-transitions", pk=drafting.bid.pk), {"to": "submitted"})

    assert response.status_code == 400
    assert list(response.json()) == ["answers"]
    assert [m.split(":")[0] for m in response.json()["answers"]] == [
        "2.1 (Co-op A)",
        "2.1 (Co-op B)",
        "1.1",
    ]
    assert skipped.status_code == 400
    assert skipped.json() == {"to": ["Only a bid that is ready can be submitted."]}
    assert (counts(), tf.state(drafting.bid)) == before


def test_a_step_not_allowed_now_is_refused_under_to(drafting, bid_manager):
    before = counts()

    response = client_for(bid_manager).post(
        url("bid-transitions", pk=drafting.bid.pk), {"to": "awarded"}
    )
    unknown = client_for(bid_manager).post(
        url("bid-transitions", pk=drafting.bid.pk), {"to": "won"}
    )

    assert response.json() == {"to": ["A bid that is “Drafting” cannot become “Awarded”."]}
    assert (response.status_code, unknown.status_code) == (400, 400)
    assert list(unknown.json()) == ["to"]
    assert counts() == before


def test_withdrawing_needs_a_reason_and_then_withdraws(drafting, bid_manager):
    client = client_for(bid_manager)

    refused = client.post(url("bid-transitions", pk=drafting.bid.pk), {"to": "withdrawn"})
    done = client.post(
        url("bid-transitions", pk=drafting.bid.pk),
        {"to": "withdrawn", "reason": "The council changed the zones."},
    )

    assert refused.json() == {"reason": ["Give the reason."]}
    assert ok(done)["status"] == "withdrawn"
    assert ok(done)["allowed_transitions"] == []


def test_the_plan_changes_deadlines_in_uk_time_and_the_pay_floor(drafting, bid_manager):
    deadline = timezone.localtime(drafting.opportunity.submission_deadline)
    answers_due = (deadline - dt.timedelta(days=7)).replace(tzinfo=None, microsecond=0)

    body = ok(
        client_for(bid_manager).patch(
            url("bid", pk=drafting.bid.pk),
            {"answers_due": answers_due.isoformat(), "pay_floor_pence": 1300},
        )
    )

    bid = drafting.refresh()
    london = ZoneInfo("Europe/London")
    assert bid.answers_due == answers_due.replace(tzinfo=london)
    assert (bid.pay_floor_pence, body["pay_floor_pence"]) == (1300, 1300)


def test_the_bid_list_and_a_new_bid(organisation, drafting, bid_manager, coop_user):
    later = tf.opportunity(organisation, reference="LATER-2")
    lead = client_for(bid_manager)

    made = ok(
        lead.post(
            url("bids"),
            {"opportunity": later.pk, "liability": "prime", "pay_floor_pence": 1400},
        ),
        201,
    )
    listed = ok(lead.get(url("bids")))
    theirs = ok(client_for(coop_user).get(url("bids")))

    assert (made["liability"], made["pay_floor_pence"], made["lead"]) == ("prime", 1400, None)
    assert [b["id"] for b in listed["results"]] == [drafting.bid.pk, made["id"]]
    assert [b["id"] for b in theirs["results"]] == [drafting.bid.pk]
    assert theirs["results"][0]["lead_name"] == "Co-op A"
