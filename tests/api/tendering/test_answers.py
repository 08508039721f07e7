"""Answers through the API: the list, assigning, saving drafts (each a new version) with the
live count, review, reopening after sign-off, versions, the answer library and its reuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tendering import services
from tendering.models import Answer, AnswerVersion, LibraryAnswer, SignOff
from tests.api.tendering.conftest import client_for, counts, sign_all, url
from tests.factories import tendering as tf


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def _answer(world: tf.World, *, of_a: bool) -> Answer:
    if of_a:
        return Answer.objects.get(bid=world.bid, participant=world.participants[0])
    return Answer.objects.get(bid=world.bid, participant__isnull=True)


def test_every_question_is_listed_with_its_answer(drafting, bid_manager):
    rows = ok(client_for(bid_manager).get(url("bid-answers", pk=drafting.bid.pk)))["results"]

    assert [(r["question"]["number"], r["member_name"], r["status"], r["count"]) for r in rows] == [
        ("2.1", "Co-op A", "draft", len("Our answer to 2.1.")),
        ("2.1", "Co-op B", "draft", len("Our answer to 2.1.")),
        ("1.1", None, "draft", 4),
    ]
    assert all(r["within_limit"] and r["author_name"] == "Lead" for r in rows)


def test_a_co_ops_officer_lists_the_consortiums_answers_and_its_own_not_another_co_ops(
    drafting, other_coop_user
):
    rows = ok(client_for(other_coop_user).get(url("bid-answers", pk=drafting.bid.pk)))["results"]

    assert [(r["question"]["number"], r["member_name"]) for r in rows] == [
        ("2.1", "Co-op B"),
        ("1.1", None),
    ]


def test_the_lead_assigns_a_question_to_a_co_ops_person(drafting, bid_manager, coop_user):
    due = timezone.localdate() + dt.timedelta(days=5)

    body = ok(
        client_for(bid_manager).post(
            url("bid-answer-assign", pk=drafting.bid.pk),
            {
                "question": drafting.questions[1].pk,
                "participant": drafting.participants[0].pk,
                "author": coop_user.pk,
                "due_on": str(due),
            },
        )
    )

    assert (body["author_name"], body["due_on"], body["member_name"]) == (
        "Ann Coop-A",
        str(due),
        "Co-op A",
    )
    assert _answer(drafting, of_a=True).author_id == coop_user.pk


def test_an_author_outside_the_bid_is_refused(drafting, bid_manager, outsider):
    before = counts()

    response = client_for(bid_manager).post(
        url("bid-answer-assign", pk=drafting.bid.pk),
        {"question": drafting.questions[0].pk, "author": outsider.pk},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["author"]
    assert counts() == before


def test_a_co_op_saves_its_answer_as_a_new_version_with_the_count(drafting, coop_user):
    answer = _answer(drafting, of_a=True)
    address = url("bid-answer", pk=drafting.bid.pk, answer_id=answer.pk)

    body = ok(client_for(coop_user).put(address, {"text": "Registered: SIN-00012345."}))
    versions = ok(
        client_for(coop_user).get(
            url("bid-answer-versions", pk=drafting.bid.pk, answer_id=answer.pk)
        )
    )

    assert (body["text"], body["count"], body["within_limit"], body["may_edit"]) == (
        "Registered: SIN-00012345.",
        25,
        True,
        True,
    )
    assert [(v["number"], v["text"], v["saved_by"]) for v in versions["results"]] == [
        (2, "Registered: SIN-00012345.", "Ann Coop-A"),
        (1, "Our answer to 2.1.", "Lead"),
    ]


def test_review_approves_or_sends_back_with_a_note(drafting, bid_manager):
    client = client_for(bid_manager)
    answer = _answer(drafting, of_a=False)
    ok(client.post(url("bid-answer-submit", pk=drafting.bid.pk, answer_id=answer.pk)))

    back = client.post(
        url("bid-answer-review", pk=drafting.bid.pk, answer_id=answer.pk), {"approve": False}
    )
    sent_back = ok(
        client.post(
            url("bid-answer-review", pk=drafting.bid.pk, answer_id=answer.pk),
            {"approve": False, "note": "Say more about Welsh speakers."},
        )
    )

    assert back.json() == {"note": ["Say what needs changing."]}
    assert sent_back["status"] == "draft"
    assert answer.versions.order_by("-number").first().note == "Say more about Welsh speakers."


def test_reopening_a_signed_off_answer_voids_the_sign_offs(organisation, coops, bid_manager):
    world = tf.joint_bid(organisation, coops=coops, stage="final_signoff")
    sign_all(world)
    answer = _answer(world, of_a=False)

    refused = client_for(bid_manager).put(
        url("bid-answer", pk=world.bid.pk, answer_id=answer.pk), {"text": "A better answer."}
    )
    reopened = ok(
        client_for(bid_manager).post(
            url("bid-answer-reopen", pk=world.bid.pk, answer_id=answer.pk),
            {"reason": "The council asked for more."},
        )
    )

    assert refused.status_code == 400
    assert (reopened["status"], reopened["reopened_reason"]) == (
        "draft",
        "The council asked for more.",
    )
    assert world.refresh().status == "drafting"
    assert SignOff.objects.filter(bid=world.bid, invalidated_at__isnull=True).count() == 0


def test_the_library_is_listed_added_to_and_reused(drafting, bid_manager):
    client = client_for(bid_manager)
    services.library_add(
        organisation=drafting.consortium,
        title="Old policy",
        text="Out of date.",
        review_by=timezone.localdate() + dt.timedelta(days=1),
        actor=None,
    )
    LibraryAnswer.objects.filter(title="Old policy").update(
        review_by=timezone.localdate() - dt.timedelta(days=1)
    )

    added = ok(
        client.post(
            url("answer-library"),
            {
                "title": "Rural rota",
                "text": "We plan rounds by postcode.",
                "review_by": str(timezone.localdate() + dt.timedelta(days=90)),
                "tags": "rota, rural",
            },
        ),
        201,
    )
    listed = ok(client.get(url("answer-library")))
    answer = _answer(drafting, of_a=False)
    used = ok(
        client.post(
            url("bid-answer-use-library", pk=drafting.bid.pk, answer_id=answer.pk),
            {"entry": added["id"]},
        )
    )
    before = counts()
    stale = next(e for e in listed["results"] if e["title"] == "Old policy")
    refused = client.post(
        url("bid-answer-use-library", pk=drafting.bid.pk, answer_id=answer.pk),
        {"entry": stale["id"]},
    )

    assert [(e["title"], e["is_overdue"]) for e in listed["results"]] == [
        ("Old policy", True),
        ("Rural rota", False),
    ]
    assert (used["text"], used["status"]) == ("We plan rounds by postcode.", "draft")
    assert AnswerVersion.objects.filter(answer=answer).count() == 2
    assert refused.status_code == 400
    assert list(refused.json()) == ["entry"]
    assert counts() == before
