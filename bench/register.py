"""Benchmark: the register of 100,000 members with 1,000,000 ledger entries.

Set-up (not measured): three organisations built through the services (rules, three member
classes, two share classes), then members and years of ledger history written with
PostgreSQL's COPY: per member an allotment and payment of the membership share, two rounds of
investor shares with payments, interest credited as shares, a transfer to the next member (and
one from the previous), and a withdrawal: ten entries each.

The current holdings are summed from the ledger after the COPY (as the migration that made
the table did), and the tables are vacuumed and analysed, as the import does after a bulk load.

Measured:
- `register_as_of_s`: materialising every row of `selectors.register_as_of(org, today)`, and
  `register_as_of_past_s` as at `PAST` (31 December 2022); `*_baseline_s` the same through the
  path before the current-holdings table (`bench/register_baseline.py`: the ledger summed up to
  the date), in the same run, after one unmeasured pass of each, and `*_ratio` = baseline / new.
  Both paths must give the same rows;
- `csv_export_s`, `csv_peak_mb`: streaming `exports.register_csv_lines` of the whole register to
  /dev/null (time without tracing; peak traced memory with tracemalloc in a second pass; the
  growth of the process's maximum RSS is reported too);
- `list_queries_small` / `list_queries_large`: SQL queries of one GET of the API member list
  (`/api/v1/organisations/{slug}/members/`) at 100 and at 100,000 members;
- `pdf_1000_s`: `documents.register_pdf` of a 1,000-member organisation (chunked renderer),
  with `pdf_1000_baseline_s`, the single-process path before it, in the same run
  (`bench/register_pdf.py`; `python -m bench register pdf` runs this part alone).
`python -m bench register asof` runs only the register as at a date.

`*_cpu_s` give this process's CPU time for the same work (the database's is not included), and
`load_avg_1m` the machine's load when the benchmark finished: on a busy machine wall-clock times
grow with the load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import resource
import time
import tracemalloc
import uuid
import zlib
from decimal import Decimal
from typing import Any

from bench._setup import django_setup, log

MEMBERS = 100_000
SMALL = 100
PDF_MEMBERS = 1_000
SEED = 20250401
FOUNDED = dt.date(2015, 4, 1)
#: The register as at a past date: the end of the year the last member joined, when about
#: 180,000 of the 1,000,000 entries (a transfer, interest, a withdrawal...) are still to come.
PAST = dt.date(2022, 12, 31)


def make_cooperative(slug: str, name: str) -> Any:
    """An organisation like the test suite's: rules, three member classes, two share classes."""
    from membership import services
    from membership.models import Organisation

    org = services.organisation_create(
        slug=slug,
        name=name,
        name_cy=f"{name} (cy)",
        kind=Organisation.Kind.COOPERATIVE,
        registered_office="1 Heol y Bont\nMachynlleth\nSY20 8AA",
        registered_on=FOUNDED,
        registered_number=f"RS{zlib.crc32(slug.encode()) % 1_000_000:06d}",
        actor=None,
    )
    services.rules_version_create(
        organisation=org,
        effective_from=FOUNDED,
        title="Rules as registered",
        rule_numbers={"minimum_shares": "9", "individual_cap_pence": "12"},
        quorum_members=3,
        quorum_percent=Decimal("10"),
        actor=None,
    )
    membership = services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership shares",
        name_cy="Cyfranddaliadau aelodaeth",
        nominal_value_pence=100,
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    investor = services.share_class_create(
        organisation=org,
        code="investor",
        name="Investor shares",
        name_cy="Cyfranddaliadau buddsoddi",
        nominal_value_pence=100,
        is_withdrawable=True,
        is_transferable=True,
        minimum_shares=0,
        maximum_shares=None,
        actor=None,
    )
    for position, (code, label, share) in enumerate(
        [
            ("users", "Service users and carers", Decimal("40")),
            ("workers", "Workers", Decimal("40")),
            ("supporters", "Supporters", None),
        ]
    ):
        services.member_class_create(
            organisation=org,
            code=code,
            name=label,
            name_cy=f"{label} (cy)",
            position=position,
            vote_share_percent=share,
            share_classes=[membership, investor],
            actor=None,
        )
    return org


