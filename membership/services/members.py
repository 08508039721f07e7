"""Writes about members: entry on the register, applications, status changes, contact
details, joint holders, representatives, officers and nominations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant, role_revoke
from membership.models import (
    Application,
    JointHolder,
    Member,
    MemberClass,
    Nomination,
    Officer,
    Organisation,
    Representative,
    ShareClass,
)
from membership.rules import age_on, format_pounds, nomination_allowed
from membership.services._common import (
    check_date,
    check_not_ceased,
    fail,
    holdings_by_class,
    lock_members,
    rules_in_force,
    today,
)

#: Contact fields a member or the secretary may change after entry.
UPDATABLE_FIELDS = (
    "name",
    "postal_address",
    "postcode",
    "email",
    "email_for_notices",
    "email_for_ballots",
    "email_for_news",
    "phone",
    "date_of_birth",
    "preferred_language",
    "member_class",
)


def _take_number(organisation: Organisation, requested: int | None) -> int:
    """A member number never used before in `organisation` (the counter only goes up)."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if requested is None:
        number = org.next_member_number
    else:
        if isinstance(requested, bool) or not isinstance(requested, int) or requested < 1:
            raise fail("number", _("A member number is a whole number, 1 or more."))
        if Member.objects.filter(organisation=org, number=requested).exists():
            raise fail(
                "number",
                _(
                    "Member number %(number)s is already used in %(org)s; member "
                    "numbers are never reused."
                )
                % {"number": requested, "org": org.name},
            )
        number = requested
    Organisation.objects.filter(pk=org.pk).update(
        next_member_number=max(org.next_member_number, number + 1)
    )
    return number


def _check_member_fields(
    organisation: Organisation,
    *,
    kind: str,
    member_class: MemberClass,
    date_of_birth: dt.date | None,
    email: str,
    email_purposes: bool,
    day: dt.date,
) -> None:
    if member_class.organisation_id != organisation.pk:
        raise fail(
            "member_class",
            _("Choose one of %(org)s's member classes.") % {"org": organisation.name},
        )
    if member_class.members_are_organisations and kind != Member.Kind.ORGANISATION:
        raise fail(
            "member_class",
            _("Members of the class %(cls)s are organisations.") % {"cls": member_class.name},
        )
    if kind == Member.Kind.PERSON and date_of_birth is not None:
        rules = rules_in_force(organisation, day)
        if age_on(date_of_birth, day) < rules.minimum_age:
            raise fail(
                "date_of_birth",
                _("Members must be at least %(age)s years old (%(rule)s).")
                % {"age": rules.minimum_age, "rule": rules.cite("minimum_age")},
            )
    if email_purposes and not email:
        raise fail("email", _("Give an email address for the purposes ticked, or untick them."))


@transaction.atomic
def member_register(
    *,
    organisation: Organisation,
    name: str,
    member_class: MemberClass,
    entered_on: dt.date,
    postal_address: str,
    postcode: str = "",
    kind: str = Member.Kind.PERSON,
    email: str = "",
    email_for_notices: bool = False,
    email_for_ballots: bool = False,
    email_for_news: bool = False,
    phone: str = "",
    date_of_birth: dt.date | None = None,
    preferred_language: str = "en-gb",
    is_registered_society: bool = False,
    member_organisation: Organisation | None = None,
    user: User | None = None,
    number: int | None = None,
    actor: User | None,
) -> Member:
    """Enter a member on the register (CCBS Act 2014 s.30) with a number never used before.

    Admitting an applicant goes through `member_admit`; this is for the secretary recording a
    member directly (e.g. when moving the register into Cyd).
    """
    if not name.strip():
        raise fail("name", _("Enter the member's name."))
    if not postal_address.strip():
        raise fail(
            "postal_address",
            _("Enter the member's postal address: the register must hold it (CCBS Act 2014 s.30)."),
        )
    check_date("entered_on", entered_on, organisation)
    _check_member_fields(
        organisation,
        kind=kind,
        member_class=member_class,
        date_of_birth=date_of_birth,
        email=email,
        email_purposes=email_for_notices or email_for_ballots or email_for_news,
        day=entered_on,
    )
    member = Member(
        organisation=organisation,
        number=_take_number(organisation, number),
        kind=kind,
        name=name.strip(),
        member_class=member_class,
        status=Member.Status.ACTIVE,
        entered_on=entered_on,
        postal_address=postal_address.strip(),
        postcode=postcode.strip().upper(),
        email=email.strip().lower(),
        email_for_notices=email_for_notices,
        email_for_ballots=email_for_ballots,
        email_for_news=email_for_news,
        phone=phone.strip(),
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
        is_registered_society=is_registered_society,
        member_organisation=member_organisation,
        user=user,
    )
    member.full_clean()
    member.save()
    audit(actor=actor, action="member.register", obj=member, after=snapshot(member))
    if user is not None:
        role_grant(organisation=organisation, user=user, role=Role.MEMBER, actor=actor)
    return member


