"""The predicates of the joint bids policy (see `tendering.permissions`), the facts they
read, `can_see` and the getters that apply the one rule to what an address names."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import Http404

from coop.core.permissions import (
    AnyUser,
    Predicate,
    Role,
    gate,
    has_role,
    is_active_user,
    organisations_for,
)
from membership.models import Member, Organisation
from tendering import selectors
from tendering.models import (
    Answer,
    BidParticipant,
    Commitment,
    Evidence,
    JointBid,
    Opportunity,
)
from voting.permissions import can_view_ballot

M = TypeVar("M", bound=Model)

#: The consortium's roles that run its bids.
LEAD_ROLES = (Role.BID_MANAGER, Role.SECRETARY)
#: A member co-op's roles that act for it in the consortium's bids.
OFFICER_ROLES = (Role.SECRETARY, Role.BID_MANAGER)
#: The stages at which every co-op of the bid reads the whole of it: it signs it off, then it
#: is the bid the buyer has (or had) in hand.
WHOLE_BID_STAGES = frozenset(
    {
        JointBid.Status.FINAL_SIGNOFF,
        JointBid.Status.READY,
        JointBid.Status.SUBMITTED,
        JointBid.Status.AWARDED,
        JointBid.Status.UNSUCCESSFUL,
    }
)
#: A co-op invited to a bid that has not declined or dropped out.
TAKING_PART = frozenset({BidParticipant.Status.INVITED, BidParticipant.Status.APPROVED})

_OFFICER_CACHE = "_tendering_acted_for"
_BID_CACHE = "_tendering_bid_parts"


# --- Facts ------------------------------------------------------------------------------------


def _leads(user: AnyUser | None, consortium: Organisation) -> bool:
    return consortium.is_consortium and has_role(user, consortium, *LEAD_ROLES)


def acted_for(user: AnyUser | None, consortium: Organisation) -> frozenset[int]:
    """The consortium's member co-ops (`Member` ids) `user` is a bid officer of: the
    secretary or a bid manager of the co-op's own organisation. One query, cached on
    `consortium` (an object of this request) per user."""
    if user is None or not is_active_user(user) or not consortium.is_consortium:
        return frozenset()
    cache: dict[Any, frozenset[int]] = consortium.__dict__.setdefault(_OFFICER_CACHE, {})
    if user.pk not in cache:
        own = organisations_for(user, Organisation.objects.all(), *OFFICER_ROLES)
        cache[user.pk] = frozenset(
            Member.objects.filter(
                organisation=consortium,
                kind=Member.Kind.ORGANISATION,
                member_organisation__in=own.values("pk"),
            ).values_list("pk", flat=True)
        )
    return cache[user.pk]


def bid_parts_of(user: AnyUser | None, bid: JointBid) -> dict[int, str]:
    """The bid's co-ops `user` is a bid officer of: participant id → its status (cached on
    `bid`)."""
    members = acted_for(user, bid.consortium)
    if not members or user is None:
        return {}
    cache: dict[Any, dict[int, str]] = bid.__dict__.setdefault(_BID_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = dict(
            BidParticipant.objects.filter(bid=bid, member_id__in=members).values_list(
                "pk", "status"
            )
        )
    return cache[user.pk]


def _acts_for(user: AnyUser | None, consortium: Organisation, member_id: int) -> bool:
    return member_id in acted_for(user, consortium)


def is_author(user: AnyUser | None, author_id: int | None) -> bool:
    return author_id is not None and user is not None and author_id == user.pk


# --- The consortium and its opportunities ------------------------------------------------------


def can_lead_bids(user: AnyUser | None, consortium: Organisation) -> bool:
    """Run the consortium's bids: opportunities, the library, starting a bid (the lead)."""
    return _leads(user, consortium)


def can_view_bids(user: AnyUser | None, consortium: Organisation) -> bool:
    """See the consortium's bids section: the lead, and the officers of a co-op that takes
    part (or took part) in one of its bids."""
    if _leads(user, consortium):
        return True
    members = acted_for(user, consortium)
    return bool(members) and (
        BidParticipant.objects.filter(bid__consortium=consortium, member_id__in=members).exists()
    )


