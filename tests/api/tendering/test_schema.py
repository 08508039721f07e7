"""The OpenAPI schema with the joint bids API generates without warnings or errors, and
documents every one of its endpoints with a summary, the "Joint bids" tag and its error
answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.urls import URLPattern
from drf_spectacular.drainage import GENERATOR_STATS

from api.tendering import urls as tendering_urls

ROOT = Path(__file__).resolve().parents[3]


def test_the_schema_validates_with_no_warnings(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "coop.settings_test"}
    out = tmp_path / "schema.yaml"

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr
    paths = yaml.safe_load(out.read_text())["paths"]
    assert "/api/v1/organisations/{slug}/bids/{id}/my-part/" in paths


def _documented_path(pattern: URLPattern) -> str:
    # drf-spectacular names a `pk` path parameter `id`.
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)).replace("{pk}", "{id}")
    return "/api/v1/" + route


@pytest.fixture(scope="module")
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    generated = SchemaGenerator().get_schema(request=None, public=True)
    assert (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache) == ({}, {})
    return generated


def test_every_endpoint_is_documented_with_a_summary_the_tag_and_its_errors(schema):
    operations = {}
    for pattern in tendering_urls.urlpatterns:
        path = _documented_path(pattern)
        assert path in schema["paths"], path
        for method, operation in schema["paths"][path].items():
            operations[f"{method.upper()} {path}"] = operation

    untagged = [op for op, spec in operations.items() if spec.get("tags") != ["Joint bids"]]
    unsummarised = [op for op, spec in operations.items() if not spec.get("summary")]
    reads_without_errors = [
        op
        for op, spec in operations.items()
        if op.startswith("GET") and not {"401", "404"} <= set(spec["responses"])
    ]
    writes_without_errors = [
        op
        for op, spec in operations.items()
        if not op.startswith("GET") and not {"400", "401", "403", "404"} <= set(spec["responses"])
    ]
    assert (untagged, unsummarised, reads_without_errors, writes_without_errors) == ([], [], [], [])
    assert len(operations) == 52


def test_money_is_whole_pence_and_hours_are_decimal_strings(schema):
    components = schema["components"]["schemas"]
    price = components["PriceLineSetRequest"]["properties"]
    commitment = components["CommitmentSetRequest"]["properties"]

    assert price["pay_pence"]["type"] == "integer"
    assert (commitment["hours_per_week"]["type"], commitment["hours_per_week"]["format"]) == (
        "string",
        "decimal",
    )
    assert components["PriceLine"]["properties"]["rate_pence"]["type"] == "integer"


def test_the_import_takes_a_json_body_or_a_file(schema):
    body = schema["paths"]["/api/v1/organisations/{slug}/opportunities/import/"]["post"][
        "requestBody"
    ]["content"]

    assert set(body) == {"application/json", "multipart/form-data"}
    assert body["multipart/form-data"]["schema"] == {
        "$ref": "#/components/schemas/OcdsUploadRequest"
    }