@transaction.atomic
def application_submit(
    *,
    organisation: Organisation,
    name: str,
    email: str,
    postal_address: str,
    postcode: str,
    member_class: MemberClass,
    share_class: ShareClass,
    shares_requested: int,
    declaration: bool,
    kind: str = Member.Kind.PERSON,
    phone: str = "",
    date_of_birth: dt.date | None = None,
    preferred_language: str = "en-gb",
    email_for_notices: bool = True,
    email_for_ballots: bool = True,
    email_for_news: bool = False,
    amount_paid_pence: int = 0,
    actor: User | None = None,
) -> Application:
    """Someone applies to join through the public join page."""
    if not organisation.is_accepting_applications:
        raise fail(
            "__all__",
            _("%(org)s is not taking applications to join at the moment.")
            % {"org": organisation.name},
        )
    if not declaration:
        raise fail("declaration", _("Confirm the declaration to apply."))
    rules = rules_in_force(organisation)
    _check_member_fields(
        organisation,
        kind=kind,
        member_class=member_class,
        date_of_birth=date_of_birth,
        email=email,
        email_purposes=False,
        day=today(),
    )
    if share_class.organisation_id != organisation.pk or not share_class.qualifies_for_membership:
        raise fail("share_class", _("Choose the share class that gives membership."))
    if (
        isinstance(shares_requested, bool)
        or not isinstance(shares_requested, int)
        or shares_requested < rules.minimum_shares
    ):
        raise fail(
            "shares_requested",
            _("Apply for at least %(min)s shares (%(rule)s).")
            % {"min": rules.minimum_shares, "rule": rules.cite("minimum_shares")},
        )
    application = Application(
        organisation=organisation,
        kind=kind,
        name=name.strip(),
        email=email.strip().lower(),
        postal_address=postal_address.strip(),
        postcode=postcode.strip().upper(),
        phone=phone.strip(),
        date_of_birth=date_of_birth,
        member_class=member_class,
        share_class=share_class,
        shares_requested=shares_requested,
        amount_paid_pence=amount_paid_pence,
        preferred_language=preferred_language,
        email_for_notices=email_for_notices,
        email_for_ballots=email_for_ballots,
        email_for_news=email_for_news,
        declaration=True,
    )
    application.full_clean()
    application.save()
    audit(
        actor=actor,
        action="application.submit",
        obj=application,
        after=snapshot(application, ["name", "email", "member_class", "shares_requested"]),
    )
    return application


@transaction.atomic
def member_admit(
    *,
    application: Application,
    decided_on: dt.date,
    board_minute_reference: str = "",
    user: User | None = None,
    actor: User | None,
) -> Member:
    """The board admits an applicant: they enter the register with a new number and are
    allotted the shares they applied for (at least the rules' minimum holding)."""
    from membership.services.ledger import shares_allot

    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise fail(
            "status",
            _("This application has already been decided (%(status)s).")
            % {"status": application.get_status_display()},
        )
    organisation = application.organisation
    rules = rules_in_force(organisation, decided_on)
    shares = max(application.shares_requested, rules.minimum_shares)
    member = member_register(
        organisation=organisation,
        name=application.name,
        member_class=application.member_class,
        entered_on=decided_on,
        postal_address=application.postal_address,
        postcode=application.postcode,
        kind=application.kind,
        email=application.email,
        email_for_notices=application.email_for_notices,
        email_for_ballots=application.email_for_ballots,
        email_for_news=application.email_for_news,
        phone=application.phone,
        date_of_birth=application.date_of_birth,
        preferred_language=application.preferred_language,
        user=user,
        actor=actor,
    )
    paid = min(application.amount_paid_pence, shares * application.share_class.nominal_value_pence)
    shares_allot(
        member=member,
        share_class=application.share_class,
        shares=shares,
        effective_on=decided_on,
        paid_pence=paid,
        reason=_("Admission to membership"),
        actor=actor,
    )
    before = snapshot(application, ["status"])
    application.status = Application.Status.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.board_minute_reference = board_minute_reference
    application.member = member
    application.save()
    audit(
        actor=actor,
        action="application.approve",
        obj=application,
        before=before,
        after={"status": application.status, "member": member.number},
    )
    return member


