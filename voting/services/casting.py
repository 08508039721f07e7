"""Casting votes: exactly once per member across every channel.

The participation row is locked (SELECT … FOR UPDATE) and flipped in the same transaction
that writes the papers; the unique (ballot, member) constraint and that lock make a second
vote — by any channel — wait and then fail with a clear message.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coop.core.audit import audit
from coop.core.models import User
from membership.models import Member, Representative
from voting import rules
from voting.models import (
    Ballot,
    BallotPaper,
    Channel,
    Option,
    Participation,
    Proxy,
    Question,
    Receipt,
)
from voting.services._common import fail, lock_ballot_shared

#: Receipt codes avoid letters and digits that are easy to confuse (0/O, 1/I/L).
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

INELIGIBLE_MESSAGES = {
    rules.NOT_A_MEMBER: gettext_noop("You were not a member on the record date of this ballot."),
    rules.CEASED: gettext_noop("Your membership has ceased."),
    rules.SUSPENDED: gettext_noop("Your membership is suspended."),
    rules.UNPAID: gettext_noop("Your qualifying share was not fully paid on the record date."),
    rules.UNDER_AGE: gettext_noop("You were under the minimum age on the record date."),
    rules.CLASS_EXCLUDED: gettext_noop("Your member class does not vote in this ballot."),
}


def ineligible_message(reason: str) -> str:
    if reason in INELIGIBLE_MESSAGES:
        return _(INELIGIBLE_MESSAGES[reason])
    return _("You may not vote in this ballot.")


def new_receipt_code() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def may_act_for(user: User, member: Member, day: object) -> bool:
    """A person votes for themselves; a member organisation votes through its current
    representative or an alternate."""
    if member.kind == Member.Kind.PERSON:
        return member.user_id == user.pk
    return (
        Representative.objects.filter(member=member, user=user, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .exists()
    )


def _normalise(selections: Mapping[Any, Any]) -> dict[int, list[int]]:
    """Question id → option ids as integers (ids may arrive as text from a form or JSON)."""
    if not isinstance(selections, Mapping):
        raise fail("selections", _("Send the choices as question → list of choices."))
    clean: dict[int, list[int]] = {}
    try:
        for key, value in selections.items():
            if isinstance(value, str | bytes) or not isinstance(value, Sequence):
                raise TypeError(value)
            if isinstance(key, bool) or any(isinstance(x, bool) for x in value):
                raise TypeError(key)
            clean[int(key)] = [int(x) for x in value]
    except (TypeError, ValueError):
        raise fail(
            "selections", _("Send the choices as question → list of choices (ids).")
        ) from None
    return clean


@dataclass(frozen=True)
class PaperQuestion:
    """What checking a vote needs of a question."""

    pk: int
    position: int
    kind: str
    method: str
    seats: int


@dataclass(frozen=True)
class PaperOption:
    """What checking a vote needs of an option."""

    pk: int
    question_id: int
    is_withdrawn: bool


def _paper(ballot_id: int) -> tuple[list[PaperQuestion], dict[int, PaperOption]]:
    """The ballot's questions (in order) and options, in one query of the few columns a vote
    is checked against (they cannot change once the ballot is open)."""
    rows = Option.objects.filter(question__ballot_id=ballot_id).values_list(
        "pk",
        "question_id",
        "is_withdrawn",
        "question__position",
        "question__kind",
        "question__method",
        "question__seats",
    )
    options: dict[int, PaperOption] = {}
    questions: dict[int, PaperQuestion] = {}
    for pk, question_id, withdrawn, position, kind, method, seats in rows:
        options[pk] = PaperOption(pk, question_id, withdrawn)
        questions[question_id] = PaperQuestion(question_id, position, kind, method, seats)
    return sorted(questions.values(), key=lambda q: (q.position, q.pk)), options


def _validate(
    questions: Sequence[PaperQuestion],
    options: Mapping[int, PaperOption],
    selections: Mapping[int, Sequence[int]],
) -> dict[int, list[int]]:
    """Check each question's selection against the paper; blank where none given."""
    by_question = {q.pk: q for q in questions}
    for question_id in selections:
        if question_id not in by_question:
            raise fail(
                "selections",
                _("Question %(id)s is not on this ballot paper.") % {"id": question_id},
            )
    checked: dict[int, list[int]] = {}
    for question in questions:
        chosen = list(selections.get(question.pk, []))
        field = f"question_{question.position}"
        for option_id in chosen:
            option = options.get(option_id)
            if option is None or option.question_id != question.pk or option.is_withdrawn:
                raise fail(
                    field,
                    _("That choice is not on the paper for question %(n)s.")
                    % {"n": question.position},
                )
        if len(set(chosen)) != len(chosen):
            message = (
                _("You have ranked the same candidate more than once in question %(n)s.")
                if question.kind == Question.Kind.STV
                else _("You have chosen the same option twice in question %(n)s.")
            )
            raise fail(field, message % {"n": question.position})
        if question.kind == Question.Kind.RESOLUTION and len(chosen) > 1:
            raise fail(
                field,
                _("Choose one answer for question %(n)s: for, against or abstain.")
                % {"n": question.position},
            )
        if (
            question.kind == Question.Kind.CHOICE
            and question.method == Question.Method.PLURALITY
            and len(chosen) > question.seats
        ):
            raise fail(
                field,
                _("Choose at most %(k)s in question %(n)s.")
                % {"k": question.seats, "n": question.position},
            )
        checked[question.pk] = chosen
    return checked


