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
from rest_framework.test import APIClient

from coop.core.models import AuditEvent
from membership import services as membership_services
from tendering import services
from tendering.models import Answer, JointBid, SignOff
from tests.api.tendering.conftest import client_for, counts, url
from tests.factories import tendering as tf
from tests.shared_data import ocds_schema_path
from voting import services as voting_services
from voting.models import Ballot


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def _ocds_errors(package: dict) -> list[str]:
    schema = json.loads(ocds_schema_path().read_text())
    return [e.message for e in Draft4Validator(schema).iter_errors(package["releases"][0])]


def test_the_lead_takes_a_bid_from_identified_to_submitted_with_two_co_ops(
    organisation, coops, bid_manager
):
    opportunity = tf.opportunity(organisation)
    questions = tf.standard_questions(opportunity)
    lead = client_for(bid_manager)
    today = str(timezone.localdate())
    a_number, b_number = (m.number for m in coops)

    bid = ok(lead.post(url("bids"), {"opportunity": opportunity.pk}), 201)
    pk = bid["id"]
    assert (bid["status"], bid["allowed_transitions"]) == (
        "identified",
        ["qualifying", "declined", "lapsed"],
    )
    go = ok(
        lead.post(
            url("bid-go-board", pk=pk),
            {"go": True, "reference": "Board minute 4/2026", "decided_on": today},
        )
    )
    assert (go["status"], go["decision_method"], go["go_reference"]) == (
        "consulting",
        "board",
        "Board minute 4/2026",
    )
    ids = [
        ok(lead.post(url("bid-participants", pk=pk), {"member": n}), 201)["id"]
        for n in (a_number, b_number)
    ]
    for participant in ids:
        ok(
            lead.post(
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
    rows = ok(lead.post(url("bid-lead", pk=pk), {"lead": a_number}))
    assert [(r["member_name"], r["is_lead"], r["authorised_lead"]) for r in rows] == [
        ("Co-op A", True, True),
        ("Co-op B", False, True),
    ]
    assert ok(lead.post(url("bid-transitions", pk=pk), {"to": "drafting"}))["status"] == "drafting"
    for participant, role, pay in ((ids[0], "primary", 1500), (ids[1], "secondary", 1400)):
        for lot in (1, 2):
            ok(
                lead.post(
                    url("bid-commitments", pk=pk),
                    {
                        "participant": participant,
                        "lot": lot,
                        "hours_per_week": "10",
                        "role": role,
                        "staff_count": 3,
                        "ciw_registration": "SIN-00012345",
                    },
                ),
                201,
            )
            ok(
                lead.post(
                    url("bid-participant-prices", pk=pk, participant_id=participant),
                    {
                        "lot": lot,
                        "pay_pence": pay,
                        "on_costs_pence": 300,
                        "travel_pence": 200,
                        "overhead_pence": 300,
                        "margin_pence": 100,
                    },
                ),
                201,
            )
    owners = [(questions[0], None), (questions[1], ids[0]), (questions[1], ids[1])]
    answers = []
    for question, participant in owners:
        assigned = ok(
            lead.post(
                url("bid-answer-assign", pk=pk),
                {
                    "question": question.pk,
                    "participant": participant,
                    "author": bid_manager.pk,
                    "due_on": today,
                },
            )
        )
        ok(
            lead.put(
                url("bid-answer", pk=pk, answer_id=assigned["id"]),
                {"text": f"Our answer to {question.number}."},
            )
        )
        ok(lead.post(url("bid-answer-submit", pk=pk, answer_id=assigned["id"])))
        answers.append(assigned["id"])
    assert ok(lead.post(url("bid-transitions", pk=pk), {"to": "in_review"}))["status"] == (
        "in_review"
    )
    for answer in answers:
        reviewed = ok(
            lead.post(url("bid-answer-review", pk=pk, answer_id=answer), {"approve": True})
        )
        assert reviewed["status"] == "approved"
    assert ok(lead.post(url("bid-transitions", pk=pk), {"to": "final_signoff"}))["status"] == (
        "final_signoff"
    )
    for participant in ids:
        ok(lead.post(url("bid-participant-sign-off", pk=pk, participant_id=participant)), 201)
    assert ok(lead.post(url("bid-transitions", pk=pk), {"to": "ready"}))["status"] == "ready"

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


def _close_go_ballot(world: tf.World, votes: list[str]) -> None:
    """Each co-op's representative votes on the bid's open go/no-go ballot; then it closes."""
    ballot = Ballot.objects.get(pk=world.refresh().decision_ballot_id)
    question = ballot.questions.get()
    for n, (member, vote) in enumerate(zip(world.coops, votes, strict=True)):
        rep = tf.user(f"Rep {n}")
        membership_services.representative_add(
            member=member, name=f"Rep {n}", started_on=member.entered_on, user=rep, actor=None
        )
        option = question.options.get(code=vote)
        voting_services.ballot_cast(
            ballot=ballot, member=member, selections={question.pk: [option.pk]}, actor=rep
        )
    voting_services.ballot_close(ballot=ballot, actor=None)


def test_a_ballot_of_the_member_co_ops_decides_go(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")
    client = client_for(bid_manager)

    opened = ok(client.post(url("bid-go-ballot", pk=world.bid.pk), {}), 201)
    early = client.post(url("bid-go-result", pk=world.bid.pk))
    _close_go_ballot(world, ["for", "for"])
    applied = ok(client.post(url("bid-go-result", pk=world.bid.pk)))

    assert opened["status"] == "open"
    assert opened["title"] == "Bid for Domiciliary care in Powys?"
    assert early.json() == {"decision_ballot": ["The go/no-go ballot has not closed yet."]}
    assert (applied["status"], applied["decision_method"], applied["decision_ballot"]) == (
        "consulting",
        "ballot",
        opened["id"],
    )


def test_the_board_cannot_decide_over_an_open_ballot(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")
    client = client_for(bid_manager)
    client.post(url("bid-go-ballot", pk=world.bid.pk), {})
    before = (counts(), tf.state(world.bid))

    response = client.post(
        url("bid-go-board", pk=world.bid.pk),
        {"go": True, "reference": "Board 1", "decided_on": str(timezone.localdate())},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["decision_method"]
    assert (counts(), tf.state(world.bid)) == before


def test_a_no_go_declines_the_bid(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")

    body = ok(
        client_for(bid_manager).post(
            url("bid-go-board", pk=world.bid.pk),
            {"go": False, "reference": "Board 2", "decided_on": str(timezone.localdate())},
        )
    )

    assert body["status"] == "declined"
    assert world.refresh().go_reference == "Board 2"


def test_a_go_decision_in_the_future_is_refused_under_decided_on(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="identified")
    before = counts()

    response = client_for(bid_manager).post(
        url("bid-go-board", pk=world.bid.pk),
        {
            "go": True,
            "reference": "Board 3",
            "decided_on": str(timezone.localdate() + dt.timedelta(days=1)),
        },
    )

    assert response.json() == {"decided_on": ["The date cannot be in the future."]}
    assert counts() == before


def test_submission_writes_the_submission_and_a_submitted_bid_is_pending_in_ocds(
    organisation, coops, bid_manager
):
    world = tf.joint_bid(organisation, coops=coops, stage="ready")
    client: APIClient = client_for(bid_manager)

    body = ok(client.post(url("bid-submit", pk=world.bid.pk)))
    package = ok(client.get(url("bid-ocds", pk=world.bid.pk)))

    assert body["status"] == "submitted"
    assert package["releases"][0]["bids"]["details"][0]["status"] == "pending"
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 2
    assert Answer.objects.filter(bid=world.bid, status="approved").count() == 3


def test_sign_offs_are_listed_per_co_op(organisation, coops, bid_manager, coop_user):
    world = tf.joint_bid(organisation, coops=coops, stage="final_signoff")
    services.signoff_record(bid=world.bid, participant=world.participants[1], actor=bid_manager)

    mine = ok(client_for(coop_user).get(url("bid-signoffs", pk=world.bid.pk)))["results"]
    signed = ok(
        client_for(coop_user).post(
            url(
                "bid-participant-sign-off", pk=world.bid.pk, participant_id=world.participants[0].pk
            )
        ),
        201,
    )

    assert [(r["member_name"], r["signed_by"], r["may_sign"]) for r in mine] == [
        ("Co-op A", None, True),
        ("Co-op B", "Beca Bids", False),
    ]
    assert (signed["member_name"], signed["signed_by"]) == ("Co-op A", "Ann Coop-A")
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 2
