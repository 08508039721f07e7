"""The member co-ops of a bid: inviting them, recording each one's approval (board
resolution or member ballot, with its conditions) and its written authorisation of the lead,
setting the lead, a co-op dropping out (re-planning); and a co-op's view of its own part."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.permissions import AnyUser
from coop.core.web import action_page, bound
from tendering import permissions, selectors, services
from tendering.forms.bids import (
    ApprovalForm,
    AuthoriseForm,
    DelegationForm,
    InviteForm,
    LeadForm,
    ReasonForm,
)
from tendering.models import BidParticipant, JointBid
from tendering.views._common import bid_context, bid_url


def _context(bid: JointBid, **extra: Any) -> dict[str, Any]:
    return bid_context(bid, **{"back_url": bid_url(bid, "participants"), **extra})


def _managed(
    request: HttpRequest,
    slug: str,
    pk: int,
    participant_id: int,
    predicate: Callable[
        [AnyUser | None, BidParticipant], bool
    ] = permissions.can_manage_participant,
) -> BidParticipant:
    """A co-op of the bid, for one of the lead's actions on it (`predicate`)."""
    return permissions.participant_get_for(
        request.user, slug, pk, participant_id, predicate, action=True
    )


@login_required
@require_GET
def participants(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid)
    rows = selectors.participant_rows(bid, selectors.bid_participants(bid))
    may_record = permissions.approvals_recordable_by(
        request.user, [row.participant for row in rows]
    )
    return render(
        request,
        "tendering/participants.html",
        {**_context(bid, back_url=bid_url(bid)), "rows": rows, "may_record": may_record},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)

    def perform(data: dict[str, Any], actor: User) -> str:
        p = services.participant_invite(bid=bid, member=data["member"], actor=actor)
        return _("%(name)s is invited: record its approval.") % {"name": p.member.name}

    return action_page(
        request,
        form=InviteForm(bound(request), bid=bid),
        perform=perform,
        done_url=bid_url(bid, "participants"),
        context=_context(bid, title=_("Invite a member co-op"), submit_label=_("Invite")),
    )


