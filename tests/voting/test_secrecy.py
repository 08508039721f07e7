"""Secret ballots: once closed, nothing in the database links a member to their paper.

Who voted (`Participation`) is kept apart from what was chosen. While a ballot is open, its
papers are sealed (one ciphertext per vote, sharing its transaction id with the voter's
participation: the tests below show it, so they can fail); closing opens them in memory,
writes the multiset of what was chosen in random order in a transaction of its own, and
destroys the key and the sealed rows. Receipts are not rewritten: a receipt links to no
paper, and each voter knows their own code. What is left on disk (dead tuples) is read in
`test_secrecy_on_disk`; see docs/threat-model.md.
"""

from __future__ import annotations

import itertools
import json

import pytest
from django.db import connection, models
from django_tasks_db.models import DBTaskResult

from coop.core.models import AuditEvent
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import (
    BallotKey,
    BallotPaper,
    CountedPaper,
    Participation,
    Receipt,
    SealedPaper,
)

VOTERS = 30


def counted_in_physical_order(ballot_id: int) -> list[list[int]]:
    """The counted papers in the order they lie in the table (PostgreSQL: ctid; SQLite: rowid),
    one entry per paper."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT choices, count FROM voting_countedpaper WHERE ballot_id = %s ORDER BY {order}",
            [ballot_id],
        )
        rows = cursor.fetchall()
    return [json.loads(r) if isinstance(r, str) else r for r, n in rows for _ in range(n)]


def pairs_in_casting_order(cast: list[list[int]], stored: list[list[int]]) -> int:
    """How many of the n(n-1)/2 pairs of papers lie in the order they were cast."""
    position = {tuple(choices): i for i, choices in enumerate(stored)}
    return sum(
        1 for a, b in itertools.combinations(cast, 2) if position[tuple(a)] < position[tuple(b)]
    )


@pytest.fixture
def election(organisation):
    """An open secret STV ballot (5 candidates) and 30 members on its roll, each to cast a
    different full ranking."""
    voters = [mf.member(organisation) for _ in range(VOTERS)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.stv(ballot, candidates=("A", "B", "C", "D", "E"), seats=1)
    ballot = vf.open_ballot(ballot)
    ids = vf.options(question)
    rankings = [
        [ids[c] for c in p] for p in itertools.islice(itertools.permutations("ABCDE"), 0, 120, 4)
    ][:VOTERS]
    assert len({tuple(r) for r in rankings}) == VOTERS
    return ballot, question, voters, rankings


def cast_all(ballot, question, voters, rankings) -> list[str]:
    return [
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={question.pk: ranking},
            channel="room",
            actor=None,
        )
        for voter, ranking in zip(voters, rankings, strict=True)
    ]


@pytest.mark.django_db
def test_no_table_links_a_member_to_a_closed_secret_paper(election):
    ballot, question, voters, rankings = election
    mark = mf.last_event_id()
    codes = cast_all(ballot, question, voters, rankings)
    sealed_ids = set(SealedPaper.objects.filter(ballot=ballot).values_list("id", flat=True))
    assert len(sealed_ids) == VOTERS
    # While open, no table holds a choice in clear: one ciphertext per vote.
    assert not BallotPaper.objects.filter(ballot=ballot).exists()
    assert not CountedPaper.objects.filter(ballot=ballot).exists()

    services.ballot_close(ballot=ballot, actor=None)

    # The sealed papers are gone with their key; the multiset remains.
    assert not SealedPaper.objects.filter(ballot=ballot).exists()
    assert BallotKey.objects.get(ballot=ballot).wrapped is None
    counted = vf.counted(ballot, question)
    assert sorted(choices for _class, choices in counted) == sorted(tuple(r) for r in rankings)
    assert set(counted.values()) == {1}
    # The same receipt codes are published.
    assert sorted(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True)) == sorted(
        codes
    )
    # The casts' audit events say who voted, never what, which paper or which receipt.
    events = list(AuditEvent.objects.filter(id__gt=mark, action="ballot.cast").order_by("id"))
    assert len(events) == VOTERS
    for event, voter in zip(events, voters, strict=True):
        vf.assert_cast_event(
            event,
            ballot=ballot,
            member=voter,
            channel="room",
            actor=None,
            secrets=[*sealed_ids, *codes],
        )


def test_the_schema_keeps_voters_apart_from_papers():
    # A sealed paper holds its ballot and a ciphertext, nothing else; a counted paper a
    # content and how many papers had it: no member, no time, no channel.
    sealed = {f.name for f in SealedPaper._meta.get_fields()}
    assert sealed == {"id", "ballot", "sealed"}
    counted = {f.name: f for f in CountedPaper._meta.get_fields()}
    assert set(counted) == {"id", "ballot", "question", "member_class", "choices", "count"}
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in counted.values())
    # A recorded ballot's paper: its only link to a person is `member`; no time of casting,
    # no sequential id.
    paper_fields = {f.name: f for f in BallotPaper._meta.get_fields()}
    assert set(paper_fields) == {
        "id",
        "ballot",
        "question",
        "member_class",
        "option",
        "choices",
        "channel",
        "member",
    }
    assert isinstance(paper_fields["id"], models.UUIDField)
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.AutoField)
        for f in paper_fields.values()
    )
    # A receipt has no link to a member or to a paper (and no time either).
    receipt_fields = {f.name: f for f in Receipt._meta.get_fields()}
    assert set(receipt_fields) == {"id", "ballot", "code"}
    assert receipt_fields["ballot"].related_model.__name__ == "Ballot"
    # Participation (who voted) has no link to papers or receipts.
    related = {f.related_model for f in Participation._meta.get_fields() if f.is_relation}
    assert not related & {BallotPaper, SealedPaper, CountedPaper, Receipt}


@pytest.mark.django_db
def test_counted_papers_are_not_in_the_order_they_were_cast(election):
    """Probabilistic: after close the 30 counted papers lie in a uniformly random order. For a
    random order the number of the 435 pairs still in casting order is 217.5 on average, with
    a standard deviation of about 28 (Kendall); we require fewer than 380 (5.8 standard
    deviations: a false failure about once in 10^8 runs) and more than 55 (not simply
    reversed). Fewer than 10 papers may stay where they were (a random order keeps about 1;
    10 or more: about 1 in 10^7)."""
    ballot, question, voters, rankings = election
    cast_all(ballot, question, voters, rankings)

    services.ballot_close(ballot=ballot, actor=None)

    stored = counted_in_physical_order(ballot.pk)
    assert sorted(stored) == sorted(rankings)
    assert stored != rankings
    in_order = pairs_in_casting_order(rankings, stored)
    assert 55 < in_order < 380, in_order
    kept_place = sum(1 for a, b in zip(rankings, stored, strict=True) if a == b)
    assert kept_place < 10, kept_place
    # Nor does the order of their ids follow the casting order.
    by_id = [p.choices for p in CountedPaper.objects.filter(ballot=ballot).order_by("id")]
    assert 55 < pairs_in_casting_order(rankings, by_id) < 380


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counted_papers_share_no_transaction_id_with_the_voters(election):
    """On PostgreSQL each row records the transaction that wrote it (`xmin`). A vote writes
    the sealed paper and flips the participation in one transaction, so while the ballot is
    open they share an xmin; the counted papers are written by the close."""
    ballot, question, voters, rankings = election
    cast_all(ballot, question, voters, rankings)

    def xmins(table: str) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE ballot_id = %s", [ballot.pk])
            return {row[0] for row in cursor.fetchall()}

    voted = xmins("voting_participation")
    assert xmins("voting_sealedpaper") <= voted  # while open: linked (so this test can fail)
    services.ballot_close(ballot=ballot, actor=None)
    assert xmins("voting_sealedpaper") == set()
    assert xmins("voting_countedpaper")
    assert xmins("voting_countedpaper").isdisjoint(xmins("voting_participation"))
    assert xmins("voting_countedpaper").isdisjoint(xmins("voting_receipt"))


@pytest.mark.django_db
def test_a_recorded_ballot_keeps_the_member_on_each_paper(organisation):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot, question = vf.resolution_ballot(organisation, is_secret=False)
    for voter, pick in zip(voters, ("for", "against", "abstain"), strict=True):
        vf.vote(ballot, voter, question, pick)
    services.ballot_close(ballot=ballot, actor=None)
    ids = vf.options(question)
    stored = dict(BallotPaper.objects.filter(ballot=ballot).values_list("member_id", "option_id"))
    assert stored == {
        voters[0].pk: ids["for"],
        voters[1].pk: ids["against"],
        voters[2].pk: ids["abstain"],
    }


@pytest.mark.django_db
def test_the_receipt_email_task_holds_no_paper_or_choice(
    organisation, member, member_record, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    ballot, question = vf.resolution_ballot(organisation)
    ids = vf.options(question)
    with django_capture_on_commit_callbacks(execute=True):
        code = services.ballot_cast(
            ballot=ballot,
            member=member_record,
            selections={question.pk: [ids["against"]]},
            channel="online",
            actor=member,
        )
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "voting.tasks.send_receipt_email"
    # The task knows the ballot, the member and their receipt code: nothing else.
    assert task.args_kwargs == {"args": [ballot.pk, member_record.pk, code], "kwargs": {}}
    paper = SealedPaper.objects.get(ballot=ballot)
    stored = json.dumps([task.args_kwargs, task.return_value])
    assert str(paper.pk) not in stored
    # ...and a receipt code leads to no paper: no column of either table links them.
    for model in (BallotPaper, SealedPaper, CountedPaper):
        assert not any(
            f.is_relation and f.related_model is model for f in Receipt._meta.get_fields()
        )
        assert not any(
            f.is_relation and f.related_model is Receipt for f in model._meta.get_fields()
        )


@pytest.mark.django_db
def test_a_directed_proxy_forgets_how_the_member_voted():
    plain = vf.unweighted_cooperative()
    giver, unused_giver, holder = mf.member(plain), mf.member(plain), mf.member(plain)
    ballot = vf.ballot(plain, allow_in_room=True, allow_proxy=True)
    question = vf.resolution(ballot)
    ballot = vf.open_ballot(ballot)
    against = vf.options(question)["against"]
    used = services.proxy_appoint(
        ballot=ballot,
        member=giver,
        kind="directed",
        holder=holder,
        directions={question.pk: [against]},
        actor=None,
    )
    unused = services.proxy_appoint(
        ballot=ballot,
        member=unused_giver,
        kind="directed",
        holder=holder,
        directions={question.pk: [against]},
        actor=None,
    )
    services.proxy_mark_present(proxy=used, present=True, actor=None)
    services.ballot_cast_proxy(proxy=used, actor=None)
    used.refresh_from_db()
    assert (used.status, used.directions) == ("used", {})
    assert vf.choices_cast(ballot, question) == [[against]]
    services.ballot_close(ballot=ballot, actor=None)
    unused.refresh_from_db()
    assert unused.directions == {}


@pytest.mark.django_db
def test_a_recorded_ballots_directed_proxy_keeps_its_directions():
    plain = vf.unweighted_cooperative()
    giver, holder = mf.member(plain), mf.member(plain)
    ballot = vf.ballot(plain, allow_in_room=True, allow_proxy=True, is_secret=False)
    question = vf.resolution(ballot)
    ballot = vf.open_ballot(ballot)
    yes = vf.options(question)["for"]
    proxy = services.proxy_appoint(
        ballot=ballot,
        member=giver,
        kind="directed",
        holder=holder,
        directions={question.pk: [yes]},
        actor=None,
    )
    services.proxy_mark_present(proxy=proxy, present=True, actor=None)
    services.ballot_cast_proxy(proxy=proxy, actor=None)
    services.ballot_close(ballot=ballot, actor=None)
    proxy.refresh_from_db()
    assert proxy.directions == {str(question.pk): [yes]}
    assert BallotPaper.objects.get(ballot=ballot).member_id == giver.pk
