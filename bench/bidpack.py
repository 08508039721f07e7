"""Benchmark: a joint bid of 20 member co-ops × 10 lots × 100 questions.

Set-up (not measured): a consortium, its 20 member co-ops (each with its own organisation in
Cyd), a tender of 10 lots and 100 questions (10 of them answered by each co-op, so 290
answers of about 180 words each, approved), built through the services where the state
machine matters (go decision, invitations, approvals, authorisations, the lead) and with
`bulk_create` for the bulk (questions, commitments of every co-op to every lot, their price
build-ups, answers); and a small bid (2 co-ops × 2 lots × 5 questions) alongside.

Measured:
- `dashboard_queries` / `dashboard_queries_small`: SQL queries of one GET of the lead's
  dashboard (`tendering:bid`) with Django's test client, for the big bid and the small one
  (they must be equal: the page's queries do not grow with the bid);
- `pdf_s`: the bid pack PDF (`tendering.documents.bid_pack_pdf`: reads and rendering through
  the chunked renderer, its answers laid out in parallel, one chunk per core; target ≤ 20 s),
  with `pdf_pages` and `pdf_kib`; `pdf_single_s` the same in one process
  (`CYD_PDF_PROCESSES=1`) in the same run, and `pdf_speedup` = single / chunked;
- `ocds_s`: the OCDS release package (`tendering.ocds.release_package`) and its validation
  against the release schema with the three extensions (`schema_errors`; target ≤ 2 s).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from decimal import Decimal
from typing import Any

from bench._setup import django_setup, log

MEMBERS = 20
LOTS = 10
QUESTIONS = 100
EACH_MEMBER_EVERY = 10  # every tenth question is answered by each co-op
WORDS_PER_ANSWER = 180
SEED = 20260401
FOUNDED = dt.date(2015, 4, 1)
VOCABULARY = (
    "care",
    "worker",
    "visit",
    "rota",
    "rural",
    "round",
    "carer",
    "family",
    "team",
    "training",
    "support",
    "home",
    "person",
    "choice",
    "outcome",
    "community",
    "language",
    "Welsh",
    "cymraeg",
    "travel",
    "time",
    "continuity",
    "supervision",
    "safeguarding",
    "medication",
    "review",
    "plan",
    "co-operative",
    "member",
    "wellbeing",
    "reablement",
)


def _organisation(slug: str, name: str, kind: str) -> Any:
    from membership import services

    org = services.organisation_create(
        slug=slug,
        name=name,
        name_cy="",
        kind=kind,
        registered_office="1 Heol y Bont\nMachynlleth\nSY20 8AA",
        registered_on=FOUNDED,
        registered_number=f"RS{random.randrange(10**6):06d}",
        actor=None,
    )
    return org


def _consortium(slug: str) -> Any:
    from membership import services
    from membership.models import Organisation

    org = _organisation(slug, f"Bench consortium {slug}", Organisation.Kind.CONSORTIUM)
    services.rules_version_create(
        organisation=org,
        effective_from=FOUNDED,
        title="Rules as registered",
        quorum_members=3,
        quorum_percent=Decimal("10"),
        actor=None,
    )
    share = services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership shares",
        nominal_value_pence=100,
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    services.member_class_create(
        organisation=org,
        code="coops",
        name="Member co-operatives",
        position=0,
        share_classes=[share],
        actor=None,
    )
    return org


def _text(rng: random.Random, words: int) -> str:
    sentences, current = [], []
    for i in range(words):
        current.append(rng.choice(VOCABULARY))
        if len(current) >= 12 or i == words - 1:
            sentences.append(" ".join(current).capitalize() + ".")
            current = []
    return " ".join(sentences)


def build_bid(consortium: Any, *, members: int, lots: int, questions: int, reference: str) -> Any:
    """A bid in drafting: every co-op approved, every lot covered and priced, every answer
    approved."""
    from django.utils import timezone

    from membership import services as membership_services
    from membership.models import Member, Organisation
    from tendering import services
    from tendering.models import Answer, AnswerVersion, Commitment, PriceLine, TenderQuestion

    rng = random.Random(SEED + members)
    today = timezone.localdate()
    member_class = consortium.member_classes.get(code="coops")
    coops = []
    for n in range(members):
        own = _organisation(
            f"{consortium.slug}-{reference.lower()}-{n}",
            f"Co-op {n:02d} {reference}",
            Organisation.Kind.COOPERATIVE,
        )
        coops.append(
            membership_services.member_register(
                organisation=consortium,
                name=own.name,
                member_class=member_class,
                entered_on=FOUNDED,
                postal_address=f"{n} Stryd Fawr\nY Drenewydd",
                kind=Member.Kind.ORGANISATION,
                member_organisation=own,
                actor=None,
            )
        )
    opportunity = services.opportunity_create(
        organisation=consortium,
        buyer_name="Powys County Council",
        reference=reference,
        title="Domiciliary care across Powys",
        submission_deadline=timezone.now() + dt.timedelta(days=40),
        max_lots_per_bidder=None,
        actor=None,
    )
    lot_list = [
        services.lot_add(
            opportunity=opportunity,
            number=n,
            title=f"Zone {n}",
            zone=f"Zone {n}",
            estimated_hours_per_week=str(10 * members),
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
    question_list = TenderQuestion.objects.bulk_create(
        [
            TenderQuestion(
                opportunity=opportunity,
                section=f"Section {1 + n // 20}",
                number=f"{1 + n // 20}.{1 + n % 20}",
                text=_text(rng, 30),
                limit_kind="words",
                limit=500,
                weight=Decimal("1"),
                answered_by="each_member" if n % EACH_MEMBER_EVERY == 9 else "consortium",
            )
            for n in range(questions)
        ]
    )
    bid = services.bid_create(opportunity=opportunity, consortium=consortium, actor=None)
    services.bid_go_decide(
        bid=bid, go=True, method="board", reference="Board 1", decided_on=today, actor=None
    )
    participants = []
    for coop in coops:
        participant = services.participant_invite(bid=bid, member=coop, actor=None)
        services.participant_approve(
            participant=participant,
            approval_kind="board",
            reference="Resolution 1",
            approved_on=today,
            expires_on=today + dt.timedelta(days=90),
            actor=None,
        )
        services.participant_authorise_lead(
            participant=participant, signed_by="Chair", signed_on=today, actor=None
        )
        participants.append(participant)
    services.bid_set_lead(bid=bid, member=coops[0], actor=None)
    services.bid_transition(bid=bid, to="drafting", actor=None)
    Commitment.objects.bulk_create(
        [
            Commitment(
                bid=bid,
                participant=p,
                lot=lot,
                hours_per_week=Decimal(10),
                role="primary" if i == 0 else "secondary",
                staff_count=3,
                base="Newtown",
                ciw_registration=f"SIN-{p.pk:08d}",
            )
            for i, p in enumerate(participants)
            for lot in lot_list
        ]
    )
    PriceLine.objects.bulk_create(
        [
            PriceLine(
                bid=bid,
                participant=p,
                lot=lot,
                pay_pence=1400 + rng.randrange(200),
                on_costs_pence=300,
                travel_pence=200,
                overhead_pence=300,
                margin_pence=100,
            )
            for p in participants
            for lot in lot_list
        ]
    )
    answers = []
    for question in question_list:
        owners = participants if question.answered_by == "each_member" else [None]
        for owner in owners:
            answers.append(
                Answer(
                    bid=bid,
                    question=question,
                    participant=owner,
                    status="approved",
                    due_on=today + dt.timedelta(days=20),
                    text=_text(rng, WORDS_PER_ANSWER),
                )
            )
    answers = Answer.objects.bulk_create(answers)
    AnswerVersion.objects.bulk_create(
        [AnswerVersion(answer=a, number=1, text=a.text, status="approved") for a in answers]
    )
    return bid


def dashboard_queries(client: Any, bid: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    address = reverse("tendering:bid", args=[bid.consortium.slug, bid.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, response.status_code
    return len(queries)


def run() -> dict[str, Any]:
    django_setup()
    from django.conf import settings
    from django.test import Client, override_settings
    from pypdf import PdfReader

    from coop.core.models import User
    from coop.core.permissions import Role
    from coop.core.services import role_grant
    from tendering.documents import bid_pack_pdf
    from tendering.models import Answer, JointBid
    from tendering.ocds import release_package, schema_errors

    random.seed(SEED)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    start = time.perf_counter()
    consortium = _consortium("bench-consortium")
    big = build_bid(consortium, members=MEMBERS, lots=LOTS, questions=QUESTIONS, reference="BIG")
    small = build_bid(consortium, members=2, lots=2, questions=5, reference="SMALL")
    answers = Answer.objects.filter(bid=big).count()
    log(
        f"set-up: {MEMBERS} co-ops × {LOTS} lots × {QUESTIONS} questions ({answers} answers) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    manager = User.objects.create_user(
        email="bids@bench.test", password=None, full_name="Bench Bids"
    )
    role_grant(organisation=consortium, user=manager, role=Role.BID_MANAGER, actor=None)

    figures: dict[str, Any] = {}
    # The pages load their static files by name only: no collected manifest is needed here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        client = Client()
        client.force_login(manager)
        dashboard_queries(client, small)  # warm the per-process caches (content types)
        figures["dashboard_queries"] = dashboard_queries(client, big)
        figures["dashboard_queries_small"] = dashboard_queries(client, small)
    log(
        f"dashboard queries: {figures['dashboard_queries']} (small bid: "
        f"{figures['dashboard_queries_small']})"
    )

    bid = JointBid.objects.select_related("opportunity", "consortium", "lead").get(pk=big.pk)
    start, cpu = time.perf_counter(), time.process_time()
    pdf = bid_pack_pdf(bid)
    figures["pdf_s"] = round(time.perf_counter() - start, 3)
    figures["pdf_cpu_s"] = round(time.process_time() - cpu, 3)
    figures["pdf_pages"] = len(PdfReader(io.BytesIO(pdf)).pages)
    figures["pdf_kib"] = len(pdf) // 1024
    log(f"bid pack pdf: {figures['pdf_s']} s, {figures['pdf_pages']} pages")
    with override_settings(CYD_PDF_PROCESSES=1):
        start = time.perf_counter()
        single = bid_pack_pdf(bid)
        figures["pdf_single_s"] = round(time.perf_counter() - start, 3)
    figures["pdf_single_pages"] = len(PdfReader(io.BytesIO(single)).pages)
    figures["pdf_speedup"] = round(figures["pdf_single_s"] / figures["pdf_s"], 2)
    log(f"bid pack pdf in one process: {figures['pdf_single_s']} s")

    start = time.perf_counter()
    package = release_package(bid)
    errors = schema_errors(package["releases"][0])
    figures["ocds_s"] = round(time.perf_counter() - start, 3)
    assert errors == [], errors[:5]
    log(f"ocds export and validation: {figures['ocds_s']} s")
    figures["answers"] = answers
    return {
        "dashboard_queries": figures.pop("dashboard_queries"),
        "pdf_s": figures.pop("pdf_s"),
        "ocds_s": figures.pop("ocds_s"),
        **figures,
    }
