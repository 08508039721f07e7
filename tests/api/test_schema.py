"""The OpenAPI schema generates without warnings or errors, documents every API endpoint, and
the interactive docs answer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]


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
    schema = yaml.safe_load(out.read_text())
    assert schema["info"]["title"] == "Cyd API"


def _api_routes(patterns, prefix="") -> list[str]:
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes.append(route)
    return routes


@pytest.fixture(scope="module")
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_api_route_is_documented_with_a_summary_and_a_tag(schema):
    documented = set(schema["paths"])
    # drf-spectacular names a `pk` path parameter `id`.
    missing = [
        path
        for route in _api_routes(get_resolver().url_patterns)
        if (path := "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}"))
        not in documented
    ]
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/v1/organisations")
    ]

    assert missing == []
    assert len(operations) >= 49
    assert [(p, m) for p, m, op in operations if not op.get("summary")] == []
    assert [(p, m) for p, m, op in operations if op.get("tags") in (None, ["v1"])] == []


def test_the_join_endpoint_needs_no_sign_in_and_the_rest_do(schema):
    join = schema["paths"]["/api/v1/organisations/{slug}/applications/"]["post"]
    members = schema["paths"]["/api/v1/organisations/{slug}/members/"]["get"]

    assert {} in join["security"]
    assert {} not in members["security"]
    assert set(members["responses"]) == {"200", "400", "401", "404"}


@pytest.mark.django_db
def test_the_interactive_docs_and_the_schema_answer(client):
    docs = client.get("/api/docs/")
    schema = client.get("/api/schema/")

    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    assert schema.status_code == 200
    assert b"/api/v1/organisations/{slug}/register/" in schema.content
