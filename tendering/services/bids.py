"""A joint bid's life: creation, the consortium's go/no-go, member co-ops' approvals, the
state machine with its hard gates, submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from membership.models import Member, Organisation
from tendering.models import BidParticipant, JointBid, Lot, Opportunity, SignOff
from tendering.services._common import check_hours, fail, lock_bid, now

Status = JointBid.Status


def _check_deadlines(bid: JointBid) -> None:
    deadline = bid.opportunity.submission_deadline
    for name in ("answers_due", "prices_due", "signoff_due"):
        value = getattr(bid, name)
        if value is not None and value >= deadline:
            raise fail(
                name,
                _("Internal deadlines must fall before the buyer's deadline (%(deadline)s).")
                % {"deadline": date_format(timezone.localtime(deadline), "DATETIME_FORMAT")},
            )


@transaction.atomic
def bid_create(
    *,
    opportunity: Opportunity,
    consortium: Organisation,
    liability: str = JointBid.Liability.JOINT_AND_SEVERAL,
    answers_due: dt.datetime | None = None,
    prices_due: dt.datetime | None = None,
    signoff_due: dt.datetime | None = None,
    pay_floor_pence: int = 1345,
    actor: User | None,
) -> JointBid:
    """Identify an opportunity the consortium may bid for."""
    if not consortium.is_consortium:
        raise fail("consortium", _("Joint bids are made by a consortium."))
    if opportunity.organisation_id != consortium.pk:
        raise fail("opportunity", _("Choose an opportunity this consortium tracks."))
    if JointBid.objects.filter(opportunity=opportunity, consortium=consortium).exists():
        raise fail("opportunity", _("The consortium already has a bid for this opportunity."))
    if opportunity.submission_deadline <= now():
        raise fail("opportunity", _("The deadline for this opportunity has passed."))
    if liability not in JointBid.Liability.values:
        raise fail("liability", _("Choose how liability is shared."))
    bid = JointBid(
        opportunity=opportunity,
        consortium=consortium,
        liability=liability,
        answers_due=answers_due,
        prices_due=prices_due,
        signoff_due=signoff_due,
        pay_floor_pence=pay_floor_pence,
    )
    _check_deadlines(bid)
    bid.full_clean()
    bid.save()
    audit(
        actor=actor,
        action="bid.create",
        obj=bid,
        organisation_id=consortium.pk,
        after=snapshot(bid),
    )
    return bid


@transaction.atomic
def bid_update_plan(
    *,
    bid: JointBid,
    liability: str | None = None,
    answers_due: dt.datetime | None = None,
    prices_due: dt.datetime | None = None,
    signoff_due: dt.datetime | None = None,
    pay_floor_pence: int | None = None,
    actor: User | None,
) -> JointBid:
    bid = lock_bid(bid)
    if bid.status not in JointBid.OPEN - {"submitted"}:
        raise fail("bid", _("This bid can no longer be changed."))
    before = snapshot(
        bid, ["liability", "answers_due", "prices_due", "signoff_due", "pay_floor_pence"]
    )
    if liability is not None:
        if liability not in JointBid.Liability.values:
            raise fail("liability", _("Choose how liability is shared."))
        bid.liability = liability
    bid.answers_due = answers_due or bid.answers_due
    bid.prices_due = prices_due or bid.prices_due
    bid.signoff_due = signoff_due or bid.signoff_due
    if pay_floor_pence is not None:
        bid.pay_floor_pence = pay_floor_pence
    _check_deadlines(bid)
    bid.save()
    audit(
        actor=actor,
        action="bid.update_plan",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after=snapshot(bid, list(before)),
    )
    return bid


def _set_status(bid: JointBid, to: str, actor: User | None, reason: str = "") -> JointBid:
    if to not in JointBid.TRANSITIONS[bid.status]:
        raise fail(
            "status",
            _("A bid that is “%(now)s” cannot become “%(to)s”.")
            % {"now": bid.get_status_display(), "to": Status(to).label},
        )
    before = bid.status
    bid.status = to
    if to == Status.SUBMITTED:
        bid.submitted_at = now()
    bid.save(update_fields=["status", "submitted_at", "updated_at"])
    if to == Status.DRAFTING and before in (Status.FINAL_SIGNOFF, Status.READY):
        SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
            invalidated_at=now(), invalidated_reason=_("Bid reopened for drafting")
        )
    audit(
        actor=actor,
        action="bid.transition",
        obj=bid,
        organisation_id=bid.consortium_id,
        before={"status": before},
        after={"status": to},
        reason=reason,
    )
    return bid


@transaction.atomic
def bid_transition(*, bid: JointBid, to: str, reason: str = "", actor: User | None) -> JointBid:
    """Move a bid along its states; the steps that need them check their gates."""
    from tendering.services.gates import bid_gates, failing

    bid = lock_bid(bid)
    if to == Status.CONSULTING and bid.go_decided_on is None:
        raise fail("status", _("Record the consortium's go decision first."))
    if to == Status.DRAFTING and bid.status == Status.CONSULTING:
        approved = bid.participants.filter(status=BidParticipant.Status.APPROVED)
        if approved.count() < 2:
            raise fail(
                "participants",
                _("A joint bid needs at least two member co-ops that have approved it."),
            )
        if bid.lead_id is None or not approved.filter(member_id=bid.lead_id).exists():
            raise fail("lead", _("The lead must be one of the participating co-ops."))
    if to == Status.IN_REVIEW:
        missing = [g for g in bid_gates(bid) if g.code == "answers_started" and not g.ok]
        if missing:
            raise fail(
                "status",
                _("Every mandatory question needs a draft answer before review: %(what)s")
                % {"what": "; ".join(missing[0].detail)},
            )
    if to == Status.FINAL_SIGNOFF:
        bad = failing(bid_gates(bid), ignore={"signoffs"})
        if bad:
            raise fail(
                "status",
                _("These gates are not met: %(gates)s.")
                % {"gates": "; ".join(" ".join(g.detail) or g.code for g in bad)},
            )
    if to in (Status.READY, Status.SUBMITTED):
        bad = failing(bid_gates(bid))
        if bad:
            raise fail(
                "status",
                _("These gates are not met: %(gates)s.")
                % {"gates": "; ".join(" ".join(g.detail) or g.code for g in bad)},
            )
    if to in (Status.WITHDRAWN, Status.DECLINED, Status.LAPSED) and not reason.strip():
        raise fail("reason", _("Give the reason."))
    return _set_status(bid, to, actor, reason)


@transaction.atomic
def bid_submit(*, bid: JointBid, actor: User | None) -> JointBid:
    """Submit a ready bid: refused after the buyer's deadline or while any gate fails."""
    bid = lock_bid(bid)
    if now() >= bid.opportunity.submission_deadline:
        raise fail(
            "status",
            _("The buyer's deadline (%(deadline)s) has passed: the bid can no longer be submitted.")
            % {
                "deadline": date_format(
                    timezone.localtime(bid.opportunity.submission_deadline), "DATETIME_FORMAT"
                )
            },
        )
    if bid.status != Status.READY:
        raise fail("status", _("Only a bid that is ready can be submitted."))
    return bid_transition(bid=bid, to=Status.SUBMITTED, actor=actor)


