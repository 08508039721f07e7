"""Valid tendering objects, built through the services (so they obey every rule), and the
helpers the tendering service tests share: row counts of every table a refusal must leave
alone, and `refused(field, ...)`.

The standard bid (`joint_bid`) has hand-checkable numbers: two lots of 20 hours a week
(ceiling 3000p an hour); co-op A commits 10 hours a week to each lot as primary provider at
2400p an hour (pay 1500 + on-costs 300 + travel 200 + overheads 300 + margin 100), co-op B
10 hours as secondary provider at 2300p (pay 1400 + 300 + 200 + 300 + 100): the consolidated
rate of each lot is (2400×10 + 2300×10) / 20 = 2350p. Question 1.1 (the consortium, 50 words)
and 2.1 (each co-op, 200 characters)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from coop.core.models import User
from membership import services as membership_services
from membership.models import Member, Organisation
from tendering import services
from tendering.models import (
    Answer,
    BidParticipant,
    JointBid,
    Lot,
    Opportunity,
    TenderQuestion,
)
from tendering.rules import Gate
from tendering.selectors.gates import bid_gates
from tests.factories import membership as mf
from tests.factories.tendering_checks import WATCHED as WATCHED
from tests.factories.tendering_checks import events_since as events_since
from tests.factories.tendering_checks import last_event_id as last_event_id
from tests.factories.tendering_checks import refused as refused
from tests.factories.tendering_checks import row_counts as row_counts
from tests.factories.tendering_checks import state as state

_numbers = itertools.count(1)

#: (pay, on-costs, travel, overheads, margin) of co-op A and co-op B: 2400p and 2300p an hour.
BUILD_UPS = ((1500, 300, 200, 300, 100), (1400, 300, 200, 300, 100))

STAGES = (
    "identified",
    "consulting",
    "approved",
    "drafting",
    "in_review",
    "final_signoff",
    "ready",
    "submitted",
)


def consortium(slug: str = "mwcc", name: str = "Mid Wales Care Consortium") -> Organisation:
    return mf.cooperative(slug=slug, name=name, kind=Organisation.Kind.CONSORTIUM)


def coop(consortium_org: Organisation, name: str) -> Member:
    """A member co-op of the consortium: an organisation member in good standing."""
    return mf.member(consortium_org, name=name, kind=Member.Kind.ORGANISATION)


def user(name: str = "Lead") -> User:
    n = next(_numbers)
    return User.objects.create_user(
        email=f"{name.lower().replace(' ', '.')}{n}@example.org",
        password="correct horse battery",
        full_name=name,
    )


def deadline(days: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def opportunity(
    consortium_org: Organisation,
    *,
    reference: str = "PCC-DOM-1",
    lot_hours: Sequence[str] = ("20", "20"),
    rate_ceiling_pence: int | None = 3000,
    value_ceiling_pence: int | None = None,
    max_lots: int | None = None,
    languages: str = "en",
    submission_deadline: dt.datetime | None = None,
) -> Opportunity:
    """A tender with one lot per entry of `lot_hours` (estimated hours a week), award
    criteria of 60/30/10, and no questions."""
    opp = services.opportunity_create(
        organisation=consortium_org,
        buyer_name="Powys County Council",
        reference=reference,
        title="Domiciliary care in Powys",
        submission_deadline=submission_deadline or deadline(),
        languages=languages,
        max_lots_per_bidder=max_lots,
        actor=None,
    )
    for n, hours in enumerate(lot_hours, start=1):
        services.lot_add(
            opportunity=opp,
            number=n,
            title=f"Zone {n}",
            zone=f"Zone {n}",
            estimated_hours_per_week=hours,
            rate_ceiling_pence=rate_ceiling_pence,
            value_ceiling_pence=value_ceiling_pence,
            actor=None,
        )
    services.criteria_set(
        opportunity=opp,
        criteria=[("quality", "Quality", 60), ("price", "Price", 30), ("social_value", "SV", 10)],
        actor=None,
    )
    return opp


def standard_questions(opp: Opportunity) -> list[TenderQuestion]:
    return [
        services.question_add(
            opportunity=opp,
            section="Quality",
            number="1.1",
            text="How will you deliver care in rural Powys?",
            limit=50,
            weight="20",
            actor=None,
        ),
        services.question_add(
            opportunity=opp,
            section="Members",
            number="2.1",
            text="Give your registration with Care Inspectorate Wales.",
            limit_kind="characters",
            limit=200,
            answered_by="each_member",
            actor=None,
        ),
    ]


@dataclass
class World:
    consortium: Organisation
    opportunity: Opportunity
    lots: list[Lot]
    questions: list[TenderQuestion]
    bid: JointBid
    coops: list[Member]
    lead_user: User
    participants: list[BidParticipant] = field(default_factory=list)

    def refresh(self) -> JointBid:
        self.bid = JointBid.objects.get(pk=self.bid.pk)
        return self.bid

    def answers(self) -> list[Answer]:
        return list(Answer.objects.filter(bid=self.bid).order_by("pk"))


def go(bid: JointBid) -> JointBid:
    return services.bid_go_decide(
        bid=bid,
        go=True,
        method="board",
        reference="Board minute 12/2026",
        decided_on=timezone.localdate(),
        actor=None,
    )


def approve(
    participant: BidParticipant, *, authorise: bool = True, **conditions: Any
) -> BidParticipant:
    """Record the co-op's board approval (for 90 days) and its authorisation of the lead."""
    today = timezone.localdate()
    options: dict[str, Any] = {"expires_on": today + dt.timedelta(days=90), **conditions}
    participant = services.participant_approve(
        participant=participant,
        approval_kind="board",
        reference="Resolution 3",
        approved_on=today,
        actor=None,
        **options,
    )
    if authorise:
        participant = services.participant_authorise_lead(
            participant=participant, signed_by="The chair", signed_on=today, actor=None
        )
    return participant


