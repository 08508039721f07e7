"""The demo's tender: Powys County Council's tender for domiciliary care (light-touch regime,
bids in Welsh and English), six lots by zone, award criteria 60/30/10, twelve questions and
the buyer's documents, recorded by the consortium through the tendering services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from coop.core.models import User
from coop.demo.dates import aware
from membership.models import Organisation
from tendering import services
from tendering.models import Opportunity, TenderQuestion

BUYER = "Powys County Council"
REFERENCE = "PCC/ASC/2026/041"

TQ = TenderQuestion
#: (number, title, Welsh title, zone, role, estimated hours a week, hourly rate ceiling, pence)
LOTS = (
    (1, "Machynlleth and Bro Ddyfi", "Machynlleth a Bro Ddyfi", "Machynlleth", "primary",
     280, 2650),
    (2, "Newtown", "Y Drenewydd", "Newtown", "primary", 240, 2600),
    (3, "Llanidloes", "Llanidloes", "Llanidloes", "primary", 160, 2700),
    (4, "Welshpool", "Y Trallwng", "Welshpool", "secondary", 200, 2600),
    (5, "Rhayader and the Elan Valley", "Rhaeadr Gwy a Chwm Elan", "Rhayader", "primary",
     220, 2800),
    (6, "Llandrindod Wells", "Llandrindod", "Llandrindod Wells", "secondary", 260, 2650),
)  # fmt: skip
#: (section, number, text, Welsh text, kind, limit kind, limit, weight, answered by)
QUESTIONS = (
    ("A. The bidder", "A1",
     "Name the consortium, its lead member and how liability is shared between the members.",
     "Enwch y consortiwm, ei aelod arweiniol a sut y rhennir atebolrwydd rhwng yr aelodau.",
     TQ.Kind.PASS_FAIL, TQ.LimitKind.CHARACTERS, 1500, 0, TQ.AnsweredBy.CONSORTIUM),
    ("A. The bidder", "A2",
     "Confirm that your co-operative is registered with Care Inspectorate Wales for "
     "domiciliary support in Powys, and give its service number.",
     "Cadarnhewch fod eich cydweithfa wedi'i chofrestru gydag Arolygiaeth Gofal Cymru ar gyfer "
     "cymorth cartref ym Mhowys, a rhowch rif y gwasanaeth.",
     TQ.Kind.PASS_FAIL, TQ.LimitKind.WORDS, 150, 0, TQ.AnsweredBy.EACH_MEMBER),
    ("B. Quality", "B1",
     "Describe how you will recruit, train and keep care workers in rural Powys.",
     "Disgrifiwch sut y byddwch yn recriwtio, hyfforddi a chadw gweithwyr gofal ym Mhowys wledig.",
     TQ.Kind.SCORED, TQ.LimitKind.WORDS, 750, 15, TQ.AnsweredBy.CONSORTIUM),
    ("B. Quality", "B2",
     "How will you offer and deliver care in Welsh to the people who want it (the Active Offer)?",
     "Sut y byddwch yn cynnig ac yn darparu gofal yn Gymraeg i'r bobl sydd ei eisiau (y Cynnig "
     "Rhagweithiol)?",
     TQ.Kind.SCORED, TQ.LimitKind.WORDS, 500, 10, TQ.AnsweredBy.CONSORTIUM),
    ("B. Quality", "B3",
     "Describe your approach to outcome-focused, person-centred care and support planning.",
     "Disgrifiwch eich dull o gynllunio gofal a chymorth sy'n canolbwyntio ar ganlyniadau ac ar "
     "yr unigolyn.",
     TQ.Kind.SCORED, TQ.LimitKind.WORDS, 750, 15, TQ.AnsweredBy.CONSORTIUM),
    ("B. Quality", "B4",
     "How will the consortium cover calls across zone boundaries, in sickness and in bad weather?",
     "Sut y bydd y consortiwm yn darparu galwadau ar draws ffiniau parthau, adeg salwch a "
     "thywydd garw?",
     TQ.Kind.SCORED, TQ.LimitKind.WORDS, 500, 10, TQ.AnsweredBy.CONSORTIUM),
    ("B. Quality", "B5",
     "Describe how you keep people safe: safeguarding, medication and lone working.",
     "Disgrifiwch sut rydych yn cadw pobl yn ddiogel: diogelu, meddyginiaeth a gweithio ar eich "
     "pen eich hun.",
     TQ.Kind.SCORED, TQ.LimitKind.WORDS, 500, 10, TQ.AnsweredBy.CONSORTIUM),
    ("B. Quality", "B6",
     "Give your registered manager, office base and on-call arrangements for the zones you serve.",
     "Rhowch eich rheolwr cofrestredig, eich swyddfa a'ch trefniadau ar alwad ar gyfer y parthau "
     "a wasanaethir gennych.",
     TQ.Kind.PASS_FAIL, TQ.LimitKind.WORDS, 300, 0, TQ.AnsweredBy.EACH_MEMBER),
    ("C. Social value", "C1",
     "How will the contract build community wealth in Powys: local jobs, local spending, and "
     "ownership by the people who give and receive care?",
     "Sut y bydd y contract yn creu cyfoeth cymunedol ym Mhowys: swyddi lleol, gwariant lleol, a "
     "pherchnogaeth gan y bobl sy'n rhoi ac yn derbyn gofal?",
     TQ.Kind.SCORED, TQ.LimitKind.WORDS, 500, 10, TQ.AnsweredBy.CONSORTIUM),
    ("D. Price", "D1",
     "Complete the price schedule: an hourly rate for each lot you bid for, for standard and "
     "unsocial hours.",
     "Llenwch yr atodlen brisiau: cyfradd fesul awr ar gyfer pob lot, ar gyfer oriau safonol ac "
     "oriau anghymdeithasol.",
     TQ.Kind.PRICE, TQ.LimitKind.NONE, None, 30, TQ.AnsweredBy.LEAD),
    ("E. Declarations", "E1",
     "Declare that none of the grounds for mandatory or discretionary exclusion applies to your "
     "co-operative.",
     "Datganwch nad yw unrhyw un o'r seiliau dros wahardd gorfodol neu ddewisol yn berthnasol i'ch "
     "cydweithfa.",
     TQ.Kind.DECLARATION, TQ.LimitKind.CHARACTERS, 500, 0, TQ.AnsweredBy.EACH_MEMBER),
    ("E. Declarations", "E2",
     "Declare that the consortium accepts the council's terms and conditions for domiciliary care.",
     "Datganwch fod y consortiwm yn derbyn telerau ac amodau'r cyngor ar gyfer gofal cartref.",
     TQ.Kind.DECLARATION, TQ.LimitKind.CHARACTERS, 500, 0, TQ.AnsweredBy.LEAD),
)  # fmt: skip
#: Member co-op → (lot, hours a week, role, care staff, base); Hafren approved lots 2 and 4
#: only: lot 4 is left 50 hours short.


def record_opportunity(consortium: Organisation, actor: User) -> Opportunity:
    today = timezone.localdate()
    opportunity = services.opportunity_create(
        organisation=consortium,
        buyer_name=BUYER,
        reference=REFERENCE,
        title="Domiciliary care and support at home in Powys",
        title_cy="Gofal a chymorth yn y cartref ym Mhowys",
        description=(
            "Care and support at home for adults across north and mid Powys, in six zones, "
            "from 1 April for four years with an option of two more. Procured under the "
            "light-touch regime; bids in Welsh and English."
        ),
        submission_deadline=aware(today + dt.timedelta(days=45), 12),
        clarification_deadline=aware(today + dt.timedelta(days=25), 12),
        regime=Opportunity.Regime.LIGHT_TOUCH,
        procedure=Opportunity.Procedure.COMPETITIVE_FLEXIBLE,
        languages=Opportunity.Languages.BOTH,
        bid_validity_days=120,
        actor=actor,
    )
    for number, title, title_cy, zone, role, hours, ceiling in LOTS:
        services.lot_add(
            opportunity=opportunity,
            number=number,
            title=title,
            title_cy=title_cy,
            zone=zone,
            role=role,
            estimated_hours_per_week=Decimal(hours),
            rate_ceiling_pence=ceiling,
            # The buyer's budget: the ceiling rate for the estimated hours, 52 weeks, +5%.
            value_ceiling_pence=ceiling * hours * 52 * 105 // 100,
            actor=actor,
        )
    services.criteria_set(
        opportunity=opportunity,
        criteria=[
            ("quality", "Quality of care and support", 60),
            ("price", "Price", 30),
            ("social_value", "Social value", 10),
        ],
        actor=actor,
    )
    for section, code, text, text_cy, kind, limit_kind, limit, weight, by in QUESTIONS:
        services.question_add(
            opportunity=opportunity,
            section=section,
            number=code,
            text=text,
            text_cy=text_cy,
            kind=kind,
            limit_kind=limit_kind,
            limit=limit,
            weight=Decimal(weight),
            answered_by=by,
            actor=actor,
        )
    for title, days_ago in (("Invitation to tender", 21), ("Service specification", 21)):
        services.document_add(
            opportunity=opportunity,
            title=title,
            url=f"https://powys.example.gov.uk/tenders/asc-2026-041/{title.split()[0].lower()}.pdf",
            published_on=today - dt.timedelta(days=days_ago),
            actor=actor,
        )
    return opportunity
