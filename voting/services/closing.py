"""Closing a ballot, in one transaction: open the sealed papers in memory, check them, write
them as a multiset in random order (`CountedPaper`), count it, and destroy the ballot's key
and its sealed rows (docs/threat-model.md)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, MemberClass
from voting import counting, rules
from voting.models import Ballot, BallotKey, BallotPaper, Proxy, Question, Receipt
from voting.services import papers as paper_store
from voting.services._common import check_ballot_transition, lock_ballot


def _check_papers(
    ballot: Ballot,
    questions: list[Question],
    multiset: counting.Multiset,
    counts: counting.ParticipationCounts,
) -> None:
    """Every question must have exactly one paper per member who voted, and every vote but
    a show of hands one receipt."""
    voted = counts.voted
    for question in questions:
        count = sum(multiset.get(question.pk, {}).values())
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
    receipts = Receipt.objects.filter(ballot=ballot).count()
    if receipts != voted - counts.hands:
        raise fail(
            "status",
            _("The ballot cannot close: %(receipts)s receipts were issued for %(voted)s votes.")
            % {"receipts": receipts, "voted": voted - counts.hands},
        )


def _stray(questions: list[Question], multiset: counting.Multiset, classes: set[int]) -> bool:
    """Whether any paper names a question, option (on another question, or a second answer to
    a resolution) or member class that is not this ballot's."""
    options_of = {q.pk: {o.pk for o in q.options.all()} for q in questions}
    kinds = {q.pk: q.kind for q in questions}
    for question_id, entry in multiset.items():
        if question_id not in options_of:
            return True
        options = options_of[question_id]
        for class_id, choices in entry:
            if class_id is not None and class_id not in classes:
                return True
            if not set(choices) <= options:
                return True
            if kinds[question_id] == Question.Kind.RESOLUTION and len(choices) > 1:
                return True
    return False


def _check_references(
    ballot: Ballot, questions: list[Question], multiset: counting.Multiset
) -> None:
    """Every paper must point at this ballot's own questions, options (on the same question),
    member classes and, on a recorded ballot, members: checked on the multiset (one pass)
    before anything is written (sealed papers carry no reference the database could check,
    and plain ones no foreign-key constraints, see `BallotPaper`)."""
    classes = set(
        MemberClass.objects.filter(organisation_id=ballot.organisation_id).values_list(
            "pk", flat=True
        )
    )
    stray = _stray(questions, multiset, classes)
    stray = stray or (
        BallotPaper.objects.filter(ballot=ballot, member_id__isnull=False)
        .exclude(
            member_id__in=Member.objects.filter(organisation_id=ballot.organisation_id).values("pk")
        )
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


def _papers(ballot: Ballot) -> tuple[counting.Multiset, BallotKey | None]:
    """The ballot's papers as the multiset: a sealed ballot's opened in memory (with its
    key), else read from `BallotPaper` in one aggregate pass."""
    if ballot.is_secret and BallotKey.objects.filter(ballot=ballot).exists():
        plains, key = paper_store.open_sealed(ballot)
        multiset, _total = paper_store.multiset_of(plains)
        return multiset, key
    return paper_store.read_plain(ballot), None


@transaction.atomic
def ballot_close(*, ballot: Ballot, actor: User | None) -> Ballot:
    """Close the ballot and count it. Refused, with the reason, if the number of papers does
    not equal the number of members who voted. Results stay visible only to the secretary
    and scrutineers until they are published."""
    ballot = lock_ballot(ballot.pk)  # waits for every vote being cast to commit
    check_ballot_transition(ballot, Ballot.Status.CLOSED)
    counts = counting.participation_counts(ballot)
    questions = list(
        ballot.questions.select_related("resolution_type", "ballot__rules_version")
        .prefetch_related("options")
        .order_by("position", "id")
    )
    multiset, key = _papers(ballot)
    _check_references(ballot, questions, multiset)
    _check_papers(ballot, questions, multiset, counts)
    paper_store.write_counted(ballot, multiset)
    if ballot.is_secret:
        # A directed proxy's directions say how a member meant to vote: keep none.
        Proxy.objects.filter(ballot=ballot).exclude(directions={}).update(directions={})
    results = counting.count_ballot(ballot, counts, multiset)
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
    if ballot.is_secret:
        if key is None:  # opened before papers were sealed: the multiset replaces them
            BallotPaper.objects.filter(ballot=ballot).delete()
        # Last, so the partition's lock is held only until the commit.
        paper_store.destroy(ballot, key)
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