def check_selections(ballot: Ballot, selections: Mapping[Any, Any]) -> dict[int, list[int]]:
    """Check choices against the ballot paper without casting them (e.g. a directed proxy's
    directions); returns them by question id, blank where none given."""
    questions, options = _paper(ballot.pk)
    return _validate(questions, options, _normalise(selections))


def _papers(
    ballot: Ballot,
    member_class_id: int,
    questions: Sequence[PaperQuestion],
    chosen: Mapping[int, list[int]],
    channel: str,
    member: Member,
) -> list[BallotPaper]:
    papers = []
    for question in questions:
        picks = chosen[question.pk]
        papers.append(
            BallotPaper(
                ballot_id=ballot.pk,
                question_id=question.pk,
                member_class_id=member_class_id,
                # A resolution's paper also names its one option, for the count.
                option_id=picks[0] if question.kind == Question.Kind.RESOLUTION and picks else None,
                choices=picks,
                channel=channel,
                member_id=None if ballot.is_secret else member.pk,
            )
        )
    return papers


def already_voted_message(channel: str, member: Member) -> str:
    return _(
        "A vote has already been recorded for member %(number)s (%(channel)s). Each "
        "member votes once."
    ) % {"number": member.number, "channel": Channel(channel).label}


def _cast(
    *,
    ballot_id: int,
    member: Member,
    selections: Mapping[Any, Any],
    channel: str,
    actor: User | None,
) -> str:
    clean = _normalise(selections)
    ballot = lock_ballot_shared(ballot_id)
    # The channels as they are now (a meeting may have stopped online voting meanwhile).
    if channel == Channel.ONLINE and not ballot.allow_online:
        raise fail("channel", _("This ballot does not take online votes."))
    if channel == Channel.ROOM and not ballot.allow_in_room:
        raise fail("channel", _("This ballot does not take votes in the room."))
    if channel == Channel.PROXY and not ballot.allow_proxy:
        raise fail("proxy", _("This ballot does not take proxy votes."))
    if ballot.status != Ballot.Status.OPEN:
        raise fail(
            "ballot",
            _("This ballot is not open for voting (%(status)s).")
            % {"status": ballot.get_status_display()},
        )
    now = timezone.now()
    if ballot.closes_at is not None and now >= ballot.closes_at:
        raise fail("ballot", _("Voting closed at the closing time."))
    # Locks the participation row only; reads the member's standing as it is now.
    row = (
        Participation.objects.select_for_update(of=("self",))
        .filter(ballot_id=ballot.pk, member_id=member.pk)
        .values_list(
            "pk",
            "is_eligible",
            "ineligible_reason",
            "has_voted",
            "channel",
            "member_class_id",
            "member__status",
        )
        .first()
    )
    if row is None:
        raise fail(
            "member",
            _("Member %(number)s is not on the roll of this ballot.") % {"number": member.number},
        )
    pk, is_eligible, reason, has_voted, voted_by, member_class_id, status = row
    if not is_eligible:
        raise fail("member", ineligible_message(reason))
    if status != Member.Status.ACTIVE:
        raise fail(
            "member",
            ineligible_message(rules.CEASED if status == Member.Status.CEASED else rules.SUSPENDED),
        )
    if has_voted:
        raise fail("member", already_voted_message(voted_by, member))
    questions, options = _paper(ballot.pk)
    chosen = _validate(questions, options, clean)
    Participation.objects.filter(pk=pk).update(
        has_voted=True,
        voted_on=timezone.localdate(),
        channel=channel,
        cast_by=actor if actor is not None and actor.pk else None,
        updated_at=now,
    )
    BallotPaper.objects.bulk_create(
        _papers(ballot, member_class_id, questions, chosen, channel, member)
    )
    code = new_receipt_code()
    Receipt.objects.create(ballot_id=ballot.pk, code=code)
    # The row just updated, as the object of the audit event.
    participation = Participation(pk=pk, ballot_id=ballot.pk, member_id=member.pk)
    # Who voted, by which channel; never what was chosen, and no paper or receipt.
    audit(
        actor=actor,
        action="ballot.cast",
        obj=participation,
        organisation_id=ballot.organisation_id,
        after={"ballot": ballot.pk, "member": member.number, "channel": channel},
    )
    return code


