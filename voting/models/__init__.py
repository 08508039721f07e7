"""Ballots: questions and options, the frozen electorate, participation, secret papers.

Who voted (`Participation`) is kept apart from what was chosen (`BallotPaper`): in a secret
ballot a paper carries no member, no time and no sequential id, receipts live in a table of
their own with no link to papers, and at close the papers are rewritten in random order with
new ids (see `voting.services.closing`).
"""

from voting.models.ballots import Ballot, BallotQuerySet, Option, Question, Reservation
from voting.models.proxies import Proxy
from voting.models.votes import BallotPaper, Channel, HandCount, Participation, Receipt

__all__ = [
    "Ballot",
    "BallotPaper",
    "BallotQuerySet",
    "Channel",
    "HandCount",
    "Option",
    "Participation",
    "Proxy",
    "Question",
    "Receipt",
    "Reservation",
]