@transaction.atomic
def bid_go_decide(
    *, bid: JointBid, go: bool, method: str, reference: str, decided_on: dt.date, actor: User | None
) -> JointBid:
    """Record the consortium's go/no-go (a board decision, or the result of a ballot of member
    co-ops through `bid_go_ballot_open`)."""
    bid = lock_bid(bid)
    if bid.status not in (Status.IDENTIFIED, Status.QUALIFYING):
        raise fail("status", _("The go/no-go decision is taken while qualifying the bid."))
    if method not in JointBid.Decision.values:
        raise fail("decision_method", _("Say whether the board or a ballot decided."))
    if not reference.strip():
        raise fail("go_reference", _("Give the board minute or ballot reference."))
    if decided_on > timezone.localdate():
        raise fail("go_decided_on", _("The date cannot be in the future."))
    if bid.status == Status.IDENTIFIED:
        _set_status(bid, Status.QUALIFYING, actor)
    bid.decision_method = method
    bid.go_reference = reference.strip()
    bid.go_decided_on = decided_on
    bid.save(update_fields=["decision_method", "go_reference", "go_decided_on", "updated_at"])
    audit(
        actor=actor,
        action="bid.go" if go else "bid.no_go",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"method": method, "reference": reference, "decided_on": decided_on},
    )
    return _set_status(bid, Status.CONSULTING if go else Status.DECLINED, actor)