@transaction.atomic
def ballot_cast(
    *,
    ballot: Ballot,
    member: Member,
    selections: Mapping[int, Sequence[int]],
    channel: str = Channel.ONLINE,
    actor: User | None,
) -> str:
    """Cast a member's vote; returns their receipt code (shown once, emailed to them).

    `selections` maps question id → option ids (the one chosen, the ones chosen, or the
    ranking in order of preference). Online votes are cast by the member (or their
    organisation's representative); paper votes in the room are entered by the secretary.
    """
    from voting.tasks import send_receipt_email

    if channel not in (Channel.ONLINE, Channel.ROOM):
        raise fail("channel", _("Choose how the vote was cast: online or in the room."))
    if channel == Channel.ONLINE and (
        actor is None or not may_act_for(actor, member, timezone.localdate())
    ):
        raise fail(
            "member", _("You cannot vote for member %(number)s.") % {"number": member.number}
        )
    code = _cast(
        ballot_id=ballot.pk, member=member, selections=selections, channel=channel, actor=actor
    )
    if channel == Channel.ONLINE and member.email:
        transaction.on_commit(lambda: send_receipt_email.enqueue(ballot.pk, member.pk, code))
    return code


@transaction.atomic
def ballot_cast_proxy(
    *, proxy: Proxy, selections: Mapping[int, Sequence[int]] | None = None, actor: User | None
) -> str:
    """Cast the appointing member's vote through their proxy, who must be present. A directed
    proxy votes as directed; a discretionary one chooses (`selections`). Once used, a secret
    ballot's proxy forgets its directions: they said how the member voted."""
    # The ballot first, then the proxy: the order in which closing takes them.
    lock_ballot_shared(proxy.ballot_id)
    proxy = (
        Proxy.objects.select_for_update(of=("self",))
        .select_related("ballot", "member")
        .get(pk=proxy.pk)
    )
    if proxy.status == Proxy.Status.USED:
        raise fail("proxy", _("This proxy has already been used to vote."))
    if proxy.status != Proxy.Status.APPOINTED:
        raise fail("proxy", _("This proxy was revoked."))
    if not proxy.holder_present:
        raise fail("proxy", _("A proxy vote can be cast only by a proxy who is present."))
    if proxy.kind == Proxy.Kind.DIRECTED:
        if selections:
            raise fail("selections", _("A directed proxy votes as the member directed."))
        chosen: Mapping[int, Sequence[int]] = {int(k): v for k, v in proxy.directions.items()}
    else:
        chosen = selections or {}
    code = _cast(
        ballot_id=proxy.ballot_id,
        member=proxy.member,
        selections=chosen,
        channel=Channel.PROXY,
        actor=actor,
    )
    proxy.status = Proxy.Status.USED
    if proxy.ballot.is_secret:
        proxy.directions = {}
    proxy.save(update_fields=["status", "directions", "updated_at"])
    return code


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
    if ballot.status != Ballot.Status.OPEN:
        raise fail("ballot", _("This ballot is not open for voting."))
    if not ballot.allow_in_room:
        raise fail("ballot", _("This ballot does not take votes in the room."))
    if question.kind != Question.Kind.RESOLUTION or ballot.questions.count() != 1:
        raise fail("question", _("A show of hands can decide only a ballot of one resolution."))
    if (
        ballot.organisation.member_classes.filter(vote_share_percent__isnull=False).exists()
        or ballot.organisation.member_classes.filter(vote_cap_percent__isnull=False).exists()
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
    options = {o.pk: o for o in question.options.all()}
    for option_id, count in counts.items():
        if option_id not in options:
            raise fail("counts", _("That choice is not on the paper."))
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise fail(f"count_{options[option_id].code}", _("Enter a whole number, 0 or more."))
    members = {m.pk: m for m in present_members}
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
        for _ in range(len(waiting) - total)
    ]
    BallotPaper.objects.bulk_create(papers)
    from voting.models import HandCount

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
            "counts": {options[o].code: c for o, c in counts.items()},
        },
    )
    return len(waiting)
