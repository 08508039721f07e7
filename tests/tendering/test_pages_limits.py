"""Bad input on the tendering pages: text over its limit and files over their caps are
refused (400) with a message on the field that names the limit, and nothing is written."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coop.core.spreadsheets import MAX_DOCUMENT_BYTES, MAX_IMPORT_BYTES
from tendering import rules
from tendering.models import Answer
from tests.tendering.test_pages_setup import build, consortium, counts, text, url


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def lead(client, bid_manager):
    client.force_login(bid_manager)
    return client


def _field_errors(response) -> str:
    return " ".join(re.findall(r'class="govuk-error-message">(.*?)</p>', text(response), re.S))


def test_an_opportunity_with_a_description_over_its_limit(lead, organisation):
    before = counts()

    response = lead.post(
        reverse("tendering:opportunity_create", args=[organisation.slug]),
        {
            "buyer_name": "Powys County Council",
            "reference": "LONG-1",
            "title": "Domiciliary care",
            "description": "x" * (rules.MAX_DESCRIPTION + 1),
            "regime": "light_touch",
            "procedure": "open",
            "submission_deadline": "2099-01-31T12:00",
            "bid_validity_days": "90",
            "languages": "en",
        },
    )

    assert response.status_code == 400
    assert "Description must be 20,000 characters or fewer." in _field_errors(response)
    assert counts() == before


def test_an_answer_over_the_longest_text_taken(lead, organisation):
    scenario = build(organisation, questions=1)
    answer = Answer.objects.get(bid=scenario.bid)
    before = counts()

    response = lead.post(
        url("answer", scenario.bid, answer.pk), {"text": "x" * (rules.MAX_ANSWER + 1)}
    )

    assert response.status_code == 400
    assert "must be 50,000 characters or fewer." in _field_errors(response)
    assert Answer.objects.get(pk=answer.pk).text == answer.text
    assert counts() == before


def test_a_reason_over_its_limit_is_refused_on_the_dashboard(lead, organisation):
    scenario = build(organisation, questions=1)
    before = counts()

    response = lead.post(
        url("bid_transition", scenario.bid),
        {"to": "withdrawn", "reason": "x" * 100_000},
    )

    assert response.status_code == 400
    assert "The reason must be 2,000 characters or fewer." in text(response)
    assert counts() == before


def test_an_evidence_file_over_20_mb_is_refused(lead, organisation):
    scenario = build(organisation, questions=1)
    before = counts()
    big = SimpleUploadedFile("big.pdf", b"x" * (MAX_DOCUMENT_BYTES + 1))

    response = lead.post(url("evidence", scenario.bid), {"title": "Too big", "file": big})

    assert response.status_code == 400
    assert "the largest file Cyd takes here is 20.0\xa0MB" in _field_errors(response)
    assert counts() == before


def test_an_ocds_file_over_10_mb_is_refused(lead, organisation):
    before = counts()
    big = SimpleUploadedFile("big.json", b" " * (MAX_IMPORT_BYTES + 1))

    response = lead.post(
        reverse("tendering:opportunity_import", args=[organisation.slug]), {"file": big}
    )

    assert response.status_code == 400
    assert "the largest file Cyd takes here is 10.0\xa0MB" in _field_errors(response)
    assert counts() == before
