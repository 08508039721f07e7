"""Shared set-up of the tendering page tests (no tests here): a consortium whose personas are
the suite's (its secretary, bid manager, board member and member), member co-ops with their
own organisations and people, and joint bids built through the services at each stage."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership import services as membership_services
from membership.models import Member, Organisation
from tendering import services
from tendering.models import (
    Answer,
    AnswerVersion,
    AwardCriterion,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    Evidence,
    JointBid,
    LibraryAnswer,
    Lot,
    Opportunity,
    OpportunityDocument,
    PriceLine,
    SignOff,
    SocialValueFigure,
    TenderQuestion,
)
from tests.factories import membership as mf

#: Personas of the matrix: the consortium's lead (its secretary and bid manager); a member
#: co-op's secretary and bid manager (its officers), its plain member and its board member
#: (no bid role); another member co-op's secretary; the consortium's board member (a role in
#: the consortium, but not in its bids); an outsider and an anonymous visitor.
PERSONAS = (
    "secretary",
    "bid_manager",
    "coop_secretary",
    "coop_bid_manager",
    "coop_member",
    "coop_board_member",
    "other_coop_secretary",
    "board_member",
    "outsider",
    "anonymous",
)
PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def consortium(slug: str = "mwcc", name: str = "Mid Wales Care Consortium") -> Organisation:
    return mf.cooperative(slug=slug, name=name, kind="consortium")


def coop_organisation(name: str) -> Organisation:
    """A member co-op's own organisation in Cyd (no register needed here)."""
    n = next(_numbers)
    return membership_services.organisation_create(
        slug=f"coop-{n}",
        name=name,
        name_cy="",
        kind=Organisation.Kind.COOPERATIVE,
        registered_office=f"{n} Ffordd y Parc\nY Drenewydd",
        registered_on=mf.FOUNDED,
        registered_number=f"RS7{n:05d}",
        actor=None,
    )


def coop_member(consortium_org: Organisation, name: str, *, in_cyd: bool = True) -> Member:
    """A member co-op of the consortium (an organisation member), with its own organisation
    in Cyd if `in_cyd`."""
    return mf.member(
        consortium_org,
        name=name,
        kind=Member.Kind.ORGANISATION,
        member_organisation=coop_organisation(name) if in_cyd else None,
    )


def user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, full_name=name)


def person_of(member: Member, email: str, role: Role = Role.SECRETARY) -> User:
    """A user with a role in the member co-op's own organisation."""
    assert member.member_organisation is not None
    person = user(email, email.split("@")[0].title())
    role_grant(organisation=member.member_organisation, user=person, role=role, actor=None)
    return person


def signed_in(client: Client, request: pytest.FixtureRequest, persona: str) -> Client:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def url(name: str, bid: JointBid, *args: object) -> str:
    return reverse(f"tendering:{name}", args=[bid.consortium.slug, bid.pk, *args])


TENDERING_MODELS = (
    Opportunity,
    Lot,
    AwardCriterion,
    TenderQuestion,
    OpportunityDocument,
    JointBid,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    PriceLine,
    Answer,
    AnswerVersion,
    LibraryAnswer,
    Evidence,
    SignOff,
    SocialValueFigure,
    AuditEvent,
)


def counts() -> dict[str, int]:
    """Rows of every tendering table and the audit log: a refusal leaves them unchanged."""
    return {model._meta.label: model._default_manager.count() for model in TENDERING_MODELS}


def snapshot(bid: JointBid) -> dict[str, object]:
    """The bid's own fields and its co-ops' states (a refusal changes none of them)."""
    bid = JointBid.objects.get(pk=bid.pk)
    return {
        "status": bid.status,
        "lead": bid.lead_id,
        "due": (bid.answers_due, bid.prices_due, bid.signoff_due),
        "participants": sorted(bid.participants.values_list("pk", "status", "approved_on")),
        "answers": sorted(bid.answers.values_list("pk", "status", "text")),
    }


@dataclass
class Scenario:
    consortium: Organisation
    opportunity: Opportunity
    lots: list[Lot]
    questions: list[TenderQuestion]
    bid: JointBid
    coops: list[Member]
    participants: list[BidParticipant] = field(default_factory=list)


STAGES = ("identified", "consulting", "approved", "drafting", "final_signoff", "ready")


def _tender(
    consortium_org: Organisation,
    coops: list[Member],
    *,
    lots: int,
    questions: int,
    welsh: bool,
    max_lots: int | None,
    reference: str,
) -> tuple[Opportunity, list[Lot], list[TenderQuestion]]:
    """The tender: `lots` lots of 10 hours a week per co-op (ceiling £30 an hour), award
    criteria of 60/30/10, and `questions` questions (every fourth answered by each co-op)."""
    opportunity = services.opportunity_create(
        organisation=consortium_org,
        buyer_name="Powys County Council",
        reference=reference,
        title="Domiciliary care in Powys",
        submission_deadline=timezone.now() + dt.timedelta(days=30),
        clarification_deadline=timezone.now() + dt.timedelta(days=10),
        languages="both" if welsh else "en",
        max_lots_per_bidder=max_lots,
        actor=None,
    )
    lot_list = [
        services.lot_add(
            opportunity=opportunity,
            number=n,
            title=f"Zone {n}",
            zone=f"Zone {n}",
            estimated_hours_per_week=str(10 * len(coops)),
            rate_ceiling_pence=3000,
            actor=None,
        )
        for n in range(1, lots + 1)
    ]
    services.criteria_set(
        opportunity=opportunity,
        criteria=[("quality", "Quality", 60), ("price", "Price", 30), ("social_value", "SV", 10)],
        actor=None,
    )
    question_list = [
        services.question_add(
            opportunity=opportunity,
            section="Quality" if n % 4 else "Members",
            number=f"{1 + n // 10}.{n % 10}",
            text=f"Question {n}: how will you deliver?",
            limit=50,
            answered_by="each_member" if n % 4 == 3 else "consortium",
            actor=None,
        )
        for n in range(questions)
    ]
    return opportunity, lot_list, question_list


