"""Members requisition a general meeting: when the rules' threshold of signatures is
reached, the board is told and the clock to call the meeting starts."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit
from coop.core.limits import check_model_lengths
from coop.core.models import User
from coop.core.validation import fail
from governance import rules
from governance.models import Meeting, Requisition, RequisitionSignature
from governance.selectors import rules_for, today
from governance.services._common import check_member_of
from membership.models import Member, Organisation


def _threshold(organisation: Organisation) -> int:
    version = rules_for(organisation, today())
    count = Member.objects.filter(organisation=organisation).active().count()
    return rules.requisition_threshold(
        count, members=version.requisition_members, percent=version.requisition_percent
    )


@transaction.atomic
def requisition_start(
    *,
    organisation: Organisation,
    member: Member,
    purpose: str,
    purpose_cy: str = "",
    actor: User | None,
) -> Requisition:
    """A member starts a requisition (and signs it first)."""
    check_member_of(organisation, member, "member")
    if not purpose.strip():
        raise fail("purpose", _("Say what business the meeting is asked to consider."))
    requisition = Requisition(
        organisation=organisation,
        purpose=purpose.strip(),
        purpose_cy=purpose_cy.strip(),
        started_by=member,
        threshold=_threshold(organisation),
    )
    check_model_lengths(requisition, "purpose", "purpose_cy")
    requisition.full_clean()
    requisition.save()
    audit(
        actor=actor,
        action="requisition.start",
        obj=requisition,
        after={"purpose": requisition.purpose, "threshold": requisition.threshold},
    )
    requisition_sign(requisition=requisition, member=member, actor=actor)
    requisition.refresh_from_db()
    return requisition


@transaction.atomic
def requisition_sign(
    *, requisition: Requisition, member: Member, actor: User | None
) -> RequisitionSignature:
    """A member signs; each member signs once."""
    from governance.tasks import notify_requisition_reached

    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if requisition.status != Requisition.Status.COLLECTING:
        raise fail("requisition", _("This requisition is no longer collecting signatures."))
    check_member_of(requisition.organisation, member, "member")
    if RequisitionSignature.objects.filter(requisition=requisition, member=member).exists():
        raise fail(
            "member",
            _("Member %(number)s has already signed this requisition.") % {"number": member.number},
        )
    try:
        with transaction.atomic():
            signature = RequisitionSignature.objects.create(
                requisition=requisition, member=member, signed_on=today()
            )
    except IntegrityError:
        raise fail(
            "member",
            _("Member %(number)s has already signed this requisition.") % {"number": member.number},
        ) from None
    audit(actor=actor, action="requisition.sign", obj=requisition, after={"member": member.number})
    signed = requisition.signatures.count()
    if signed >= requisition.threshold:
        version = rules_for(requisition.organisation, today())
        requisition.status = Requisition.Status.REACHED
        requisition.reached_on = today()
        requisition.call_by = today() + dt.timedelta(days=version.requisition_call_days)
        requisition.save(update_fields=["status", "reached_on", "call_by", "updated_at"])
        audit(
            actor=actor,
            action="requisition.reached",
            obj=requisition,
            after={"signatures": signed, "call_by": requisition.call_by},
        )
        transaction.on_commit(lambda: notify_requisition_reached.enqueue(requisition.pk))
    return signature


@transaction.atomic
def requisition_mark_called(
    *, requisition: Requisition, meeting: Meeting, actor: User | None
) -> Requisition:
    """The board records the meeting it called in answer to the requisition."""
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if requisition.status != Requisition.Status.REACHED:
        raise fail("requisition", _("The requisition has not reached its threshold."))
    if meeting.organisation_id != requisition.organisation_id or not meeting.is_general:
        raise fail("meeting", _("Choose a general meeting of this organisation."))
    requisition.status = Requisition.Status.CALLED
    requisition.meeting = meeting
    requisition.save(update_fields=["status", "meeting", "updated_at"])
    audit(actor=actor, action="requisition.called", obj=requisition, after={"meeting": meeting.pk})
    return requisition
