"""Secret ballots: once closed, nothing in the database links a member to their paper.

Who voted (`Participation`) is kept apart from what was chosen (`BallotPaper`). While a
ballot is open, a paper's physical place and transaction id still follow the order of
casting (the tests below show it, so they can fail); closing rewrites every paper in a
random order with new ids in a new transaction. Receipts are not rewritten: a receipt links
to no paper, and each voter knows their own code.

Residual risk outside the tables (documented, not tested): until PostgreSQL vacuums the
table, the dead versions of the rewritten rows stay in its files, and the write-ahead log and
backups taken while the ballot was open hold the original rows; those are protected by
database access control, not by the schema.
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
from voting.models import BallotPaper, Participation, Receipt

VOTERS = 30


def physical_order_sql() -> str:
    """Papers in the order they lie in the table (PostgreSQL: by ctid; SQLite: by rowid)."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    return f"SELECT choices FROM voting_ballotpaper WHERE ballot_id = %s ORDER BY {order}"


def papers_in_physical_order(ballot_id: int) -> list[list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(physical_order_sql(), [ballot_id])
        rows = [row[0] for row in cursor.fetchall()]
    return [json.loads(r) if isinstance(r, str) else r for r in rows]


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
    before_ids = set(BallotPaper.objects.filter(ballot=ballot).values_list("id", flat=True))
    assert len(before_ids) == VOTERS

    services.ballot_close(ballot=ballot, actor=None)

    papers = list(BallotPaper.objects.filter(ballot=ballot))
    assert len(papers) == VOTERS
    assert all(p.member_id is None for p in papers)
    # Every paper has a new id: none can be matched with an id seen while open.
    after_ids = {p.pk for p in papers}
    assert after_ids.isdisjoint(before_ids)
    # The same choices were counted, and the same receipt codes published.
    assert sorted(p.choices for p in papers) == sorted(rankings)
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
            secrets=[*before_ids, *after_ids, *codes],
        )


def test_the_schema_keeps_voters_apart_from_papers():
    # A paper's only link to a person is `member`, filled on recorded ballots only; it has no
    # time of casting and no sequential id.
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
    assert BallotPaper not in related
    assert Receipt not in related


@pytest.mark.django_db
def test_papers_are_no_longer_in_the_order_they_were_cast(election):
    """Probabilistic: after close the 30 papers lie in a uniformly random order. For a random
    order the number of the 435 pairs still in casting order is 217.5 on average, with a
    standard deviation of about 28 (Kendall); we require fewer than 380 (5.8 standard
    deviations: a false failure about once in 10^8 runs) and more than 55 (not simply
    reversed). Fewer than 10 papers may stay where they were (a random order keeps about 1;
    10 or more: about 1 in 10^7)."""
    ballot, question, voters, rankings = election
    cast_all(ballot, question, voters, rankings)
    # While open, the table still holds the papers in the order they were cast.
    assert papers_in_physical_order(ballot.pk) == rankings

    services.ballot_close(ballot=ballot, actor=None)

    stored = papers_in_physical_order(ballot.pk)
    assert sorted(stored) == sorted(rankings)
    assert stored != rankings
    in_order = pairs_in_casting_order(rankings, stored)
    assert 55 < in_order < 380, in_order
    kept_place = sum(1 for a, b in zip(rankings, stored, strict=True) if a == b)
    assert kept_place < 10, kept_place
    # Nor does the order of the new ids follow the casting order.
    by_id = [p.choices for p in BallotPaper.objects.filter(ballot=ballot).order_by("id")]
    assert 55 < pairs_in_casting_order(rankings, by_id) < 380


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_papers_transaction_ids_no_longer_match_the_voters(election):
    """On PostgreSQL each row records the transaction that wrote it (`xmin`). A vote writes
    the paper and flips the participation in one transaction, so while the ballot is open
    they share an xmin; closing rewrites the papers in a transaction of its own."""
    ballot, question, voters, rankings = election
    cast_all(ballot, question, voters, rankings)

    def xmins(table: str) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE ballot_id = %s", [ballot.pk])
            return {row[0] for row in cursor.fetchall()}

    voted = xmins("voting_participation")
    assert xmins("voting_ballotpaper") <= voted  # while open: linked (so this test can fail)
    services.ballot_close(ballot=ballot, actor=None)
    assert xmins("voting_ballotpaper").isdisjoint(xmins("voting_participation"))
    # Receipts keep their voters' transaction ids (a voter knows their own code), but no
    # paper shares a transaction id with any receipt.
    assert xmins("voting_ballotpaper").isdisjoint(xmins("voting_receipt"))


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
    paper = BallotPaper.objects.get(ballot=ballot)
    stored = json.dumps([task.args_kwargs, task.return_value])
    assert str(paper.pk) not in stored
    # ...and a receipt code leads to no paper: no column of either table links them.
    assert not any(
        f.is_relation and f.related_model is BallotPaper for f in Receipt._meta.get_fields()
    )
    assert not any(
        f.is_relation and f.related_model is Receipt for f in BallotPaper._meta.get_fields()
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
    assert BallotPaper.objects.get(ballot=ballot).option_id == against
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