def _approve_all(scenario: Scenario) -> None:
    """Every co-op approves (board, for 90 days) and authorises the lead; co-op A leads."""
    today = timezone.localdate()
    for p in scenario.participants:
        services.participant_approve(
            participant=p,
            approval_kind="board",
            reference="Resolution 3",
            approved_on=today,
            expires_on=today + dt.timedelta(days=90),
            actor=None,
        )
        services.participant_authorise_lead(
            participant=p, signed_by="Chair", signed_on=today, actor=None
        )
    services.bid_set_lead(bid=scenario.bid, member=scenario.coops[0], actor=None)


def _commit_and_price(scenario: Scenario) -> None:
    """Every co-op covers every lot (10 hours a week; co-op A primary) at £23 an hour."""
    for i, p in enumerate(scenario.participants):
        for lot in scenario.lots:
            services.commitment_set(
                participant=p,
                lot=lot,
                hours_per_week="10",
                role="primary" if i == 0 else "secondary",
                staff_count=3,
                base="Newtown",
                ciw_registration=f"CIW-{p.member_id:04d}",
                actor=None,
            )
            services.price_line_set(
                participant=p,
                lot=lot,
                pay_pence=1400 + i,
                on_costs_pence=300,
                travel_pence=200,
                overhead_pence=300,
                margin_pence=100,
                actor=None,
            )


def _draft_answers(scenario: Scenario, *, author: User | None, welsh: bool) -> list[Answer]:
    """Every answer assigned (due in 14 days) and drafted."""
    answers = []
    for q in scenario.questions:
        owners = scenario.participants if q.answered_by == "each_member" else [None]
        for owner in owners:
            answer = services.answer_assign(
                bid=scenario.bid,
                question=q,
                author=author,
                participant=owner,
                due_on=timezone.localdate() + dt.timedelta(days=14),
                actor=None,
            )
            services.answer_save(
                answer=answer,
                text=f"Our answer to {q.number}.",
                text_cy=f"Ein hateb i {q.number}." if welsh else "",
                actor=None,
            )
            answers.append(answer)
    return answers


def _approve_answers(scenario: Scenario, answers: list[Answer]) -> None:
    """In review, every answer approved, then final sign-off."""
    services.bid_transition(bid=scenario.bid, to="in_review", actor=None)
    for answer in answers:
        services.answer_submit_for_review(answer=answer, actor=None)
        services.answer_review(answer=answer, approve=True, actor=None)
    services.bid_transition(bid=scenario.bid, to="final_signoff", actor=None)


def build(
    consortium_org: Organisation,
    *,
    coops: list[Member] | None = None,
    members: int = 2,
    lots: int = 2,
    questions: int = 4,
    stage: str = "drafting",
    welsh: bool = False,
    max_lots: int | None = None,
    author: User | None = None,
    reference: str = "PCC-DOM-1",
) -> Scenario:
    """A tender with `lots` lots (each 10 hours a week per co-op, ceiling £30 an hour) and
    `questions` questions (every fourth answered by each co-op), and the consortium's bid
    taken to `stage` through the services: at "drafting" every co-op covers every lot at
    £23 an hour and every answer is drafted; at "ready" all are approved and signed off."""
    assert stage in STAGES
    coops = coops or [coop_member(consortium_org, f"Co-op {chr(65 + i)}") for i in range(members)]
    opportunity, lot_list, question_list = _tender(
        consortium_org,
        coops,
        lots=lots,
        questions=questions,
        welsh=welsh,
        max_lots=max_lots,
        reference=reference,
    )
    bid = services.bid_create(
        opportunity=opportunity,
        consortium=consortium_org,
        answers_due=timezone.now() + dt.timedelta(days=20),
        prices_due=timezone.now() + dt.timedelta(days=21),
        signoff_due=timezone.now() + dt.timedelta(days=25),
        actor=None,
    )
    scenario = Scenario(consortium_org, opportunity, lot_list, question_list, bid, coops)
    if stage == "identified":
        return scenario
    services.bid_go_decide(
        bid=bid,
        go=True,
        method="board",
        reference="Board 12/2026",
        decided_on=timezone.localdate(),
        actor=None,
    )
    scenario.participants = [
        services.participant_invite(bid=bid, member=m, actor=None) for m in coops
    ]
    if stage == "consulting":
        return scenario
    _approve_all(scenario)
    if stage == "approved":
        return scenario
    services.bid_transition(bid=bid, to="drafting", actor=None)
    _commit_and_price(scenario)
    answers = _draft_answers(scenario, author=author, welsh=welsh)
    if stage != "drafting":
        _approve_answers(scenario, answers)
    if stage == "ready":
        signer = author or user(f"signer{next(_numbers)}@example.org", "Signer")
        for p in scenario.participants:
            services.signoff_record(bid=bid, participant=p, actor=signer)
        services.bid_transition(bid=bid, to="ready", actor=None)
    bid.refresh_from_db()
    return scenario
