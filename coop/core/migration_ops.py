"""Migration operations of the kernel."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AppendOnly(migrations.operations.base.Operation):
    """Make a table append-only in the database itself.

    PostgreSQL refuses UPDATE and DELETE with a trigger (TRUNCATE, used only by the test
    runner's flush, is not a row operation). SQLite refuses UPDATE; its DELETE stays open
    because Django's test flush deletes rows one table at a time.

    SQLite drops a table's triggers when a migration rebuilds the table (to alter a column or
    add a check constraint): a migration that does so on an append-only table ends with this
    operation again. It replaces a trigger already there, so it is safe on every database.
    With `restore=True` it only puts a lost trigger back, and leaves it when migrated backwards.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, *, restore: bool = False) -> None:
        self.model_name = model_name
        self.restore = restore

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _table(self, app_label: str, state: Any) -> str:
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        table = self._table(app_label, to_state)
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(
                f"""
                CREATE OR REPLACE FUNCTION cyd_refuse_change() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION 'table %% is append-only: %% refused', TG_TABLE_NAME, TG_OP
                        USING ERRCODE = 'integrity_constraint_violation';
                END; $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS {table}_append_only ON {table};
                CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION cyd_refuse_change();
                """
            )
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")
            schema_editor.execute(
                f"""
                CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, 'table {table} is append-only: UPDATE refused'); END;
                """
            )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if self.restore:
            return
        table = self._table(app_label, from_state)
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")

    def describe(self) -> str:
        return f"Make {self.model_name} append-only" + (" again" if self.restore else "")

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"restore": True} if self.restore else {}
        path = f"{self.__class__.__module__}.{self.__class__.__qualname__}"
        return (path, [self.model_name], kwargs)