def _copy(model: Any, rows: Any, fixed: dict[str, Any]) -> int:
    """COPY rows into the model's table. Each row is a dict of attnames; `fixed` and the
    fields' defaults fill in the rest."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(fixed)
    names = [f.attname for f in fields]
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    count = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[n] if n in row else defaults[n] for n in names])
            count += 1
    return count


def build_members(org: Any, count: int, seed: int = SEED) -> int:
    """`count` members of `org` with ten ledger entries each (COPY). Returns entries written."""
    from django.db import connection
    from django.utils import timezone

    from coop.core.maintenance import vacuum_analyze
    from membership.models import CurrentHolding, Member, Organisation, ShareTransaction

    rng = random.Random(seed + org.pk)
    now = timezone.now()
    classes = list(org.member_classes.values_list("pk", flat=True))
    shares = dict(org.share_classes.values_list("code", "pk"))
    span = (dt.date(2022, 12, 31) - FOUNDED).days
    entered = [FOUNDED + dt.timedelta(days=rng.randrange(span)) for _ in range(count)]

    def members() -> Any:
        for i in range(count):
            ceased = rng.random() < 0.03
            yield {
                "number": i + 1,
                "name": f"Member {i + 1:06d} {rng.choice(['Jones', 'Evans', 'Hughes', 'Rees'])}",
                "kind": "person",
                "member_class_id": classes[i % len(classes)],
                "status": "ceased" if ceased else "active",
                "entered_on": entered[i],
                "ceased_on": entered[i] + dt.timedelta(days=1000) if ceased else None,
                "ceased_reason": "withdrawal" if ceased else "",
                "postal_address": f"{i % 300 + 1} Stryd Fawr\nAberystwyth",
                "postcode": f"SY23 {i % 9 + 1}AA",
                "email": f"member{i + 1}@example.org",
                "email_for_notices": True,
                "email_for_ballots": True,
                "preferred_language": "cy" if i % 4 == 0 else "en-gb",
            }

    common = {"organisation_id": org.pk, "created_at": now, "updated_at": now}
    _copy(Member, members(), common)
    ids = dict(
        Member.objects.filter(organisation=org).values_list("number", "id").order_by("number")
    )
    Organisation.objects.filter(pk=org.pk).update(next_member_number=count + 1)

    def entries() -> Any:
        membership, investor = shares["membership"], shares["investor"]
        for i in range(count):
            member, day = ids[i + 1], entered[i]
            first, second = rng.randint(5, 200), rng.randint(1, 100)
            history = [
                ("allotment", membership, 1, 0, day),
                ("payment", membership, 0, 100, day),
                ("allotment", investor, first, 0, day + dt.timedelta(days=30)),
                ("payment", investor, 0, first * 100, day + dt.timedelta(days=30)),
                ("allotment", investor, second, 0, day + dt.timedelta(days=400)),
                ("payment", investor, 0, second * 100, day + dt.timedelta(days=400)),
                ("interest", investor, 1, 100, day + dt.timedelta(days=700)),
                ("withdrawal", investor, -1, -100, day + dt.timedelta(days=900)),
            ]
            for kind, share_class, number, paid, effective in history:
                yield {
                    "member_id": member,
                    "share_class_id": share_class,
                    "kind": kind,
                    "shares": number,
                    "paid_pence": paid,
                    "effective_on": effective,
                }
            # A transfer of one investor share to the next member (the last to the first).
            j = (i + 1) % count
            group = uuid.UUID(int=rng.getrandbits(128))
            when = max(day, entered[j]) + dt.timedelta(days=800)
            for kind, owner, other, sign in (
                ("transfer_out", member, ids[j + 1], -1),
                ("transfer_in", ids[j + 1], member, 1),
            ):
                yield {
                    "member_id": owner,
                    "share_class_id": investor,
                    "kind": kind,
                    "shares": sign,
                    "paid_pence": sign * 100,
                    "effective_on": when,
                    "counterparty_id": other,
                    "transfer_group": group,
                }

    written = _copy(ShareTransaction, entries(), {"organisation_id": org.pk, "recorded_at": now})
    # COPY goes round the ledger services: the current holdings are summed from the ledger
    # as the migration that made the table did, then the bulk load is vacuumed and analysed.
    holdings, ledger = CurrentHolding._meta.db_table, ShareTransaction._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {holdings} (organisation_id, member_id, share_class_id, shares, "
            f"paid_pence) SELECT organisation_id, member_id, share_class_id, SUM(shares), "
            f"SUM(paid_pence) FROM {ledger} WHERE organisation_id = %s "
            f"GROUP BY organisation_id, member_id, share_class_id",
            [org.pk],
        )
    assert vacuum_analyze(Member, ShareTransaction, CurrentHolding)
    return written


def _secretary(org: Any, email: str) -> Any:
    from coop.core.models import User
    from coop.core.permissions import Role
    from coop.core.services import role_grant

    user = User.objects.create_user(email=email, password=None, full_name="Bench Secretary")
    role_grant(organisation=org, user=user, role=Role.SECRETARY, actor=None)
    return user


def list_queries(org: Any, user: Any) -> tuple[str, int]:
    """Queries of one GET of the API member list (after one warm-up request)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    url = f"/api/v1/organisations/{org.slug}/members/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return url, len(queries)


def _timed_rows(rows: Any) -> tuple[str, int, float, float]:
    """Materialise every row (timed), then fingerprint them and let them go, so that the next
    measurement does not share the process with them (the garbage collector would walk them)."""
    start, cpu = time.perf_counter(), time.process_time()
    materialised = list(rows)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    digest = hashlib.sha256()
    for row in materialised:
        digest.update(repr(_comparable(row)).encode())
    return digest.hexdigest(), len(materialised), wall, cpu


