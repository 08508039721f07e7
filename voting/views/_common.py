"""What the ballot pages share: when a ballot closes and each member's position in it, in
words. Who may reach a page is decided by `voting.permissions` (its getters), and the form
pages are the kernel's (`coop.core.web`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from membership.models import Member
from voting import selectors
from voting.models import Ballot


def closing_text(ballot: Ballot) -> str:
    if ballot.closes_at is None:
        return ""
    return date_format(timezone.localtime(ballot.closes_at), "j F Y, H:i")


def status_sentence(ballot: Ballot, status: selectors.VoterStatus) -> str:
    """A member's position in a ballot, in one sentence."""
    if status.has_voted:
        return _("You voted (%(channel)s).") % {"channel": status.channel.lower()}
    if not status.may_vote:
        if ballot.status == Ballot.Status.DRAFT:
            return _("The ballot is being prepared: who may vote is settled when it opens.")
        return _("You cannot vote. %(reason)s") % {"reason": status.reason}
    if ballot.status == Ballot.Status.OPEN:
        if ballot.closes_at is not None and timezone.now() >= ballot.closes_at:
            return _("Voting closed at %(time)s.") % {"time": closing_text(ballot)}
        if ballot.closes_at is not None:
            return _("You can vote until %(time)s.") % {"time": closing_text(ballot)}
        return _("You can vote now.")
    if ballot.status in (Ballot.Status.CLOSED, Ballot.Status.PUBLISHED):
        return _("You did not vote.")
    return _("The ballot was cancelled.")


def still_open(ballot: Ballot) -> bool:
    """The ballot is open and its closing time has not passed."""
    return ballot.status == Ballot.Status.OPEN and (
        ballot.closes_at is None or timezone.now() < ballot.closes_at
    )


def status_row(ballot: Ballot, status: selectors.VoterStatus) -> dict[str, Any]:
    return {
        "member": status.member,
        "status": status,
        "sentence": status_sentence(ballot, status),
        "may_vote_now": still_open(ballot) and status.may_vote and not status.has_voted,
    }


def member_statuses(ballot: Ballot, members: Sequence[Member]) -> list[dict[str, Any]]:
    """For each member the user votes for: their status, a sentence, and whether they may
    vote now."""
    statuses = selectors.voter_statuses([ballot], members)
    return [status_row(ballot, statuses[(ballot.pk, m.pk)]) for m in members]


def statuses_of_ballots(
    ballots: Sequence[Ballot], members: Sequence[Member]
) -> dict[int, list[dict[str, Any]]]:
    """`member_statuses` of each ballot of a list, by ballot id, in one query."""
    statuses = selectors.voter_statuses(ballots, members)
    return {b.pk: [status_row(b, statuses[(b.pk, m.pk)]) for m in members] for b in ballots}
