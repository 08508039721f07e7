"""Social value figures drawn from the member co-ops' registers, and the final sign-off."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.models import User
from coop.core.validation import fail
from tendering.models import BidParticipant, JointBid, SignOff, SocialValueFigure
from tendering.services._common import check_editable, lock_bid, lock_participant, today
from tendering.services.capacity import check_approved


@transaction.atomic
def social_value_compute(
    *, bid: JointBid, stated_on: dt.date, actor: User | None
) -> list[SocialValueFigure]:
    """Draw social value figures from each participating co-op's register as at a date:
    the share of members in each class, and board seats held by each class (with numerator
    and denominator). Co-ops whose register is not kept in Cyd are skipped."""
    from membership.selectors import officers_current, register_counts

    bid = lock_bid(bid)
    check_editable(bid)
    if stated_on > today():
        raise fail("stated_on", _("The date cannot be in the future."))
    SocialValueFigure.objects.filter(bid=bid).delete()
    made = []
    for participant in bid.participants.filter(
        status=BidParticipant.Status.APPROVED
    ).select_related("member__member_organisation"):
        coop = participant.member.member_organisation
        if coop is None:
            continue
        counts = register_counts(coop, stated_on)
        total = sum(counts.values())
        for member_class in coop.member_classes.all():
            made.append(
                SocialValueFigure(
                    bid=bid,
                    participant=participant,
                    code=f"members_{member_class.code}"[:50],
                    label=_("Members in the class “%(cls)s”") % {"cls": member_class.name},
                    numerator=counts.get(member_class.code, 0),
                    denominator=total,
                    stated_on=stated_on,
                    computed_by=actor if actor and actor.pk else None,
                )
            )
        officers = list(officers_current(coop, stated_on))
        board = [o for o in officers if o.office != "secretary"]
        for member_class in coop.member_classes.all():
            made.append(
                SocialValueFigure(
                    bid=bid,
                    participant=participant,
                    code=f"board_{member_class.code}"[:50],
                    label=_("Board seats held by the class “%(cls)s”") % {"cls": member_class.name},
                    numerator=sum(1 for o in board if o.member_class_id == member_class.pk),
                    denominator=len(board),
                    stated_on=stated_on,
                    computed_by=actor if actor and actor.pk else None,
                )
            )
    SocialValueFigure.objects.bulk_create(made)
    audit(
        actor=actor,
        action="bid.social_value",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"stated_on": stated_on, "figures": len(made)},
    )
    return made


@transaction.atomic
def signoff_record(*, bid: JointBid, participant: BidParticipant, actor: User) -> SignOff:
    """A participating co-op (approved, in date, in good standing) signs off the final bid
    (in final sign-off), once."""
    bid = lock_bid(bid)
    participant = lock_participant(participant)
    if bid.status != JointBid.Status.FINAL_SIGNOFF:
        raise fail("status", _("Sign-off happens when the bid is in final sign-off."))
    if participant.bid_id != bid.pk:
        raise fail("participant", _("Choose a co-op taking part in this bid."))
    check_approved(participant)
    if SignOff.objects.filter(
        bid=bid, participant=participant, invalidated_at__isnull=True
    ).exists():
        raise fail(
            "participant", _("%(name)s has already signed off.") % {"name": participant.member.name}
        )
    signoff = SignOff.objects.create(bid=bid, participant=participant, signed_by=actor)
    audit(
        actor=actor,
        action="bid.signoff",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"member": participant.member.name},
    )
    return signoff
