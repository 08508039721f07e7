"""Where the tests' reference data lives: `tests/fixtures/reference/` in the repository (see
its README), so that a fresh clone needs nothing else."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "fixtures" / "reference"


def find_shared_data() -> Path:
    return REFERENCE


def shared_data() -> Path:
    """The reference data folder."""
    return REFERENCE


def ocds_schema_path() -> Path:
    """The OCDS 1.1.5 release schema with the bids, lots and subcontracting extensions (the
    copy Cyd validates against at run time)."""
    return ROOT / "tendering" / "schema" / "release-schema-1.1.5+bids+lots+subcontracting.json"


def edinburgh_dir() -> Path:
    return REFERENCE / "stv" / "edinburgh-2017"
