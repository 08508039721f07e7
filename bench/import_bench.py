"""Benchmark: a 50,000-row register spreadsheet (CSV) checked and imported, all or nothing.

The file has 40,000 members of one row and 5,000 members with two rows (membership and
investor shares), half of them numbered in the file and half numbered from the counter.
`import_s` is the time of `import_preview` (read and check every row) plus `import_commit`
(check again under the organisation's lock, then bulk-insert members, ledger entries and
audit events) on PostgreSQL. `*_cpu_s` give this process's CPU time (not the database's), and
`load_avg_1m` the machine's load: on a busy machine wall-clock times grow with the load.
"""

from __future__ import annotations

import csv
import io
import os
import random
import time
from typing import Any

from bench._setup import django_setup, log

ROWS = 50_000
DOUBLE = 5_000
SEED = 20250402
COLUMNS = [
    "member_number",
    "name",
    "kind",
    "member_class",
    "email",
    "email_for_notices",
    "email_for_ballots",
    "email_for_news",
    "postal_address",
    "postcode",
    "date_entered",
    "share_class",
    "shares",
    "amount_paid",
    "phone",
    "date_of_birth",
    "preferred_language",
]


def make_csv(rows: int = ROWS, double: int = DOUBLE, seed: int = SEED) -> bytes:
    """A clean register of `rows` rows: `double` members take two rows."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    classes = ["users", "workers", "supporters"]
    member, written = 0, 0
    while written < rows:
        member += 1
        two = member <= double
        number = str(100_000 + member) if two or member % 2 == 0 else ""
        entered = f"{rng.randint(2016, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        person = [
            number,
            f"Aelod {member} {rng.choice(['Jones', 'Evans', 'Hughes', 'Rees', 'Price'])}",
            "person",
            classes[member % 3],
            f"aelod{member}@example.org",
            "yes",
            "yes",
            "no" if member % 5 else "yes",
            f"{member % 400 + 1} Stryd Fawr, Aberystwyth",
            f"SY23 {member % 9 + 1}AA",
            entered,
        ]
        extra = ["", f"{1950 + member % 50}-0{member % 9 + 1}-15", "cy" if member % 4 else "en"]
        writer.writerow([*person, "membership", "1", "1.00", *extra])
        written += 1
        if two and written < rows:
            investor = rng.randint(1, 500)
            writer.writerow([*person, "investor", str(investor), f"{investor}.00", *extra])
            written += 1
    return out.getvalue().encode("utf-8")


def database_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (None if unreadable:
    the server must run on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run() -> dict[str, Any]:
    django_setup()
    from bench.register import make_cooperative
    from membership.models import Member, ShareTransaction
    from membership.services.imports import import_commit, import_preview

    organisation = make_cooperative("bench-import", "Bench Import Co-operative")
    content = make_csv()
    log(f"file: {ROWS} rows, {len(content) / 1024 / 1024:.1f} MB")

    db_start = database_cpu()
    start, cpu_start = time.perf_counter(), time.process_time()
    batch = import_preview(
        organisation=organisation, filename="register.csv", content=content, actor=None
    )
    checked, cpu_checked = time.perf_counter(), time.process_time()
    assert batch.problems == [], batch.problems[:5]
    imported = import_commit(batch=batch, actor=None)
    done, cpu_done = time.perf_counter(), time.process_time()
    db_done = database_cpu()
    log(f"preview {checked - start:.1f} s, commit {done - checked:.1f} s")

    assert Member.objects.filter(organisation=organisation).count() == imported
    entries = ShareTransaction.objects.filter(organisation=organisation).count()
    log(f"{imported} members, {entries} ledger entries")
    return {
        "import_rows": batch.row_count,
        "import_s": round(done - start, 3),
        "preview_s": round(checked - start, 3),
        "commit_s": round(done - checked, 3),
        "preview_cpu_s": round(cpu_checked - cpu_start, 3),
        "commit_cpu_s": round(cpu_done - cpu_checked, 3),
        "database_cpu_s": round(db_done - db_start, 3) if db_start and db_done else None,
        "members": imported,
        "load_avg_1m": round(os.getloadavg()[0], 1),
    }


if __name__ == "__main__":
    print(run())
