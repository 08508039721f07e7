"""Casting votes: exactly once per member across every channel.

The participation row is locked (SELECT … FOR UPDATE) and flipped in the same transaction
that writes the papers; the unique (ballot, member) constraint and that lock make a second
vote — by any channel — wait and then fail with a clear message.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coop.core.audit import audit
from coop.core.models import User
from membership.models import Member, Representative
from voting import rules
from voting.models import Ballot, BallotPaper, Channel, Option, Participation, Proxy, Question, \
    Receipt
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
    return Representative.objects.filter(member=member, user=user, started_on__lte=day).exclude(
        ended_on__lt=day).exists()


def _validate(questions: Sequence[Question], options: Mapping[int, Option],
              selections: Mapping[int, Sequence[int]]) -> dict[int, list[int]]:
    """Check each question's selection against the paper; blank where none given."""
    by_question = {q.pk: q for q in questions}
    for question_id in selections:
        if question_id not in by_question:
            raise fail("selections", _("Question %(id)s is not on this ballot paper.")
                       % {"id": question_id})
    checked: dict[int, list[int]] = {}
    for question in questions:
        chosen = [int(x) for x in selections.get(question.pk, [])]
        field = f"question_{question.position}"
        for option_id in chosen:
            option = options.get(option_id)
            if option is None or option.question_id != question.pk or option.is_withdrawn:
                raise fail(field, _("That choice is not on the paper for question %(n)s.")
                           % {"n": question.position})
        if len(set(chosen)) != len(chosen):
            message = (_("You have ranked the same candidate more than once in question "
                         "%(n)s.") if question.kind == Question.Kind.STV
                       else _("You have chosen the same option twice in question %(n)s."))
            raise fail(field, message % {"n": question.position})
        if question.kind == Question.Kind.RESOLUTION and len(chosen) > 1:
            raise fail(field, _("Choose one answer for question %(n)s: for, against or "
                                "abstain.") % {"n": question.position})
        if question.kind == Question.Kind.CHOICE and question.method == \
                Question.Method.PLURALITY and len(chosen) > question.seats:
            raise fail(field, _("Choose at most %(k)s in question %(n)s.")
                       % {"k": question.seats, "n": question.position})
        checked[question.pk] = chosen
    return checked


def _papers(ballot: Ballot, participation: Participation, questions: Sequence[Question],
            options: Mapping[int, Option], chosen: Mapping[int, list[int]], channel: str,
            member: Member) -> list[BallotPaper]:
    papers = []
    for question in questions:
        picks = chosen[question.pk]
        single = options[picks[0]] if question.kind == Question.Kind.RESOLUTION and picks \
            else None
        papers.append(BallotPaper(
            ballot=ballot, question=question, member_class_id=participation.member_class_id,
            option=single, choices=picks, channel=channel,
            member=None if ballot.is_secret else member,
        ))
    return papers


def _cast(*, ballot_id: int, member: Member, selections: Mapping[int, Sequence[int]],
          channel: str, actor: User | None) -> str:
    ballot = lock_ballot_shared(ballot_id)
    if ballot.status != Ballot.Status.OPEN:
        raise fail("ballot", _("This ballot is not open for voting (%(status)s).")
                   % {"status": ballot.get_status_display()})
    now = timezone.now()
    if ballot.closes_at is not None and now >= ballot.closes_at:
        raise fail("ballot", _("Voting closed at the closing time."))
    try:
        participation = Participation.objects.select_for_update().get(ballot=ballot,
                                                                      member=member)
    except Participation.DoesNotExist:
        raise fail("member", _("Member %(number)s is not on the roll of this ballot.")
                   % {"number": member.number}) from None
    if not participation.is_eligible:
        raise fail("member", ineligible_message(participation.ineligible_reason))
    current = Member.objects.only("status").get(pk=member.pk)
    if current.status != Member.Status.ACTIVE:
        raise fail("member", ineligible_message(
            rules.CEASED if current.status == Member.Status.CEASED else rules.SUSPENDED))
    if participation.has_voted:
        raise fail("member", _("A vote has already been recorded for member %(number)s "
                               "(%(channel)s). Each member votes once.")
                   % {"number": member.number, "channel": participation.get_channel_display()})
    questions = list(ballot.questions.all())
    options = {o.pk: o for o in Option.objects.filter(question__ballot=ballot)}
    chosen = _validate(questions, options, selections)
    BallotPaper.objects.bulk_create(
        _papers(ballot, participation, questions, options, chosen, channel, member))
    code = new_receipt_code()
    Receipt.objects.create(ballot=ballot, code=code)
    participation.has_voted = True
    participation.voted_on = timezone.localdate()
    participation.channel = channel
    participation.cast_by = actor if actor is not None and actor.pk else None
    try:
        with transaction.atomic():
            participation.save(update_fields=["has_voted", "voted_on", "channel", "cast_by",
                                              "updated_at"])
    except IntegrityError:  # pragma: no cover - the row lock makes this unreachable
        raise fail("member", _("A vote has already been recorded for this member.")) from None
    # Who voted, by which channel; never what was chosen, and no paper or receipt.
    audit(actor=actor, action="ballot.cast", obj=participation,
          organisation_id=ballot.organisation_id,
          after={"ballot": ballot.pk, "member": member.number, "channel": channel})
    return code