def commit_and_price(world: World) -> None:
    """Co-op A primary, co-op B secondary: 10 hours a week on each lot at their rates."""
    for i, participant in enumerate(world.participants[:2]):
        pay, on_costs, travel, overhead, margin = BUILD_UPS[i]
        for lot in world.lots:
            services.commitment_set(
                participant=participant,
                lot=lot,
                hours_per_week="10",
                role="primary" if i == 0 else "secondary",
                staff_count=3,
                base="Newtown",
                ciw_registration=f"SIN-{participant.member_id:08d}",
                actor=None,
            )
            services.price_line_set(
                participant=participant,
                lot=lot,
                pay_pence=pay,
                on_costs_pence=on_costs,
                travel_pence=travel,
                overhead_pence=overhead,
                margin_pence=margin,
                actor=None,
            )


def draft_answers(world: World) -> list[Answer]:
    welsh = world.opportunity.needs_welsh
    answers = []
    for question in world.questions:
        owners: list[BidParticipant | None] = (
            list(world.participants) if question.answered_by == "each_member" else [None]
        )
        for owner in owners:
            answer = services.answer_assign(
                bid=world.bid,
                question=question,
                author=world.lead_user,
                participant=owner,
                due_on=timezone.localdate() + dt.timedelta(days=14),
                actor=None,
            )
            answers.append(
                services.answer_save(
                    answer=answer,
                    text=f"Our answer to {question.number}.",
                    text_cy=f"Ein hateb i {question.number}." if welsh else "",
                    actor=world.lead_user,
                )
            )
    return answers


def joint_bid(
    consortium_org: Organisation,
    *,
    stage: str = "drafting",
    coops: Sequence[Member] | None = None,
    liability: str = "joint_and_several",
    reference: str = "PCC-DOM-1",
    lot_hours: Sequence[str] = ("20", "20"),
    max_lots: int | None = None,
    languages: str = "en",
    value_ceiling_pence: int | None = None,
    questions: bool = True,
) -> World:
    """The standard bid (see the module's docstring) taken to `stage` through the services."""
    assert stage in STAGES, stage
    members = (
        list(coops)
        if coops is not None
        else [
            coop(consortium_org, "Co-op A"),
            coop(consortium_org, "Co-op B"),
        ]
    )
    opp = opportunity(
        consortium_org,
        reference=reference,
        lot_hours=lot_hours,
        max_lots=max_lots,
        languages=languages,
        value_ceiling_pence=value_ceiling_pence,
    )
    question_list = standard_questions(opp) if questions else []
    bid = services.bid_create(
        opportunity=opp, consortium=consortium_org, liability=liability, actor=None
    )
    world = World(
        consortium_org,
        opp,
        list(opp.lots.order_by("number")),
        question_list,
        bid,
        members,
        user("Lead"),
    )
    _advance(world, stage)
    world.refresh()
    return world


def _advance(world: World, stage: str) -> None:
    """Take the standard bid from identified to `stage` through the services."""
    bid, members = world.bid, world.coops
    if stage == "identified":
        return
    go(bid)
    world.participants = [
        services.participant_invite(bid=bid, member=m, actor=None) for m in members
    ]
    if stage == "consulting":
        return
    world.participants = [approve(p) for p in world.participants]
    services.bid_set_lead(bid=bid, member=members[0], actor=None)
    if stage == "approved":
        return
    services.bid_transition(bid=bid, to="drafting", actor=None)
    commit_and_price(world)
    answers = draft_answers(world)
    if stage == "drafting":
        return
    services.bid_transition(bid=bid, to="in_review", actor=None)
    if stage == "in_review":
        return
    for answer in answers:
        services.answer_submit_for_review(answer=answer, actor=world.lead_user)
        services.answer_review(answer=answer, approve=True, actor=world.lead_user)
    services.bid_transition(bid=bid, to="final_signoff", actor=None)
    if stage == "final_signoff":
        return
    for participant in world.participants:
        services.signoff_record(bid=bid, participant=participant, actor=world.lead_user)
    services.bid_transition(bid=bid, to="ready", actor=None)
    if stage == "ready":
        return
    services.bid_submit(bid=bid, actor=None)


def cease(member: Member) -> Member:
    """The co-op leaves the consortium: its membership share is cancelled and it ceases."""
    today = timezone.localdate()
    membership_services.shares_cancel(
        member=member,
        share_class=mf.share_class(member.organisation),
        shares=1,
        effective_on=today,
        reason="Left the consortium",
        actor=None,
    )
    return membership_services.member_cease(
        member=member, ceased_on=today, reason=Member.CeasedReason.DISSOLVED, actor=None
    )


def suspend(member: Member) -> Member:
    return membership_services.member_suspend(member=member, reason="Accounts overdue", actor=None)


def gates(bid: JointBid) -> dict[str, bool]:
    """Which hard gates the bid meets (read as the checklist reads them)."""
    return {g.code: g.ok for g in bid_gates(bid)}


def gate(bid: JointBid, code: str) -> Gate:
    return next(g for g in bid_gates(bid) if g.code == code)


def wall(*parts: int) -> dt.datetime:
    """A time on a wall clock, with no time zone (as a form or an import might give it)."""
    return dt.datetime(*parts)  # noqa: DTZ001