@transaction.atomic
def application_reject(
    *, application: Application, reason: str, board_minute_reference: str = "", actor: User | None
) -> Application:
    """The board declines an application, with its reason."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise fail(
            "status",
            _("This application has already been decided (%(status)s).")
            % {"status": application.get_status_display()},
        )
    if not reason.strip():
        raise fail("reason", _("Give the board's reason."))
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_reason = reason.strip()
    application.board_minute_reference = board_minute_reference
    application.save()
    audit(
        actor=actor,
        action="application.reject",
        obj=application,
        after={"status": application.status},
        reason=reason,
    )
    return application


@transaction.atomic
def member_update(*, member: Member, changes: dict[str, Any], actor: User | None) -> Member:
    """Change a member's contact details or class (never their number or dates)."""
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise fail(field, _("This field cannot be changed here."))
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    before = snapshot(member, changes.keys())
    for field, value in changes.items():
        setattr(member, field, value.strip() if isinstance(value, str) else value)
    if "name" in changes and not member.name:
        raise fail("name", _("Enter the member's name."))
    if "postal_address" in changes and not member.postal_address:
        raise fail(
            "postal_address", _("The register must hold a postal address (CCBS Act 2014 s.30).")
        )
    member.email = member.email.lower()
    _check_member_fields(
        member.organisation,
        kind=member.kind,
        member_class=member.member_class,
        date_of_birth=member.date_of_birth,
        email=member.email,
        email_purposes=member.email_for_notices
        or member.email_for_ballots
        or member.email_for_news,
        day=today(),
    )
    member.full_clean()
    member.save()
    audit(
        actor=actor,
        action="member.update",
        obj=member,
        before=before,
        after=snapshot(member, changes.keys()),
    )
    return member


@transaction.atomic
def member_erase_optional(*, member: Member, fields: list[str], actor: User | None) -> Member:
    """Erase optional personal data at the member's request (UK GDPR art.17).

    Statutory register fields rest on a legal obligation (CCBS Act 2014 s.30) and stay while
    the law needs them; asking to erase one is refused, naming the field.
    """
    for field in fields:
        if field in Member.STATUTORY_FIELDS:
            raise fail(
                field,
                _(
                    "This is part of the statutory register (CCBS Act 2014 s.30) and "
                    "must be kept while the law requires it."
                ),
            )
        if field not in Member.OPTIONAL_FIELDS:
            raise fail(field, _("This field cannot be erased."))
    member = lock_members(member)[member.pk]
    before = snapshot(member, fields)
    for field in fields:
        setattr(member, field, None if field == "date_of_birth" else "")
    member.save()
    # The audit keeps which fields were erased, not their values.
    audit(
        actor=actor,
        action="member.erase_optional",
        obj=member,
        before=dict.fromkeys(before, "(erased)"),
        after=dict.fromkeys(fields),
    )
    return member


def _set_status(
    member: Member, status: str, actor: User | None, action: str, reason: str, **fields: Any
) -> Member:
    before = snapshot(member, ["status", "ceased_on", "ceased_reason", "suspended_reason"])
    member.status = status
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    audit(
        actor=actor,
        action=action,
        obj=member,
        before=before,
        after=snapshot(member, ["status", "ceased_on", "ceased_reason", "suspended_reason"]),
        reason=reason,
    )
    return member


@transaction.atomic
def member_suspend(*, member: Member, reason: str, actor: User | None) -> Member:
    """Suspend a member under the rules (they stay on the register but may not vote)."""
    member = lock_members(member)[member.pk]
    if member.status != Member.Status.ACTIVE:
        raise fail("status", _("Only an active member can be suspended."))
    if not reason.strip():
        raise fail("reason", _("Give the reason for the suspension."))
    return _set_status(
        member,
        Member.Status.SUSPENDED,
        actor,
        "member.suspend",
        reason,
        suspended_reason=reason.strip(),
    )


@transaction.atomic
def member_reinstate(*, member: Member, actor: User | None) -> Member:
    """End a suspension."""
    member = lock_members(member)[member.pk]
    if member.status != Member.Status.SUSPENDED:
        raise fail("status", _("Only a suspended member can be reinstated."))
    return _set_status(
        member, Member.Status.ACTIVE, actor, "member.reinstate", "", suspended_reason=""
    )


def _cease(
    *, member: Member, ceased_on: dt.date, reason: str, note: str, actor: User | None
) -> Member:
    check_date("ceased_on", ceased_on, member.organisation, member)
    member = _set_status(
        member,
        Member.Status.CEASED,
        actor,
        "member.cease",
        note,
        ceased_on=ceased_on,
        ceased_reason=reason,
        ceased_note=note,
    )
    if member.user_id is not None:
        role_revoke(
            organisation=member.organisation, user=member.user, role=Role.MEMBER, actor=actor
        )
    return member


