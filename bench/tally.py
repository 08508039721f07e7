"""Benchmark: close and tally 1,000,000 secret papers with class weights; count an STV
election of 100,000 papers (12 candidates, 4 seats) from the database.

Setup (not timed) writes the rows in bulk with SQL: an organisation with three member
classes (workers hold a fixed 50% of the vote, users and supporters share the rest), one
member, participation, sealed paper and receipt per voter. Timed:

- `tally_s`: `voting.services.ballot_close` — opening every sealed paper in memory, the
  checks, writing the multiset, counting by the rules (class weights), destroying the key
  and dropping the ballot's partition.
- `unseal_loop_s`: the bare unseal loop (decrypt and count equal plaintexts) over the
  papers already fetched, timed apart before the close.
- `stv_s`: `voting.counting.count_stv` on a question with 100,000 papers counted in the
  database (reading the multiset and the Scottish STV count).

Usage: `python -m bench tally [VOTERS] [STV_PAPERS]`. Progress on stderr; the last line of
stdout is `{"tally_s": …, "stv_s": …}`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench._setup import django_setup, log

VOTERS = 1_000_000
STV_PAPERS = 100_000
STV_CANDIDATES = 12
STV_SEATS = 4
CLASSES = (
    # code, name, fixed share of the vote (%), share of the members (per 10 members)
    ("workers", "Workers", Decimal("50"), 1),
    ("users", "Service users and carers", None, 4),
    ("supporters", "Supporters", None, 5),
)


def make_organisation(slug: str) -> Any:
    """An organisation with rules, a qualifying share class and the three member classes."""
    from membership import services as ms

    founded = dt.date(2015, 4, 1)
    org = ms.organisation_create(
        slug=slug,
        name=f"Bench {slug}",
        registered_on=founded,
        registered_office="1 Heol y Bont\nMachynlleth",
        registered_number=f"RS{abs(hash(slug)) % 10**6:06d}",
        actor=None,
    )
    ms.rules_version_create(organisation=org, effective_from=founded, title="Rules", actor=None)
    share = ms.share_class_create(
        organisation=org,
        code="membership",
        name="Membership",
        nominal_value_pence=100,
        is_withdrawable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    for position, (code, name, fixed, _tenths) in enumerate(CLASSES):
        ms.member_class_create(
            organisation=org,
            code=code,
            name=name,
            position=position,
            vote_share_percent=fixed,
            share_classes=[share],
            actor=None,
        )
    return org


def class_case(column: str, org: Any) -> str:
    """SQL: the member class id of member number `column` (1 in 10 workers, 4 users, 5
    supporters)."""
    ids = {c.code: c.pk for c in org.member_classes.all()}
    bounds, start, parts = [], 0, []
    for code, _name, _fixed, tenths in CLASSES:
        bounds.append((start, start + tenths, ids[code]))
        start += tenths
    for low, high, pk in bounds:
        parts.append(f"WHEN {column} %% 10 >= {low} AND {column} %% 10 < {high} THEN {pk}")
    return "CASE " + " ".join(parts) + " END"


def bulk_members(org: Any, count: int) -> None:
    """Members 1..count of `org`, entered 2020-01-06, active (one INSERT … SELECT)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO membership_member (
                organisation_id, number, kind, name, member_class_id, status, entered_on,
                ceased_reason, ceased_note, postal_address, postcode, email,
                email_for_notices, email_for_ballots, email_for_news, phone,
                preferred_language, is_registered_society, suspended_reason,
                created_at, updated_at)
            SELECT %s, g, 'person', 'Member ' || g, {class_case("g", org)}, 'active',
                   DATE '2020-01-06', '', '', g || ' Stryd Fawr' || chr(10) || 'Aberystwyth',
                   'SY23 1AA', 'member' || g || '@example.org', true, true, false, '',
                   'en-gb', false, '', now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [org.pk, count],
        )
        cursor.execute(
            "UPDATE membership_organisation SET next_member_number = %s WHERE id = %s",
            [count + 1, org.pk],
        )


def open_resolution_ballot(org: Any, title: str) -> tuple[Any, Any]:
    """A secret ballot of one ordinary resolution, opened by hand (its electorate is written
    in bulk by the caller, so `ballot_open` is not used)."""
    from django.utils import timezone

    from membership.models import ResolutionType
    from voting import services
    from voting.models import Ballot

    ballot = services.ballot_create(
        organisation=org, title=title, record_date=dt.date(2024, 1, 1), actor=None
    )
    question = services.question_add(
        ballot=ballot,
        kind="resolution",
        text="Adopt the plan?",
        resolution_type=ResolutionType.objects.get(
            rules_version__organisation=org, code="ordinary"
        ),
        actor=None,
    )
    Ballot.objects.filter(pk=ballot.pk).update(
        status="open",
        rules_version=org.rules_versions.get(),
        stv_seed="bench",
        opened_at=timezone.now(),
    )
    ballot.refresh_from_db()
    return ballot, question


