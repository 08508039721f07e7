"""How the OpenAPI schema documents what every operation shares: the one error body, and the
answers the kernel gives whatever the endpoint (a drf-spectacular postprocessing hook).

Each endpoint names its own error answers with `api.serializers.error_responses`; the hook adds
those that follow from how the API is wired, so a client can rely on them and schemathesis'
status-code check holds for every operation:

- 401 for every operation that needs a signed-in user (token or session);
- 404 for every operation with a path parameter: something that does not exist, or that the
  user may not see (`coop.core.permissions.gate`); and for every paginated list (a page
  that is not a number or is past the last page, `api.pagination`);
- 403 for every write under `/organisations/{slug}/` (the gate's answer to someone who may
  see the subject but not act on it), and 400 for every operation that takes a body (a
  malformed one is refused before any field is read).
"""

from __future__ import annotations

import copy
from typing import Any

from api.serializers import ERROR_DESCRIPTIONS, ERROR_REF, ERROR_SCHEMAS

WRITES = ("post", "put", "patch", "delete")
ORGANISATION_PATHS = "/api/v1/organisations/{slug}/"


def kernel_errors(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses the kernel may answer for this operation."""
    codes = []
    if operation.get("security") and {} not in operation["security"]:
        codes.append(401)
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters):
        codes.append(404)
    if method in WRITES and path.startswith(ORGANISATION_PATHS) and 401 in codes:
        codes.append(403)
    if "requestBody" in operation:
        codes.append(400)
    return codes


def document_kernel_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Add the error component and the kernel's answers to every operation (see the module
    docstring); answers an endpoint documents itself are left as they are."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_SCHEMAS.items():
        schemas.setdefault(name, copy.deepcopy(schema))
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", *WRITES):
                continue
            responses = operation.setdefault("responses", {})
            for code in kernel_errors(path, method, operation):
                responses.setdefault(
                    str(code),
                    {
                        "content": {"application/json": {"schema": dict(ERROR_REF)}},
                        "description": ERROR_DESCRIPTIONS[code],
                    },
                )
            operation["responses"] = dict(sorted(responses.items()))
    return result
