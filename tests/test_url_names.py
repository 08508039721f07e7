"""Every URL name the code and the templates refer to reverses in the production URL conf.

Python modules are read statically (AST): the first argument of `reverse`, `reverse_lazy`,
`redirect`, `resolve_url` and `url_or_none` when it is a string, and any string literal shaped
like a namespaced URL name (`"tendering:index"`) wherever it stands (a table of links
reversed later). Templates are read with a regular expression for `{% url %}`. Each name is
reversed with arguments built from its route's converters, and where the call site passes
positional arguments, their number must match the route's. A wrong name fails here instead
of raising on a page (or, worse, being swallowed and leaving a link out).
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from django.urls import NoReverseMatch, reverse

from tests.worlds import PARAMETER, served_routes

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("coop", "api", "membership", "voting", "governance", "tendering")
CALLS = {"reverse", "reverse_lazy", "redirect", "resolve_url", "url_or_none"}
NAMESPACES = ("membership", "voting", "governance", "tendering", "api")
NAMESPACED = re.compile(rf"^(?:{'|'.join(NAMESPACES)}):[\w-]+$")
URL_TAG = re.compile(r"{%\s*url\s+(.+?)\s*%}")
SAMPLE = {"int": 1, "slug": "a-slug", "str": "text", "path": "a/path", "uuid": "0" * 32}


@dataclass(frozen=True)
class Reference:
    where: str  # "membership/views/organisation.py:73"
    name: str
    arity: int | None  # positional arguments given, when the call site says


def _arity(call: ast.Call, position: int) -> int | None:
    """Positional URL arguments a call passes: `args=[…]` (reverse) or the rest of the
    positional arguments (redirect, url_or_none); None when it cannot be told statically."""
    for keyword in call.keywords:
        if keyword.arg == "args":
            if isinstance(keyword.value, ast.List | ast.Tuple):
                return len(keyword.value.elts)
            return None
        if keyword.arg == "kwargs":
            return None
    rest = call.args[position + 1 :]
    if call.keywords or any(isinstance(arg, ast.Starred) for arg in rest):
        return None  # keyword URL arguments (redirect(name, slug=…)) or unpacked ones
    return len(rest)


def python_references() -> list[Reference]:
    found: list[Reference] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            where = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            in_calls: set[int] = set()
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called not in CALLS or not node.args:
                    continue
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    if "/" in first.value or first.value.startswith(("http", "#")):
                        continue  # redirect() to an address, not a name
                    in_calls.add(id(first))
                    has_kwargs = any(k.arg == "kwargs" for k in node.keywords)
                    arity = None if has_kwargs else _arity(node, 0)
                    found.append(Reference(f"{where}:{node.lineno}", first.value, arity))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in in_calls
                    and NAMESPACED.match(node.value)
                ):
                    found.append(Reference(f"{where}:{node.lineno}", node.value, None))
    return found


def template_references() -> list[Reference]:
    found: list[Reference] = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".txt", ".xml"):
            continue
        text = path.read_text(encoding="utf-8")
        for match in URL_TAG.finditer(text):
            tokens = shlex.split(match[1], posix=False)
            first = tokens[0]
            if first[0] not in "'\"":
                continue  # a name held in a variable: checked where the variable is set
            where = f"templates/{path.relative_to(ROOT / 'templates').as_posix()}"
            line = text.count("\n", 0, match.start()) + 1
            rest = tokens[1:]
            if "as" in rest:
                rest = rest[: rest.index("as")]
            arity = None if any("=" in token for token in rest) else len(rest)
            found.append(Reference(f"{where}:{line}", first[1:-1], arity))
    return found


def _route_arities() -> dict[str, set[int]]:
    arities: dict[str, set[int]] = {}
    for route in served_routes():
        arities.setdefault(route.name, set()).add(len(route.parameters))
    return arities


def _reverses(name: str) -> bool:
    routes = [route for route in served_routes() if route.name == name]
    for route in routes:
        kwargs = {
            match["name"]: SAMPLE[match["converter"] or "str"]
            for match in PARAMETER.finditer(route.route)
        }
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return True
    return False


def problems(references: list[Reference]) -> list[str]:
    arities = _route_arities()
    found = []
    for ref in references:
        if not _reverses(ref.name):
            found.append(f"{ref.where}: {ref.name!r} does not reverse")
        elif ref.arity is not None and ref.arity not in arities[ref.name]:
            found.append(
                f"{ref.where}: {ref.name!r} takes {sorted(arities[ref.name])} arguments, "
                f"given {ref.arity}"
            )
    return found


def test_every_url_name_in_the_code_reverses():
    references = python_references()

    assert len(references) > 60
    assert problems(references) == []


def test_every_url_name_in_the_templates_reverses():
    references = template_references()

    assert len(references) > 200
    assert problems(references) == []


def test_a_wrong_name_or_a_wrong_number_of_arguments_is_caught():
    """The check can fail: the name the joint-bids link once used, and a page given too few
    arguments."""
    wrong = [
        Reference("example.py:1", "tendering:bids", None),
        Reference("example.py:2", "voting:ballot", 1),
        Reference("example.py:3", "tendering:index", 1),
    ]

    assert problems(wrong) == [
        "example.py:1: 'tendering:bids' does not reverse",
        "example.py:2: 'voting:ballot' takes [2] arguments, given 1",
    ]