def cast_in_bulk(ballot: Any, question: Any) -> dict[str, int]:
    """Every member votes (online): participation flipped, one paper, one receipt. Workers
    lean for, the others against; returns the raw counts by option code."""
    from django.db import connection

    options = {o.code: o.pk for o in question.options.all()}
    workers = ballot.organisation.member_classes.get(code="workers").pk
    choice = f"""CASE
        WHEN m.member_class_id = {workers} THEN
            CASE WHEN h < 70 THEN {options["for"]} WHEN h < 95 THEN {options["against"]}
                 ELSE {options["abstain"]} END
        ELSE CASE WHEN h < 40 THEN {options["for"]} WHEN h < 88 THEN {options["against"]}
                  WHEN h < 97 THEN {options["abstain"]} END
        END"""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO voting_participation (ballot_id, member_id, member_class_id,
                is_eligible, ineligible_reason, has_voted, voted_on, channel,
                created_at, updated_at)
            SELECT %s, id, member_class_id, true, '', true, DATE '2024-02-01', 'online',
                   now(), now()
            FROM membership_member WHERE organisation_id = %s ORDER BY number
            """,
            [ballot.pk, ballot.organisation_id],
        )
        cursor.execute(
            f"""
            SELECT member_class_id, {choice} AS opt
            FROM (SELECT number, member_class_id, abs(hashtext('vote' || number)) %% 100 AS h
                  FROM membership_member WHERE organisation_id = %s) AS m
            ORDER BY number
            """,
            [ballot.organisation_id],
        )
        votes = cursor.fetchall()
    seal_in_bulk(ballot, question, votes)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO voting_receipt (id, ballot_id, code)
            SELECT gen_random_uuid(), %s,
                   substr(c, 1, 5) || '-' || substr(c, 6, 5)
            FROM (SELECT upper(lpad(to_hex(number::bigint * 7919), 10, '0')) AS c, number
                  FROM membership_member WHERE organisation_id = %s) AS r
            ORDER BY number
            """,
            [ballot.pk, ballot.organisation_id],
        )
    codes = {pk: code for code, pk in options.items()}
    raw: dict[str, int] = {}
    for _class_id, opt in votes:
        code = codes[opt] if opt is not None else "blank"
        raw[code] = raw.get(code, 0) + 1
    return raw


def seal_in_bulk(ballot: Any, question: Any, votes: list[tuple[int, int | None]]) -> None:
    """One sealed paper per vote, as `ballot_cast` seals it, copied into the ballot's
    partition in the order of casting."""
    import uuid

    from django.db import connection

    from voting import sealing
    from voting.models import BallotKey

    key = BallotKey.objects.get(ballot=ballot)
    assert key.wrapped is not None
    sealer = sealing.Sealer(ballot.pk, sealing.unwrap(ballot.pk, bytes(key.wrapped)))
    plain = {
        (c, opt): sealing.encode(
            sealing.Content(c, {question.pk: [opt] if opt else []}), key.paper_length
        )
        for c, opt in set(votes)
    }
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy("COPY voting_sealedpaper (id, ballot_id, sealed) FROM STDIN") as copy,
    ):
        for c, opt in votes:
            copy.write_row((uuid.uuid4(), ballot.pk, sealer.seal(plain[(c, opt)])))


def unseal_loop_s(ballot: Any) -> float:
    """The bare unseal loop (decrypt and count equal plaintexts), on papers already fetched."""
    from voting import sealing
    from voting.models import BallotKey, SealedPaper

    key = BallotKey.objects.get(ballot=ballot)
    assert key.wrapped is not None
    sealer = sealing.Sealer(ballot.pk, sealing.unwrap(ballot.pk, bytes(key.wrapped)))
    rows = [
        bytes(s) for s in SealedPaper.objects.filter(ballot=ballot).values_list("sealed", flat=True)
    ]
    before = time.perf_counter()
    sealer.open_all(rows)
    return time.perf_counter() - before


