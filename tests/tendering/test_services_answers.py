"""Answers through the services: limits (words, characters, pages, in English and Welsh),
versions, review, reopening after sign-off, the answers gate, addenda reopening the answers
and sign-offs they touch; sign-off, evidence and the answer library."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from tendering import services
from tendering.models import (
    Answer,
    AnswerVersion,
    SignOff,
)
from tendering.selectors import required_answers
from tests.factories import tendering as tf
from tests.factories.tendering import refused, state

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- Answers -------------------------------------------------------------------------------


def _answer(world: tf.World, number: str = "1.1", participant=None) -> Answer:
    return Answer.objects.get(bid=world.bid, question__number=number, participant=participant)


def test_an_answer_over_its_word_limit_is_refused_and_one_at_the_limit_taken(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    answer = _answer(world)
    snapshot = state(world.bid)

    with refused("text", "This answer is 51 words; the limit is 50."):
        services.answer_save(answer=answer, text="word " * 51, actor=None)

    assert state(world.bid) == snapshot
    services.answer_save(answer=answer, text="word " * 50, actor=None)
    assert _answer(world).text == "word " * 50


def test_an_answer_over_its_character_limit_is_refused_in_either_language(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    answer = _answer(world, "2.1", world.participants[0])

    with refused("text", "This answer is 201 characters; the limit is 200."):
        services.answer_save(answer=answer, text="x" * 201, actor=None)
    with refused("text_cy", "This answer is 201 characters; the limit is 200."):
        services.answer_save(answer=answer, text="x" * 200, text_cy="ŵ" * 201, actor=None)
    # 199 letters and a Windows line break: 200 characters.
    services.answer_save(answer=answer, text="x" * 100 + "\r\n" + "y" * 99, actor=None)


def test_an_upload_over_its_page_limit_is_refused(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    question = services.question_add(
        opportunity=world.opportunity,
        section="Evidence",
        number="3.1",
        text="Upload your safeguarding policy.",
        kind="upload",
        limit_kind="pages",
        limit=4,
        actor=None,
    )
    answer = services.answer_assign(bid=world.bid, question=question, author=None, actor=None)

    with refused("pages", "This answer is 5 pages; the limit is 4."):
        services.answer_save(answer=answer, text="", pages=5, actor=None)
    with refused("pages", "Give the number of pages"):
        services.answer_save(answer=answer, text="", pages=-1, actor=None)
    services.answer_save(answer=answer, text="", pages=4, actor=None)
    services.answer_submit_for_review(answer=answer, actor=None)


def test_each_save_is_a_version_and_the_history_follows_review(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    answer = _answer(world)
    services.answer_save(answer=answer, text="Second draft.", actor=world.lead_user)
    services.bid_transition(bid=world.bid, to="in_review", actor=None)
    services.answer_submit_for_review(answer=answer, actor=world.lead_user)
    services.answer_review(
        answer=answer, approve=False, note="Say more about rural rounds.", actor=None
    )
    services.answer_save(answer=answer, text="Third draft, about rural rounds.", actor=None)
    services.answer_submit_for_review(answer=answer, actor=None)
    services.answer_review(answer=answer, approve=True, actor=None)

    versions = list(
        AnswerVersion.objects.filter(answer=answer)
        .order_by("number")
        .values_list("number", "status", "text", "note")
    )
    assert versions == [
        (1, "draft", "Our answer to 1.1.", ""),
        (2, "draft", "Second draft.", ""),
        (3, "in_review", "Second draft.", ""),
        (4, "draft", "Second draft.", "Say more about rural rounds."),
        (5, "draft", "Third draft, about rural rounds.", ""),
        (6, "in_review", "Third draft, about rural rounds.", ""),
        (7, "approved", "Third draft, about rural rounds.", ""),
    ]


def test_an_answer_is_not_edited_in_review_or_after_approval_without_reopening(consortium):
    world = tf.joint_bid(consortium, stage="in_review")
    answer = _answer(world)
    services.answer_submit_for_review(answer=answer, actor=None)
    with refused("text", "This answer is in review"):
        services.answer_save(answer=answer, text="Edited.", actor=None)
    services.answer_review(answer=answer, approve=True, actor=None)
    with refused("text", "This answer has been approved: reopen it before editing."):
        services.answer_save(answer=answer, text="Edited.", actor=None)
    with refused("note", "Say what needs changing."):
        services.answer_review(answer=answer, approve=False, actor=None)

    services.answer_reopen(answer=answer, reason="The council changed the question", actor=None)
    services.answer_save(answer=answer, text="Edited.", actor=None)
    assert _answer(world).text == "Edited."


def test_editing_after_sign_off_needs_the_answer_reopened_which_reopens_the_bid(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    answer = _answer(world)
    with refused("bid", "reopen it for drafting before changing it"):
        services.answer_save(answer=answer, text="Edited.", actor=None)
    with refused("reason", "Give the reason for reopening."):
        services.answer_reopen(answer=answer, reason=" ", actor=None)

    services.answer_reopen(answer=answer, reason="A typo in the figures", actor=None)

    assert (world.refresh().status, _answer(world).status) == ("drafting", "draft")
    assert _answer(world).reopened_reason == "A typo in the figures"
    assert set(
        SignOff.objects.filter(bid=world.bid).values_list("invalidated_reason", flat=True)
    ) == {"An answer was reopened"}
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 0
    services.answer_save(answer=answer, text="Edited.", actor=None)


def test_where_the_buyer_needs_welsh_an_answer_goes_to_review_only_with_it(consortium):
    world = tf.joint_bid(consortium, stage="drafting", languages="both")
    answer = _answer(world)
    services.answer_save(answer=answer, text="English only.", actor=None)
    services.bid_transition(bid=world.bid, to="in_review", actor=None)

    with refused("text_cy", "The buyer needs answers in Welsh too."):
        services.answer_submit_for_review(answer=answer, actor=None)
    assert "1.1: the Welsh answer is missing" in tf.gate(world.bid, "answers").detail

    services.answer_save(answer=answer, text="English.", text_cy="Cymraeg.", actor=None)
    services.answer_submit_for_review(answer=answer, actor=None)


def test_an_empty_answer_is_not_sent_for_review(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    answer = _answer(world)
    services.answer_save(answer=answer, text="   ", actor=None)
    services.bid_transition(bid=world.bid, to="in_review", actor=None)
    with refused("text", "Write the answer before sending it for review."):
        services.answer_submit_for_review(answer=answer, actor=None)


def test_the_answers_gate_lists_what_is_not_started_not_approved_or_over_the_limit(consortium):
    world = tf.joint_bid(consortium, stage="approved")
    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    a = world.participants[0]
    first = services.answer_assign(
        bid=world.bid, question=world.questions[0], author=world.lead_user, actor=None
    )
    services.answer_save(answer=first, text="Drafted.", actor=None)
    mine = services.answer_assign(
        bid=world.bid, question=world.questions[1], author=None, participant=a, actor=None
    )
    services.answer_save(answer=mine, text="Ours.", actor=None)
    # The question's limit tightened after the answer was written (an amended tender entered
    # by hand): the gate counts again.
    world.questions[1].limit = 3
    world.questions[1].save()

    started = tf.gate(world.bid, "answers_started")
    answers = tf.gate(world.bid, "answers")

    assert started.detail == ["2.1 (Co-op B): not started – no author, no due date"]
    assert answers.detail == [
        "2.1 (Co-op A): over the limit of 3 characters",
        "2.1 (Co-op B): not started",
        "1.1: draft – Lead, no due date",
    ]


def test_a_question_for_a_lot_the_bid_does_not_cover_is_not_required(consortium):
    world = tf.joint_bid(consortium, stage="approved", lot_hours=("20", "20", "30"))
    services.question_add(
        opportunity=world.opportunity,
        section="Zones",
        number="4.1",
        text="How will you reach the Elan valley?",
        limit=100,
        lots=[world.lots[2]],
        actor=None,
    )
    services.question_add(
        opportunity=world.opportunity,
        section="Zones",
        number="4.2",
        text="Who is your registered manager for zone 3?",
        limit=100,
        lots=[world.lots[2]],
        answered_by="each_member",
        actor=None,
    )
    services.bid_transition(bid=world.bid, to="drafting", actor=None)
    tf.commit_and_price(dataclasses.replace(world, lots=world.lots[:2]))
    assert {q.number for q, _p in required_answers(world.bid, list(world.participants))} == {
        "1.1",
        "2.1",
    }

    services.commitment_set(
        participant=world.participants[1], lot=world.lots[2], hours_per_week="30", actor=None
    )

    required = [
        (q.number, p.member.name if p else None)
        for q, p in required_answers(world.bid, list(world.participants))
    ]
    assert required == [  # by section: Members, Quality, Zones
        ("2.1", "Co-op A"),
        ("2.1", "Co-op B"),
        ("1.1", None),
        ("4.1", None),
        ("4.2", "Co-op B"),  # only the co-op working in zone 3
    ]


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("other_tender", "question", "That question is not in this tender."),
        ("no_member", "participant", "Each member co-op answers this question: choose which."),
        ("member_for_consortium", "participant", "The consortium answers this question once."),
        ("late", "due_on", "The due date must be before the buyer's deadline."),
    ],
)
def test_an_assignment_that_does_not_fit_the_tender_is_refused(consortium, case, field, message):
    world = tf.joint_bid(consortium, stage="approved")
    question, participant, due = world.questions[1], world.participants[0], None
    if case == "other_tender":
        question = tf.standard_questions(tf.opportunity(consortium, reference="OTHER"))[1]
    if case == "no_member":
        participant = None
    if case == "member_for_consortium":
        question = world.questions[0]
    if case == "late":
        due = timezone.localdate(world.opportunity.submission_deadline) + dt.timedelta(days=1)

    with refused(field, message):
        services.answer_assign(
            bid=world.bid,
            question=question,
            author=None,
            participant=participant,
            due_on=due,
            actor=None,
        )


def test_a_co_op_that_dropped_out_is_given_no_more_answers(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    b = world.participants[1]
    services.participant_withdraw(participant=b, reason="Closed", actor=None)
    with refused("participant", "Co-op B is no longer taking part."):
        services.answer_assign(
            bid=world.bid, question=world.questions[1], author=None, participant=b, actor=None
        )