@transaction.atomic
def bid_go_ballot_open(*, bid: JointBid, closes_at: dt.datetime | None = None, actor: User | None):  # type: ignore[no-untyped-def]
    """Ask the member co-ops: a ballot of the consortium (one member organisation, one vote,
    cast by its representative) on whether to bid."""
    from voting import services as voting
    from voting.models import Question

    bid = lock_bid(bid)
    if bid.status not in (Status.IDENTIFIED, Status.QUALIFYING):
        raise fail("status", _("The go/no-go decision is taken while qualifying the bid."))
    if bid.decision_ballot_id is not None:
        raise fail("decision_ballot", _("A go/no-go ballot is already open for this bid."))
    version = bid.consortium.rules_versions.in_force_on(timezone.localdate()).first()
    if version is None:
        raise fail("consortium", _("No rules are recorded for the consortium."))
    title = _("Bid for %(title)s?") % {"title": bid.opportunity.title}
    ballot = voting.ballot_create(
        organisation=bid.consortium,
        title=title[:200],
        record_date=timezone.localdate(),
        description=bid.opportunity.description,
        closes_at=closes_at,
        actor=actor,
    )
    voting.question_add(
        ballot=ballot,
        kind=Question.Kind.RESOLUTION,
        text=_("That the consortium bids for %(title)s (%(buyer)s, reference %(ref)s).")
        % {
            "title": bid.opportunity.title,
            "buyer": bid.opportunity.buyer_name,
            "ref": bid.opportunity.reference,
        },
        resolution_type=version.resolution_types.get(code="ordinary"),
        actor=actor,
    )
    voting.ballot_open(ballot=ballot, actor=actor)
    if bid.status == Status.IDENTIFIED:
        _set_status(bid, Status.QUALIFYING, actor)
    bid.decision_ballot = ballot
    bid.decision_method = JointBid.Decision.BALLOT
    bid.save(update_fields=["decision_ballot", "decision_method", "updated_at"])
    audit(
        actor=actor,
        action="bid.go_ballot_open",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"ballot": ballot.pk},
    )
    return ballot


@transaction.atomic
def bid_go_from_ballot(*, bid: JointBid, actor: User | None) -> JointBid:
    """Apply the result of the closed go/no-go ballot."""
    from voting.models import Ballot
    from voting.rules import CARRIED

    bid = lock_bid(bid)
    ballot = bid.decision_ballot
    if ballot is None or ballot.status not in (Ballot.Status.CLOSED, Ballot.Status.PUBLISHED):
        raise fail("decision_ballot", _("The go/no-go ballot has not closed yet."))
    result = ballot.questions.get().result or {}
    return bid_go_decide(
        bid=bid,
        go=result.get("outcome") == CARRIED,
        method=JointBid.Decision.BALLOT,
        reference=_("Ballot %(id)s") % {"id": ballot.pk},
        decided_on=timezone.localdate(),
        actor=actor,
    )


def _check_consortium_member(bid: JointBid, member: Member, field: str = "member") -> None:
    if member.organisation_id != bid.consortium_id:
        raise fail(field, _("Choose a member co-op of the consortium."))
    if member.status != Member.Status.ACTIVE:
        raise fail(
            field,
            _("%(name)s is not a member in good standing (%(status)s).")
            % {"name": member.name, "status": member.get_status_display()},
        )


@transaction.atomic
def participant_invite(*, bid: JointBid, member: Member, actor: User | None) -> BidParticipant:
    bid = lock_bid(bid)
    if bid.status not in JointBid.OPEN - {"submitted"}:
        raise fail("bid", _("This bid can no longer change its participants."))
    _check_consortium_member(bid, member)
    if bid.participants.filter(member=member).exists():
        raise fail("member", _("%(name)s is already taking part.") % {"name": member.name})
    participant = BidParticipant.objects.create(bid=bid, member=member)
    audit(
        actor=actor,
        action="bid.participant_invite",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"member": member.name},
    )
    return participant