def stv_papers(question: Any, count: int) -> None:
    """`count` papers ranking the question's candidates (the rankings of `bench.stv_bench`),
    as the close writes them: the multiset of distinct rankings."""
    from bench.stv_bench import make_ballots
    from voting.models import CountedPaper

    candidates = [o.pk for o in question.options.order_by("position")]
    grouped: dict[tuple[int, ...], int] = {}
    for b in make_ballots(count, len(candidates)):
        ranking = tuple(candidates[i] for i in b.preferences)
        grouped[ranking] = grouped.get(ranking, 0) + b.weight
    CountedPaper.objects.bulk_create(
        [
            CountedPaper(ballot_id=question.ballot_id, question=question, choices=list(r), count=n)
            for r, n in grouped.items()
        ],
        batch_size=5000,
    )


class StatementTimes:
    """Times each SQL statement run through Django (for the breakdown on stderr)."""

    def __init__(self) -> None:
        self.rows: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.rows.append((time.perf_counter() - start, " ".join(sql.split())[:110]))


def backend_cpu_s() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vacuum(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def run(voters: str | int = VOTERS, stv_count: str | int = STV_PAPERS) -> dict[str, float]:
    voters, stv_count = int(voters), int(stv_count)
    django_setup()
    from django.db import connection

    from voting import counting, services
    from voting.models import Ballot, BallotKey, CountedPaper, Question, Receipt, SealedPaper
    from voting.services import papers

    log(f"setup: {voters:,} members, participations, sealed papers and receipts")
    started = time.perf_counter()
    org = make_organisation("bench-tally")
    bulk_members(org, voters)
    ballot, question = open_resolution_ballot(org, "Bench tally")
    papers.issue_key(ballot)
    raw = cast_in_bulk(ballot, question)
    vacuum("membership_member", "voting_participation", "voting_sealedpaper", "voting_receipt")
    log(f"setup done in {time.perf_counter() - started:.1f} s; votes {raw}")
    unseal_s = unseal_loop_s(ballot)
    log(f"bare unseal loop over {voters:,} sealed papers (fetched): {unseal_s:.3f} s")

    times = StatementTimes()
    cpu = backend_cpu_s()
    before = time.perf_counter()
    with connection.execute_wrapper(times):
        services.ballot_close(ballot=ballot, actor=None)
    tally_s = time.perf_counter() - before
    cpu = backend_cpu_s() - cpu
    log(
        f"ballot_close of {voters:,} papers: {tally_s:.3f} s (PostgreSQL backend CPU "
        f"{cpu:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    for seconds, sql in sorted(times.rows, reverse=True)[:6]:
        log(f"  {seconds:7.3f} s  {sql}")
    log(
        f"  {tally_s - sum(t for t, _ in times.rows):7.3f} s  commit (deferred foreign-key "
        "checks) and Python"
    )

    question.refresh_from_db()
    result = question.result
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"
    assert result["votes"] == {
        "for": raw.get("for", 0),
        "against": raw.get("against", 0),
        "abstain": raw.get("abstain", 0),
        "blank": raw.get("blank", 0),
    }
    assert sum(CountedPaper.objects.filter(ballot=ballot).values_list("count", flat=True)) == voters
    assert not SealedPaper.objects.filter(ballot=ballot).exists()
    assert BallotKey.objects.get(ballot=ballot).wrapped is None
    assert Receipt.objects.filter(ballot=ballot).count() == voters
    log(
        f"result: {result['outcome']}; weighted {result['weighted']}; "
        f"share for {result['share_for_percent']}% (raw {raw})"
    )

    log(
        f"setup: STV election, {stv_count:,} papers, {STV_CANDIDATES} candidates, {STV_SEATS} seats"
    )
    election = services.ballot_create(
        organisation=org, title="Bench board election", record_date=dt.date(2024, 1, 1), actor=None
    )
    stv_question = services.question_add(
        ballot=election, kind="stv", text="Elect the board", seats=STV_SEATS, actor=None
    )
    for i in range(STV_CANDIDATES):
        services.option_add(question=stv_question, label=f"Candidate {i + 1}", actor=None)
    Ballot.objects.filter(pk=election.pk).update(
        status="open", stv_seed="bench", rules_version=org.rules_versions.get()
    )
    stv_papers(stv_question, stv_count)
    vacuum("voting_countedpaper")
    stv_question = Question.objects.select_related("ballot").get(pk=stv_question.pk)

    before = time.perf_counter()
    stv_result = counting.count_stv(stv_question, counting.papers_of(stv_question))
    stv_s = time.perf_counter() - before
    log(
        f"count_stv from the database: {stv_s:.3f} s; elected {stv_result['elected']} in "
        f"{len(stv_result['stages'])} stages"
    )
    assert len(stv_result["elected"]) == STV_SEATS
    return {
        "tally_s": round(tally_s, 3),
        "unseal_loop_s": round(unseal_s, 3),
        "stv_s": round(stv_s, 3),
        "load_1min": round(os.getloadavg()[0], 2),
    }
