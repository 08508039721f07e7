"""The joint bids policy applied to lists (what one user may see of a bid) and who acts for
whom (the choices of the pages, a co-op's part); see `tendering.permissions`."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from coop.core.models import User
from coop.core.permissions import (
    AnyUser,
    Role,
    is_active_user,
    organisations_for,
    prime_roles,
    users_with_role,
)
from membership.models import Member, Organisation
from tendering import selectors
from tendering.models import BidParticipant, Evidence, JointBid, LibraryAnswer, SocialValueFigure
from tendering.permissions.predicates import (
    LEAD_ROLES,
    OFFICER_ROLES,
    TAKING_PART,
    acted_for,
    bid_parts_of,
    can_lead_bids,
    can_record_approval,
    is_author,
)
from tendering.selectors import AnswerRow

# --- Lists, as one user may see them ----------------------------------------------------------


def bid_list_for(user: AnyUser | None, consortium: Organisation) -> list[JointBid]:
    """The consortium's bids `user` may see (the lead: all of them)."""
    if can_lead_bids(user, consortium):
        return selectors.bid_list(consortium)
    return selectors.bid_list(consortium, member_ids=acted_for(user, consortium))


def own_parts(user: AnyUser | None, bid: JointBid) -> list[BidParticipant]:
    """The bid's co-ops `user` is a bid officer of (not all of them for the lead)."""
    parts = bid_parts_of(user, bid)
    return [p for p in selectors.bid_participants(bid) if p.pk in parts]


def participants_acted_for(
    user: AnyUser | None, bid: JointBid, *, approved_only: bool = True
) -> list[BidParticipant]:
    """The bid's co-ops `user` may act for (all of them for the lead), approved ones only if
    `approved_only`."""
    found = (
        selectors.bid_participants(bid)
        if can_lead_bids(user, bid.consortium)
        else own_parts(user, bid)
    )
    return [p for p in found if not approved_only or p.status == BidParticipant.Status.APPROVED]


def answer_rows_for(user: AnyUser | None, bid: JointBid) -> list[AnswerRow]:
    """Every question with its answer, as `user` may see them (`can_view_answer`)."""
    rows = selectors.answer_rows(bid)
    if can_lead_bids(user, bid.consortium):
        return rows
    members = acted_for(user, bid.consortium)
    return [
        row
        for row in rows
        if row.participant is None
        or row.participant.member_id in members
        or (row.answer is not None and is_author(user, row.answer.author_id))
    ]


def evidence_list_for(user: AnyUser | None, bid: JointBid) -> list[Evidence]:
    """The bid's evidence `user` may see (`can_view_evidence`)."""
    items = selectors.evidence_list(bid)
    if can_lead_bids(user, bid.consortium):
        return items
    members = acted_for(user, bid.consortium)
    return [e for e in items if e.participant is None or e.participant.member_id in members]


def social_value_for(user: AnyUser | None, bid: JointBid) -> list[SocialValueFigure]:
    """The social value figures of the co-ops whose part `user` may see."""
    figures = selectors.social_value_list(bid)
    if can_lead_bids(user, bid.consortium):
        return figures
    members = acted_for(user, bid.consortium)
    return [f for f in figures if f.participant is None or f.participant.member_id in members]


def library_entries_for(user: AnyUser | None, bid: JointBid) -> list[LibraryAnswer]:
    """Library entries `user` may reuse in the bid: the consortium's; of the co-ops' own
    libraries, all for the lead, a co-op's officers their own co-op's only."""
    entries = selectors.library_for_bid(bid)
    if can_lead_bids(user, bid.consortium):
        return entries
    mine = {bid.consortium_id} | {
        p.member.member_organisation_id
        for p in own_parts(user, bid)
        if p.member.member_organisation_id is not None
    }
    return [e for e in entries if e.organisation_id in mine]


def approvals_recordable_by(user: AnyUser | None, participants: list[BidParticipant]) -> set[int]:
    """Ids of the co-ops of `participants` whose approval `user` may record
    (`can_record_approval`); the user's roles in the co-ops are read with one query."""
    prime_roles(
        user, [p.member.member_organisation for p in participants if p.member.member_organisation]
    )
    return {p.pk for p in participants if can_record_approval(user, p)}


# --- Who acts for whom (for the pages' choices and a co-op's part) -----------------------------


def officers_of(member: Member) -> set[int]:
    """Ids of the users who act for a member co-op in bids: its own organisation's secretary
    and bid managers."""
    organisation = member.member_organisation
    if organisation is None:
        return set()
    holders = users_with_role(organisation, Role.SECRETARY) | users_with_role(
        organisation, Role.BID_MANAGER
    )
    return set(holders.values_list("pk", flat=True))


def author_candidates(bid: JointBid) -> QuerySet[User]:
    """Who may be given a question to answer: the lead and the officers of the co-ops taking
    part (everyone else could not see the bid to answer it). One query."""
    organisations = [
        p.member.member_organisation
        for p in bid.participants.filter(status__in=TAKING_PART).select_related(
            "member__member_organisation"
        )
        if p.member.member_organisation is not None
    ]
    holders = User.objects.none()
    for role in LEAD_ROLES:
        holders = holders | users_with_role(bid.consortium, role)
    for organisation in organisations:
        for role in OFFICER_ROLES:
            holders = holders | users_with_role(organisation, role)
    return User.objects.filter(pk__in=holders.values("pk"), is_active=True).order_by(
        "full_name", "email"
    )


def lead_consortia(user: AnyUser | None, organisations: list[Organisation]) -> list[Organisation]:
    """Of `organisations`, the consortia whose bids `user` runs (roles primed: no query)."""
    return [org for org in organisations if can_lead_bids(user, org)]


def members_acted_for(user: AnyUser | None) -> list[Member]:
    """Every member co-op, in any consortium, `user` is a bid officer of (with its consortium
    and its own organisation), and whether it has taken part in a bid (`has_bids`). One
    query."""
    if user is None or not is_active_user(user):
        return []
    own = organisations_for(user, Organisation.objects.all(), *OFFICER_ROLES)
    return list(
        Member.objects.filter(
            kind=Member.Kind.ORGANISATION,
            organisation__kind=Organisation.Kind.CONSORTIUM,
            member_organisation__in=own.values("pk"),
        )
        .annotate(has_bids=Exists(BidParticipant.objects.filter(member=OuterRef("pk"))))
        .select_related("organisation", "member_organisation")
        .order_by("organisation__name", "name")
    )


def bid_sections_for(
    user: AnyUser | None, organisations: list[Organisation], members: list[Member]
) -> dict[int, list[Organisation]]:
    """For the home page: organisation id → the consortia whose bids section `user` may
    see from there (`can_view_bids`): a consortium whose bids they run, from its own card;
    a consortium their co-op bids with, from the co-op's card (`members`:
    `members_acted_for`)."""
    sections: dict[int, list[Organisation]] = {}
    # A consortium the user leads is among `organisations` (they hold a role there, primed):
    # it is linked from its own card, not again from a co-op's.
    leads = lead_consortia(user, organisations)
    for consortium in leads:
        sections.setdefault(consortium.pk, []).append(consortium)
    led = {consortium.pk for consortium in leads}
    for member in members:
        own = member.member_organisation_id
        if own is None or not getattr(member, "has_bids", False) or member.organisation_id in led:
            continue
        sections.setdefault(own, []).append(member.organisation)
    return sections