@transaction.atomic
def participant_approve(
    *,
    participant: BidParticipant,
    approval_kind: str,
    reference: str,
    approved_on: dt.date,
    expires_on: dt.date | None = None,
    allowed_lots: Iterable[Lot] = (),
    max_hours_per_week: Decimal | str | None = None,
    conditions: str = "",
    actor: User | None,
) -> BidParticipant:
    """Record a member co-op's democratic approval (board resolution or member ballot) and
    its conditions (lots, most hours a week)."""
    participant = (
        BidParticipant.objects.select_for_update().select_related("bid").get(pk=participant.pk)
    )
    bid = participant.bid
    _check_consortium_member(bid, participant.member)
    if participant.status not in (BidParticipant.Status.INVITED, BidParticipant.Status.APPROVED):
        raise fail("status", _("This co-op has declined or dropped out."))
    if approval_kind not in BidParticipant.Approval.values:
        raise fail("approval_kind", _("Say whether the board or a member ballot approved."))
    if not reference.strip():
        raise fail("approval_reference", _("Give the board resolution or ballot reference."))
    if approved_on > timezone.localdate():
        raise fail("approved_on", _("The date cannot be in the future."))
    if expires_on is not None and expires_on < approved_on:
        raise fail("approval_expires_on", _("The approval cannot expire before it was given."))
    lots = list(allowed_lots)
    for lot in lots:
        if lot.opportunity_id != bid.opportunity_id:
            raise fail("allowed_lots", _("Lot %(n)s is not in this tender.") % {"n": lot.number})
    before = snapshot(participant, ["status", "approved_on", "approval_expires_on"])
    participant.status = BidParticipant.Status.APPROVED
    participant.approval_kind = approval_kind
    participant.approval_reference = reference.strip()
    participant.approved_on = approved_on
    participant.approval_expires_on = expires_on
    participant.max_hours_per_week = (
        check_hours(max_hours_per_week, "max_hours_per_week")
        if max_hours_per_week not in (None, "")
        else None
    )
    participant.conditions = conditions.strip()
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
        },
    )
    return participant


@transaction.atomic
def participant_authorise_lead(
    *, participant: BidParticipant, signed_by: str, signed_on: dt.date, actor: User | None
) -> BidParticipant:
    """Record the member co-op's written authorisation of the lead to bid on its behalf."""
    participant = BidParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.status != BidParticipant.Status.APPROVED:
        raise fail("status", _("The co-op must approve the bid before authorising the lead."))
    if not signed_by.strip():
        raise fail("authorisation_signed_by", _("Who signed the authorisation?"))
    if signed_on > timezone.localdate():
        raise fail("authorisation_on", _("The date cannot be in the future."))
    participant.authorised_lead = True
    participant.authorisation_signed_by = signed_by.strip()
    participant.authorisation_on = signed_on
    participant.save()
    audit(
        actor=actor,
        action="bid.participant_authorise",
        obj=participant.bid,
        organisation_id=participant.bid.consortium_id,
        after={"member": participant.member.name, "signed_by": signed_by},
    )
    return participant


@transaction.atomic
def bid_set_lead(*, bid: JointBid, member: Member, actor: User | None) -> JointBid:
    bid = lock_bid(bid)
    if not bid.participants.filter(
        member=member, status__in=[BidParticipant.Status.INVITED, BidParticipant.Status.APPROVED]
    ).exists():
        raise fail("lead", _("The lead must be one of the participating co-ops."))
    _check_consortium_member(bid, member, "lead")
    before = snapshot(bid, ["lead"])
    bid.lead = member
    bid.save(update_fields=["lead", "updated_at"])
    audit(
        actor=actor,
        action="bid.set_lead",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={"lead": member.name},
    )
    return bid


@transaction.atomic
def participant_withdraw(
    *, participant: BidParticipant, reason: str, actor: User | None
) -> BidParticipant:
    """A member co-op declines or drops out: its commitments stop counting and a bid under way
    goes to re-planning."""
    participant = (
        BidParticipant.objects.select_for_update().select_related("bid").get(pk=participant.pk)
    )
    if participant.status in (BidParticipant.Status.DECLINED, BidParticipant.Status.WITHDRAWN):
        raise fail("status", _("This co-op is not taking part."))
    if not reason.strip():
        raise fail("reason", _("Give the reason."))
    bid = lock_bid(participant.bid)
    was_approved = participant.status == BidParticipant.Status.APPROVED
    participant.status = (
        BidParticipant.Status.WITHDRAWN if was_approved else BidParticipant.Status.DECLINED
    )
    participant.save(update_fields=["status", "updated_at"])
    participant.commitments.all().delete()
    SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
        invalidated_at=now(), invalidated_reason=_("A member co-op dropped out")
    )
    audit(
        actor=actor,
        action="bid.participant_withdraw",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"member": participant.member.name, "status": participant.status},
        reason=reason,
    )
    if was_approved and Status.REPLANNING in JointBid.TRANSITIONS[bid.status]:
        _set_status(bid, Status.REPLANNING, actor, reason)
    if bid.lead_id == participant.member_id:
        bid.lead = None
        bid.save(update_fields=["lead", "updated_at"])
    return participant