def can_manage_opportunity(user: AnyUser | None, opportunity: Opportunity) -> bool:
    """See and change an opportunity the consortium tracks (the lead)."""
    return _leads(user, opportunity.organisation)


# --- A bid ------------------------------------------------------------------------------------


def can_view_bid(user: AnyUser | None, bid: JointBid) -> bool:
    """The lead, and the officers of a co-op invited to the bid."""
    return _leads(user, bid.consortium) or bool(bid_parts_of(user, bid))


def can_manage_bid(user: AnyUser | None, bid: JointBid) -> bool:
    """The lead's views and actions of a bid (see the module docstring)."""
    return _leads(user, bid.consortium)


def can_open_go_ballot(user: AnyUser | None, bid: JointBid) -> bool:
    """May follow the go/no-go page to the ballot of the member co-ops itself: whoever the
    consortium's ballots are open to (`voting.permissions`). A bid manager without a voting
    role follows the ballot's state on the go/no-go page."""
    ballot = bid.decision_ballot
    return ballot is not None and can_view_ballot(user, ballot)


def can_contribute_to_bid(user: AnyUser | None, bid: JointBid) -> bool:
    """Give the bid something of a co-op (hours, capacity, evidence): the lead, and the
    officers of a co-op still taking part."""
    if _leads(user, bid.consortium):
        return True
    return any(status in TAKING_PART for status in bid_parts_of(user, bid).values())


def can_view_bid_pack(user: AnyUser | None, bid: JointBid) -> bool:
    """The whole bid (the bid pack): the lead; every co-op's officers from final sign-off."""
    if _leads(user, bid.consortium):
        return True
    return bid.status in WHOLE_BID_STAGES and can_view_bid(user, bid)


# --- A co-op's part ---------------------------------------------------------------------------


def can_view_participant(user: AnyUser | None, participant: BidParticipant) -> bool:
    """A co-op's own part of a bid: the lead and that co-op's officers."""
    consortium = participant.bid.consortium
    return _leads(user, consortium) or _acts_for(user, consortium, participant.member_id)


#: Act on a co-op's part (capacity, commitments, prices, its answers, evidence about it, its
#: sign-off): the lead and that co-op's officers, as for seeing it. Whether the co-op may
#: still act (approved, in date, in good standing) is the services' rule, with its message.
can_act_for_participant = can_view_participant


def can_manage_participant(user: AnyUser | None, participant: BidParticipant) -> bool:
    """Record a co-op's written authorisation of the lead (the lead)."""
    return _leads(user, participant.bid.consortium)


def _governs(user: AnyUser | None, member: Member, *roles: Role) -> bool:
    """`user` holds one of `roles` in the co-op's own organisation in Cyd."""
    own = member.member_organisation
    return own is not None and has_role(user, own, *roles)


def can_record_approval(user: AnyUser | None, participant: BidParticipant) -> bool:
    """Record the co-op's approval of the bid and its conditions: the co-op decides for
    itself, so its own secretary or board. The consortium's lead records it only for a
    co-op whose organisation is not in Cyd, or where the co-op has delegated it in writing
    (`can_delegate_approval`) and the delegation is recorded."""
    member = participant.member
    if _governs(user, member, Role.SECRETARY, Role.BOARD_MEMBER):
        return True
    delegated = member.member_organisation_id is None or participant.approval_delegated_on
    return bool(delegated) and _leads(user, participant.bid.consortium)


def can_delegate_approval(user: AnyUser | None, participant: BidParticipant) -> bool:
    """Record the co-op's written delegation to the consortium of recording its approval:
    the co-op's own secretary."""
    return _governs(user, participant.member, Role.SECRETARY)


def can_withdraw_participant(user: AnyUser | None, participant: BidParticipant) -> bool:
    """Withdraw a co-op from the bid, with the reason (it declined, dropped out, or never
    decided): the consortium's lead (its bid managers and secretary)."""
    return _leads(user, participant.bid.consortium)


def can_view_commitment(user: AnyUser | None, commitment: Commitment) -> bool:
    consortium = commitment.bid.consortium
    return _leads(user, consortium) or _acts_for(user, consortium, commitment.participant.member_id)


#: Change or remove a co-op's commitment: the lead and that co-op's officers.
can_change_commitment = can_view_commitment


