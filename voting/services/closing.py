"""Closing a ballot: check the count, break every link to voters, count the papers."""

from __future__ import annotations

import random
import uuid

from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, MemberClass
from voting import counting, rules
from voting.models import Ballot, BallotPaper, Option, Proxy, Question, Receipt
from voting.services._common import check_ballot_transition, lock_ballot

_PAPER_COLUMNS = (
    "ballot_id",
    "question_id",
    "member_class_id",
    "option_id",
    "choices",
    "channel",
    "member_id",
)


def _check_papers(ballot: Ballot, counts: counting.ParticipationCounts) -> None:
    """Every question must have exactly one paper per member who voted, and every vote but
    a show of hands one receipt."""
    voted = counts.voted
    papers = dict(
        BallotPaper.objects.filter(ballot=ballot)
        .values_list("question_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    receipts = Receipt.objects.filter(ballot=ballot).count()
    for question in ballot.questions.all():
        count = papers.get(question.pk, 0)
        if count != voted:
            raise fail(
                "status",
                _(
                    "The ballot cannot close: question %(n)s has %(papers)s "
                    "papers but %(voted)s members voted. Nothing has been "
                    "changed; ask the scrutineer to check the audit trail."
                )
                % {"n": question.position, "papers": count, "voted": voted},
            )
    if receipts != voted - counts.hands:
        raise fail(
            "status",
            _("The ballot cannot close: %(receipts)s receipts were issued for %(voted)s votes.")
            % {"receipts": receipts, "voted": voted - counts.hands},
        )


def _check_references(ballot: Ballot) -> None:
    """Every paper must point at this ballot's own questions, options (on the same question),
    member classes and members: the paper table keeps no foreign-key constraints (see
    `BallotPaper`), so closing checks each reference here, a query per kind, before any
    paper is rewritten or counted."""
    questions = {q.pk: q for q in ballot.questions.all()}
    options_of: dict[int, set[int]] = {pk: set() for pk in questions}
    for option_id, question_id in Option.objects.filter(question__ballot=ballot).values_list(
        "pk", "question_id"
    ):
        options_of[question_id].add(option_id)
    papers = BallotPaper.objects.filter(ballot=ballot)
    stray = papers.exclude(question_id__in=list(questions)).exists()
    for question_id, options in options_of.items():
        on_question = papers.filter(question_id=question_id)
        stray = stray or (
            on_question.filter(option_id__isnull=False).exclude(option_id__in=options).exists()
        )
        if questions[question_id].kind != Question.Kind.RESOLUTION:
            stray = stray or _choices_outside(on_question, options)
    organisation = ballot.organisation_id
    stray = stray or (
        papers.filter(member_class_id__isnull=False)
        .exclude(
            member_class_id__in=MemberClass.objects.filter(organisation_id=organisation).values(
                "pk"
            )
        )
        .exists()
    )
    stray = stray or (
        papers.filter(member_id__isnull=False)
        .exclude(member_id__in=Member.objects.filter(organisation_id=organisation).values("pk"))
        .exists()
    )
    if stray:
        raise fail(
            "status",
            _(
                "The ballot cannot close: a paper names a question, choice or member that "
                "is not on this ballot. Nothing has been changed; ask the scrutineer to check "
                "the audit trail."
            ),
        )


def _choices_outside(papers: QuerySet[BallotPaper], options: set[int]) -> bool:
    """Whether any paper's choices (the options chosen, or the ranking) name another option."""
    if connection.vendor == "postgresql":
        sql, params = papers.values("choices").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM ({sql}) AS p, jsonb_array_elements_text(p.choices) AS c "  # noqa: S608
                "WHERE NOT (c::bigint = ANY(%s)) LIMIT 1",
                [*params, sorted(options)],
            )
            return cursor.fetchone() is not None
    return any(
        int(choice) not in options
        for choices in papers.values_list("choices", flat=True).iterator()
        for choice in choices
    )


def _rewrite_sql(table: str, columns: tuple[str, ...]) -> str:
    """One statement: delete the ballot's rows and insert them again with new random ids,
    in the order of those ids — a uniformly random order unrelated to the order of casting
    (the ids come from gen_random_uuid(), a strong random source)."""
    cols = ", ".join(columns)
    return (
        f"WITH moved AS (DELETE FROM {table} WHERE ballot_id = %s RETURNING {cols}) "  # noqa: S608
        f"INSERT INTO {table} (id, {cols}) "
        f"SELECT gen_random_uuid() AS new_id, {cols} FROM moved ORDER BY new_id"
    )


def _shuffle_papers(ballot: Ballot) -> None:
    """Rewrite the ballot's papers in random order with new random ids, so that neither
    their ids, their physical order nor their transaction ids can be matched with the order
    in which members voted (or with the participation written in the same transaction).

    Receipts are left as they are: a receipt links to no paper (no column, and after this
    rewrite no shared transaction id or order either), and each voter is told their own code
    anyway, so a receipt's place in its table says nothing about any choice."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Sort a large ballot in memory rather than on disk (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(_rewrite_sql("voting_ballotpaper", _PAPER_COLUMNS), [ballot.pk])
            cursor.execute("RESET work_mem")
        return
    papers = list(BallotPaper.objects.filter(ballot=ballot))
    BallotPaper.objects.filter(ballot=ballot).delete()
    random.SystemRandom().shuffle(papers)
    for paper in papers:
        paper.id = uuid.uuid4()
    BallotPaper.objects.bulk_create(papers, batch_size=5000)


@transaction.atomic
def ballot_close(*, ballot: Ballot, actor: User | None) -> Ballot:
    """Close the ballot and count it. Refused, with the reason, if the number of papers does
    not equal the number of members who voted. Results stay visible only to the secretary
    and scrutineers until they are published."""
    ballot = lock_ballot(ballot.pk)  # waits for every vote being cast to commit
    check_ballot_transition(ballot, Ballot.Status.CLOSED)
    counts = counting.participation_counts(ballot)
    _check_references(ballot)
    _check_papers(ballot, counts)
    if ballot.is_secret:
        _shuffle_papers(ballot)
        # A directed proxy's directions say how a member meant to vote: keep none.
        Proxy.objects.filter(ballot=ballot).exclude(directions={}).update(directions={})
    results = counting.count_ballot(ballot, counts)
    questions = list(ballot.questions.all())
    for question in questions:
        question.result = results[question.pk]
    Question.objects.bulk_update(questions, ["result"])
    ballot.status = Ballot.Status.CLOSED
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["status", "closed_at", "updated_at"])
    audit(
        actor=actor,
        action="ballot.close",
        obj=ballot,
        after={
            "status": ballot.status,
            "outcomes": {
                q.position: q.result.get("outcome") or q.result.get("elected")
                for q in questions
                if q.result is not None
            },
        },
    )
    return ballot


@transaction.atomic
def ballot_record_casting_vote(*, question: Question, vote: str, actor: User | None) -> Question:
    """Record the chair's casting vote on a tied resolution, where the rules give one."""
    ballot = lock_ballot(question.ballot_id)
    question = Question.objects.select_related("resolution_type").get(pk=question.pk)
    if ballot.status != Ballot.Status.CLOSED:
        raise fail(
            "casting_vote",
            _(
                "A casting vote is recorded after the ballot closes and "
                "before results are published."
            ),
        )
    result = question.result or {}
    if result.get("outcome") != rules.AWAITING_CASTING_VOTE:
        raise fail(
            "casting_vote",
            _("This question is not tied, or the rules give the chair no casting vote."),
        )
    if vote not in Question.Casting.values:
        raise fail("casting_vote", _("Choose for or against."))
    question.casting_vote = vote
    question.save(update_fields=["casting_vote", "updated_at"])
    voted, electorate, _by_class = counting.turnout_by_class(ballot)
    question.result = counting.count_question(
        question, voted, electorate, counting._class_info(ballot)
    )
    question.save(update_fields=["result", "updated_at"])
    audit(
        actor=actor,
        action="ballot.casting_vote",
        obj=ballot,
        after={
            "question": question.position,
            "casting_vote": vote,
            "outcome": question.result["outcome"],
        },
    )
    return question
