"""Bad input through the joint bids API: text over its limit, files over their caps (uploads
of evidence, OCDS imports), each refused with 400 on the field naming the limit and nothing
written; and no empty string where the schema declares an address."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coop.core.spreadsheets import MAX_DOCUMENT_BYTES, MAX_IMPORT_BYTES
from tendering import rules
from tendering.models import Answer
from tests.api.tendering.conftest import client_for, url
from tests.factories import tendering as tf


def refused(response: Any, field: str, *fragments: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body) == [field], body
    for fragment in fragments:
        assert fragment in " ".join(body[field]), (fragment, body)


def test_an_opportunity_with_a_description_over_its_limit(organisation, bid_manager):
    before = tf.row_counts()

    response = client_for(bid_manager).post(
        url("tender-opportunities"),
        {
            "buyer_name": "Powys County Council",
            "reference": "LONG-1",
            "title": "Domiciliary care",
            "description": "x" * (rules.MAX_DESCRIPTION + 1),
            "submission_deadline": tf.deadline().isoformat(),
        },
        format="json",
    )

    refused(response, "description", "Description must be 20,000 characters or fewer.")
    assert tf.row_counts() == before


def test_an_answer_over_the_longest_text_taken(drafting, bid_manager):
    answer = Answer.objects.get(bid=drafting.bid, participant__isnull=True)
    before = (tf.row_counts(), tf.state(drafting.bid))

    response = client_for(bid_manager).put(
        url("bid-answer", pk=drafting.bid.pk, answer_id=answer.pk),
        {"text": "x" * (rules.MAX_ANSWER + 1)},
        format="json",
    )

    refused(response, "text", "must be 50,000 characters or fewer.")
    assert (tf.row_counts(), tf.state(drafting.bid)) == before


def test_a_reason_over_its_limit(drafting, bid_manager):
    before = (tf.row_counts(), tf.state(drafting.bid))

    response = client_for(bid_manager).post(
        url(
            "bid-participant-withdraw",
            pk=drafting.bid.pk,
            participant_id=drafting.participants[1].pk,
        ),
        {"reason": "x" * 100_000},
        format="json",
    )

    refused(response, "reason", "Reason must be 2,000 characters or fewer.")
    assert (tf.row_counts(), tf.state(drafting.bid)) == before


def test_an_evidence_file_over_20_mb(drafting, coop_user):
    before = tf.row_counts()

    response = client_for(coop_user).post(
        url("bid-evidence", pk=drafting.bid.pk),
        {
            "title": "Too big",
            "file": SimpleUploadedFile("big.pdf", b"x" * (MAX_DOCUMENT_BYTES + 1)),
            "participant": drafting.participants[0].pk,
        },
        format="multipart",
    )

    refused(response, "file", "the largest file Cyd takes here is 20.0\xa0MB")
    assert tf.row_counts() == before


def test_an_ocds_file_over_10_mb(organisation, bid_manager):
    before = tf.row_counts()

    response = client_for(bid_manager).post(
        url("tender-opportunity-import"),
        {"file": SimpleUploadedFile("big.json", b" " * (MAX_IMPORT_BYTES + 1))},
        format="multipart",
    )

    refused(response, "file", "the largest file Cyd takes here is 10.0\xa0MB")
    assert tf.row_counts() == before


def test_a_document_without_an_address_shows_null_not_an_empty_string(organisation, bid_manager):
    opportunity = tf.opportunity(organisation)
    client = client_for(bid_manager)

    made = client.post(
        url("tender-documents", pk=opportunity.pk),
        {"title": "Specification", "published_on": str(timezone.localdate())},
        format="json",
    )
    listed = client.get(url("tender-opportunity", pk=opportunity.pk)).json()

    assert made.status_code == 201, made.content
    assert made.json()["url"] is None
    assert [d["url"] for d in listed["documents"]] == [None]