def _part_url(request: HttpRequest, p: BidParticipant) -> str:
    """Back to the lead's list of co-ops, or to the co-op's own part for its officers."""
    if permissions.can_manage_bid(request.user, p.bid):
        return bid_url(p.bid, "participants")
    return bid_url(p.bid, "member_part", p.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participant_approve(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """A co-op's own democratic approval, with its conditions (lots, most hours a week) and,
    where its members decided, the co-op's own ballot that carried: recorded by the co-op's
    secretary or board (the lead only where the co-op delegated it in writing)."""
    p = _managed(request, slug, pk, participant_id, permissions.can_record_approval)
    bid = p.bid
    initial = {
        "approval_kind": p.approval_kind or None,
        "approval_ballot": p.approval_ballot_id,
        "reference": p.approval_reference,
        "approved_on": p.approved_on,
        "expires_on": p.approval_expires_on,
        "allowed_lots": list(p.allowed_lots.all()),
        "max_hours_per_week": p.max_hours_per_week,
        "conditions": p.conditions,
    }
    in_cyd = p.member.member_organisation_id is not None

    def perform(data: dict[str, Any], actor: User) -> str:
        services.participant_approve(participant=p, actor=actor, **data)
        return _("%(name)s's approval is recorded.") % {"name": p.member.name}

    return action_page(
        request,
        form=ApprovalForm(
            bound(request),
            bid=bid,
            ballots=selectors.coop_closed_ballots(p) if in_cyd else None,
            initial=initial,
        ),
        perform=perform,
        done_url=_part_url(request, p),
        aliases={"approval_reference": "reference", "approval_expires_on": "expires_on"},
        context=_context(
            bid,
            back_url=_part_url(request, p),
            title=_("Record %(name)s's approval") % {"name": p.member.name},
            submit_label=_("Record the approval"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_delegate(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """The co-op's secretary records the co-op's written delegation to the consortium of
    recording its approval of this bid."""
    p = _managed(request, slug, pk, participant_id, permissions.can_delegate_approval)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.participant_delegate_approval(
            participant=p, reference=data["reference"], dated_on=data["dated_on"], actor=actor
        )
        return _("%(name)s's delegation is recorded: the consortium may record its approval.") % {
            "name": p.member.name
        }

    return action_page(
        request,
        form=DelegationForm(bound(request)),
        perform=perform,
        done_url=_part_url(request, p),
        aliases={
            "approval_delegation_reference": "reference",
            "approval_delegated_on": "dated_on",
        },
        context=_context(
            p.bid,
            back_url=_part_url(request, p),
            title=_("Delegate recording %(name)s's approval to the consortium")
            % {"name": p.member.name},
            warning=_(
                "Only with the co-op's written delegation: the consortium's bid managers may "
                "then record the co-op's approval of this bid on its behalf."
            ),
            submit_label=_("Record the delegation"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_authorise(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """The co-op's written authorisation of the lead to bid on its behalf."""
    p = _managed(request, slug, pk, participant_id)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.participant_authorise_lead(participant=p, actor=actor, **data)
        return _("%(name)s's authorisation of the lead is recorded.") % {"name": p.member.name}

    return action_page(
        request,
        form=AuthoriseForm(bound(request)),
        perform=perform,
        done_url=bid_url(p.bid, "participants"),
        aliases={"authorisation_signed_by": "signed_by", "authorisation_on": "signed_on"},
        context=_context(
            p.bid,
            title=_("Record %(name)s's authorisation of the lead") % {"name": p.member.name},
            submit_label=_("Record the authorisation"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_withdraw(
    request: HttpRequest, slug: str, pk: int, participant_id: int
) -> HttpResponse:
    """A co-op declines or drops out: its commitments stop counting, every sign-off lapses
    and a bid under way goes to re-planning."""
    p = _managed(request, slug, pk, participant_id, permissions.can_withdraw_participant)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.participant_withdraw(participant=p, reason=data["reason"], actor=actor)
        return _("%(name)s is no longer taking part.") % {"name": p.member.name}

    return action_page(
        request,
        form=ReasonForm(bound(request)),
        perform=perform,
        done_url=bid_url(p.bid),
        context=_context(
            p.bid,
            title=_("Withdraw %(name)s from the bid") % {"name": p.member.name},
            warning=_(
                "A co-op that has not approved the bid is recorded as declining; one that had "
                "approved, as dropping out. Its capacity commitments are removed, every "
                "sign-off must be given again, and a bid under way goes to re-planning."
            ),
            submit_label=_("Withdraw it from the bid"),
            danger=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_set_lead(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.bid_set_lead(bid=bid, member=data["member"], actor=actor)
        return _("%(name)s leads the bid.") % {"name": data["member"].name}

    return action_page(
        request,
        form=LeadForm(bound(request), bid=bid),
        perform=perform,
        done_url=bid_url(bid, "participants"),
        aliases={"lead": "member"},
        context=_context(bid, title=_("Choose the lead"), submit_label=_("Set the lead")),
    )


@login_required
@require_GET
def member_part(request: HttpRequest, slug: str, pk: int, participant_id: int) -> HttpResponse:
    """A member co-op's own part: its approval and conditions, its commitments, its own
    prices, the questions it answers or its officers were given, and their due dates."""
    participant = permissions.participant_get_for(
        request.user, slug, pk, participant_id, permissions.can_view_participant
    )
    bid = participant.bid
    people = permissions.officers_of(participant.member)
    return render(
        request,
        "tendering/member_part.html",
        {
            "organisation": bid.consortium,
            "bid": bid,
            "part": selectors.member_part(bid, participant, people=people),
            "is_lead": permissions.can_manage_bid(request.user, bid),
            "not_lead": not permissions.can_manage_bid(request.user, bid),
            "may_approve": bid.status in JointBid.EDITABLE
            and participant.status in permissions.TAKING_PART
            and permissions.can_record_approval(request.user, participant),
            "may_delegate": bid.status in JointBid.EDITABLE
            and participant.status in permissions.TAKING_PART
            and not participant.approval_delegated_on
            and permissions.can_delegate_approval(request.user, participant),
            "may_change": bid.status in JointBid.EDITABLE
            and permissions.can_act_for_participant(request.user, participant),
            "deadlines": selectors.bid_deadlines(bid),
        },
    )
