"""The book of nominations (CCBS Act 2014 s.37)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, Nomination
from membership.rules import NOMINATION_MAXIMUM_PENCE, format_pounds, nomination_allowed
from membership.services._common import check_date, check_not_ceased, check_pence, lock_members


@transaction.atomic
def nomination_record(
    *,
    member: Member,
    nominee_name: str,
    nominee_address: str,
    relationship: str,
    received_on: dt.date,
    nominee_is_officer_or_employee: bool = False,
    maximum_pence: int = 500_000,
    actor: User | None,
) -> Nomination:
    """Enter a nomination in the book of nominations (CCBS Act 2014 s.37): the member's
    nominations in force cover at most £5,000 between them, and one to an officer or employee
    of the society is void unless they are close family (s.37(3))."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if member.kind != Member.Kind.PERSON:
        raise fail("member", _("Only a member who is a person can make a nomination (s.37)."))
    if not nominee_name.strip():
        raise fail("nominee_name", _("Enter the nominee's name."))
    if not nominee_address.strip():
        raise fail("nominee_address", _("Enter the nominee's address."))
    if relationship not in Nomination.Relationship.values:
        raise fail("relationship", _("Choose the nominee's relationship to the member."))
    check_pence("maximum_pence", maximum_pence, minimum=1)
    if maximum_pence > NOMINATION_MAXIMUM_PENCE:
        raise fail(
            "maximum_pence",
            _("A nomination covers at most %(max)s (CCBS Act 2014 s.37).")
            % {"max": format_pounds(NOMINATION_MAXIMUM_PENCE)},
        )
    if not nomination_allowed(
        relationship=relationship, nominee_is_officer_or_employee=nominee_is_officer_or_employee
    ):
        raise fail(
            "nominee_is_officer_or_employee",
            _(
                "A nomination of an officer or employee of the society is void unless they are the "
                "member's spouse, civil partner, parent, child, brother, sister, nephew or niece "
                "(CCBS Act 2014 s.37)."
            ),
        )
    check_date("received_on", received_on, member.organisation, member)
    already = (
        Nomination.objects.filter(member=member, revoked_on__isnull=True).aggregate(
            total=Sum("maximum_pence")
        )["total"]
        or 0
    )
    if already + maximum_pence > NOMINATION_MAXIMUM_PENCE:
        raise fail(
            "maximum_pence",
            _(
                "Member %(number)s's nominations in force already cover %(already)s: together "
                "they may cover at most %(max)s (CCBS Act 2014 s.37). Revoke one, or nominate "
                "up to %(room)s."
            )
            % {
                "number": member.number,
                "already": format_pounds(already),
                "max": format_pounds(NOMINATION_MAXIMUM_PENCE),
                "room": format_pounds(max(0, NOMINATION_MAXIMUM_PENCE - already)),
            },
        )
    nomination = Nomination(
        organisation=member.organisation,
        member=member,
        nominee_name=nominee_name.strip(),
        nominee_address=nominee_address.strip(),
        relationship=relationship,
        nominee_is_officer_or_employee=nominee_is_officer_or_employee,
        maximum_pence=maximum_pence,
        received_on=received_on,
    )
    nomination.full_clean()
    nomination.save()
    audit(actor=actor, action="nomination.record", obj=nomination, after=snapshot(nomination))
    return nomination


@transaction.atomic
def nomination_revoke(
    *, nomination: Nomination, revoked_on: dt.date, actor: User | None
) -> Nomination:
    """Revoke a nomination (the member's written revocation, or a later nomination)."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=nomination.pk)
    )
    if nomination.revoked_on is not None:
        raise fail("revoked_on", _("This nomination has already been revoked."))
    if revoked_on < nomination.received_on:
        raise fail("revoked_on", _("A nomination cannot be revoked before it was received."))
    check_date("revoked_on", revoked_on, nomination.organisation)
    nomination.revoked_on = revoked_on
    nomination.save(update_fields=["revoked_on", "updated_at"])
    audit(
        actor=actor,
        action="nomination.revoke",
        obj=nomination,
        before={"revoked_on": None},
        after={"revoked_on": revoked_on},
    )
    return nomination