def _comparable(row: Any) -> tuple[Any, ...]:
    return (
        row.number,
        row.name,
        row.kind,
        row.member_class,
        row.email_purposes,
        row.entered_on,
        row.ceased_on,
        str(row.status),
        sorted((pk, h.shares, h.paid_pence) for pk, h in row.holdings.items()),
    )


def as_of_figures(org: Any, day: dt.date, key: str) -> dict[str, Any]:
    """Every row of the register as at `day` through `selectors.register_as_of` (`KEY_s`) and
    through the path before the current holdings (`KEY_baseline_s`, `bench.register_baseline`),
    after one unmeasured pass of each; both must give the same rows."""
    from bench import register_baseline
    from membership.selectors import register_as_of

    list(register_as_of(org, day).rows)
    list(register_baseline.register_rows(org, day))
    new, count, wall, cpu = _timed_rows(register_as_of(org, day).rows)
    old, old_count, old_wall, old_cpu = _timed_rows(register_baseline.register_rows(org, day))
    assert count == old_count == MEMBERS
    assert new == old, "the register as at a date differs from the baseline's"
    figures = {
        f"{key}_s": round(wall, 3),
        f"{key}_cpu_s": round(cpu, 3),
        f"{key}_baseline_s": round(old_wall, 3),
        f"{key}_baseline_cpu_s": round(old_cpu, 3),
        f"{key}_ratio": round(old_wall / wall, 2),
    }
    log(f"{key} ({day}): {figures[f'{key}_s']} s, baseline {figures[f'{key}_baseline_s']} s")
    return figures


def run_as_of_only() -> dict[str, Any]:
    """Only the register as at a date (today and `PAST`), against the baseline."""
    django_setup()
    from django.utils import timezone

    large = make_cooperative("bench-large", "Bench Large Co-operative")
    build_members(large, MEMBERS)
    figures = as_of_figures(large, timezone.localdate(), "register_as_of")
    figures.update(as_of_figures(large, PAST, "register_as_of_past"))
    figures["load_avg_1m"] = round(os.getloadavg()[0], 1)
    return figures


def run_pdf_only() -> dict[str, Any]:
    """Only the register PDF figures (a 1,000-member organisation)."""
    django_setup()
    from django.utils import timezone

    from bench import register_pdf

    pdf_org = make_cooperative("bench-pdf", "Bench PDF Co-operative")
    build_members(pdf_org, PDF_MEMBERS)
    figures = register_pdf.measure(pdf_org, timezone.localdate(), PDF_MEMBERS)
    figures["load_avg_1m"] = round(os.getloadavg()[0], 1)
    return figures


def run(part: str = "all") -> dict[str, Any]:
    if part == "pdf":
        return run_pdf_only()
    if part == "asof":
        return run_as_of_only()
    django_setup()
    from django.conf import settings
    from django.utils import timezone

    from bench import register_pdf
    from membership.exports import register_csv_lines
    from membership.selectors import register_as_of

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    figures: dict[str, Any] = {}
    start = time.perf_counter()
    large = make_cooperative("bench-large", "Bench Large Co-operative")
    entries = build_members(large, MEMBERS)
    elapsed = time.perf_counter() - start
    log(f"set-up: {MEMBERS} members, {entries} ledger entries in {elapsed:.1f} s")
    small = make_cooperative("bench-small", "Bench Small Co-operative")
    build_members(small, SMALL)
    pdf_org = make_cooperative("bench-pdf", "Bench PDF Co-operative")
    build_members(pdf_org, PDF_MEMBERS)
    today = timezone.localdate()

    figures.update(as_of_figures(large, today, "register_as_of"))
    figures.update(as_of_figures(large, PAST, "register_as_of_past"))

    with open(os.devnull, "w", encoding="utf-8") as sink:
        start, cpu = time.perf_counter(), time.process_time()
        lines = 0
        for line in register_csv_lines(register_as_of(large, today)):
            sink.write(line)
            lines += 1
        figures["csv_export_s"] = round(time.perf_counter() - start, 3)
        figures["csv_export_cpu_s"] = round(time.process_time() - cpu, 3)
        assert lines == MEMBERS + 1
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        for line in register_csv_lines(register_as_of(large, today)):
            sink.write(line)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["csv_peak_mb"] = round(peak / 1024 / 1024, 1)
    figures["csv_rss_growth_mb"] = round((rss_after - rss_before) / 1024, 1)  # ru_maxrss in KiB
    log(f"csv: {figures['csv_export_s']} s, traced peak {figures['csv_peak_mb']} MB")

    url, figures["list_queries_small"] = list_queries(small, _secretary(small, "s@bench.test"))
    _url, figures["list_queries_large"] = list_queries(large, _secretary(large, "l@bench.test"))
    figures["list_endpoint"] = url.replace(small.slug, "{slug}")
    log(f"list queries: {figures['list_queries_small']} / {figures['list_queries_large']}")

    figures.update(register_pdf.measure(pdf_org, today, PDF_MEMBERS))
    # Other work on the machine slows every figure: the process's own CPU time is shown too.
    figures["load_avg_1m"] = round(os.getloadavg()[0], 1)
    return figures


if __name__ == "__main__":
    print(run())
