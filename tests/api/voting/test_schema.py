"""The OpenAPI schema with the ballots and meetings API generates without warnings or errors,
and documents every one of their endpoints with a summary, its tag, and its error answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.urls import URLPattern

from api.governance import urls as governance_urls
from api.voting import urls as voting_urls

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
    assert "/api/v1/organisations/{slug}/ballots/{id}/cast/" in paths
    assert "/api/v1/organisations/{slug}/meetings/{id}/minutes/" in paths


def _documented_path(pattern: URLPattern) -> str:
    # drf-spectacular names a `pk` path parameter `id`.
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)).replace("{pk}", "{id}")
    return "/api/v1/" + route


@pytest.fixture(scope="module")
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize(
    ("module", "tag"),
    [(voting_urls, "Ballots"), (governance_urls, "Meetings")],
    ids=["ballots", "meetings"],
)
def test_every_endpoint_is_documented_with_a_summary_its_tag_and_its_errors(schema, module, tag):
    operations = {}
    for pattern in module.urlpatterns:
        path = _documented_path(pattern)
        assert path in schema["paths"], path
        for method, operation in schema["paths"][path].items():
            operations[f"{method.upper()} {path}"] = operation

    untagged = [op for op, spec in operations.items() if spec.get("tags") != [tag]]
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
    assert len(operations) == (26 if tag == "Ballots" else 46)


def test_the_cast_is_documented_as_a_receipt(schema):
    cast = schema["paths"]["/api/v1/organisations/{slug}/ballots/{id}/cast/"]["post"]

    assert cast["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CastRequest"
    }
    assert cast["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Receipt"
    }
    assert {} not in cast["security"]
