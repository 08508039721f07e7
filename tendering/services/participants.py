"""Member co-ops on a bid: invitations, their own democratic approvals and conditions, the
written authorisation of the lead, the lead, and dropping out (re-planning)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member
from tendering import rules
from tendering.models import BidParticipant, JointBid, SignOff
from tendering.services._common import (
    SIGNED,
    check_changeable,
    lock_bid,
    lock_participant,
    now,
    today,
)
from tendering.services.bids import Status, set_status


def check_consortium_member(bid: JointBid, member: Member, field: str = "member") -> Member:
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
    member = check_consortium_member(bid, member)
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
    member = check_consortium_member(bid, member, "lead")
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
