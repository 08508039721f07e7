"""Joint bids of a consortium: opportunities, lots, questions, bids, approvals, capacity,
prices, answers, sign-off."""

from tendering.models.answers import Answer, AnswerVersion, Evidence, LibraryAnswer, SignOff
from tendering.models.bids import (
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    JointBid,
    PriceLine,
    SocialValueFigure,
)
from tendering.models.opportunities import (
    AwardCriterion,
    Lot,
    Opportunity,
    OpportunityDocument,
    TenderQuestion,
)

__all__ = [
    "Answer",
    "AnswerVersion",
    "AwardCriterion",
    "BidParticipant",
    "CapacityDeclaration",
    "Commitment",
    "Evidence",
    "JointBid",
    "LibraryAnswer",
    "Lot",
    "Opportunity",
    "OpportunityDocument",
    "PriceLine",
    "SignOff",
    "SocialValueFigure",
    "TenderQuestion",
]
