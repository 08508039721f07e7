"""The kernel's one length-limit mechanism (`coop.core.limits`): the message names the field
and its limit, and the forms' and serializers' own limits all answer with it. Each app's pages
and API refuse a 100,000-character text with it: `tests/membership/test_bad_input.py`,
`tests/api/membership/test_bad_input.py`, `tests/voting/test_text_limits.py`,
`tests/api/voting/test_text_limits.py`, `tests/governance/test_text_limits.py`,
`tests/api/governance/test_text_limits.py`, `tests/tendering/test_pages_limits.py`,
`tests/api/tendering/test_limits.py`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

from api.mixins import validated
from coop.core.forms import GovukForm
from coop.core.limits import Limit, check_length, check_lengths, too_long
from membership import services
from tests.factories import membership as mf

ROOT = Path(__file__).resolve().parents[2]
HUGE = "x" * 100_000


def test_the_message_names_the_field_and_its_limit():
    assert too_long("the reason", 2_000) == "The reason must be 2,000 characters or fewer."
    with translation.override("cy"):
        assert "ni chaiff fod yn hwy na" in too_long("the reason", 2_000)
        assert "must be" not in too_long("the reason", 2_000)


def test_a_service_check_refuses_the_first_text_over_its_limit_by_field():
    limits = {"title": Limit(200, "The title"), "note": Limit(10, "The note")}
    check_lengths({"title": "x" * 200, "note": None}, limits)
    with pytest.raises(ValidationError) as refused:
        check_lengths({"title": "Fine", "note": HUGE}, limits)
    assert refused.value.message_dict == {"note": ["The note must be 10 characters or fewer."]}
    with pytest.raises(ValidationError):
        check_length("place", HUGE, 1_000, "The place")


class _Form(GovukForm, forms.Form):
    address = forms.CharField(label="Postal address", max_length=500)
    postcode = forms.CharField(max_length=10, error_messages={"max_length": "Own message."})


def test_every_page_form_names_its_limits():
    form = _Form(data={"address": HUGE, "postcode": "x" * 11})
    assert not form.is_valid()
    assert form.errors == {
        "address": ["Postal address must be 500 characters or fewer."],
        "postcode": ["Own message."],  # a form's own message is kept
    }


class _Body(serializers.Serializer):
    postal_address = serializers.CharField(max_length=500)
    reason = serializers.CharField(max_length=2_000, error_messages={"max_length": "Own."})


def test_every_api_body_names_its_limits():
    with pytest.raises(serializers.ValidationError) as refused:
        validated(_Body, {"postal_address": HUGE, "reason": HUGE})
    assert refused.value.detail == {
        "postal_address": ["Postal address must be 500 characters or fewer."],
        "reason": ["Own."],
    }


def test_a_model_text_field_names_its_limit_in_a_service_refusal(organisation):
    member = mf.member(organisation)
    with pytest.raises(ValidationError) as refused:
        services.member_update(member=member, changes={"postal_address": HUGE}, actor=None)
    assert refused.value.message_dict == {
        "postal_address": ["Postal address must be 500 characters or fewer."]
    }


def test_every_text_a_page_form_takes_has_a_limit():
    """`forms.CharField` in the apps' forms and views: each has a `max_length` (a hidden
    field carrying an id or a return address aside)."""
    unlimited = []
    for package in ("coop", "membership", "voting", "governance", "tendering"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "forms.CharField"):
                    continue
                keywords = {k.arg: ast.unparse(k.value) for k in node.keywords}
                if "max_length" in keywords or "HiddenInput" in keywords.get("widget", ""):
                    continue
                unlimited.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unlimited == []
