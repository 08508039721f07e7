"""The work of a bid through its pages: capacity and the coverage matrix, prices, answers
(limits and counts, versions, review, reopening, the library, English and Welsh), evidence,
social value and a member co-op's own part — each refusal answered 400 with the service's
message and nothing written."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.core.permissions import Role
from coop.core.services import role_grant
from tendering import services
from tendering.models import (
    Answer,
    CapacityDeclaration,
    Commitment,
    Evidence,
    LibraryAnswer,
    PriceLine,
    SocialValueFigure,
)
from tests.factories import membership as mf
from tests.tendering.test_pages_setup import (
    build,
    consortium,
    coop_member,
    counts,
    person_of,
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


def _field_errors(response) -> str:
    html = text(response).replace("&#x27;", "'")
    return " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', html, re.S))


def _commit(client: Client, scenario, participant, lot, hours="10", role="primary"):
    return client.post(
        url("commitment_set", scenario.bid),
        {
            "participant": participant.pk,
            "lot": lot.pk,
            "hours_per_week": hours,
            "role": role,
            "staff_count": "4",
            "base": "Llandrindod Wells",
            "ciw_registration": "SIN-00012345",
        },
    )


# --- Capacity ----------------------------------------------------------------------------------


def test_the_coverage_matrix_shows_hours_per_cell_totals_and_gaps_in_words(lead, organisation):
    scenario = build(organisation, stage="approved", lots=3)
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    a, b = scenario.participants
    lot1, lot2, _lot3 = scenario.lots
    assert _commit(lead, scenario, a, lot1, "12.5").status_code == 302
    assert _commit(lead, scenario, b, lot1, "7.5", "secondary").status_code == 302
    assert _commit(lead, scenario, b, lot2, "5", "secondary").status_code == 302

    html = text(lead.get(url("coverage", scenario.bid))).replace("&#x27;", "'")

    row1 = html[html.index('id="lot-1"') : html.index('id="lot-2"')]
    assert re.findall(r">(\d+\.\d\d)<", row1) == ["20.00", "12.50", "7.50", "20.00"]
    assert "primary provider" in row1
    assert "Covered" in row1
    row2 = html[html.index('id="lot-2"') : html.index('id="lot-3"')]
    assert "15.00 hours a week short" in row2
    assert "No primary provider." in row2
    assert "Not bid for" in html[html.index('id="lot-3"') :]
    problems = html[html.index('id="problems"') :]
    assert "Lot 2: 15.00 hours a week short of the buyer's 20.00." in problems
    assert "Lot 2: no primary provider." in problems
    commitment = Commitment.objects.get(participant=a, lot=lot1)
    assert (commitment.staff_count, commitment.ciw_registration) == (4, "SIN-00012345")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Hours a week must be more than 0."),
        ("0", "Hours a week must be more than 0."),
        ("8760", "is more than any co-op can deliver on one lot: check the units"),
        ("10.125", "Give hours to at most two decimal places."),
    ],
)
def test_negative_zero_or_absurd_hours_are_refused(lead, organisation, hours, message):
    scenario = build(organisation, stage="approved")
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    before = counts()

    response = _commit(lead, scenario, scenario.participants[0], scenario.lots[0], hours)

    assert response.status_code == 400
    assert message in _field_errors(response)
    assert counts() == before


def test_a_lot_not_in_the_tender_is_refused(lead, organisation):
    scenario = build(organisation, stage="approved")
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    other = build(organisation, reference="OTHER-3", stage="identified")
    before = counts()

    response = _commit(lead, scenario, scenario.participants[0], other.lots[0])

    assert response.status_code == 400
    assert "That lot is not in this tender: choose one of its lots." in _field_errors(response)
    assert counts() == before


def test_bidding_on_more_lots_than_the_tender_allows_is_refused(lead, organisation):
    scenario = build(organisation, stage="approved", lots=3, max_lots=2)
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    a = scenario.participants[0]
    assert _commit(lead, scenario, a, scenario.lots[0]).status_code == 302
    assert _commit(lead, scenario, a, scenario.lots[1]).status_code == 302
    before = counts()

    response = _commit(lead, scenario, a, scenario.lots[2])

    assert response.status_code == 400
    assert "The tender allows a bidder at most 2 lots." in _field_errors(response)
    assert counts() == before


def test_a_commitment_outside_the_co_ops_approved_lots_is_refused(lead, organisation):
    scenario = build(organisation, stage="approved", lots=2)
    a = scenario.participants[0]
    services.participant_approve(
        participant=a,
        approval_kind="board",
        reference="Lots 1 only",
        approved_on=timezone.localdate(),
        allowed_lots=[scenario.lots[0]],
        conditions="Lot 1 only",
        actor=None,
    )
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    before = counts()

    response = _commit(lead, scenario, a, scenario.lots[1])

    assert response.status_code == 400
    assert "Co-op A approved the bid only for other lots (its conditions: Lot 1 only)." in (
        _field_errors(response)
    )
    assert counts() == before


def test_a_co_op_over_committed_across_open_bids_is_flagged(lead, organisation):
    coops = [coop_member(organisation, "Co-op A"), coop_member(organisation, "Co-op B")]
    first = build(organisation, coops=coops, stage="drafting", lots=1)
    second = build(organisation, coops=coops, stage="drafting", lots=1, reference="PCC-2")
    assert first.bid.pk != second.bid.pk

    response = lead.post(
        url("capacity_declare", first.bid), {"member": coops[0].pk, "hours_per_week": "15"}
    )

    assert response.status_code == 302
    latest = CapacityDeclaration.objects.filter(member=coops[0]).latest("id")
    assert latest.hours_per_week == Decimal("15.00")
    html = text(lead.get(url("coverage", first.bid)))
    assert "Co-op A is over-committed across all open bids: 20.00 of 15.00 hours a week." in html
    assert "of 15.00 declared" in html


def test_a_co_ops_person_commits_only_for_their_own_co_op(client, organisation):
    scenario = build(organisation, stage="approved")
    services.bid_transition(bid=scenario.bid, to="drafting", actor=None)
    a, b = scenario.participants
    client.force_login(person_of(scenario.coops[0], "ann@coop-a.example.org"))
    before = counts()

    refused = _commit(client, scenario, b, scenario.lots[0])

    assert refused.status_code == 400
    assert "Choose a co-op taking part in this bid." in _field_errors(refused)
    assert counts() == before
    done = _commit(client, scenario, a, scenario.lots[0])
    assert done.status_code == 302
    assert done["Location"] == url("member_part", scenario.bid, a.pk)


# --- Prices ------------------------------------------------------------------------------------


def _price(client: Client, scenario, participant, lot, **pounds: str):
    data = {"lot": lot.pk, "rate_type": "standard", "pay": "14.00", **pounds}
    return client.post(url("member_prices", scenario.bid, participant.pk), data)


def test_a_co_op_enters_its_build_up_in_pounds_and_the_lead_sees_the_consolidated_rate(
    lead, organisation
):
    scenario = build(organisation, stage="drafting")
    a = scenario.participants[0]
    lot = scenario.lots[0]
    person = Client()
    person.force_login(person_of(scenario.coops[0], "ann@coop-a.example.org"))

    response = _price(
        person,
        scenario,
        a,
        lot,
        pay="15.50",
        on_costs="3.10",
        travel="2.05",
        overhead="2.50",
        margin="0.85",
    )

    assert response.status_code == 302
    line = PriceLine.objects.get(participant=a, lot=lot, rate_type="standard")
    assert (line.pay_pence, line.on_costs_pence, line.travel_pence, line.rate_pence) == (
        1550,
        310,
        205,
        2400,
    )
    assert "£24.00" in text(person.get(url("member_prices", scenario.bid, a.pk)))
    # B's rate on lot 1 is £23.01; both commit 10 hours: (24.00 + 23.01) / 2 = £23.51 (half up).
    page = text(lead.get(url("prices", scenario.bid)))
    consolidated = page[page.index('id="consolidated"') : page.index("Co-ops' build-ups")]
    assert "£23.51" in consolidated
    assert "Within the limits" in consolidated


def test_a_consortium_rate_above_the_lots_ceiling_blocks_the_bid(lead, organisation):
    scenario = build(organisation, stage="drafting")
    # Both co-ops price lot 1 at £39.00 an hour, above its £30.00 ceiling.
    for participant in scenario.participants:
        response = _price(
            lead,
            scenario,
            participant,
            scenario.lots[0],
            pay="20.00",
            on_costs="3.00",
            travel="2.00",
            overhead="3.00",
            margin="11.00",
        )
        assert response.status_code == 302
    page = text(lead.get(url("prices", scenario.bid)))
    assert "The consortium rate £39.00 an hour is above the ceiling of £30.00." in page
    services.bid_transition(bid=scenario.bid, to="in_review", actor=None)
    for answer in Answer.objects.filter(bid=scenario.bid):
        services.answer_submit_for_review(answer=answer, actor=None)
        services.answer_review(answer=answer, approve=True, actor=None)
    before = counts()

    refused = lead.post(url("bid_transition", scenario.bid), {"to": "final_signoff"})

    assert refused.status_code == 400
    assert "Lot 1: the consortium rate 3900p is above the ceiling of 3000p." in text(refused)
    assert counts() == before
    assert Answer.objects.filter(bid=scenario.bid).exclude(status="approved").count() == 0


def test_pay_below_the_floor_is_refused(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    response = _price(lead, scenario, scenario.participants[0], scenario.lots[0], pay="11.00")

    assert response.status_code == 400
    assert "Pay of 1100p an hour is below the bid's floor of 1345p." in _field_errors(response)
    assert counts() == before


def test_negative_pounds_are_refused_by_the_form(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    response = _price(lead, scenario, scenario.participants[0], scenario.lots[0], travel="-1")

    assert response.status_code == 400
    assert "Enter an amount of £0 or more." in _field_errors(response)
    assert counts() == before


# --- Answers -----------------------------------------------------------------------------------


def _consortium_answer(scenario, number: str = "1.0") -> Answer:
    return Answer.objects.get(bid=scenario.bid, question__number=number, participant=None)


def test_the_lead_assigns_a_question_to_a_co_ops_person_with_a_due_date(lead, organisation):
    scenario = build(organisation, stage="drafting", questions=5)
    person = person_of(scenario.coops[1], "bob@coop-b.example.org")
    question = services.question_add(
        opportunity=scenario.opportunity,
        section="Quality",
        number="2.1",
        text="Rotas?",
        limit=100,
        actor=None,
    )
    due = timezone.localdate() + dt.timedelta(days=7)

    response = lead.post(
        url("answer_assign", scenario.bid, question.pk),
        {"author": person.pk, "due_on": due.isoformat()},
    )

    assert response.status_code == 302
    answer = Answer.objects.get(bid=scenario.bid, question=question)
    assert (answer.author, answer.due_on, answer.status) == (person, due, "not_started")
    listing = text(lead.get(url("answers", scenario.bid)))
    assert "Bob" in listing
    # The author sees it among their co-op's questions, and may write it.
    author = Client()
    author.force_login(person)
    part = text(author.get(url("member_part", scenario.bid, scenario.participants[1].pk)))
    assert f'href="{url("answer", scenario.bid, answer.pk)}"' in part
    saved = author.post(url("answer", scenario.bid, answer.pk), {"text": "Four words long."})
    assert saved.status_code == 302


def test_an_each_member_question_is_assigned_per_co_op(lead, organisation):
    scenario = build(organisation, stage="drafting", questions=4)
    question = scenario.questions[3]  # 1.3: each member
    before = counts()

    refused = lead.post(url("answer_assign", scenario.bid, question.pk), {"author": ""})

    assert refused.status_code == 400
    assert "Each member co-op answers this question: choose which." in _field_errors(refused)
    assert counts() == before


def test_saving_an_answer_shows_its_count_against_the_limit(lead, organisation):
    scenario = build(organisation, stage="drafting")
    answer = _consortium_answer(scenario)

    response = lead.post(
        url("answer", scenario.bid, answer.pk),
        {"text": "We visit on time, every time."},
        follow=True,
    )

    html = text(response)
    assert "Saved: 6 of 50 words." in html
    assert re.search(r'id="count">\s*6 of 50 words', html)
    assert answer.versions.count() == 2
    assert "We visit on time, every time." in html[html.index('id="versions"') :]


def test_an_answer_over_its_limit_is_refused(lead, organisation):
    scenario = build(organisation, stage="drafting")
    answer = _consortium_answer(scenario)
    before = counts()

    response = lead.post(url("answer", scenario.bid, answer.pk), {"text": "word " * 51})

    assert response.status_code == 400
    assert "This answer is 51 words; the limit is 50." in _field_errors(response)
    assert counts() == before
    assert Answer.objects.get(pk=answer.pk).text == "Our answer to 1.0."


def test_an_approved_answer_cannot_be_edited_without_reopening(lead, organisation):
    scenario = build(organisation, stage="drafting")
    services.bid_transition(bid=scenario.bid, to="in_review", actor=None)
    answer = _consortium_answer(scenario)
    services.answer_submit_for_review(answer=answer, actor=None)
    services.answer_review(answer=answer, approve=True, actor=None)
    page = text(lead.get(url("answer", scenario.bid, answer.pk)))
    assert 'id="reopen"' in page
    before = counts()

    refused = lead.post(url("answer", scenario.bid, answer.pk), {"text": "A new answer."})

    assert refused.status_code == 400
    assert "This answer has been approved: reopen it before editing." in _field_errors(refused)
    assert counts() == before
    reopened = lead.post(
        url("answer_reopen", scenario.bid, answer.pk), {"reason": "The buyer clarified 1.0"}
    )
    assert reopened.status_code == 302
    assert Answer.objects.get(pk=answer.pk).status == "draft"
    saved = lead.post(url("answer", scenario.bid, answer.pk), {"text": "A new answer."})
    assert saved.status_code == 302
    assert Answer.objects.get(pk=answer.pk).text == "A new answer."


def test_review_approves_or_sends_back_with_a_note(lead, organisation):
    scenario = build(organisation, stage="drafting")
    services.bid_transition(bid=scenario.bid, to="in_review", actor=None)
    first, second = _consortium_answer(scenario, "1.0"), _consortium_answer(scenario, "1.1")
    for answer in (first, second):
        assert lead.post(url("answer_submit", scenario.bid, answer.pk)).status_code == 302
    before = counts()

    no_note = lead.post(url("answer_review", scenario.bid, second.pk), {"decision": "send_back"})

    assert no_note.status_code == 400
    assert "Say what needs changing." in text(no_note)
    assert counts() == before
    approved = lead.post(url("answer_review", scenario.bid, first.pk), {"decision": "approve"})
    sent_back = lead.post(
        url("answer_review", scenario.bid, second.pk),
        {"decision": "send_back", "note": "Name the rota system."},
    )
    assert [approved.status_code, sent_back.status_code] == [302, 302]
    assert Answer.objects.get(pk=first.pk).status == "approved"
    assert Answer.objects.get(pk=second.pk).status == "draft"
    assert "Name the rota system." in text(lead.get(url("answer", scenario.bid, second.pk)))


def test_an_answer_in_welsh_is_needed_where_the_buyer_asks(lead, organisation):
    scenario = build(organisation, stage="drafting", welsh=True)
    answer = _consortium_answer(scenario)
    page = text(lead.get(url("answer", scenario.bid, answer.pk)))
    assert 'name="text_cy"' in page
    lead.post(url("answer", scenario.bid, answer.pk), {"text": "In English.", "text_cy": ""})
    services.bid_transition(bid=scenario.bid, to="in_review", actor=None)
    before = counts()

    refused = lead.post(url("answer_submit", scenario.bid, answer.pk))

    assert refused.status_code == 400
    assert "The buyer needs answers in Welsh too." in text(refused)
    assert counts() == before


def test_an_answer_is_started_from_a_library_entry_in_date_but_not_an_overdue_one(
    lead, organisation
):
    scenario = build(organisation, stage="drafting")
    answer = _consortium_answer(scenario)
    current = services.library_add(
        organisation=organisation,
        title="Our rota",
        text="Rotas are agreed with each worker.",
        review_by=timezone.localdate() + dt.timedelta(days=30),
        actor=None,
    )
    overdue = services.library_add(
        organisation=organisation,
        title="Old policy",
        text="Superseded.",
        review_by=timezone.localdate() + dt.timedelta(days=1),
        actor=None,
    )
    LibraryAnswer.objects.filter(pk=overdue.pk).update(
        review_by=timezone.localdate() - dt.timedelta(days=1)
    )
    library = text(lead.get(reverse("tendering:library", args=[organisation.slug])))
    assert library.count("Overdue for review") == 1
    before = counts()

    refused = lead.post(url("answer_library", scenario.bid, answer.pk), {"entry": overdue.pk})

    assert refused.status_code == 400
    assert "was due for review on" in _field_errors(refused)
    assert counts() == before
    used = lead.post(url("answer_library", scenario.bid, answer.pk), {"entry": current.pk})
    assert used.status_code == 302
    assert Answer.objects.get(pk=answer.pk).text == "Rotas are agreed with each worker."


def test_a_library_entry_is_added_with_a_review_date(lead, organisation):
    response = lead.post(
        reverse("tendering:library_add", args=[organisation.slug]),
        {
            "title": "Safeguarding",
            "text": "Every worker is trained.",
            "review_by": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
        },
    )

    assert response.status_code == 302
    assert LibraryAnswer.objects.get(organisation=organisation).title == "Safeguarding"


# --- Evidence, social value, a co-op's part ------------------------------------------------------


def test_evidence_is_uploaded_and_downloaded_by_those_who_see_the_bid(lead, organisation, client):
    scenario = build(organisation, stage="drafting")

    response = lead.post(
        url("evidence", scenario.bid),
        {
            "title": "CIW inspection report",
            "file": SimpleUploadedFile("ciw-report.pdf", b"%PDF-1.4 report"),
            "participant": scenario.participants[0].pk,
        },
    )

    assert response.status_code == 302
    item = Evidence.objects.get(bid=scenario.bid)
    download = lead.get(url("evidence_file", scenario.bid, item.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 report"
    outsider = Client()
    outsider.force_login(_stranger())
    assert outsider.get(url("evidence_file", scenario.bid, item.pk)).status_code == 404


def _stranger():
    from tests.tendering.test_pages_setup import user

    return user("stranger@example.org", "Stranger")


def test_an_empty_evidence_file_is_refused(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    response = lead.post(
        url("evidence", scenario.bid),
        {"title": "Nothing", "file": SimpleUploadedFile("empty.pdf", b"")},
    )

    assert response.status_code == 400
    assert "Choose a file that is not empty." in _field_errors(response)
    assert counts() == before


def test_social_value_is_drawn_from_the_registers_with_numerator_and_denominator(
    lead, organisation
):
    coop_org = mf.cooperative(slug="teifi-care", name="Teifi Care")
    for cls in ("users", "users", "workers", "supporters"):
        mf.member(coop_org, cls=cls)
    from membership.models import Member

    coops = [
        mf.member(
            organisation,
            name="Teifi Care",
            kind=Member.Kind.ORGANISATION,
            member_organisation=coop_org,
        ),
        coop_member(organisation, "Co-op B"),
    ]
    scenario = build(organisation, coops=coops, stage="drafting")

    response = lead.post(
        url("social_value", scenario.bid), {"stated_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 302
    figure = SocialValueFigure.objects.get(bid=scenario.bid, code="members_users")
    assert (figure.numerator, figure.denominator) == (2, 4)
    html = text(lead.get(url("social_value", scenario.bid))).replace("&#x27;", "'")
    assert re.search(
        r"Members in the class “Service users and carers”</td>\s*"
        r'<td class="govuk-table__cell cyd-num">2</td>\s*'
        r'<td class="govuk-table__cell cyd-num">4</td>\s*'
        r'<td class="govuk-table__cell cyd-num">50.0%</td>',
        html,
    )


def test_a_social_value_date_in_the_future_is_refused(lead, organisation):
    scenario = build(organisation, stage="drafting")
    before = counts()

    response = lead.post(
        url("social_value", scenario.bid),
        {"stated_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
    )

    assert response.status_code == 400
    assert "The date cannot be in the future." in _field_errors(response)
    assert counts() == before


def test_a_co_ops_part_shows_its_approval_commitments_prices_and_questions(client, organisation):
    scenario = build(organisation, stage="drafting", questions=4)
    a = scenario.participants[0]
    person = person_of(scenario.coops[0], "ann@coop-a.example.org")
    role_grant(
        organisation=scenario.coops[0].member_organisation,
        user=person,
        role=Role.BOARD_MEMBER,
        actor=None,
    )
    client.force_login(person)

    html = text(client.get(url("member_part", scenario.bid, a.pk)))

    assert "Co-op A's part of the bid" in html
    assert "Board resolution Resolution 3" in html
    assert html.count("CIW-") == 2  # its two commitments
    assert "£14.00" in html  # its own pay line
    assert "£14.01" not in html  # never Co-op B's
    answers = html[html.index('id="answers"') :]
    assert "1.3" in answers  # the each-member question, for Co-op A
    assert "1.0" not in answers  # the consortium's questions are not its people's
    assert "days left" in html
