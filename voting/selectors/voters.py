"""Reads of who may vote: the members a user votes for, each one's position in a ballot, and
the ballot's roll (who may vote, who has voted — never what anyone chose)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from coop.core.models import User
from membership.models import Member, MemberClass, Organisation, Representative
from voting import rules
from voting.eligibility import ineligible_message, standing_reason
from voting.models import Ballot, Channel, Participation


def members_user_may_vote_for(user: User, organisation: Organisation) -> list[Member]:
    """The members a signed-in user votes for: themselves, and organisations they
    currently represent (or are an alternate for)."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    represents = (
        Representative.objects.filter(user=user, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .values("member_id")
    )
    # One query: their own membership first, then the organisations they represent.
    return list(
        Member.objects.filter(organisation=organisation)
        .filter(Q(user=user) | Q(kind=Member.Kind.ORGANISATION, pk__in=represents))
        .annotate(is_own=Case(When(user=user, then=Value(0)), default=Value(1)))
        .order_by("is_own", "number")
    )


@dataclass(frozen=True)
class VoterStatus:
    member: Member
    on_roll: bool
    may_vote: bool
    reason: str
    has_voted: bool
    channel: str


def _status(ballot: Ballot, member: Member, participation: Participation | None) -> VoterStatus:
    if participation is None:
        if ballot.status == Ballot.Status.DRAFT:
            return VoterStatus(member, False, False, "", False, "")
        return VoterStatus(member, False, False, ineligible_message(rules.NOT_A_MEMBER), False, "")
    reason = standing_reason(
        participation.is_eligible,
        participation.ineligible_reason,
        participation.member.status,  # as it is now, not as the caller last read it
    )
    return VoterStatus(
        member,
        True,
        not reason,
        reason,
        participation.has_voted,
        participation.get_channel_display(),
    )


def voter_status(ballot: Ballot, member: Member) -> VoterStatus:
    """Whether a member may vote in a ballot, and why not (in words)."""
    participation = (
        Participation.objects.filter(ballot=ballot, member=member).select_related("member").first()
    )
    return _status(ballot, member, participation)


def voter_statuses(
    ballots: Sequence[Ballot], members: Sequence[Member]
) -> dict[tuple[int, int], VoterStatus]:
    """`voter_status` of each member in each ballot, by (ballot id, member id), in one query
    (for a list of ballots)."""
    if not ballots or not members:
        return {}
    rows = Participation.objects.filter(
        ballot__in=[b.pk for b in ballots], member__in=[m.pk for m in members]
    ).select_related("member")
    found = {(p.ballot_id, p.member_id): p for p in rows}
    return {(b.pk, m.pk): _status(b, m, found.get((b.pk, m.pk))) for b in ballots for m in members}


@dataclass(frozen=True)
class RollRow:
    """One member on a ballot's roll, as the secretary sees it."""

    member: Member
    member_class: MemberClass
    may_vote: bool
    reason: str
    has_voted: bool
    channel: str
    voted_on: dt.date | None

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label) if self.channel else ""


def roll(
    ballot: Ballot,
    *,
    voted: bool | None = None,
    eligible: bool | None = None,
    member_class: str = "",
) -> QuerySet[Participation]:
    """The ballot's frozen roll by member number (who voted is not secret; what they chose
    is), filtered by whether they voted, whether they were eligible when it opened, and by
    member class code. Turn a page of it into rows with `roll_rows`."""
    rows = (
        Participation.objects.filter(ballot=ballot)
        .select_related("member", "member_class")
        .order_by("member__number")
    )
    if voted is not None:
        rows = rows.filter(has_voted=voted)
    if eligible is not None:
        rows = rows.filter(is_eligible=eligible)
    if member_class:
        rows = rows.filter(member_class__code=member_class)
    return rows


def roll_rows(participations: Iterable[Participation]) -> list[RollRow]:
    """Rows of the roll: whether each member may vote now, and why not (the reason frozen
    when the ballot opened, or their standing since)."""
    rows = []
    for p in participations:
        reason = standing_reason(p.is_eligible, p.ineligible_reason, p.member.status)
        rows.append(
            RollRow(
                member=p.member,
                member_class=p.member_class,
                may_vote=not reason,
                reason=reason,
                has_voted=p.has_voted,
                channel=p.channel,
                voted_on=p.voted_on,
            )
        )
    return rows
