"""Voting in the demo: finding a user's member, a rule book's resolution type, the members
still to vote, and casting papers on a resolution through the voting services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from coop.core.models import User
from membership.models import Member, Organisation, ResolutionType
from membership.selectors import rules_in_force_on
from voting import services
from voting.models import Ballot, Channel, Participation


def resolution_type(organisation: Organisation, day: dt.date, code: str) -> ResolutionType:
    version = rules_in_force_on(organisation, day)
    assert version is not None, f"{organisation.slug} has no rules on {day}"
    return version.resolution_types.get(code=code)


def member_of(organisation: Organisation, user: User) -> Member:
    return Member.objects.get(organisation=organisation, user=user)


def waiting_voters(ballot: Ballot) -> list[Member]:
    """Members on the ballot's roll who may vote, have not voted, and are active now (in
    order of member number)."""
    return [
        p.member
        for p in Participation.objects.filter(
            ballot=ballot,
            is_eligible=True,
            has_voted=False,
            member__status=Member.Status.ACTIVE,
        )
        .select_related("member")
        .order_by("member__number")
    ]


def cast_resolution(
    ballot: Ballot,
    voters: Sequence[Member],
    *,
    share_for: float,
    share_abstain: float,
    rng: random.Random,
    actor: User,
    channel: str = Channel.ROOM,
) -> int:
    """Cast a paper for each voter on the ballot's one resolution (for with probability
    `share_for`, else abstain or against); returns how many."""
    question = ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    for member in voters:
        draw = rng.random()
        code = (
            "for"
            if draw < share_for
            else "abstain"
            if draw < share_for + share_abstain
            else "against"
        )
        services.ballot_cast(
            ballot=ballot,
            member=member,
            selections={question.pk: [codes[code]]},
            channel=channel,
            actor=actor,
        )
    return len(voters)
