"""The OpenAPI schema generates without warnings or errors, documents every API endpoint, and
the interactive docs answer."""

from __future__ import annotations

import json
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


ERROR_CODES = {"400", "401", "403", "404", "405", "409", "413", "429"}


def _operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_every_error_answer_of_every_operation_is_the_one_error_shape(schema):
    error = '{"$ref": "#/components/schemas/Error"}'
    shapes = {
        (method, path, code): json.dumps(response["content"]["application/json"]["schema"])
        for path, method, operation in _operations(schema)
        for code, response in operation["responses"].items()
        if code in ERROR_CODES
    }

    assert {key: shape for key, shape in shapes.items() if shape != error} == {}
    assert {code for _, _, code in shapes} >= {"400", "401", "403", "404", "429"}


def test_the_kernels_answers_are_documented_on_every_operation(schema):
    """401 wherever a sign-in is needed, 404 wherever a path names something (and on every
    paginated list), 403 on every write under an organisation, 400 wherever a body is sent."""
    missing = []
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        parameters = operation.get("parameters", [])
        needed = set()
        if {} not in operation.get("security", [{}]):
            needed.add("401")
        if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
            needed.add("404")
        writes_under_an_organisation = (
            path.startswith("/api/v1/organisations/{slug}/") and method != "get"
        )
        if writes_under_an_organisation and {} not in operation["security"]:
            needed.add("403")
        if "requestBody" in operation:
            needed.add("400")
        if needed - codes:
            missing.append((method, path, sorted(needed - codes)))

    assert missing == []


def _validator(schema: dict, ref: str):
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource

    document = Resource.from_contents(schema, default_specification=DRAFT7)
    registry = Registry().with_resource("urn:cyd", document)
    return Draft7Validator({"$ref": f"urn:cyd{ref}"}, registry=registry)


from referencing.jsonschema import DRAFT7  # noqa: E402


@pytest.mark.parametrize(
    "body",
    [
        {"detail": "Not found."},
        {"detail": "JSON parse error - Expecting value: line 1 column 1 (char 0)"},
        {"email": ["Enter a valid email address."], "non_field_errors": ["Nothing to change."]},
        {"rule_numbers": {"quorum": ["Ensure this field has no more than 30 characters."]}},
        {"lots": [{}, {"title": ["This field is required."]}]},
        {"fields": {"0": ["“x” is not an optional field."]}},
    ],
)
def test_real_error_bodies_match_the_documented_error_shape(schema, body):
    assert list(_validator(schema, "#/components/schemas/Error").iter_errors(body)) == []


@pytest.mark.parametrize("body", [["a list"], {"detail": 404}, {"email": "not a list"}])
def test_bodies_of_another_shape_do_not_match_it(schema, body):
    assert list(_validator(schema, "#/components/schemas/Error").iter_errors(body)) != []


def test_a_blank_read_only_email_or_website_is_documented_as_allowed(schema):
    components = schema["components"]["schemas"]
    empty = {"type": "string", "maxLength": 0}

    assert components["Member"]["properties"]["email"]["oneOf"] == [
        {"type": "string", "format": "email"},
        empty,
    ]
    assert components["Organisation"]["properties"]["website"]["oneOf"] == [
        {"type": "string", "format": "uri"},
        empty,
    ]
