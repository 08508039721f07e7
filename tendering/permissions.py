"""Who may see and do what in joint bids (through `coop.core.permissions`).

- The consortium's bid managers and secretary run its bids: they are "the lead" here (they
  act for the lead member co-op) and see everything, member cost build-ups included.
- A member co-op's people — users with any role in the co-op's own organisation in Cyd
  (`Member.member_organisation`), and its current representatives in the consortium — see
  their own co-op's part of the bids it takes part in, and its own cost build-ups only.
- Anyone else: not found (404), whatever the id. Someone who may see a bid but not act on it
  (a member co-op's people on the lead's actions) is refused with 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from coop.core.permissions import AnyUser, Role, has_role, organisations_for
from membership.models import Member, Organisation
from tendering.models import Answer, BidParticipant, JointBid, Opportunity

#: The roles in the consortium that run its bids.
LEAD_ROLES = (Role.BID_MANAGER, Role.SECRETARY)


@dataclass(frozen=True)
class BidAccess:
    """A bid as one user may see it: as the lead, or as the people of some of its co-ops."""

    bid: JointBid
    is_lead: bool
    #: The participants (member co-ops of the bid) whose people include the user.
    participant_ids: frozenset[int]

    def can_see_part(self, participant_id: int) -> bool:
        """A co-op's own part — its approval, commitments and cost build-ups."""
        return self.is_lead or participant_id in self.participant_ids

    def can_act_for(self, participant_id: int) -> bool:
        """Enter capacity, prices, answers and sign-off for this co-op."""
        return self.can_see_part(participant_id)


def can_lead(user: AnyUser | None, consortium: Organisation) -> bool:
    """Whether `user` runs the consortium's bids (bid manager or secretary)."""
    return has_role(user, consortium, *LEAD_ROLES)


def _consortium(slug: str) -> Organisation:
    consortium = Organisation.objects.filter(slug=slug).first()
    if consortium is None:
        raise Http404
    return consortium


def coop_members_for(user: AnyUser | None, consortium: Organisation) -> frozenset[int]:
    """The consortium's member co-ops (`Member` ids) whose people include `user`: a role in
    the co-op's own organisation, or a current representative of it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    today = timezone.localdate()
    own = organisations_for(user, Organisation.objects.all())
    representing = Q(
        representatives__user=user,
        representatives__started_on__lte=today,
    ) & (Q(representatives__ended_on__isnull=True) | Q(representatives__ended_on__gte=today))
    ids = (
        Member.objects.filter(organisation=consortium, kind=Member.Kind.ORGANISATION)
        .filter(Q(member_organisation__in=own.values("pk")) | representing)
        .values_list("pk", flat=True)
        .distinct()
    )
    return frozenset(ids)


def consortium_get_for_view(user: AnyUser | None, slug: str) -> tuple[Organisation, bool]:
    """The consortium of the address and whether `user` leads its bids; Http404 unless the
    user leads or is one of its member co-ops' people."""
    consortium = _consortium(slug)
    if can_lead(user, consortium):
        return consortium, True
    if not coop_members_for(user, consortium):
        raise Http404
    return consortium, False


def consortium_get_for_lead(
    user: AnyUser | None, slug: str, *, action: bool = False
) -> Organisation:
    """The consortium, for the lead's pages: 404 for anyone without a role in it (and, for
    reads, anyone who does not lead); 403 for an action by someone else with a role."""
    consortium = _consortium(slug)
    if can_lead(user, consortium):
        return consortium
    if action and has_role(user, consortium):
        raise PermissionDenied
    raise Http404


def opportunity_get_for_lead(
    user: AnyUser | None, slug: str, pk: int, *, action: bool = False
) -> Opportunity:
    """An opportunity the consortium of the address tracks, for its lead (404 otherwise)."""
    consortium = consortium_get_for_lead(user, slug, action=action)
    opportunity = (
        Opportunity.objects.select_related("organisation")
        .filter(pk=pk, organisation=consortium)
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def bid_get_for_view(user: AnyUser | None, slug: str, pk: int) -> BidAccess:
    """A bid of the consortium of the address that `user` may see (Http404 otherwise)."""
    bid = (
        JointBid.objects.select_related(
            "opportunity", "consortium", "lead", "lead__member_organisation", "decision_ballot"
        )
        .filter(pk=pk, consortium__slug=slug)
        .first()
    )
    if bid is None:
        raise Http404
    if can_lead(user, bid.consortium):
        return BidAccess(bid, True, frozenset())
    members = coop_members_for(user, bid.consortium)
    ids = frozenset(
        BidParticipant.objects.filter(bid=bid, member_id__in=members).values_list("pk", flat=True)
    )
    if not ids:
        raise Http404
    return BidAccess(bid, False, ids)


def bid_get_for_lead(user: AnyUser | None, slug: str, pk: int, *, action: bool = True) -> BidAccess:
    """A bid for the lead's pages: 404 for those who may not see it; for a member co-op's
    people, 404 on a read and 403 on an action."""
    access = bid_get_for_view(user, slug, pk)
    if not access.is_lead:
        if action:
            raise PermissionDenied
        raise Http404
    return access


def participant_get_for_view(access: BidAccess, participant_id: int) -> BidParticipant:
    """One member co-op of the bid whose part the user may see (Http404 otherwise)."""
    participant = (
        BidParticipant.objects.select_related("member", "member__member_organisation")
        .filter(pk=participant_id, bid=access.bid)
        .first()
    )
    if participant is None or not access.can_see_part(participant.pk):
        raise Http404
    return participant


def answer_get_for_view(access: BidAccess, answer_id: int) -> Answer:
    """An answer of the bid (every participant sees the bid's answers: they sign it off)."""
    answer = (
        Answer.objects.select_related("question", "participant__member", "author")
        .filter(pk=answer_id, bid=access.bid)
        .first()
    )
    if answer is None:
        raise Http404
    return answer


def can_edit_answer(access: BidAccess, answer: Answer, user: AnyUser | None) -> bool:
    """The lead; the answer's author; the people of the co-op it answers for."""
    if access.is_lead:
        return True
    if answer.author_id is not None and user is not None and answer.author_id == user.pk:
        return True
    return answer.participant_id is not None and answer.participant_id in access.participant_ids
