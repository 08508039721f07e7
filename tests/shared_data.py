"""Where the project's shared reference data lives (`../shared/data/` from the project
root; the machine's /work/shared/data otherwise; CYD_SHARED_DATA overrides)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def find_shared_data() -> Path | None:
    candidates = [
        os.environ.get("CYD_SHARED_DATA"),
        ROOT.parent / "shared" / "data",
        Path("/work/shared/data"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def shared_data() -> Path:
    """The shared data folder; skips the test if it is missing (fails under CI)."""
    found = find_shared_data()
    if found is not None:
        return found
    if os.environ.get("CYD_REQUIRE_SHARED_DATA") == "1":
        pytest.fail("the shared reference data (../shared/data) is missing")
    pytest.skip("the shared reference data (../shared/data) is not on this machine")
    raise AssertionError  # unreachable


def ocds_schema_path() -> Path:
    return shared_data() / "ocds" / "release-schema-1.1.5+bids+lots+subcontracting.json"


def edinburgh_dir() -> Path:
    return shared_data() / "stv" / "edinburgh-2017"
