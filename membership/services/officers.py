"""The register of officers (terms of office kept as history) and the representatives who
act for member organisations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from coop.core.validation import fail
from membership.models import Member, MemberClass, Officer, Organisation, Representative
from membership.services._common import check_date, check_not_ceased, check_text, lock_members


@transaction.atomic
def representative_add(
    *,
    member: Member,
    name: str,
    started_on: dt.date,
    role: str = Representative.Role.PRIMARY,
    email: str = "",
    user: User | None = None,
    actor: User | None,
) -> Representative:
    """Name the person who votes for a member organisation (or an alternate). A new primary
    representative ends the term of the previous one."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if member.kind != Member.Kind.ORGANISATION:
        raise fail("member", _("Only a member organisation has representatives."))
    if not name.strip():
        raise fail("name", _("Enter the representative's name."))
    check_date("started_on", started_on, member.organisation, member)
    if role == Representative.Role.PRIMARY:
        for current in member.representatives.filter(role=role, ended_on__isnull=True):
            representative_end(representative=current, ended_on=started_on, actor=actor)
    rep = Representative(
        member=member, name=name.strip(), email=email, role=role, started_on=started_on, user=user
    )
    rep.full_clean()
    rep.save()
    audit(actor=actor, action="representative.add", obj=member, after=snapshot(rep))
    if user is not None:
        role_grant(organisation=member.organisation, user=user, role=Role.MEMBER, actor=actor)
    return rep


@transaction.atomic
def representative_end(
    *, representative: Representative, ended_on: dt.date, actor: User | None
) -> Representative:
    """A representative (or alternate) stands down; the term stays as history."""
    representative = (
        Representative.objects.select_for_update(of=("self",))
        .select_related("member__organisation")
        .get(pk=representative.pk)
    )
    if representative.ended_on is not None:
        raise fail("ended_on", _("This representative has already stood down."))
    if ended_on < representative.started_on:
        raise fail("ended_on", _("The end date cannot be before the start date."))
    check_date("ended_on", ended_on, representative.member.organisation)
    before = snapshot(representative, ["ended_on"])
    representative.ended_on = ended_on
    representative.save(update_fields=["ended_on", "updated_at"])
    audit(
        actor=actor,
        action="representative.end",
        obj=representative.member,
        before=before,
        after=snapshot(representative, ["ended_on"]),
    )
    return representative


@transaction.atomic
def officer_appoint(
    *,
    organisation: Organisation,
    name: str,
    office: str,
    appointed_on: dt.date,
    member: Member | None = None,
    member_class: MemberClass | None = None,
    appointment: str = Officer.Appointment.ELECTED,
    term_ends_on: dt.date | None = None,
    actor: User | None,
) -> Officer:
    """Record a term of office in the register of officers."""
    if office not in Officer.Office.values:
        raise fail("office", _("Choose an office."))
    if not name.strip():
        raise fail("name", _("Enter the officer's name."))
    check_date("appointed_on", appointed_on, organisation)
    if member_class is not None and member_class.organisation_id != organisation.pk:
        raise fail(
            "member_class",
            _("Choose one of %(org)s's member classes.") % {"org": organisation.name},
        )
    if member is not None:
        member = lock_members(member)[member.pk]
        if member.organisation_id != organisation.pk:
            raise fail("member", _("Choose a member of %(org)s.") % {"org": organisation.name})
        check_not_ceased(member)
        check_date("appointed_on", appointed_on, organisation, member)
        if member_class is not None and member.member_class_id != member_class.pk:
            raise fail(
                "member_class",
                _(
                    "A seat reserved for %(cls)s is filled by a member of that class "
                    "(rules on member classes)."
                )
                % {"cls": member_class.name},
            )
    if term_ends_on is not None and term_ends_on < appointed_on:
        raise fail("term_ends_on", _("The term cannot end before it starts."))
    officer = Officer(
        organisation=organisation,
        name=name.strip(),
        office=office,
        appointed_on=appointed_on,
        member=member,
        member_class=member_class or (member.member_class if member else None),
        appointment=appointment,
        term_ends_on=term_ends_on,
    )
    officer.full_clean()
    officer.save()
    audit(actor=actor, action="officer.appoint", obj=officer, after=snapshot(officer))
    return officer


@transaction.atomic
def officer_end(
    *, officer: Officer, ended_on: dt.date, reason: str = "", actor: User | None
) -> Officer:
    """End a term of office; the term stays in the register as history."""
    officer = (
        Officer.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=officer.pk)
    )
    if officer.ended_on is not None:
        raise fail("ended_on", _("This term of office has already ended."))
    if ended_on < officer.appointed_on:
        raise fail(
            "ended_on",
            _("The term cannot end before it started (%(day)s).")
            % {"day": date_format(officer.appointed_on)},
        )
    check_date("ended_on", ended_on, officer.organisation)
    before = snapshot(officer, ["ended_on", "end_reason"])
    officer.ended_on = ended_on
    officer.end_reason = reason
    check_text("reason", officer, "end_reason")
    officer.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit(
        actor=actor,
        action="officer.end",
        obj=officer,
        before=before,
        after=snapshot(officer, ["ended_on", "end_reason"]),
    )
    return officer
