"""The demo's joint bid, through the tendering services.

The consortium tracks Powys County Council's tender for domiciliary care (light-touch
regime, bids in Welsh and English): six lots by zone, award criteria 60/30/10 and twelve
questions. Its joint bid is being drafted: the board said go, the three member co-ops
approved (Hafren with conditions), two have authorised the lead, capacity covers every lot
but one, most lots are priced, answers are in every state with authors and due dates, the
answer library has an entry overdue for review, and the social value figures are drawn from
the co-ops' registers. The bid manager's dashboard shows what is still missing.

The tender itself is recorded by `coop.demo.tender`. `load(context)` needs the membership
demo's context and returns `opportunity` and `bid`. An opportunity already recorded (same
buyer and reference) is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from coop.core.models import User
from coop.demo.bid_approval import members_ballot
from coop.demo.dates import aware
from coop.demo.tender import BUYER, REFERENCE, record_opportunity
from membership.models import Member, Organisation
from tendering import services
from tendering.models import (
    Answer,
    BidParticipant,
    JointBid,
    LibraryAnswer,
    Opportunity,
    PriceLine,
)

COMMITMENTS = {
    "dyfi": ((1, 280, "primary", 24, "Y Plas, Machynlleth"),
             (3, 100, "primary", 9, "Y Plas, Machynlleth"),
             (6, 80, "secondary", 7, "Y Plas, Machynlleth")),
    "elan": ((3, 60, "secondary", 5, "Canolfan Cwm Elan, Rhayader"),
             (5, 220, "primary", 19, "Canolfan Cwm Elan, Rhayader"),
             (6, 180, "primary", 15, "Canolfan Cwm Elan, Rhayader")),
    "hafren": ((2, 240, "primary", 21, "Hafren House, Newtown"),
               (4, 150, "primary", 13, "Hafren House, Newtown")),
}  # fmt: skip
CAPACITY = {"dyfi": 520, "elan": 500, "hafren": 420}
CIW = {"dyfi": "SIN-00012874", "elan": "SIN-00013390", "hafren": "SIN-00014105"}
#: Member co-op → lot → standard rate build-up (pay, on-costs, travel, overheads, margin);
#: lot 6 is not priced yet.
PRICES = {
    "dyfi": {1: (1380, 305, 290, 350, 110), 3: (1380, 305, 330, 350, 110)},
    "elan": {3: (1395, 310, 340, 330, 100), 5: (1395, 310, 420, 330, 100)},
    "hafren": {2: (1360, 300, 220, 360, 120), 4: (1360, 300, 260, 360, 120)},
}


def _participants(
    bid: JointBid, consortium: Organisation, users: dict[str, User]
) -> dict[str, BidParticipant]:
    """Invite the three co-ops and record their own decisions and authorisations."""
    bids = users["bids"]
    today = timezone.localdate()
    lots = {lot.number: lot for lot in bid.opportunity.lots.all()}
    participants = {}
    for short, slug in (("dyfi", "gofal-dyfi"), ("elan", "cwm-elan"), ("hafren", "hafren")):
        member = Member.objects.get(organisation=consortium, member_organisation__slug=slug)
        participants[short] = services.participant_invite(bid=bid, member=member, actor=bids)
    d = dt.timedelta
    approvals: dict[str, dict[str, Any]] = {
        "dyfi": {"approval_kind": "board", "reference": "Board minute GD 2026/112",
                 "approved_on": today - d(days=9), "expires_on": today + d(days=120)},
        "elan": {"approval_kind": "ballot", "reference": "",
                 "approval_ballot": members_ballot(
                     Organisation.objects.get(slug="cwm-elan"), users["secretary.elan"]),
                 "approved_on": today - d(days=5), "expires_on": today + d(days=180)},
        "hafren": {"approval_kind": "board", "reference": "Board minute HHC 2026/87",
                   "approved_on": today - d(days=6), "expires_on": today + d(days=90),
                   "allowed_lots": [lots[2], lots[4]], "max_hours_per_week": Decimal(400),
                   "conditions": "Lots 2 and 4 only, at most 400 hours a week: the board will "
                   "look again if the council changes the zones."},
    }  # fmt: skip
    # Each co-op records its own decision: its secretary, not the consortium.
    for short, approval in approvals.items():
        services.participant_approve(
            participant=participants[short], actor=users[f"secretary.{short}"], **approval
        )
    services.bid_set_lead(bid=bid, member=participants["dyfi"].member, actor=bids)
    # Hafren's written authorisation of the lead has not come back yet.
    for short in ("dyfi", "elan"):
        services.participant_authorise_lead(
            participant=participants[short],
            signed_by=users[f"secretary.{short}"].full_name,
            signed_on=today - dt.timedelta(days=3),
            actor=bids,
        )
    return participants


def _capacity_and_prices(
    bid: JointBid, consortium: Organisation, participants: dict[str, BidParticipant], bids: User
) -> None:
    lots = {lot.number: lot for lot in bid.opportunity.lots.all()}
    for short, participant in participants.items():
        services.capacity_declare(
            consortium=consortium,
            member=participant.member,
            hours_per_week=Decimal(CAPACITY[short]),
            actor=bids,
        )
        for number, hours, role, staff, base in COMMITMENTS[short]:
            services.commitment_set(
                participant=participant,
                lot=lots[number],
                hours_per_week=Decimal(hours),
                role=role,
                staff_count=staff,
                base=base,
                ciw_registration=CIW[short],
                actor=bids,
            )
        for number, (pay, on_costs, travel, overhead, margin) in PRICES[short].items():
            for rate_type, uplift in (
                (PriceLine.RateType.STANDARD, 0),
                (PriceLine.RateType.UNSOCIAL, 150),
            ):
                services.price_line_set(
                    participant=participant,
                    lot=lots[number],
                    rate_type=rate_type,
                    pay_pence=pay + uplift,
                    on_costs_pence=on_costs + uplift // 4,
                    travel_pence=travel,
                    overhead_pence=overhead,
                    margin_pence=margin,
                    actor=bids,
                )


def _library(consortium: Organisation, bids: User) -> LibraryAnswer:
    """Two entries: one in date (used for C1), one overdue for review."""
    today = timezone.localdate()
    in_date = services.library_add(
        organisation=consortium,
        title="Owned by the people who give and receive care",
        text=(
            "Every member of the consortium is a social co-operative owned by the people who "
            "receive care, their carers and the care workers. Surpluses stay in Powys: they pay "
            "for training, travel time and the carers' respite funds, not for shareholders "
            "elsewhere. Nine in ten of our care workers live in the zone they work in."
        ),
        text_cy=(
            "Mae pob aelod o'r consortiwm yn gydweithfa gymdeithasol sy'n eiddo i'r bobl sy'n "
            "derbyn gofal, eu gofalwyr a'r gweithwyr gofal. Mae gwargedion yn aros ym Mhowys: "
            "maent yn talu am hyfforddiant, amser teithio a chronfeydd seibiant y gofalwyr, nid "
            "am gyfranddalwyr mewn mannau eraill. Mae naw o bob deg o'n gweithwyr gofal yn byw "
            "yn y parth y maent yn gweithio ynddo."
        ),
        tags="social value, ownership, community wealth",
        review_by=today + dt.timedelta(days=200),
        actor=bids,
    )
    overdue = services.library_add(
        organisation=consortium,
        title="Safeguarding: our shared policy in brief",
        text=(
            "All three co-ops follow the Wales Safeguarding Procedures. Each has a designated "
            "safeguarding lead, and concerns are reported to the local authority on the day."
        ),
        tags="safeguarding, policy",
        review_by=today + dt.timedelta(days=30),
        actor=bids,
    )
    # Written a year ago and not reviewed since: library_add takes only future review dates,
    # so the demo ages this entry to show the library flagging one overdue for review.
    LibraryAnswer.objects.filter(pk=overdue.pk).update(review_by=today - dt.timedelta(days=21))
    return in_date


EN = {
    "A1": "The Mid Wales Care Consortium (Cydweithfa Gofal Canolbarth Cymru), a registered "
    "society, bids for its three member co-operatives. Gofal Dyfi Care leads. The members are "
    "jointly and severally liable for the contract.",
    "A2": "Registered with Care Inspectorate Wales for domiciliary support services in Powys.",
    "B1": "We recruit locally through our members and the Powys jobs fair, pay the Real Living "
    "Wage and travel time, and give every new carer a paid induction and a mentor.",
    "B2": "Half of our care workers speak Welsh. We ask every person at the first visit which "
    "language they want, record it in the care plan and plan rotas to match.",
    "B3": "Care plans start from what matters to the person. We review outcomes with them and "
    "their family every three months, and care workers can change tasks on the day.",
    "B6": "Registered manager Siân Roberts; office at Y Plas, Machynlleth; on call from 7am to "
    "10pm every day, with a senior carer on call overnight.",
    "E1": "We declare that none of the grounds for mandatory or discretionary exclusion applies.",
    "E2": "The consortium accepts the council's terms and conditions for domiciliary care.",
}
CY = {
    "A1": "Mae Cydweithfa Gofal Canolbarth Cymru, cymdeithas gofrestredig, yn cynnig ar ran ei "
    "thair cydweithfa. Gofal Dyfi sy'n arwain. Mae'r aelodau'n atebol ar y cyd ac yn unigol.",
    "A2": "Wedi'i chofrestru gydag Arolygiaeth Gofal Cymru ar gyfer cymorth cartref ym Mhowys.",
    "B1": "Rydym yn recriwtio'n lleol drwy ein haelodau a ffair swyddi Powys, yn talu'r Cyflog "
    "Byw Gwirioneddol ac amser teithio, ac yn rhoi cyfnod sefydlu â thâl a mentor i bob gofalwr.",
    "B2": "Mae hanner ein gweithwyr gofal yn siarad Cymraeg. Rydym yn gofyn i bob person ar yr "
    "ymweliad cyntaf pa iaith y maent ei heisiau, ac yn trefnu'r rota i gyd-fynd.",
    "E1": "Datganwn nad yw unrhyw un o'r seiliau dros wahardd gorfodol neu ddewisol yn berthnasol.",
}


def _answers(
    bid: JointBid,
    participants: dict[str, BidParticipant],
    users: dict[str, User],
    library_entry: LibraryAnswer,
) -> None:
    """Answers in every state: (question, co-op) → (author, due in days, state)."""
    today = timezone.localdate()
    questions = {q.number: q for q in bid.opportunity.questions.all()}
    reviewer = users["secretary.canolbarth"]
    plan: list[tuple[str, str | None, str | None, int, str]] = [
        ("A1", None, "bids", -3, "approved"),
        ("A2", "dyfi", "secretary.dyfi", -2, "approved"),
        ("A2", "elan", "secretary.elan", 2, "in_review"),
        ("A2", "hafren", "secretary.hafren", 4, "draft"),
        ("B1", None, "secretary.hafren", 5, "in_review"),
        ("B2", None, "member2.dyfi", 7, "draft"),
        ("B3", None, "board.dyfi", 10, "draft"),
        ("B4", None, "board.elan", 8, "not_started"),
        ("B5", None, "secretary.canolbarth", -2, "not_started"),
        ("B6", "dyfi", "secretary.dyfi", 6, "draft"),
        ("B6", "elan", "secretary.elan", 6, "not_started"),
        ("C1", None, "bids", 9, "library"),
        ("D1", None, "bids", 24, "not_started"),
        ("E1", "dyfi", "secretary.dyfi", 4, "approved"),
        ("E1", "elan", "secretary.elan", 4, "approved"),
        ("E1", "hafren", "secretary.hafren", 4, "not_started"),
        ("E2", None, "bids", 14, "draft"),
    ]
    for number, short, author_key, due_in, state in plan:
        author = users[author_key] if author_key else None
        answer = services.answer_assign(
            bid=bid,
            question=questions[number],
            participant=participants[short] if short else None,
            author=author,
            due_on=today + dt.timedelta(days=due_in),
            actor=users["bids"],
        )
        if state == "not_started":
            continue
        if state == "library":
            answer = services.library_use(answer=answer, entry=library_entry, actor=author)
        else:
            # Drafts may be in English only; answers going to review need the Welsh too.
            welsh = CY.get(number, "") if state != "draft" or number == "B2" else ""
            answer = services.answer_save(
                answer=answer, text=EN[number], text_cy=welsh, actor=author
            )
        if state in ("in_review", "approved", "library"):
            answer = services.answer_submit_for_review(answer=answer, actor=author)
        if state in ("approved", "library"):
            services.answer_review(answer=answer, approve=True, actor=reviewer)


def _bid(opportunity: Opportunity, consortium: Organisation, users: dict[str, User]) -> JointBid:
    today = timezone.localdate()
    bids = users["bids"]
    bid = services.bid_create(
        opportunity=opportunity,
        consortium=consortium,
        liability=JointBid.Liability.JOINT_AND_SEVERAL,
        answers_due=aware(today + dt.timedelta(days=24), 17),
        prices_due=aware(today + dt.timedelta(days=28), 17),
        signoff_due=aware(today + dt.timedelta(days=38), 17),
        actor=bids,
    )
    bid = services.bid_go_decide(
        bid=bid,
        go=True,
        method=JointBid.Decision.BOARD,
        reference="Consortium board minute 2026/38",
        decided_on=today - dt.timedelta(days=12),
        actor=users["secretary.canolbarth"],
    )
    participants = _participants(bid, consortium, users)
    bid = services.bid_transition(bid=bid, to=JointBid.Status.DRAFTING, actor=bids)
    _capacity_and_prices(bid, consortium, participants, bids)
    _answers(bid, participants, users, _library(consortium, bids))
    services.social_value_compute(bid=bid, stated_on=today, actor=bids)
    bid.refresh_from_db()
    return bid


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build the demo's tender and joint bid (once); returns `opportunity` and `bid`."""
    stdout = context["stdout"]
    users: dict[str, User] = context["users"]
    consortium: Organisation = context["consortium"]
    with transaction.atomic():
        opportunity = Opportunity.objects.filter(
            organisation=consortium, buyer_name=BUYER, reference=REFERENCE
        ).first()
        if opportunity is not None:
            stdout.write(f"{consortium.name}: the {BUYER} tender is in the demo already, skipped.")
            bid = JointBid.objects.filter(opportunity=opportunity, consortium=consortium).first()
        else:
            opportunity = record_opportunity(consortium, users["bids"])
            bid = _bid(opportunity, consortium, users)
            answers = Answer.objects.filter(bid=bid).exclude(status=Answer.Status.NOT_STARTED)
            stdout.write(
                f"{consortium.name}: the {BUYER} tender ({opportunity.lots.count()} lots, "
                f"{opportunity.questions.count()} questions) and a joint bid "
                f"{bid.get_status_display().lower()} with {bid.participants.count()} co-ops, "
                f"{answers.count()} answers started."
            )
    return {"opportunity": opportunity, "bid": bid}
