"""Casting votes: exactly once per member across every channel.

A secret ballot's vote is stored as one sealed paper (`services.papers`); a recorded ballot's
as one `BallotPaper` per question, naming the member.

The participation row is locked (SELECT … FOR UPDATE) and flipped in the same transaction
that writes the papers; the unique (ballot, member) constraint and that lock make a second
vote — by any channel — wait and then fail with a clear message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, Representative
from voting import presence, sealing
from voting.eligibility import standing_reason
from voting.models import (
    Ballot,
    BallotPaper,
    Channel,
    Participation,
    Proxy,
    Question,
    Receipt,
)
from voting.receipts import new_receipt_code
from voting.services import papers as paper_store
from voting.services._common import lock_ballot_shared
from voting.services.selections import PaperQuestion, normalise, paper, validate


def may_act_for(user: User, member: Member, day: dt.date) -> bool:
    """A person votes for themselves; a member organisation votes through its current
    representative or an alternate."""
    if member.kind == Member.Kind.PERSON:
        return member.user_id == user.pk
    return (
        Representative.objects.filter(member=member, user=user, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .exists()
    )


def _plain_papers(
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


def _check_ballot_takes(ballot: Ballot, channel: str) -> None:
    """The ballot is open and takes votes by `channel` (as it is now: a meeting may have
    stopped online voting meanwhile)."""
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
    if ballot.closes_at is not None and timezone.now() >= ballot.closes_at:
        raise fail("ballot", _("Voting closed at the closing time."))


def check_in_room(ballot: Ballot, member: Member) -> None:
    """A vote in the room at a meeting is taken only for a member checked in there."""
    room = presence.presence_for(ballot.pk)
    if room is not None and member.pk not in room.member_ids:
        raise fail("member", presence.not_checked_in(member.number, member.name, room.meeting))


def check_holder_in_room(proxy: Proxy) -> None:
    """A proxy votes in the room at a meeting only if its holder is checked in there."""
    room = presence.presence_for(proxy.ballot_id)
    if room is not None and not room.holds(proxy.holder_id):
        raise fail("proxy", presence.holder_not_checked_in(proxy.holder_name, room.meeting))


def _lock_voter(ballot: Ballot, member: Member) -> tuple[int, int]:
    """Lock the member's participation (only that row) and check that they may still vote,
    by their standing as it is now; (participation id, member class id)."""
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
    refusal = standing_reason(is_eligible, reason, status)
    if refusal:
        raise fail("member", refusal)
    if has_voted:
        raise fail("member", already_voted_message(voted_by, member))
    return pk, member_class_id


def _cast(
    *,
    ballot_id: int,
    member: Member,
    selections: Mapping[Any, Any],
    channel: str,
    actor: User | None,
    proxy: Proxy | None = None,
) -> str:
    clean = normalise(selections)
    ballot = lock_ballot_shared(ballot_id)
    _check_ballot_takes(ballot, channel)
    pk, member_class_id = _lock_voter(ballot, member)
    if channel == Channel.ROOM:
        check_in_room(ballot, member)
    if proxy is not None:
        check_holder_in_room(proxy)
    questions, options = paper(ballot.pk)
    chosen = validate(questions, options, clean)
    Participation.objects.filter(pk=pk).update(
        has_voted=True,
        voted_on=timezone.localdate(),
        channel=channel,
        cast_by=actor if actor is not None and actor.pk else None,
        updated_at=timezone.now(),
    )
    if paper_store.is_sealed(ballot):
        # One sealed paper for the whole vote: no question, class or channel in clear.
        paper_store.seal(ballot, [sealing.Content(member_class_id, chosen)])
    else:
        BallotPaper.objects.bulk_create(
            _plain_papers(ballot, member_class_id, questions, chosen, channel, member)
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
        proxy=proxy,
    )
    proxy.status = Proxy.Status.USED
    if proxy.ballot.is_secret:
        proxy.directions = {}
    proxy.save(update_fields=["status", "directions", "updated_at"])
    return code
