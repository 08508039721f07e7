"""A member co-op's approval of a joint bid: recorded by the co-op itself (its secretary or
board), from a board resolution or from one of its own members' ballots that carried; or by the
lead once the co-op has delegated it in writing (the delegation recorded first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member
from tendering import rules
from tendering.models import BidParticipant, Lot
from tendering.services._common import (
    check_changeable,
    check_hours,
    lock_bid,
    lock_participant,
    today,
)
from tendering.services.participants import check_consortium_member
from voting.models import Ballot, Question
from voting.rules import CARRIED


def _check_approval_ballot(member: Member, kind: str, ballot: Ballot | None) -> None:
    """Where the co-op's members decided, the approval is one of the co-op's own ballots:
    closed, and carried. A co-op whose organisation is not in Cyd gives a reference only."""
    if ballot is None:
        if kind == BidParticipant.Approval.BALLOT and member.member_organisation_id:
            raise fail(
                "approval_ballot",
                _(
                    "Choose the ballot of %(name)s's members that approved the bid: an "
                    "approval by ballot links to the co-op's own ballot, closed and carried."
                )
                % {"name": member.name},
            )
        return
    if kind != BidParticipant.Approval.BALLOT:
        raise fail("approval_ballot", _("A board resolution links to no ballot."))
    if ballot.organisation_id != member.member_organisation_id:
        raise fail(
            "approval_ballot",
            _("Ballot %(id)s is not a ballot of %(name)s's members.")
            % {"id": ballot.pk, "name": member.name},
        )
    if ballot.status not in (Ballot.Status.CLOSED, Ballot.Status.PUBLISHED):
        raise fail(
            "approval_ballot",
            _("Ballot %(id)s has not closed (%(status)s): only a result can approve the bid.")
            % {"id": ballot.pk, "status": ballot.get_status_display()},
        )
    outcomes = [
        (q.result or {}).get("outcome")
        for q in ballot.questions.all()
        if q.kind == Question.Kind.RESOLUTION
    ]
    if not outcomes or any(o != CARRIED for o in outcomes):
        raise fail(
            "approval_ballot",
            _("Ballot %(id)s did not carry: it cannot be the co-op's approval of the bid.")
            % {"id": ballot.pk},
        )


def _check_approval_dates(approved_on: dt.date, expires_on: dt.date | None) -> None:
    """An approval given by today, and still in force."""
    if approved_on > today():
        raise fail("approved_on", _("The date cannot be in the future."))
    if expires_on is not None and expires_on < approved_on:
        raise fail("approval_expires_on", _("The approval cannot expire before it was given."))
    if expires_on is not None and expires_on < today():
        raise fail(
            "approval_expires_on",
            _("This approval expired on %(day)s: record the co-op's renewed approval.")
            % {"day": date_format(expires_on)},
        )


@transaction.atomic
def participant_approve(
    *,
    participant: BidParticipant,
    approval_kind: str,
    reference: str,
    approved_on: dt.date,
    approval_ballot: Ballot | None = None,
    expires_on: dt.date | None = None,
    allowed_lots: Iterable[Lot] = (),
    max_hours_per_week: Decimal | str | None = None,
    conditions: str = "",
    actor: User | None,
) -> BidParticipant:
    """Record a member co-op's democratic approval (board resolution or member ballot) and
    its conditions (the lots approved, none meaning all; the most hours a week in all).
    Refused for a co-op not in good standing, an approval already expired, or lots not in
    the tender. Commitments are checked against the conditions when made; those made before
    are flagged by the coverage gate."""
    bid = lock_bid(participant.bid)
    participant = lock_participant(participant)
    check_changeable(bid)
    check_consortium_member(bid, participant.member)
    if participant.status not in (BidParticipant.Status.INVITED, BidParticipant.Status.APPROVED):
        raise fail("status", _("This co-op has declined or dropped out."))
    if approval_kind not in BidParticipant.Approval.values:
        raise fail("approval_kind", _("Say whether the board or a member ballot approved."))
    _check_approval_ballot(participant.member, approval_kind, approval_ballot)
    if approval_ballot is not None and not reference.strip():
        reference = (
            _("Ballot %(id)s: %(title)s")
            % {"id": approval_ballot.pk, "title": approval_ballot.title}
        )[:200]
    if not reference.strip():
        raise fail("approval_reference", _("Give the board resolution or ballot reference."))
    _check_approval_dates(approved_on, expires_on)
    check_length("conditions", conditions.strip(), rules.MAX_NOTE, _("The conditions"))
    lots = list(allowed_lots)
    for lot in lots:
        if lot.opportunity_id != bid.opportunity_id:
            raise fail("allowed_lots", _("Lot %(n)s is not in this tender.") % {"n": lot.number})
    max_hours = (
        check_hours(max_hours_per_week, "max_hours_per_week", scope="coop")
        if max_hours_per_week not in (None, "")
        else None
    )
    before = snapshot(participant, ["status", "approved_on", "approval_expires_on"])
    participant.status = BidParticipant.Status.APPROVED
    participant.approval_kind = approval_kind
    participant.approval_reference = reference.strip()
    participant.approval_ballot = approval_ballot
    participant.approved_on = approved_on
    participant.approval_expires_on = expires_on
    participant.max_hours_per_week = max_hours
    participant.conditions = conditions.strip()
    participant.full_clean()
    participant.save()
    participant.allowed_lots.set(lots)
    audit(
        actor=actor,
        action="bid.participant_approve",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={
            **snapshot(
                participant, ["status", "approved_on", "approval_expires_on", "max_hours_per_week"]
            ),
            "member": participant.member.name,
            "lots": [lot.number for lot in lots],
            "ballot": approval_ballot.pk if approval_ballot else None,
            "conditions": participant.conditions,
        },
    )
    return participant


@transaction.atomic
def participant_delegate_approval(
    *, participant: BidParticipant, reference: str, dated_on: dt.date, actor: User | None
) -> BidParticipant:
    """Record the co-op's written delegation to the consortium of recording its approval of
    this bid (its reference and date): from then on the lead may record it for the co-op."""
    bid = lock_bid(participant.bid)
    participant = lock_participant(participant)
    check_changeable(bid)
    if participant.status not in (BidParticipant.Status.INVITED, BidParticipant.Status.APPROVED):
        raise fail("status", _("This co-op has declined or dropped out."))
    if not reference.strip():
        raise fail(
            "approval_delegation_reference",
            _("Give the reference of the written delegation (a board minute or a letter)."),
        )
    check_length(
        "approval_delegation_reference", reference.strip(), 200, _("The delegation's reference")
    )
    if dated_on > today():
        raise fail("approval_delegated_on", _("The date cannot be in the future."))
    before = snapshot(participant, ["approval_delegated_on", "approval_delegation_reference"])
    participant.approval_delegated_on = dated_on
    participant.approval_delegation_reference = reference.strip()
    participant.full_clean()
    participant.save(
        update_fields=["approval_delegated_on", "approval_delegation_reference", "updated_at"]
    )
    audit(
        actor=actor,
        action="bid.participant_delegate_approval",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={
            "member": participant.member.name,
            "reference": participant.approval_delegation_reference,
            "dated_on": dated_on,
        },
    )
    return participant
