"""Member co-ops on a bid: invitations, their own democratic approvals and conditions, the
written authorisation of the lead, the lead, and dropping out (re-planning)."""

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
from tendering.models import BidParticipant, JointBid, Lot, SignOff
from tendering.services._common import (
    SIGNED,
    check_changeable,
    check_hours,
    lock_bid,
    lock_participant,
    now,
    today,
)
from tendering.services.bids import Status, set_status
from voting.models import Ballot, Question
from voting.rules import CARRIED


def _check_consortium_member(bid: JointBid, member: Member, field: str = "member") -> Member:
    """A member co-op of the consortium, in good standing in its register (not ceased or
    suspended), as the register says now (not as the caller last read it)."""
    member = Member.objects.get(pk=member.pk)
    if member.organisation_id != bid.consortium_id:
        raise fail(field, _("Choose a member co-op of the consortium."))
    if member.status != Member.Status.ACTIVE:
        raise fail(
            field,
            _("%(name)s is not a member in good standing (%(status)s).")
            % {"name": member.name, "status": member.get_status_display()},
        )
    return member


@transaction.atomic
def participant_invite(*, bid: JointBid, member: Member, actor: User | None) -> BidParticipant:
    """Invite a member co-op in good standing to take part."""
    bid = lock_bid(bid)
    check_changeable(bid)
    member = _check_consortium_member(bid, member)
    existing = bid.participants.filter(member=member).first()
    if existing is not None:
        raise fail(
            "member",
            _("%(name)s is already on this bid (%(status)s).")
            % {"name": member.name, "status": existing.get_status_display().lower()},
        )
    participant = BidParticipant(bid=bid, member=member)
    participant.full_clean()
    participant.save()
    audit(
        actor=actor,
        action="bid.participant_invite",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"member": member.name},
    )
    return participant


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
    _check_consortium_member(bid, participant.member)
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


@transaction.atomic
def participant_authorise_lead(
    *, participant: BidParticipant, signed_by: str, signed_on: dt.date, actor: User | None
) -> BidParticipant:
    """Record the member co-op's written authorisation of the lead to bid on its behalf
    (given after its approval; a change of lead needs a new one)."""
    bid = lock_bid(participant.bid)
    participant = lock_participant(participant)
    check_changeable(bid)
    if participant.status != BidParticipant.Status.APPROVED:
        raise fail("status", _("The co-op must approve the bid before authorising the lead."))
    if not signed_by.strip():
        raise fail("authorisation_signed_by", _("Who signed the authorisation?"))
    if signed_on > today():
        raise fail("authorisation_on", _("The date cannot be in the future."))
    if participant.approved_on is not None and signed_on < participant.approved_on:
        raise fail(
            "authorisation_on",
            _("The authorisation cannot come before the co-op approved the bid (%(day)s).")
            % {"day": date_format(participant.approved_on)},
        )
    participant.authorised_lead = True
    participant.authorisation_signed_by = signed_by.strip()
    participant.authorisation_on = signed_on
    participant.full_clean()
    participant.save()
    audit(
        actor=actor,
        action="bid.participant_authorise",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={
            "member": participant.member.name,
            "signed_by": participant.authorisation_signed_by,
            "signed_on": signed_on,
        },
    )
    return participant


