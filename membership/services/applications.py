"""Applications to join: submitted on the public join page, decided by the board."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from membership.models import (
    Application,
    Member,
    MemberClass,
    Organisation,
    RulesVersion,
    ShareClass,
)
from membership.rules import format_pounds
from membership.services._common import check_date, check_pence, check_text, rules_in_force, today
from membership.services.ledger import shares_allot
from membership.services.members import check_member_fields, member_register


def _check_shares_applied_for(
    organisation: Organisation,
    rules: RulesVersion,
    member_class: MemberClass,
    share_class: ShareClass,
    shares_requested: int,
    amount_paid_pence: int,
) -> None:
    """The qualifying shares an applicant asks for: a class their member class may hold, at
    least the rules' minimum (rules version: `minimum_shares`), within the class's maximum,
    and no more paid than they are worth."""
    if share_class.organisation_id != organisation.pk or not share_class.qualifies_for_membership:
        raise fail("share_class", _("Choose the share class that gives membership."))
    allowed = set(member_class.share_classes.values_list("pk", flat=True))
    if allowed and share_class.pk not in allowed:
        raise fail(
            "share_class",
            _("Members of the class %(mclass)s may not hold %(cls)s (rules on member classes).")
            % {"mclass": member_class.name, "cls": share_class.name},
        )
    minimum = max(rules.minimum_shares, share_class.minimum_shares)
    if (
        isinstance(shares_requested, bool)
        or not isinstance(shares_requested, int)
        or shares_requested < minimum
    ):
        raise fail(
            "shares_requested",
            _("Apply for at least %(min)s shares (%(rule)s).")
            % {"min": minimum, "rule": rules.cite("minimum_shares")},
        )
    if share_class.maximum_shares is not None and shares_requested > share_class.maximum_shares:
        raise fail(
            "shares_requested",
            _("A member may hold at most %(max)s %(cls)s (share class terms).")
            % {"max": share_class.maximum_shares, "cls": share_class.name},
        )
    value = shares_requested * share_class.nominal_value_pence
    check_pence("amount_paid_pence", amount_paid_pence, minimum=0)
    if amount_paid_pence > value:
        raise fail(
            "amount_paid_pence",
            _("The amount paid cannot be more than the shares are worth (%(value)s).")
            % {"value": format_pounds(value)},
        )


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
    check_member_fields(
        organisation,
        kind=kind,
        member_class=member_class,
        date_of_birth=date_of_birth,
        email=email,
        email_purposes=False,
        day=today(),
    )
    _check_shares_applied_for(
        organisation, rules, member_class, share_class, shares_requested, amount_paid_pence
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
    allotted the shares they applied for, at least the minimum holding (rules:
    `minimum_shares`; share class terms)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise fail(
            "status",
            _("This application has already been decided (%(status)s).")
            % {"status": application.get_status_display()},
        )
    organisation = application.organisation
    check_date("decided_on", decided_on, organisation)
    rules = rules_in_force(organisation, decided_on)
    shares = max(
        application.shares_requested,
        rules.minimum_shares,
        application.share_class.minimum_shares,
    )
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
    check_text("reason", application, "decision_reason")
    check_text("board_minute_reference", application, "board_minute_reference")
    application.save()
    audit(
        actor=actor,
        action="application.reject",
        obj=application,
        after={"status": application.status},
        reason=reason,
    )
    return application
