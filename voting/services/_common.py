"""What the voting services share: the ballot's locks, and the check of its status changes."""

from __future__ import annotations

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from coop.core.validation import check_transition
from voting.models import Ballot, BallotKey


def check_ballot_transition(ballot: Ballot, to: str) -> None:
    """Refuse a move of the ballot's status that `Ballot.TRANSITIONS` does not allow."""
    check_transition(
        ballot.status,
        to,
        transitions=Ballot.TRANSITIONS,
        labels=Ballot.Status,
        message=_("A ballot that is “%(now)s” cannot become “%(to)s”."),
    )


_VOTING_COLUMNS = (
    "id",
    "organisation_id",
    "status",
    "is_secret",
    "closes_at",
    "allow_online",
    "allow_in_room",
    "allow_proxy",
)


def lock_ballot_shared(ballot_id: int) -> Ballot:
    """Lock the ballot row so it cannot close while a vote is being cast, without making
    concurrent votes wait for each other (FOR SHARE on PostgreSQL, read in the same query;
    SQLite serialises writers anyway). Only the columns a vote needs are read (any other is
    loaded if asked for); a secret ballot's wrapped key comes with them
    (`sealing_wrapped`, `sealing_carries_class`, `sealing_length`, see `services.papers`)."""
    if connection.vendor == "postgresql":
        columns = ", ".join(f"b.{c}" for c in _VOTING_COLUMNS)
        for ballot in Ballot.objects.raw(
            f"SELECT {columns}, k.wrapped AS sealing_wrapped, "  # noqa: S608
            "k.carries_class AS sealing_carries_class, k.paper_length AS sealing_length "
            "FROM voting_ballot b LEFT JOIN voting_ballotkey k ON k.ballot_id = b.id "
            "WHERE b.id = %s FOR SHARE OF b",
            [ballot_id],
        ):
            return ballot
        raise Ballot.DoesNotExist
    key = BallotKey.objects.filter(ballot_id=OuterRef("pk"))
    return (
        Ballot.objects.only(*(c.removesuffix("_id") for c in _VOTING_COLUMNS))
        .annotate(
            sealing_wrapped=Subquery(key.values("wrapped")[:1]),
            sealing_carries_class=Subquery(key.values("carries_class")[:1]),
            sealing_length=Subquery(key.values("paper_length")[:1]),
        )
        .get(pk=ballot_id)
    )


def lock_ballot(ballot_id: int) -> Ballot:
    """Lock the ballot row exclusively (opening, closing): waits for votes being cast."""
    return Ballot.objects.select_for_update().get(pk=ballot_id)
