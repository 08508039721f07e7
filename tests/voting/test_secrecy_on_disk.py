"""What a closed secret ballot leaves on disk, read as whoever holds the database files would:
every tuple of the paper, key, participation and receipt tables, dead ones included
(PostgreSQL's pageinspect). See docs/threat-model.md."""

from __future__ import annotations

import base64
import itertools
import struct

import pytest
from django.db import connection, transaction

from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import sealing, services
from voting.models import BallotKey
from voting.services import papers

VOTERS = 12
TABLES = (
    "voting_ballotpaper",
    "voting_countedpaper",
    "voting_ballotkey",
    "voting_participation",
    "voting_receipt",
)


def tuples(table: str) -> list[tuple[int, bytes]]:
    """(xmin, raw data) of every tuple in every page of `table`, dead or alive."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t_xmin::text::bigint, t_data FROM generate_series(0, "
            "(pg_relation_size(%s::regclass) / current_setting('block_size')::int)::int - 1) "
            "AS page, heap_page_items(get_raw_page(%s, page)) WHERE t_data IS NOT NULL",
            [table, table],
        )
        return [(xmin, bytes(data)) for xmin, data in cursor.fetchall()]


def sealed_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits "
            "WHERE inhparent = 'voting_sealedpaper'::regclass"
        )
        return [row[0] for row in cursor.fetchall()]


def plaintext_forms(ranking: list[int]) -> list[bytes]:
    """The ways a ranking could stand in a tuple in clear: JSON text, and integers in a row."""
    return [
        str(ranking).encode(),
        ",".join(map(str, ranking)).encode(),
        struct.pack(f"<{len(ranking)}q", *ranking),
        struct.pack(f"<{len(ranking)}i", *ranking),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_plaintext_choice_stands_in_a_voters_tuple_and_the_sealed_papers_stay_shut(
    organisation, settings
):
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    voters = [mf.member(organisation) for _ in range(VOTERS)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.stv(ballot, candidates=("A", "B", "C", "D", "E"), seats=1)
    ballot = vf.open_ballot(ballot)
    ids = vf.options(question)
    rankings = [[ids[c] for c in p] for p in itertools.islice(itertools.permutations("ABCDE"), 12)]
    for voter, ranking in zip(voters, rankings, strict=True):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={question.pk: ranking},
            channel="room",
            actor=None,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text::bigint FROM voting_participation "
            "WHERE ballot_id = %s AND has_voted",
            [ballot.pk],
        )
        voter_xmins = {row[0] for row in cursor.fetchall()}
    assert len(voter_xmins) == VOTERS
    # While open, the reader sees each vote's sealed paper under its voter's transaction id
    # (so the checks below can fail), and no ranking in clear.
    sealed_while_open = [(xmin, data) for table in sealed_tables() for xmin, data in tuples(table)]
    assert {xmin for xmin, _data in sealed_while_open} >= voter_xmins
    wrapped = bytes(BallotKey.objects.get(ballot=ballot).wrapped)
    backup = vf.sealed_rows(ballot)  # a copy of the sealed papers taken while open
    assert len(backup) == VOTERS

    services.ballot_close(ballot=ballot, actor=None)

    forms = [form for ranking in rankings for form in plaintext_forms(ranking)]
    on_disk = {table: tuples(table) for table in (*TABLES, *sealed_tables())}
    assert on_disk["voting_countedpaper"], "the multiset is on disk"
    for table, rows in on_disk.items():
        for xmin, data in rows:
            if xmin not in voter_xmins:
                continue
            assert table in ("voting_participation", "voting_receipt"), table
            assert not any(form in data for form in forms), table
    # The sealed papers' partition is gone; a copy of them taken while open (a backup)
    # does not open: the live key is destroyed...
    assert BallotKey.objects.get(ballot=ballot).wrapped is None
    with transaction.atomic(), vf.refused("status", "its key has already been destroyed"):
        papers.open_sealed(ballot)
    # ...and the wrapped key left in a dead tuple of the key table opens only with the
    # key-encryption key: not for whoever holds the database alone, nor once that key has been
    # rotated out (docs/threat-model.md).
    dead_keys = [data for _xmin, data in on_disk["voting_ballotkey"] if wrapped in data]
    assert dead_keys, "the dead tuple is read"
    guessed = sealing.Sealer(ballot.pk, bytes(32))
    for sealed in backup:
        with pytest.raises(sealing.PaperUnreadable):
            guessed.open(sealed)
    kek = settings.CYD_BALLOT_KEY
    # Outside the promise: the environment's key and a copy of the database from while the
    # ballot was open together open the papers (so the rotation below is what shuts them).
    assert sealing.Sealer(ballot.pk, sealing.unwrap(ballot.pk, wrapped)).open(backup[0])
    settings.CYD_BALLOT_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
    settings.CYD_BALLOT_KEY_PREVIOUS = []
    assert kek != settings.CYD_BALLOT_KEY
    with pytest.raises(sealing.KeyUnavailable):
        sealing.unwrap(ballot.pk, wrapped)
