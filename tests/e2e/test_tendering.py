"""A consortium's bid manager takes a tender from identified to ready with two member co-ops,
through the pages in a real browser: the board's go decision, both co-ops' approvals and
authorisations, capacity covering every lot, prices within the ceiling, answers drafted and
approved, both sign-offs — and sees the checklist all green. axe-core checks the dashboard,
the coverage matrix, the answer editor and the checklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tendering import services
from tendering.models import Answer, JointBid
from tests.tendering.test_pages_setup import consortium, coop_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organisation(db):
    return consortium()


def _tender(organisation):
    opportunity = services.opportunity_create(
        organisation=organisation,
        buyer_name="Powys County Council",
        reference="PCC-DOM-9",
        title="Domiciliary care in north Powys",
        submission_deadline=timezone.now() + dt.timedelta(days=30),
        actor=None,
    )
    for n, zone in ((1, "Machynlleth"), (2, "Llanidloes")):
        services.lot_add(
            opportunity=opportunity,
            number=n,
            title=zone,
            zone=zone,
            estimated_hours_per_week="20",
            rate_ceiling_pence=2800,
            actor=None,
        )
    services.question_add(
        opportunity=opportunity,
        section="Quality",
        number="1.1",
        text="How will you keep visits on time?",
        limit=60,
        actor=None,
    )
    services.question_add(
        opportunity=opportunity,
        section="Members",
        number="2.1",
        text="Describe your co-op's experience.",
        limit=60,
        answered_by="each_member",
        actor=None,
    )
    return opportunity


def _go(page, address: str) -> None:
    page.goto(address)
    page.wait_for_load_state()


def _submit(page, selector: str = "#submit") -> None:
    page.locator(selector).click()
    page.wait_for_load_state()


def _record_board_approval(page, today: str) -> None:
    page.get_by_label("Board resolution").check()
    page.locator("#id_reference").fill("Resolution 5")
    page.locator("#id_approved_on").fill(today)
    _submit(page)


def test_a_lead_takes_a_tender_from_identified_to_ready_with_two_co_ops(
    page, new_context, sign_in, axe_check, console_errors, organisation, bid_manager
):
    from tests.e2e.conftest import sign_in_on
    from tests.tendering.test_pages_setup import person_of

    # Dyfi Homecare keeps its own organisation in Cyd: its secretary records its approval.
    # Hafren Care is not in Cyd: the lead enters its part, its approval included.
    coops = [
        coop_member(organisation, "Dyfi Homecare"),
        coop_member(organisation, "Hafren Care", in_cyd=False),
    ]
    person_of(coops[0], "sec@dyfi.example.org")
    opportunity = _tender(organisation)
    today = timezone.localdate().isoformat()
    sign_in("bids@example.org")

    # Start the bid from the opportunity's page: it is identified.
    _go(page, reverse("tendering:opportunity", args=[organisation.slug, opportunity.pk]))
    page.locator("#start-bid").click()
    page.wait_for_load_state()
    _submit(page)
    bid = JointBid.objects.get(opportunity=opportunity)
    assert bid.status == "identified"
    dashboard = reverse("tendering:bid", args=[organisation.slug, bid.pk])
    assert page.url.endswith(dashboard)

    # The board decides: go.
    page.locator("#bid-nav").get_by_role("link", name="Go/no-go").click()
    page.wait_for_load_state()
    page.locator("#record-board").click()
    page.wait_for_load_state()
    page.get_by_label("Go: the consortium bids").check()
    page.locator("#id_reference").fill("Board minute 14/2026")
    page.locator("#id_decided_on").fill(today)
    _submit(page)
    assert JointBid.objects.get(pk=bid.pk).status == "consulting"

    # Both co-ops are invited, approve, and authorise the lead; the first leads.
    base = f"/o/{organisation.slug}/bids/{bid.pk}"
    for coop in coops:
        _go(page, f"{base}/co-ops/invite/")
        page.locator("#id_member").select_option(str(coop.pk))
        _submit(page)
    dyfi, hafren = JointBid.objects.get(pk=bid.pk).participants.order_by("pk")
    _go(page, f"{base}/co-ops/")
    assert page.locator(f"#approve-{dyfi.pk}").count() == 0  # Dyfi decides for itself
    coop_page = new_context().new_page()
    sign_in_on(coop_page, "sec@dyfi.example.org")
    _go(coop_page, f"{base}/co-ops/{dyfi.pk}/")
    coop_page.locator("#record-approval").click()
    coop_page.wait_for_load_state()
    axe_check(coop_page)
    _record_board_approval(coop_page, today)
    page.locator(f"#approve-{hafren.pk}").click()
    page.wait_for_load_state()
    _record_board_approval(page, today)
    assert {p.status for p in JointBid.objects.get(pk=bid.pk).participants.all()} == {"approved"}
    _go(page, f"{base}/co-ops/")
    for participant in (dyfi, hafren):
        page.locator(f"#authorise-{participant.pk}").click()
        page.wait_for_load_state()
        page.locator("#id_signed_by").fill("Chair of the co-op")
        page.locator("#id_signed_on").fill(today)
        _submit(page)
    page.locator("#set-lead").click()
    page.wait_for_load_state()
    page.locator("#id_member").select_option(str(coops[0].pk))
    _submit(page)

    _go(page, dashboard)
    _submit(page, "#step-drafting")
    assert JointBid.objects.get(pk=bid.pk).status == "drafting"

    # Capacity covering every lot: each co-op is the primary provider of one lot.
    participants = list(JointBid.objects.get(pk=bid.pk).participants.order_by("pk"))
    lots = list(opportunity.lots.order_by("number"))
    for participant, lot in zip(participants, lots, strict=True):
        _go(page, f"{base}/coverage/commit/")
        page.locator("#id_participant").select_option(str(participant.pk))
        page.locator("#id_lot").select_option(str(lot.pk))
        page.locator("#id_hours_per_week").fill("20")
        page.get_by_label("Primary provider").check()
        page.locator("#id_ciw_registration").fill(f"SIN-{participant.pk:06d}")
        _submit(page)
    assert "Covered" in page.locator("#coverage-state").inner_text()
    axe_check(page)

    # Prices within the ceiling of £28.00.
    for participant, lot in zip(participants, lots, strict=True):
        _go(page, f"{base}/co-ops/{participant.pk}/prices/")
        page.locator("#id_lot").select_option(str(lot.pk))
        page.locator("#id_pay").fill("14.50")
        page.locator("#id_on_costs").fill("3.20")
        page.locator("#id_travel").fill("2.10")
        page.locator("#id_overhead").fill("3.00")
        page.locator("#id_margin").fill("1.20")
        _submit(page)
        assert "£24.00" in page.locator("#lines").inner_text()

    # Answers: assigned, drafted (the count shown after each save).
    _go(page, f"{base}/answers/")
    assign_links = page.locator("a[id^=assign-]")
    assert assign_links.count() == 3
    for index in range(3):
        _go(page, f"{base}/answers/")
        page.locator("a[id^=assign-]").nth(index).click()
        page.wait_for_load_state()
        page.locator("#id_author").select_option(str(bid_manager.pk))
        _submit(page)
        page.locator("#id_text").fill("Rotas are planned a week ahead with each care worker.")
        _submit(page, "#save")
        assert "10 of 60 words" in page.locator("#count").inner_text()
    axe_check(page)

    _go(page, dashboard)
    _submit(page, "#step-in_review")
    for answer in Answer.objects.filter(bid=bid).order_by("pk"):
        _go(page, f"{base}/answers/{answer.pk}/")
        _submit(page, "#submit-review")
        page.locator("#review").click()
        page.wait_for_load_state()
        page.get_by_label("Approve the answer").check()
        _submit(page)
        assert "Approved" in page.locator("#answer-status").inner_text()

    _go(page, dashboard)
    _submit(page, "#step-final_signoff")
    assert JointBid.objects.get(pk=bid.pk).status == "final_signoff"

    # Both co-ops sign off; the bid is made ready.
    for participant in participants:
        _go(page, f"{base}/sign-off/")
        _submit(page, f"#sign-{participant.pk}")
    _go(page, dashboard)
    _submit(page, "#step-ready")
    assert JointBid.objects.get(pk=bid.pk).status == "ready"
    assert page.locator("#missing-none").is_visible()
    axe_check(page)

    # The checklist: every gate met.
    _go(page, f"{base}/checklist/")
    assert "All met" in page.locator("#summary").inner_text()
    assert page.locator("#gates tbody tr").count() == 8
    assert page.get_by_text("Not met").count() == 0
    axe_check(page)
    assert console_errors == []


def test_every_page_of_a_bid_passes_axe_for_the_lead_and_a_co_ops_person(
    page, new_context, sign_in, axe_check, console_errors, organisation, bid_manager
):
    from tendering.models import Answer
    from tests.e2e.conftest import sign_in_on
    from tests.tendering.test_pages_setup import build, person_of

    scenario = build(organisation, stage="drafting", welsh=True)
    bid = scenario.bid
    a = scenario.participants[0]
    answer = Answer.objects.filter(bid=bid, participant__isnull=True).first()
    slug = organisation.slug
    base = f"/o/{slug}/bids/{bid.pk}"
    opportunity = f"/o/{slug}/bids/opportunities/{scenario.opportunity.pk}"
    sign_in("bids@example.org")
    for address in (
        f"/o/{slug}/bids/",
        f"/o/{slug}/bids/opportunities/new/",
        f"/o/{slug}/bids/opportunities/import/",
        f"/o/{slug}/bids/library/",
        f"/o/{slug}/bids/library/new/",
        f"{opportunity}/",
        f"{opportunity}/lots/new/",
        f"{opportunity}/criteria/",
        f"{opportunity}/questions/new/",
        f"{opportunity}/documents/new/",
        f"{base}/go/",
        f"{base}/plan/",
        f"{base}/co-ops/",
        f"{base}/co-ops/invite/",
        f"{base}/co-ops/{a.pk}/prices/",
        f"{base}/coverage/commit/",
        f"{base}/capacity/",
        f"{base}/prices/",
        f"{base}/answers/",
        f"{base}/answers/questions/{answer.question_id}/assign/",
        f"{base}/answers/{answer.pk}/",
        f"{base}/evidence/",
        f"{base}/social-value/",
        f"{base}/sign-off/",
    ):
        response = page.goto(address)
        assert response.status == 200, address
        axe_check(page)
    # A refused step: the dashboard with its error summary.
    _go(page, f"{base}/")
    _submit(page, "#step-in_review")  # every answer has a draft: this one is allowed
    _submit(page, "#step-final_signoff")  # refused: answers not approved
    assert page.locator("#errors").is_visible()
    axe_check(page)

    person_of(scenario.coops[0], "ann@coop-a.example.org")
    coop_page = new_context().new_page()
    sign_in_on(coop_page, "ann@coop-a.example.org")
    coop_page.goto(f"{base}/")
    assert coop_page.url.endswith(f"{base}/co-ops/{a.pk}/")
    axe_check(coop_page)
    # The co-op's own secretary records its approval (the lead may not, for a co-op in Cyd).
    assert coop_page.goto(f"{base}/co-ops/{a.pk}/approve/").status == 200
    axe_check(coop_page)
    assert console_errors == []
