"""Every date and time the API takes is one field, `api.serializers.DateTimeInSaneYears`:
a year outside 2000–2100 (a typing error such as 2206 or 0001) answers 400 naming the field.
The endpoints' refusals are in each app's `test_bad_input.py`."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.utils import translation
from rest_framework import serializers

import api
from api.serializers import DateInSaneYears, DateTimeInSaneYears


def _api_serializers() -> list[type[serializers.Serializer]]:
    for module in pkgutil.walk_packages(api.__path__, "api."):
        importlib.import_module(module.name)
    found, todo = [], list(serializers.Serializer.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("api."):
            found.append(cls)
    return found


def test_every_date_time_the_api_takes_is_the_one_field_in_sane_years():
    seen, plain = 0, []
    for cls in _api_serializers():
        try:
            fields = cls().fields
        except (AssertionError, TypeError, KeyError):  # needs arguments or context
            continue
        for name, field in fields.items():
            if isinstance(field, serializers.DateTimeField) and not field.read_only:
                seen += 1
                if not isinstance(field, DateTimeInSaneYears):
                    plain.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert plain == []
    assert seen >= 15  # ballots, meetings, adjournments, opportunities, bids' deadlines


class _Plan(serializers.Serializer):
    starts_at = DateTimeInSaneYears(label="The start")
    given_on = DateInSaneYears()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"starts_at": "2101-01-01T00:00:00Z", "given_on": "2024-01-01"},
            "starts_at",
            "The start must be in the years 2000 to 2100 (this one is in 2101).",
        ),
        (
            {"starts_at": "2100-12-31T23:59:00Z", "given_on": "1999-12-31"},
            "given_on",
            "Given on must be in the years 2000 to 2100 (this one is in 1999).",
        ),
    ],
)
def test_the_message_names_the_field_by_its_label_or_its_name(body, field, message):
    plan = _Plan(data=body)
    assert not plan.is_valid()
    assert plan.errors == {field: [message]}


def test_the_first_and_last_years_are_taken_and_the_schema_says_the_range():
    plan = _Plan(data={"starts_at": "2000-01-01T00:00:00Z", "given_on": "2100-12-31"})
    assert plan.is_valid(), plan.errors
    assert _Plan().fields["given_on"].help_text == "Between the years 2000 and 2100."


def test_the_refusal_is_in_welsh_for_a_welsh_reader():
    with translation.override("cy"):
        plan = _Plan(data={"starts_at": "1990-01-01T00:00:00Z", "given_on": "2024-01-01"})
        assert not plan.is_valid()
        message = str(plan.errors["starts_at"][0])
    assert "2000" in message
    assert "must be in the years" not in message
