"""A show of hands in the room, for those present who have not voted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member
from voting import disclosure, presence, sealing
from voting.models import (
    Ballot,
    BallotPaper,
    Channel,
    HandCount,
    Option,
    Participation,
    Question,
)
from voting.services import papers as paper_store
from voting.services._common import lock_ballot_shared


def _check_hands_allowed(ballot: Ballot, question: Question) -> None:
    if ballot.status != Ballot.Status.OPEN:
        raise fail("ballot", _("This ballot is not open for voting."))
    if not ballot.allow_in_room:
        raise fail("ballot", _("This ballot does not take votes in the room."))
    if question.kind != Question.Kind.RESOLUTION or ballot.questions.count() != 1:
        raise fail("question", _("A show of hands can decide only a ballot of one resolution."))
    classes = ballot.organisation.member_classes
    if (
        classes.filter(vote_share_percent__isnull=False).exists()
        or classes.filter(vote_cap_percent__isnull=False).exists()
    ):
        raise fail(
            "question",
            _(
                "The rules weigh the vote by member class: a show of hands "
                "cannot, so take a poll (paper or online votes)."
            ),
        )
    if question.hand_counts.exists():
        raise fail("question", _("The show of hands has already been recorded."))


def _check_counts(counts: Mapping[int, int], options: Mapping[int, Option]) -> None:
    for option_id, count in counts.items():
        if option_id not in options:
            raise fail("counts", _("That choice is not on the paper."))
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise fail(f"count_{options[option_id].code}", _("Enter a whole number, 0 or more."))


def _hand_papers(
    ballot: Ballot,
    question: Question,
    counts: Mapping[int, int],
    options: Mapping[int, Option],
    waiting: int,
) -> list[BallotPaper]:
    """One paper per hand, and a blank paper for each member present who raised none."""
    total = sum(counts.values())
    papers = [
        BallotPaper(
            ballot=ballot,
            question=question,
            option=options[option_id],
            choices=[option_id],
            channel=Channel.HANDS,
        )
        for option_id, count in counts.items()
        for _ in range(count)
    ]
    papers += [
        BallotPaper(ballot=ballot, question=question, choices=[], channel=Channel.HANDS)
        for _ in range(waiting - total)
    ]
    return papers


def _sealed_hands(
    question: Question, counts: Mapping[int, int], waiting: int
) -> list[sealing.Content]:
    """A secret ballot's papers of a show of hands: one per hand, a blank one for each member
    present who raised none (no class: a show of hands never weighs classes)."""
    total = sum(counts.values())
    papers = [
        sealing.Content(None, {question.pk: [option_id]})
        for option_id, count in counts.items()
        for _ in range(count)
    ]
    return papers + [sealing.Content(None, {question.pk: []}) for _ in range(waiting - total)]


def _check_checked_in(ballot: Ballot, members: Iterable[Member]) -> None:
    """At a meeting, only members checked in raise a hand."""
    room = presence.presence_for(ballot.pk)
    if room is None:
        return
    absent = sorted((m for m in members if m.pk not in room.member_ids), key=lambda m: m.number)
    if absent:
        first = absent[0]
        raise fail("present", presence.not_checked_in(first.number, first.name, room.meeting))


@transaction.atomic
def hands_record(
    *, question: Question, counts: Mapping[int, int], present_members: Iterable[Member], actor: User
) -> int:
    """Record a show of hands for those present who have not voted.

    Each of them is counted once: their participation is flipped to 'show of hands' and one
    paper per hand is written (a blank paper for each who raised no hand), so papers still
    equal participations. Not for ballots of several questions, nor for class-weighted
    votes (a poll is needed to weigh classes).
    """
    ballot = lock_ballot_shared(question.ballot_id)
    _check_hands_allowed(ballot, question)
    options = {o.pk: o for o in question.options.all()}
    _check_counts(counts, options)
    members = {m.pk: m for m in present_members}
    _check_checked_in(ballot, members.values())
    waiting = list(
        Participation.objects.select_for_update()
        .filter(ballot=ballot, member_id__in=members, is_eligible=True, has_voted=False)
        .order_by("pk")
    )
    total = sum(counts.values())
    if total > len(waiting):
        raise fail(
            "counts",
            _("%(total)s hands were counted but only %(n)s members present have not voted yet.")
            % {"total": total, "n": len(waiting)},
        )
    if paper_store.is_sealed(ballot):
        paper_store.seal(ballot, _sealed_hands(question, counts, len(waiting)))
    else:
        BallotPaper.objects.bulk_create(
            _hand_papers(ballot, question, counts, options, len(waiting))
        )
    HandCount.objects.bulk_create(
        [
            HandCount(question=question, option=options[o], count=c, entered_by=actor)
            for o, c in counts.items()
        ]
    )
    today = timezone.localdate()
    for participation in waiting:
        participation.has_voted = True
        participation.voted_on = today
        participation.channel = Channel.HANDS
        participation.cast_by = actor
    Participation.objects.bulk_update(waiting, ["has_voted", "voted_on", "channel", "cast_by"])
    audit(
        actor=actor,
        action="ballot.hands",
        obj=ballot,
        after={
            "question": question.pk,
            "present_not_voted": len(waiting),
            "counts": disclosure.hands_counts(
                {options[o].code: c for o, c in counts.items()}, len(waiting)
            ),
        },
    )
    return len(waiting)
