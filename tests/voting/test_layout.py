"""The shape of voting's code: modules under 400 lines and functions under 80 (the house
style), and the pure modules (the rules, the STV count, BLT files) free of Django, so the
count can be checked by anyone with Python alone."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AREA = [ROOT / "voting", ROOT / "api" / "voting"]
PURE = [
    ROOT / "voting" / "rules.py",
    ROOT / "voting" / "blt.py",
    *(ROOT / "voting" / "stv").glob("*.py"),
]


def sources() -> list[Path]:
    return sorted(p for area in AREA for p in area.rglob("*.py") if "migrations" not in p.parts)


def test_no_module_of_voting_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n for p in sources() if (n := p.read_text().count("\n")) > 400
    }

    assert long == {}


def test_no_function_of_voting_is_over_80_lines():
    long = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 80:
                    long.append(f"{path.relative_to(ROOT)}:{node.name} ({lines})")

    assert long == []


def test_the_rules_the_stv_count_and_blt_files_import_no_django():
    imports = {}
    for path in PURE:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] not in ("voting", "__future__") and not is_stdlib(name):
                    imports.setdefault(str(path.relative_to(ROOT)), []).append(name)

    assert imports == {}
    assert len(PURE) >= 6


def is_stdlib(name: str) -> bool:
    import sys

    return name.split(".")[0] in sys.stdlib_module_names