# --- Answers and evidence ---------------------------------------------------------------------


def can_view_answer(user: AnyUser | None, answer: Answer) -> bool:
    """The lead; for a consortium answer everyone of the bid; for a co-op's answer its
    officers; and the answer's author. With its author and versions."""
    bid = answer.bid
    if _leads(user, bid.consortium):
        return True
    if not can_view_bid(user, bid):
        return False
    part = answer.participant
    if part is None or is_author(user, answer.author_id):
        return True
    return _acts_for(user, bid.consortium, part.member_id)


def can_edit_answer(user: AnyUser | None, answer: Answer) -> bool:
    """Save, send for review, start from the library: the lead; the answer's author; for a
    co-op's answer, its officers."""
    bid = answer.bid
    if _leads(user, bid.consortium):
        return True
    if not can_view_bid(user, bid):
        return False
    if is_author(user, answer.author_id):
        return True
    part = answer.participant
    return part is not None and _acts_for(user, bid.consortium, part.member_id)


def can_review_answer(user: AnyUser | None, answer: Answer) -> bool:
    """Approve, send back or reopen an answer (the lead)."""
    return _leads(user, answer.bid.consortium)


def can_view_evidence(user: AnyUser | None, evidence: Evidence) -> bool:
    """The lead; consortium-wide evidence everyone of the bid; evidence about a co-op its
    officers."""
    bid = evidence.bid
    if _leads(user, bid.consortium):
        return True
    part = evidence.participant
    if part is None:
        return can_view_bid(user, bid)
    return _acts_for(user, bid.consortium, part.member_id)


def can_see(user: AnyUser | None, subject: Any) -> bool:
    """Whether `user` may see `subject` at all (the `sees` of the one rule): then a refused
    action answers 403 rather than 404. For the consortium and its opportunities, seeing is
    seeing its bids section."""
    if isinstance(subject, Organisation):
        return can_view_bids(user, subject)
    if isinstance(subject, Opportunity):
        return can_view_bids(user, subject.organisation)
    if isinstance(subject, JointBid):
        return can_view_bid(user, subject)
    if isinstance(subject, BidParticipant):
        return can_view_participant(user, subject)
    if isinstance(subject, Commitment):
        return can_view_commitment(user, subject)
    if isinstance(subject, Answer):
        return can_view_answer(user, subject)
    if isinstance(subject, Evidence):
        return can_view_evidence(user, subject)
    raise TypeError(f"no rule says who may see a {type(subject).__name__}")


# --- Getters: what an address names, through the one rule --------------------------------------


def _gated(user: AnyUser | None, found: M | None, may: Predicate, action: bool) -> M:
    if found is None:
        raise Http404
    gate(user, found, may, sees=can_see, action=action)
    return found


def consortium_get_for(
    user: AnyUser | None, slug: str, may: Predicate, *, action: bool = False
) -> Organisation:
    return _gated(user, selectors.consortium_at(slug), may, action)


def opportunity_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool = False
) -> Opportunity:
    return _gated(user, selectors.opportunity_at(slug, pk), may, action)


def bid_get_for(
    user: AnyUser | None, slug: str, pk: int, may: Predicate, *, action: bool = False
) -> JointBid:
    return _gated(user, selectors.bid_at(slug, pk), may, action)


def participant_get_for(
    user: AnyUser | None, slug: str, pk: int, part: int, may: Predicate, *, action: bool = False
) -> BidParticipant:
    return _gated(user, selectors.participant_at(slug, pk, part), may, action)


def answer_get_for(
    user: AnyUser | None, slug: str, pk: int, part: int, may: Predicate, *, action: bool
) -> Answer:
    return _gated(user, selectors.answer_at(slug, pk, part), may, action)


def commitment_get_for(
    user: AnyUser | None, slug: str, pk: int, part: int, may: Predicate, *, action: bool
) -> Commitment:
    return _gated(user, selectors.commitment_at(slug, pk, part), may, action)


def evidence_get_for(
    user: AnyUser | None, slug: str, pk: int, part: int, may: Predicate, *, action: bool
) -> Evidence:
    return _gated(user, selectors.evidence_at(slug, pk, part), may, action)