def _revoke_authorisations(bid: JointBid) -> list[str]:
    """A change of lead: the written authorisations named the old lead, so each co-op must
    authorise the new one. Returns the co-ops whose authorisation lapsed."""
    lapsed = list(
        bid.participants.filter(authorised_lead=True)
        .select_related("member")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    BidParticipant.objects.filter(pk__in=[p.pk for p in lapsed]).update(
        authorised_lead=False, authorisation_signed_by="", authorisation_on=None, updated_at=now()
    )
    return [p.member.name for p in lapsed]


@transaction.atomic
def bid_set_lead(*, bid: JointBid, member: Member, actor: User | None) -> JointBid:
    """Name the lead: a co-op that has approved the bid, in good standing. Replacing a lead
    voids the written authorisations of the old one; once the co-ops have signed off, the
    lead changes only after reopening the bid for drafting."""
    bid = lock_bid(bid)
    check_changeable(bid)
    taking_part = bid.participants.filter(member=member).first()
    if taking_part is None or taking_part.status in (
        BidParticipant.Status.DECLINED,
        BidParticipant.Status.WITHDRAWN,
    ):
        raise fail("lead", _("The lead must be one of the participating co-ops."))
    member = _check_consortium_member(bid, member, "lead")
    if taking_part.status != BidParticipant.Status.APPROVED:
        raise fail(
            "lead",
            _("%(name)s has not approved the bid: the lead must be a co-op that has approved it.")
            % {"name": member.name},
        )
    if bid.lead_id == member.pk:
        return bid
    if bid.status in SIGNED:
        raise fail("lead", _("The co-ops have signed off this bid: reopen it for drafting first."))
    before = snapshot(bid, ["lead"])
    lapsed = _revoke_authorisations(bid) if bid.lead_id is not None else []
    bid.lead = member
    bid.save(update_fields=["lead", "updated_at"])
    audit(
        actor=actor,
        action="bid.set_lead",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={"lead": member.name, "authorisations_lapsed": lapsed},
    )
    return bid


@transaction.atomic
def participant_withdraw(
    *, participant: BidParticipant, reason: str, actor: User | None
) -> BidParticipant:
    """A member co-op declines (if it had not approved) or drops out (if it had), with the
    reason. Its capacity commitments are removed (they no longer count here nor against its
    capacity across bids); its price build-ups and answers stay as the record of its work,
    but count nowhere (every check reads approved co-ops only). Every sign-off is
    invalidated (the bid changed); a bid under way goes to re-planning; if the lead drops
    out the bid has no lead and the other co-ops' authorisations of it lapse."""
    bid = lock_bid(participant.bid)
    participant = lock_participant(participant)
    if bid.status not in JointBid.OPEN:
        raise fail(
            "bid",
            _("The bid is “%(status)s”: it can no longer be changed.")
            % {"status": bid.get_status_display()},
        )
    if participant.status in (BidParticipant.Status.DECLINED, BidParticipant.Status.WITHDRAWN):
        raise fail("status", _("This co-op is not taking part."))
    if not reason.strip():
        raise fail("reason", _("Give the reason."))
    check_length("reason", reason.strip(), rules.MAX_NOTE, _("The reason"))
    was_approved = participant.status == BidParticipant.Status.APPROVED
    participant.status = (
        BidParticipant.Status.WITHDRAWN if was_approved else BidParticipant.Status.DECLINED
    )
    participant.save(update_fields=["status", "updated_at"])
    removed = [
        {"lot": c.lot.number, "hours": c.hours_per_week}
        for c in participant.commitments.select_related("lot").order_by("lot__number")
    ]
    participant.commitments.all().delete()
    invalidated = SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
        invalidated_at=now(), invalidated_reason=_("A member co-op dropped out")
    )
    was_lead = bid.lead_id == participant.member_id
    lapsed: list[str] = []
    if was_lead:
        lapsed = _revoke_authorisations(bid)
        bid.lead = None
        bid.save(update_fields=["lead", "updated_at"])
    audit(
        actor=actor,
        action="bid.participant_withdraw",
        obj=bid,
        organisation_id=bid.consortium_id,
        before={"member": participant.member.name, "commitments": removed},
        after={
            "member": participant.member.name,
            "status": participant.status,
            "signoffs_invalidated": invalidated,
            "was_lead": was_lead,
            "authorisations_lapsed": lapsed,
        },
        reason=reason.strip(),
    )
    if was_approved and Status.REPLANNING in JointBid.TRANSITIONS[bid.status]:
        set_status(bid, Status.REPLANNING, actor, reason.strip())
    return participant
