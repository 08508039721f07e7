"""Answers on the pages: assignment, the editor with its count against the limit, review,
reopening, Welsh, the library; evidence, social value and a co-op's own part."""

from __future__ import annotations

import datetime as dt
import re

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
    Evidence,
    LibraryAnswer,
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


# --- Capacity ----------------------------------------------------------------------------------


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