@transaction.atomic
def member_cease(
    *, member: Member, ceased_on: dt.date, reason: str, note: str = "", actor: User | None
) -> Member:
    """Record that a member has ceased to be a member. The entry stays on the register with
    the date ceased (CCBS Act 2014 s.30); shares must first be withdrawn, transferred or
    cancelled (except on death, when they pass under ss.37-40)."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if reason not in Member.CeasedReason.values:
        raise fail("ceased_reason", _("Choose why membership ceased."))
    held = holdings_by_class(member)
    if held and reason != Member.CeasedReason.DEATH:
        total = sum(held.values())
        raise fail(
            "ceased_on",
            _(
                "Member %(number)s still holds %(shares)s shares: record their "
                "withdrawal, transfer or cancellation first."
            )
            % {"number": member.number, "shares": total},
        )
    return _cease(member=member, ceased_on=ceased_on, reason=reason, note=note, actor=actor)


@transaction.atomic
def member_link_user(*, member: Member, user: User, actor: User | None) -> Member:
    """Link a sign-in account to a member; they get the member role."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if (
        Member.objects.filter(organisation=member.organisation, user=user)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise fail(
            "user",
            _("This account is already linked to another member of %(org)s.")
            % {"org": member.organisation.name},
        )
    before = snapshot(member, ["user"])
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit(
        actor=actor,
        action="member.link_user",
        obj=member,
        before=before,
        after=snapshot(member, ["user"]),
    )
    role_grant(organisation=member.organisation, user=user, role=Role.MEMBER, actor=actor)
    return member


@transaction.atomic
def joint_holder_add(
    *,
    member: Member,
    name: str,
    postal_address: str = "",
    email: str = "",
    is_designated_voter: bool = False,
    actor: User | None,
) -> JointHolder:
    """Add a joint holder; designating them as voter replaces any earlier designation."""
    member = lock_members(member)[member.pk]
    check_not_ceased(member)
    if not name.strip():
        raise fail("name", _("Enter the joint holder's name."))
    if is_designated_voter:
        for other in member.joint_holders.filter(is_designated_voter=True):
            other.is_designated_voter = False
            other.save(update_fields=["is_designated_voter", "updated_at"])
    holder = JointHolder(
        member=member,
        name=name.strip(),
        postal_address=postal_address,
        email=email,
        is_designated_voter=is_designated_voter,
    )
    holder.full_clean()
    holder.save()
    audit(actor=actor, action="joint_holder.add", obj=member, after=snapshot(holder))
    return holder


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
    if representative.ended_on is not None:
        raise fail("ended_on", _("This representative has already stood down."))
    if ended_on < representative.started_on:
        raise fail("ended_on", _("The end date cannot be before the start date."))
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
    if member is not None:
        if member.organisation_id != organisation.pk:
            raise fail("member", _("Choose a member of %(org)s.") % {"org": organisation.name})
        check_not_ceased(member)
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
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    if officer.ended_on is not None:
        raise fail("ended_on", _("This term of office has already ended."))
    if ended_on < officer.appointed_on:
        raise fail(
            "ended_on",
            _("The term cannot end before it started (%(day)s).")
            % {"day": date_format(officer.appointed_on)},
        )
    before = snapshot(officer, ["ended_on", "end_reason"])
    officer.ended_on = ended_on
    officer.end_reason = reason
    officer.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit(
        actor=actor,
        action="officer.end",
        obj=officer,
        before=before,
        after=snapshot(officer, ["ended_on", "end_reason"]),
    )
    return officer


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
    """Enter a nomination in the book of nominations (CCBS Act 2014 s.37)."""
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
    if not 0 < maximum_pence <= Nomination.STATUTORY_MAXIMUM_PENCE:
        raise fail(
            "maximum_pence",
            _("A nomination covers at most %(max)s (CCBS Act 2014 s.37).")
            % {"max": format_pounds(Nomination.STATUTORY_MAXIMUM_PENCE)},
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
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.revoked_on is not None:
        raise fail("revoked_on", _("This nomination has already been revoked."))
    if revoked_on < nomination.received_on:
        raise fail("revoked_on", _("A nomination cannot be revoked before it was received."))
    nomination.revoked_on = revoked_on
    nomination.save(update_fields=["revoked_on", "updated_at"])
    audit(actor=actor, action="nomination.revoke", obj=nomination, after={"revoked_on": revoked_on})
    return nomination
