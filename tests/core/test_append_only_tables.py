"""Append-only tables (the share ledger, the audit trail, register inspections, answer
versions) stay append-only in the database after every migration has run.

SQLite rebuilds a table to alter a column or add a check constraint, and the rebuild drops the
table's triggers: a later migration can silently take the ledger's protection away. So the
SQLite test migrates a fresh database from nothing, as `migrate` does for a new co-op, and
tries the writes there; the PostgreSQL test reads the triggers of the suite's own migrated
database and tries the writes on the ledger."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from coop.core.models import AppendOnlyModel
from membership.models import ShareTransaction
from tests.factories import membership as mf

ROOT = Path(__file__).resolve().parents[2]


def _append_only_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.proxy
    )


def test_the_append_only_models_are_the_ones_the_trust_rests_on():
    assert _append_only_tables() == [
        "core_auditevent",
        "membership_registerinspection",
        "membership_sharetransaction",
        "tendering_answerversion",
    ]


def _a_value(declared_type: str) -> object:
    kind = declared_type.lower()
    if any(word in kind for word in ("int", "bool", "decimal", "real")):
        return 1
    if "datetime" in kind:
        return "2024-01-01 00:00:00"
    if "date" in kind:
        return "2024-01-01"
    return "x"


def _open_copy(migrated: Path, tmp_path: Path) -> sqlite3.Connection:
    """A copy of the migrated database for one test, with foreign keys and checks off."""
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(migrated, copy)
    db = sqlite3.connect(copy)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA ignore_check_constraints = ON")
    return db


def _insert_one_row(db: sqlite3.Connection, table: str) -> int:
    """A row with every NOT NULL column filled; foreign keys and checks are not the point."""
    columns = [
        (name, declared)
        for _cid, name, declared, notnull, default, pk in db.execute(f"PRAGMA table_info({table})")
        if (notnull or pk) and default is None and name != "id"
    ]
    names = ", ".join(['"id"', *(f'"{name}"' for name, _ in columns)])
    marks = ", ".join("?" * (len(columns) + 1))
    values = [1, *(_a_value(declared) for _, declared in columns)]
    db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
    db.commit()
    return 1


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database migrated from nothing by `manage.py migrate`, in its own process."""
    path = tmp_path_factory.mktemp("sqlite") / "cyd.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "coop.settings_test",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return path


def test_after_migrate_on_sqlite_every_append_only_table_refuses_an_update(
    migrated_sqlite, tmp_path
):
    db = _open_copy(migrated_sqlite, tmp_path)
    triggers = {
        name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    for table in _append_only_tables():
        assert f"{table}_append_only" in triggers, f"{table} lost its trigger in a migration"
        row = _insert_one_row(db, table)
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            db.execute(f"UPDATE {table} SET id = id WHERE id = ?", [row])
        db.rollback()
    db.close()


def test_after_migrate_on_sqlite_the_share_ledger_refuses_a_raw_update(migrated_sqlite, tmp_path):
    db = _open_copy(migrated_sqlite, tmp_path)
    table = ShareTransaction._meta.db_table
    row = _insert_one_row(db, table)
    with pytest.raises(sqlite3.IntegrityError, match="append-only: UPDATE refused"):
        db.execute(f"UPDATE {table} SET shares = 99 WHERE id = ?", [row])
    db.rollback()
    assert db.execute(f"SELECT shares FROM {table} WHERE id = ?", [row]).fetchone() == (1,)
    db.close()


@pytest.mark.postgres
@pytest.mark.django_db
def test_after_migrate_on_postgresql_every_append_only_table_has_its_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname, t.tgenabled, t.tgtype FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
        )
        triggers = {table: (name, enabled, kind) for table, name, enabled, kind in cursor}
    for table in _append_only_tables():
        name, enabled, kind = triggers[table]
        assert name == f"{table}_append_only"
        assert enabled == "O"  # fires in every session
        # tgtype bits: 1 row, 2 before, 8 delete, 16 update.
        assert kind & (1 | 2 | 8 | 16) == 1 | 2 | 8 | 16, table


@pytest.mark.postgres
def test_after_migrate_on_postgresql_the_share_ledger_refuses_update_and_delete(organisation):
    entry = ShareTransaction.objects.get(member=mf.member(organisation), kind="allotment")
    table = ShareTransaction._meta.db_table
    for statement in (
        f"UPDATE {table} SET shares = 5 WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    entry.refresh_from_db()
    assert entry.shares == 1
