"""Put back the append-only trigger of register inspections on SQLite.

0002 altered `RegisterInspection.user`, and SQLite alters a column by rebuilding the table,
which dropped the trigger that 0001 created: on SQLite an inspection of the register could be
rewritten after the fact. PostgreSQL kept its trigger; this replaces it with the same one."""

from django.db import migrations

import coop.core.migration_ops


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0005_rules_date_windows_overridable"),
    ]

    operations = [
        coop.core.migration_ops.AppendOnly("registerinspection", restore=True),
    ]