@transaction.atomic
def ballot_cast(*, ballot: Ballot, member: Member, selections: Mapping[int, Sequence[int]],
                channel: str = Channel.ONLINE, actor: User | None) -> str:
    """Cast a member's vote; returns their receipt code (shown once, emailed to them).

    `selections` maps question id → option ids (the one chosen, the ones chosen, or the
    ranking in order of preference). Online votes are cast by the member (or their
    organisation's representative); paper votes in the room are entered by the secretary.
    """
    from voting.tasks import send_receipt_email

    if channel == Channel.ONLINE:
        if not ballot.allow_online:
            raise fail("channel", _("This ballot does not take online votes."))
        if actor is None or not may_act_for(actor, member, timezone.localdate()):
            raise fail("member", _("You cannot vote for member %(number)s.")
                       % {"number": member.number})
    elif channel == Channel.ROOM:
        if not ballot.allow_in_room:
            raise fail("channel", _("This ballot does not take votes in the room."))
    else:
        raise fail("channel", _("Choose how the vote was cast: online or in the room."))
    code = _cast(ballot_id=ballot.pk, member=member, selections=selections, channel=channel,
                 actor=actor)
    if channel == Channel.ONLINE and member.email:
        transaction.on_commit(lambda: send_receipt_email.enqueue(ballot.pk, member.pk, code))
    return code


@transaction.atomic
def ballot_cast_proxy(*, proxy: Proxy, selections: Mapping[int, Sequence[int]] | None = None,
                      actor: User | None) -> str:
    """Cast the appointing member's vote through their proxy, who must be present. A directed
    proxy votes as directed; a discretionary one chooses (`selections`)."""
    proxy = Proxy.objects.select_for_update().select_related("ballot", "member").get(
        pk=proxy.pk)
    if not proxy.ballot.allow_proxy:
        raise fail("proxy", _("This ballot does not take proxy votes."))
    if proxy.status != Proxy.Status.APPOINTED:
        raise fail("proxy", _("This proxy has been %(status)s.")
                   % {"status": proxy.get_status_display().lower()})
    if not proxy.holder_present:
        raise fail("proxy", _("A proxy vote can be cast only by a proxy who is present."))
    if proxy.kind == Proxy.Kind.DIRECTED:
        if selections:
            raise fail("selections", _("A directed proxy votes as the member directed."))
        chosen: Mapping[int, Sequence[int]] = {int(k): v for k, v in proxy.directions.items()}
    else:
        chosen = selections or {}
    code = _cast(ballot_id=proxy.ballot_id, member=proxy.member, selections=chosen,
                 channel=Channel.PROXY, actor=actor)
    proxy.status = Proxy.Status.USED
    proxy.save(update_fields=["status", "updated_at"])
    return code


@transaction.atomic
def hands_record(*, question: Question, counts: Mapping[int, int],
                 present_members: Iterable[Member], actor: User) -> int:
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
    if ballot.organisation.member_classes.filter(vote_share_percent__isnull=False).exists() or \
            ballot.organisation.member_classes.filter(vote_cap_percent__isnull=False).exists():
        raise fail("question", _("The rules weigh the vote by member class: a show of hands "
                                 "cannot, so take a poll (paper or online votes)."))
    if question.hand_counts.exists():
        raise fail("question", _("The show of hands has already been recorded."))
    options = {o.pk: o for o in question.options.all()}
    for option_id, count in counts.items():
        if option_id not in options:
            raise fail("counts", _("That choice is not on the paper."))
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise fail(f"count_{options[option_id].code}", _("Enter a whole number, 0 or more."))
    members = {m.pk: m for m in present_members}
    waiting = list(Participation.objects.select_for_update().filter(
        ballot=ballot, member_id__in=members, is_eligible=True, has_voted=False).order_by("pk"))
    total = sum(counts.values())
    if total > len(waiting):
        raise fail("counts", _("%(total)s hands were counted but only %(n)s members present "
                               "have not voted yet.") % {"total": total, "n": len(waiting)})
    papers = [BallotPaper(ballot=ballot, question=question, option=options[option_id],
                          choices=[option_id], channel=Channel.HANDS)
              for option_id, count in counts.items() for _ in range(count)]
    papers += [BallotPaper(ballot=ballot, question=question, choices=[], channel=Channel.HANDS)
               for _ in range(len(waiting) - total)]
    BallotPaper.objects.bulk_create(papers)
    from voting.models import HandCount

    HandCount.objects.bulk_create([HandCount(question=question, option=options[o], count=c,
                                             entered_by=actor) for o, c in counts.items()])
    today = timezone.localdate()
    for participation in waiting:
        participation.has_voted = True
        participation.voted_on = today
        participation.channel = Channel.HANDS
        participation.cast_by = actor
    Participation.objects.bulk_update(waiting, ["has_voted", "voted_on", "channel", "cast_by"])
    audit(actor=actor, action="ballot.hands", obj=ballot,
          after={"question": question.pk, "present_not_voted": len(waiting),
                 "counts": {options[o].code: c for o, c in counts.items()}})
    return len(waiting)
