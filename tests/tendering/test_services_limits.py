"""Bad input to the tendering services: free text over its limit (`tendering.rules.MAX_*`, or
the model's length where a service saves without `full_clean`) and files over the caps of
`coop.core.spreadsheets` are refused with a message naming the field and the limit, and
nothing is written (`refused` counts every tendering table and the audit log)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from coop.core.spreadsheets import MAX_DOCUMENT_BYTES, MAX_IMPORT_BYTES
from tendering import rules, services
from tendering.models import Answer
from tests.factories import tendering as tf
from tests.factories.tendering import refused


@pytest.fixture
def consortium(db):
    return tf.consortium()


@pytest.fixture
def world(consortium) -> tf.World:
    return tf.joint_bid(consortium)


def _over(limit: int) -> str:
    return "x" * (limit + 1)


def test_an_opportunitys_description_over_its_limit(consortium):
    with refused("description", "The description", "20,000"):
        services.opportunity_create(
            organisation=consortium,
            buyer_name="Powys County Council",
            reference="LONG-1",
            title="Domiciliary care",
            description=_over(rules.MAX_DESCRIPTION),
            submission_deadline=tf.deadline(),
            actor=None,
        )


@pytest.mark.parametrize("field", ["text", "text_cy"])
def test_a_question_over_its_limit(world, field):
    texts: dict[str, Any] = {"text": "How will you deliver?", field: _over(rules.MAX_QUESTION)}
    with refused(field, "5,000"):
        services.question_add(
            opportunity=world.opportunity, section="Quality", number="9.9", actor=None, **texts
        )


def test_an_award_criterions_name_over_its_length(world):
    with refused("criteria", "A criterion's name", "200"):
        services.criteria_set(
            opportunity=world.opportunity,
            criteria=[("quality", _over(200), 60), ("price", "Price", 40)],
            actor=None,
        )


def test_what_an_addendum_changes_over_its_limit(world):
    with refused("summary", "What it changes", "2,000"):
        services.document_add(
            opportunity=world.opportunity,
            title="Addendum 1",
            published_on=timezone.localdate(),
            is_addendum=True,
            summary=_over(rules.MAX_NOTE),
            actor=None,
        )


def test_a_go_decisions_reference_over_its_length(consortium):
    world = tf.joint_bid(consortium, stage="identified")
    with refused("go_reference", "The reference", "200"):
        services.bid_go_decide(
            bid=world.bid,
            go=True,
            method="board",
            reference=_over(200),
            decided_on=timezone.localdate(),
            actor=None,
        )


def test_an_approvals_conditions_over_their_limit(consortium):
    world = tf.joint_bid(consortium, stage="consulting")
    with refused("conditions", "The conditions", "2,000"):
        services.participant_approve(
            participant=world.participants[0],
            approval_kind="board",
            reference="Resolution 3",
            approved_on=timezone.localdate(),
            conditions=_over(rules.MAX_NOTE),
            actor=None,
        )


def test_a_reason_for_dropping_out_over_its_limit(world):
    with refused("reason", "The reason", "2,000"):
        services.participant_withdraw(
            participant=world.participants[1], reason=_over(rules.MAX_NOTE), actor=None
        )


def test_a_reason_for_withdrawing_the_bid_over_its_limit(world):
    with refused("reason", "The reason", "2,000"):
        services.bid_transition(
            bid=world.bid, to="withdrawn", reason=_over(rules.MAX_NOTE), actor=None
        )


@pytest.mark.parametrize("field", ["text", "text_cy"])
def test_an_answer_over_the_longest_text_taken(world, field):
    answer = Answer.objects.filter(bid=world.bid, participant__isnull=True).first()
    assert answer is not None
    texts = {"text": "", "text_cy": "", field: _over(rules.MAX_ANSWER)}
    with refused(field, "50,000"):
        services.answer_save(answer=answer, actor=None, **texts)


def test_a_reviewers_note_over_its_length(consortium):
    world = tf.joint_bid(consortium, stage="in_review")
    answer = Answer.objects.filter(bid=world.bid).first()
    assert answer is not None
    services.answer_submit_for_review(answer=answer, actor=None)
    with refused("note", "The note", "300"):
        services.answer_review(
            answer=answer, approve=False, note=_over(rules.MAX_REVIEW_NOTE), actor=None
        )


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("title", {"title": "x" * 201}),
        ("text", {"text": _over(rules.MAX_ANSWER)}),
        ("text_cy", {"text_cy": _over(rules.MAX_ANSWER)}),
        ("tags", {"tags": "x" * 301}),
    ],
)
def test_a_library_entry_over_its_limits(consortium, field, values):
    entry: dict[str, Any] = {"title": "Safeguarding", "text": "We keep people safe.", **values}
    with refused(field):
        services.library_add(
            organisation=consortium,
            review_by=timezone.localdate() + dt.timedelta(days=30),
            actor=None,
            **entry,
        )


class _Sized(ContentFile):
    """A file that says it is `size` bytes long, without holding them."""

    def __init__(self, size: int) -> None:
        super().__init__(b"%PDF-1.4", name="big.pdf")
        self.size = size


def test_an_evidence_file_over_the_cap(world):
    with refused("file", "21.0\xa0MB", "20.0\xa0MB"):
        services.evidence_add(
            bid=world.bid,
            title="Insurance certificate",
            file=_Sized(MAX_DOCUMENT_BYTES + 1024 * 1024),
            actor=None,
        )


def test_an_evidence_title_over_its_length(world):
    with refused("title", "The title", "200"):
        services.evidence_add(
            bid=world.bid,
            title="x" * 201,
            file=ContentFile(b"%PDF-1.4", name="a.pdf"),
            actor=None,
        )


def test_an_ocds_release_over_the_import_cap(consortium):
    with refused("file", "largest file Cyd takes here is 10.0\xa0MB"):
        services.opportunity_import(
            organisation=consortium, content=b" " * (MAX_IMPORT_BYTES + 1), actor=None
        )
