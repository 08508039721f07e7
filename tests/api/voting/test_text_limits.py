"""Length limits of the ballots API: a text over its limit answers 400 naming the field and
the limit (the same message as the pages and the services), and nothing is written."""

from __future__ import annotations

from tests.api.voting.conftest import client_for, counts, url


def long(n: int) -> str:
    return "x" * n


CASES = [
    (
        "ballots",
        lambda w: {},
        {"title": "Vote", "record_date": "2024-01-01", "description": long(10_001)},
        {"description": ["The description must be 10,000 characters or fewer."]},
    ),
    (
        "ballots",
        lambda w: {},
        {"title": long(201), "record_date": "2024-01-01"},
        {"title": ["The title must be 200 characters or fewer."]},
    ),
    (
        "ballot-questions",
        lambda w: {"pk": w.draft.pk},
        {"kind": "choice", "text": long(10_001)},
        {"text": ["The question must be 10,000 characters or fewer."]},
    ),
    (
        "ballot-question-options",
        lambda w: {"pk": w.draft.pk, "question_id": w.draft_question.pk},
        {"label": "Eirlys", "statement_cy": long(5_001)},
        {"statement_cy": ["The candidate's Welsh statement must be 5,000 characters or fewer."]},
    ),
    (
        "ballot-cancel",
        lambda w: {"pk": w.open.pk},
        {"reason": long(100_000)},
        {"reason": ["The reason must be 2,000 characters or fewer."]},
    ),
    (
        "ballot-proxies",
        lambda w: {"pk": w.open.pk},
        {"member": 1, "kind": "discretionary", "holder_name": long(201)},
        {"holder_name": ["The proxy's name must be 200 characters or fewer."]},
    ),
]


def test_texts_over_their_limit_are_refused_naming_the_field_and_the_limit(world, secretary):
    client = client_for(secretary)
    answers, expected, wrote = {}, {}, []

    for n, (name, kwargs, body, errors) in enumerate(CASES):
        key = f"{n} {name}"
        before = counts()
        response = client.post(url(name, **kwargs(world)), body, format="json")
        answers[key] = (response.status_code, response.json())
        expected[key] = (400, errors)
        if counts() != before:
            wrote.append(key)

    assert answers == expected
    assert wrote == []


def test_a_receipt_code_to_check_is_at_most_40_characters(world, member):
    response = client_for(member).get(
        url("ballot-receipts", pk=world.counted.pk), {"code": long(41)}
    )

    assert response.status_code == 400
    assert response.json() == {"code": ["The receipt code must be 40 characters or fewer."]}


def test_the_members_present_at_a_show_of_hands_are_a_bounded_list(world, secretary):
    before = counts()

    response = client_for(secretary).post(
        url("ballot-hands", pk=world.open.pk),
        {"counts": {"for": 1}, "present": list(range(1, 100_002))},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"present": ["Ensure this field has no more than 100000 elements."]}
    assert counts() == before
