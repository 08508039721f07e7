"""Ballots: questions and options, the frozen electorate, participation, secret papers.

Who voted (`Participation`) is kept apart from what was chosen: a secret ballot's papers are
sealed (`SealedPaper`, under the ballot's own `BallotKey`) while it is open and counted as a
multiset (`CountedPaper`) when it closes, the key destroyed (see `voting.services.closing` and
docs/threat-model.md); a recorded (named) ballot's papers (`BallotPaper`) carry the member.
Receipts live in a table of their own with no link to papers.
"""

from voting.models.ballots import Ballot, BallotQuerySet, Option, Question, Reservation
from voting.models.proxies import Proxy
from voting.models.sealed import BallotKey, CountedPaper, SealedPaper
from voting.models.votes import BallotPaper, Channel, HandCount, Participation, Receipt

__all__ = [
    "Ballot",
    "BallotKey",
    "BallotPaper",
    "BallotQuerySet",
    "Channel",
    "CountedPaper",
    "HandCount",
    "Option",
    "Participation",
    "Proxy",
    "Question",
    "Receipt",
    "Reservation",
    "SealedPaper",
]
