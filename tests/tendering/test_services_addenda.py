"""Addenda (the answers they change go back to draft, every sign-off lapses), sign-off, evidence
and the answer library."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from tendering import services
from tendering.models import (
    Answer,
    BidParticipant,
    SignOff,
)
from tendering.selectors.gates import bid_gates
from tests.factories import tendering as tf
from tests.factories.tendering import refused, row_counts, state

UTC = dt.UTC


@pytest.fixture
def consortium(db):
    return tf.consortium()


# --- Answers -------------------------------------------------------------------------------


def _answer(world: tf.World, number: str = "1.1", participant=None) -> Answer:
    return Answer.objects.get(bid=world.bid, question__number=number, participant=participant)


# --- Addenda -------------------------------------------------------------------------------


def test_an_addendum_reopens_only_the_answers_it_touches_and_every_sign_off(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    touched = world.questions[0]
    mark = tf.last_event_id()

    services.document_add(
        opportunity=world.opportunity,
        title="Clarification 2",
        published_on=timezone.localdate(),
        is_addendum=True,
        summary="Question 1.1 now asks about rural rounds.",
        affects=[touched],
        actor=None,
    )

    statuses = dict(
        Answer.objects.filter(bid=world.bid).values_list("question__number", "status").distinct()
    )
    assert statuses == {"1.1": "draft", "2.1": "approved"}
    reopened = _answer(world)
    assert reopened.reopened_reason == "Addendum: Clarification 2"
    assert reopened.versions.order_by("-number").first().note == "Addendum: Clarification 2"
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 0
    assert world.refresh().status == "drafting"
    events = [(e.action, e.after) for e in tf.events_since(mark)]
    assert events == [
        (
            "opportunity.document_add",
            {"title": "Clarification 2", "is_addendum": True, "affects": ["1.1"]},
        ),
        (
            "bid.addendum_reopen",
            {"document": "Clarification 2", "answers_reopened": ["1.1"], "signoffs_invalidated": 2},
        ),
        ("bid.transition", {"status": "drafting"}),
    ]


def test_an_addendum_leaves_submitted_and_closed_bids_alone(consortium):
    submitted = tf.joint_bid(consortium, stage="submitted")
    snapshot = state(submitted.bid)
    services.document_add(
        opportunity=submitted.opportunity,
        title="Late clarification",
        published_on=timezone.localdate(),
        is_addendum=True,
        affects=submitted.questions,
        actor=None,
    )
    assert state(submitted.bid) == snapshot


def test_a_plain_document_reopens_nothing(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    snapshot = state(world.bid)
    services.document_add(
        opportunity=world.opportunity,
        title="Specification",
        published_on=timezone.localdate(),
        actor=None,
    )
    assert state(world.bid) == snapshot


def test_an_addendum_in_drafting_keeps_drafts_and_reopens_approved_answers(consortium):
    world = tf.joint_bid(consortium, stage="in_review")
    first = _answer(world)
    services.answer_submit_for_review(answer=first, actor=None)
    services.answer_review(answer=first, approve=True, actor=None)

    services.document_add(
        opportunity=world.opportunity,
        title="Addendum 1",
        published_on=timezone.localdate(),
        is_addendum=True,
        affects=world.questions,
        actor=None,
    )

    assert world.refresh().status == "drafting"
    assert set(Answer.objects.filter(bid=world.bid).values_list("status", flat=True)) == {"draft"}


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("other_tender", "affects", "Choose questions of this opportunity."),
        ("not_addendum", "affects", "Only an addendum changes questions."),
        ("no_title", "title", "Give the document a title."),
    ],
)
def test_a_document_that_does_not_fit_is_refused(consortium, case, field, message):
    world = tf.joint_bid(consortium, stage="ready")
    affects = world.questions[:1]
    if case == "other_tender":
        affects = tf.standard_questions(tf.opportunity(consortium, reference="OTHER"))[:1]
    snapshot = state(world.bid)

    with refused(field, message):
        services.document_add(
            opportunity=world.opportunity,
            title="" if case == "no_title" else "Addendum",
            published_on=timezone.localdate(),
            is_addendum=case != "not_addendum",
            affects=affects,
            actor=None,
        )

    assert state(world.bid) == snapshot


# --- Sign-off, evidence, the library -----------------------------------------------------


def test_sign_off_happens_once_per_co_op_in_final_sign_off(consortium):
    world = tf.joint_bid(consortium, stage="final_signoff")
    a = world.participants[0]
    services.signoff_record(bid=world.bid, participant=a, actor=world.lead_user)
    with refused("participant", "Co-op A has already signed off."):
        services.signoff_record(bid=world.bid, participant=a, actor=world.lead_user)

    drafting = tf.joint_bid(tf.consortium(slug="c2", name="C2"), stage="drafting")
    with refused("status", "Sign-off happens when the bid is in final sign-off."):
        services.signoff_record(
            bid=drafting.bid, participant=drafting.participants[0], actor=world.lead_user
        )


def test_a_co_op_whose_approval_expired_cannot_sign_off(consortium):
    world = tf.joint_bid(consortium, stage="final_signoff")
    expiry = world.participants[0].approval_expires_on
    with (
        time_machine.travel(
            dt.datetime.combine(expiry + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC),
            tick=False,
        ),
        refused("participant", "approval of the bid expired"),
    ):
        services.signoff_record(
            bid=world.bid, participant=world.participants[0], actor=world.lead_user
        )


def test_evidence_belongs_to_this_bid_and_tender(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    other = tf.joint_bid(tf.consortium(slug="c2", name="C2"), stage="approved")
    file = ContentFile(b"%PDF-1.4 policy", name="policy.pdf")

    with refused("participant", "Choose a co-op taking part in this bid."):
        services.evidence_add(
            bid=world.bid, title="Policy", file=file, participant=other.participants[0], actor=None
        )
    with refused("question", "That question is not in this tender."):
        services.evidence_add(
            bid=world.bid, title="Policy", file=file, question=other.questions[0], actor=None
        )
    with refused("file", "Choose a file that is not empty."):
        services.evidence_add(
            bid=world.bid, title="Policy", file=ContentFile(b"", name="e.pdf"), actor=None
        )

    evidence = services.evidence_add(
        bid=world.bid,
        title=" Safeguarding policy ",
        file=file,
        participant=world.participants[0],
        question=world.questions[0],
        actor=None,
    )
    assert (evidence.title, evidence.file.read()) == ("Safeguarding policy", b"%PDF-1.4 policy")


def test_a_library_entry_is_reused_only_in_date_and_from_the_right_library(consortium):
    world = tf.joint_bid(consortium, stage="drafting")
    entry = services.library_add(
        organisation=consortium,
        title="Ownership",
        text="Owned by the people who give and receive care.",
        review_by=timezone.localdate() + dt.timedelta(days=10),
        actor=None,
    )
    stranger = services.library_add(
        organisation=tf.consortium(slug="c2", name="C2"),
        title="Theirs",
        text="Not ours.",
        review_by=timezone.localdate() + dt.timedelta(days=10),
        actor=None,
    )
    answer = _answer(world)

    with refused("entry", "Choose an entry of the consortium's or a member co-op's library."):
        services.library_use(answer=answer, entry=stranger, actor=None)
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=11), tick=False),
        refused("entry", "was due for review"),
    ):
        services.library_use(answer=answer, entry=entry, actor=None)
    with refused("review_by", "The review date must be in the future."):
        services.library_add(
            organisation=consortium,
            title="Old",
            text="Old text.",
            review_by=timezone.localdate(),
            actor=None,
        )

    services.library_use(answer=answer, entry=entry, actor=None)
    assert _answer(world).text == "Owned by the people who give and receive care."


def test_the_standard_bid_passes_every_gate_when_ready(consortium):
    world = tf.joint_bid(consortium, stage="ready")
    assert {g.code: (g.ok, g.detail) for g in bid_gates(world.bid)} == {
        "deadline": (True, []),
        "participants": (True, []),
        "approvals": (True, []),
        "answers_started": (True, []),
        "answers": (True, []),
        "coverage": (True, []),
        "prices": (True, []),
        "signoffs": (True, []),
    }


def test_approvals_gate_names_a_missing_authorisation(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    tf.approve(world.participants[0])
    tf.approve(world.participants[1], authorise=False)
    assert tf.gate(world.bid, "approvals").detail == [
        "Co-op B: the written authorisation of the lead is missing."
    ]
    assert BidParticipant.objects.filter(bid=world.bid, authorised_lead=True).count() == 1
    assert row_counts()["tendering.SignOff"] == 0
