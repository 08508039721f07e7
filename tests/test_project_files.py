"""The project's own files: licence, contributor guide, pre-commit hooks."""

from __future__ import annotations

import ast
import hashlib
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_the_licence_is_the_complete_agpl_3_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("                    GNU AFFERO GENERAL PUBLIC LICENSE\n")
    assert "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert "END OF TERMS AND CONDITIONS" in text
    # The FSF's agpl-3.0.txt, byte for byte.
    assert len(text.encode()) == 34523
    assert hashlib.md5(text.encode()).hexdigest() == "4ae09d45eac4aa08d013b5f2e01c67f6"  # noqa: S324
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "AGPL-3.0-or-later"


def test_the_pre_commit_hooks_run_ruff_from_the_version_range_of_pyproject():
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    ruff_spec = next(d for d in dev["dev"] if d.startswith("ruff"))
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}

    assert set(hooks) == {"ruff-check", "ruff-format"}
    for hook in hooks.values():
        assert hook["additional_dependencies"] == [ruff_spec]
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format")


def test_the_contributor_guide_names_the_daily_commands():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in (
        "demo",
        "test",
        "lint",
        "format",
        "typecheck",
        "layers",
        "migrations",
        "messages",
        "compilemessages",
        "worker",
    ):
        assert f"`make {target}" in guide, target
        assert f"\n{target}:" in makefile, target
    assert "python -m bench NAME" in guide
    assert "locale/cy/LC_MESSAGES/django.po" in guide


#: The app packages the size limits of the house style apply to (not tests, not migrations).
APP_PACKAGES = ("coop", "membership", "voting", "governance", "tendering", "api")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def _app_modules() -> list[Path]:
    return sorted(
        path
        for package in APP_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def test_modules_stay_under_400_lines_and_functions_under_80():
    too_long = []
    for path in _app_modules():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(source, filename=name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(
                        f"{name}:{node.lineno} {node.name}(): {length} lines "
                        f"(at most {MAX_FUNCTION_LINES})"
                    )
    assert not too_long, "Split by meaning:\n" + "\n".join(too_long)


def test_the_size_check_walks_every_app_package_and_skips_migrations():
    modules = {path.relative_to(ROOT).as_posix() for path in _app_modules()}
    for package in APP_PACKAGES:
        assert f"{package}/__init__.py" in modules
    assert "coop/demo/governance/past_agm.py" in modules
    assert not any("/migrations/" in name for name in modules)
    assert len(modules) > 200
