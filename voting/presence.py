"""Who is in the room for a ballot taken at a meeting.

Voting knows nothing of meetings: the app that takes a ballot at a meeting (governance)
registers a finder here, which answers for a ballot with the members checked in at its
meeting, or None when the ballot is not taken at a meeting (a standalone ballot, whose
paper votes are handed in at the office). The rule it serves: a vote in the room is taken
only for a member checked in, or through the proxy of a member held by someone checked in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Presence:
    """The members checked in at the ballot's meeting (ids), whether the chair holds the
    chair (for proxies given to the chair), and the meeting's title."""

    member_ids: frozenset[int]
    chair_present: bool
    meeting: str

    def holds(self, holder_id: int | None) -> bool:
        """Whether a proxy's holder is in the room: a member checked in, or the chair."""
        return self.chair_present if holder_id is None else holder_id in self.member_ids


Finder = Callable[[int], Presence | None]

_finders: list[Finder] = []


def register(finder: Finder) -> None:
    """Called once by an app that takes ballots at meetings (in its AppConfig.ready)."""
    if finder not in _finders:
        _finders.append(finder)


def presence_for(ballot_id: int) -> Presence | None:
    """The room of the ballot's meeting, or None for a ballot taken at no meeting."""
    for finder in _finders:
        found = finder(ballot_id)
        if found is not None:
            return found
    return None


def room_rule() -> str:
    return _(
        "A vote in the room is taken only for a member checked in at the meeting, or through "
        "the proxy of a member held by someone checked in."
    )


def not_checked_in(number: int, name: str, meeting: str) -> str:
    return _("Member %(number)s, %(name)s, is not checked in at “%(meeting)s”. %(rule)s") % {
        "number": number,
        "name": name,
        "meeting": meeting,
        "rule": room_rule(),
    }


def holder_not_checked_in(holder: str, meeting: str) -> str:
    return _("The proxy, %(holder)s, is not checked in at “%(meeting)s”. %(rule)s") % {
        "holder": holder,
        "meeting": meeting,
        "rule": room_rule(),
    }
