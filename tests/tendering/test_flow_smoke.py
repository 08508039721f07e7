import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coop.core.models import User
from membership.models import Member
from tendering import services
from tendering.models import BidParticipant, JointBid, Lot, Opportunity, TenderQuestion
from tests.factories import membership as mf


def _tender(consortium) -> tuple[Opportunity, list[Lot], list[TenderQuestion]]:
    """Two lots of 100 hours a week; question 1.1 (the consortium) and 2.1 (each co-op)."""
    opportunity = services.opportunity_create(
        organisation=consortium,
        buyer_name="Powys County Council",
        reference="PCC-DOM-1",
        title="Domiciliary care",
        submission_deadline=timezone.now() + dt.timedelta(days=30),
        actor=None,
    )
    lots = [
        services.lot_add(
            opportunity=opportunity,
            number=n,
            title=f"Zone {n}",
            zone=f"Zone {n}",
            estimated_hours_per_week="100",
            rate_ceiling_pence=3000,
            actor=None,
        )
        for n in (1, 2)
    ]
    services.criteria_set(
        opportunity=opportunity,
        criteria=[("quality", "Quality", 60), ("price", "Price", 30), ("social_value", "SV", 10)],
        actor=None,
    )
    questions = [
        services.question_add(
            opportunity=opportunity,
            section="Quality",
            number="1.1",
            text="How?",
            limit=50,
            actor=None,
        ),
        services.question_add(
            opportunity=opportunity,
            section="Members",
            number="2.1",
            text="Who?",
            limit=20,
            answered_by="each_member",
            actor=None,
        ),
    ]
    return opportunity, lots, questions


def _approved(bid: JointBid, coops: list[Member]) -> list[BidParticipant]:
    """Go; each co-op invited, approving for 60 days and authorising the lead (co-op 0)."""
    today = timezone.localdate()
    services.bid_go_decide(
        bid=bid, go=True, method="board", reference="Board 12/2026", decided_on=today, actor=None
    )
    participants = [services.participant_invite(bid=bid, member=m, actor=None) for m in coops]
    for p in participants:
        services.participant_approve(
            participant=p,
            approval_kind="board",
            reference="Res 3",
            approved_on=today,
            expires_on=today + dt.timedelta(days=60),
            actor=None,
        )
        services.participant_authorise_lead(
            participant=p, signed_by="Chair", signed_on=today, actor=None
        )
    services.bid_set_lead(bid=bid, member=coops[0], actor=None)
    return participants


def _committed_and_priced(participants: list[BidParticipant], lots: list[Lot]) -> None:
    for p, lot in zip(participants, lots, strict=True):
        services.commitment_set(participant=p, lot=lot, hours_per_week="100", actor=None)
        services.price_line_set(
            participant=p,
            lot=lot,
            pay_pence=1400,
            on_costs_pence=300,
            travel_pence=200,
            overhead_pence=300,
            margin_pence=100,
            actor=None,
        )


@pytest.mark.django_db
def test_joint_bid_from_identified_to_submitted():
    consortium = mf.cooperative(slug="mwcc", name="Mid Wales Care Consortium", kind="consortium")
    coops = [mf.member(consortium, name=f"Co-op {i}", kind="organisation") for i in range(2)]
    lead_user = User.objects.create_user(
        email="lead@example.org", password="x" * 12, full_name="Lead"
    )
    opportunity, lots, (q1, q2) = _tender(consortium)
    bid = services.bid_create(opportunity=opportunity, consortium=consortium, actor=None)
    participants = _approved(bid, coops)
    services.bid_transition(bid=bid, to="drafting", actor=None)
    _committed_and_priced(participants, lots)
    with pytest.raises(ValidationError):
        services.commitment_set(
            participant=participants[0], lot=lots[0], hours_per_week="-5", actor=None
        )
    answers = [services.answer_assign(bid=bid, question=q1, author=lead_user, actor=None)]
    answers += [
        services.answer_assign(bid=bid, question=q2, author=lead_user, participant=p, actor=None)
        for p in participants
    ]
    with pytest.raises(ValidationError) as too_long:
        services.answer_save(answer=answers[0], text="word " * 51, actor=lead_user)
    assert "limit is 50" in str(too_long.value)
    for answer in answers:
        services.answer_save(answer=answer, text="A good answer.", actor=lead_user)
    services.bid_transition(bid=bid, to="in_review", actor=None)
    for answer in answers:
        services.answer_submit_for_review(answer=answer, actor=lead_user)
        services.answer_review(answer=answer, approve=True, actor=lead_user)
    services.bid_transition(bid=bid, to="final_signoff", actor=None)
    for p in participants:
        services.signoff_record(bid=bid, participant=p, actor=lead_user)
    services.bid_transition(bid=bid, to="ready", actor=None)
    services.bid_submit(bid=bid, actor=None)
    bid.refresh_from_db()
    assert bid.status == JointBid.Status.SUBMITTED
    assert bid.commitments.count() == 2
    assert sum(c.hours_per_week for c in bid.commitments.all()) == Decimal("200")


@pytest.mark.django_db
def test_ocds_export_of_a_bid_validates_against_the_shared_schema():
    import json

    from django.core.management import call_command
    from jsonschema import Draft4Validator

    from tests.shared_data import ocds_schema_path

    consortium = mf.cooperative(slug="mwcc2", name="Consortium", kind="consortium")
    coops = [mf.member(consortium, name=f"Co-op {i}", kind="organisation") for i in range(2)]
    opportunity = services.opportunity_create(
        organisation=consortium,
        buyer_name="Powys County Council",
        reference="PCC-2",
        title="Care",
        submission_deadline=timezone.now() + dt.timedelta(days=30),
        actor=None,
    )
    lot = services.lot_add(
        opportunity=opportunity,
        number=1,
        title="North",
        zone="North",
        estimated_hours_per_week="50",
        actor=None,
    )
    bid = services.bid_create(
        opportunity=opportunity, consortium=consortium, liability="prime", actor=None
    )
    services.bid_go_decide(
        bid=bid,
        go=True,
        method="board",
        reference="B1",
        decided_on=timezone.localdate(),
        actor=None,
    )
    for coop in coops:
        p = services.participant_invite(bid=bid, member=coop, actor=None)
        services.participant_approve(
            participant=p,
            approval_kind="board",
            reference="R",
            approved_on=timezone.localdate(),
            actor=None,
        )
    services.bid_set_lead(bid=bid, member=coops[0], actor=None)
    services.bid_transition(bid=bid, to="drafting", actor=None)
    for p in bid.participants.all():
        services.commitment_set(participant=p, lot=lot, hours_per_week="25", actor=None)
    from io import StringIO

    out = StringIO()
    call_command("export_ocds", str(bid.pk), stdout=out)
    package = json.loads(out.getvalue())
    release = package["releases"][0]
    schema = json.loads(ocds_schema_path().read_text())
    assert list(Draft4Validator(schema).iter_errors(release)) == []
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    assert roles["Consortium"] == ["tenderer", "leadTenderer"]
    assert roles["Co-op 0"] == ["subcontractor"]
    shares = release["bids"]["details"][0]["cyd:hoursShare"]
    assert [(s["hoursPerWeek"], s["percentOfLot"]) for s in shares] == [("25.00", "50.00")] * 2
