"""Who may do what is decided in one place per app: its `permissions.py` (docs/architecture.md).

The code is scanned statically (AST): outside an app's `permissions.py` and the kernel
(`coop/core/permissions.py`, `coop/core/services.py`, which grants and revokes roles), no
module calls the role primitives (`has_role`, `roles_of`, `organisations_for`,
`require_role`, `get_for`) or holds a tuple or list of `Role` members. Views, API views,
serializers, forms, template tags and commands name a predicate instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("coop", "api", "membership", "voting", "governance", "tendering")
APPS = ("membership", "voting", "governance", "tendering")
PRIMITIVES = {"has_role", "roles_of", "organisations_for", "require_role", "get_for"}
#: An app's policy is its `permissions.py`, or a `permissions/` package when it outgrows one
#: module (tendering's).
POLICIES = {app: ROOT / app / "permissions.py" for app in APPS} | {
    app: ROOT / app / "permissions" for app in APPS if (ROOT / app / "permissions").is_dir()
}
ALLOWED_PREFIXES = (
    *(
        f"{app}/permissions.py" if path.is_file() else f"{app}/permissions/"
        for app, path in POLICIES.items()
    ),
    "coop/core/permissions.py",
    "coop/core/services.py",
)


def _is_role_member(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
    )


def offences(source: str, where: str) -> list[str]:
    """What in one module decides about roles outside the policy, by line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called in PRIMITIVES:
                found.append((node.lineno, f"calls {called}()"))
            elif (
                called == "tuple"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "Role"
            ):
                found.append((node.lineno, "holds tuple(Role)"))
        elif (
            isinstance(node, ast.Tuple | ast.List | ast.Set)
            and node.elts
            and all(_is_role_member(element) for element in node.elts)
        ):
            found.append((node.lineno, f"holds a {type(node).__name__.lower()} of roles"))
    return [f"{where}:{line}: {what}" for line, what in sorted(found)]


def scan() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or where.startswith(ALLOWED_PREFIXES):
                continue
            found += offences(path.read_text(encoding="utf-8"), where)
    return found


def test_no_module_outside_the_policy_checks_a_role():
    assert scan() == []


def test_the_scan_finds_each_kind_of_offence():
    source = (
        "from coop.core.permissions import Role, has_role, get_for\n"
        "BOARD = (Role.SECRETARY, Role.BOARD_MEMBER)\n"
        "ANY = tuple(Role)\n"
        "def view(user, org, qs):\n"
        "    if permissions.roles_of(user, org) & {Role.MEMBER}:\n"
        "        return get_for(user, qs, [Role.SECRETARY])\n"
        "    return has_role(user, org)\n"
        "def fine(user, org):\n"
        '    grants = [("sian@example.org", Role.SECRETARY)]  # data for a grant, no decision\n'
        "    return can_view_register(user, org) and Role.MEMBER.label\n"
    )

    assert offences(source, "x.py") == [
        "x.py:2: holds a tuple of roles",
        "x.py:3: holds tuple(Role)",
        "x.py:5: calls roles_of()",
        "x.py:5: holds a set of roles",
        "x.py:6: calls get_for()",
        "x.py:6: holds a list of roles",
        "x.py:7: calls has_role()",
    ]


def test_every_app_has_one_policy():
    assert all(path.exists() for path in POLICIES.values())
    assert all(
        not ((ROOT / app / "permissions.py").is_file() and (ROOT / app / "permissions").is_dir())
        for app in APPS
    )
