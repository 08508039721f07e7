"""Writes about organisations, their rules versions, member classes and share classes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from membership.models import MemberClass, Organisation, ResolutionType, RulesVersion, ShareClass
from membership.models.rules import Threshold
from membership.services._common import check_text

#: The resolution types most registered rules define; a rules version starts with these.
DEFAULT_RESOLUTION_TYPES: tuple[dict[str, Any], ...] = (
    {
        "code": "ordinary",
        "name": "Ordinary resolution",
        "name_cy": "Penderfyniad cyffredin",
        "threshold": Threshold.MORE_THAN_HALF,
    },
    {
        "code": "special",
        "name": "Special resolution",
        "name_cy": "Penderfyniad arbennig",
        "threshold": Threshold.TWO_THIRDS,
    },
    {
        "code": "rule_change",
        "name": "Amendment of the rules",
        "name_cy": "Diwygio'r rheolau",
        "threshold": Threshold.TWO_THIRDS,
    },
    {
        "code": "s111_special",
        "name": "Special resolution (CCBS Act 2014 s.111)",
        "name_cy": "Penderfyniad arbennig (Deddf 2014 a.111)",
        "threshold": Threshold.TWO_THIRDS,
        "requires_confirmation": True,
        "rule_number": "CCBS Act 2014 s.111",
    },
)

RULES_SETTINGS = (
    "minimum_age",
    "minimum_shares",
    "maximum_holding_pence",
    "individual_cap_pence",
    "withdrawal_notice_days",
    "lock_in_days",
    "notice_clear_days",
    "email_deemed_delivery_days",
    "post_deemed_delivery_days",
    "motion_deadline_days",
    "quorum_members",
    "quorum_percent",
    "proxies_allowed",
    "proxy_limit",
    "chair_casting_vote",
    "requisition_members",
    "requisition_percent",
    "requisition_call_days",
    "date_windows_overridable",
)


@transaction.atomic
def organisation_create(
    *,
    slug: str,
    name: str,
    registered_office: str,
    registered_on: dt.date,
    kind: str = Organisation.Kind.COOPERATIVE,
    legal_form: str = Organisation.LegalForm.REGISTERED_SOCIETY,
    registered_number: str = "",
    name_cy: str = "",
    email: str = "",
    actor: User | None,
    **extra: Any,
) -> Organisation:
    """Create an organisation (its rules are recorded next with `rules_version_create`)."""
    organisation = Organisation(
        slug=slug,
        name=name.strip(),
        name_cy=name_cy.strip(),
        kind=kind,
        legal_form=legal_form,
        registered_number=registered_number.strip(),
        registered_office=registered_office.strip(),
        registered_on=registered_on,
        email=email,
        **extra,
    )
    organisation.full_clean()
    organisation.save()
    audit(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        organisation_id=organisation.pk,
        after=snapshot(organisation),
    )
    return organisation


@transaction.atomic
def rules_version_create(
    *,
    organisation: Organisation,
    effective_from: dt.date,
    title: str,
    rule_numbers: dict[str, str] | None = None,
    resolution_types: tuple[dict[str, Any], ...] = DEFAULT_RESOLUTION_TYPES,
    actor: User | None,
    **settings: Any,
) -> RulesVersion:
    """Record the organisation's rules as in force from `effective_from`."""
    unknown = set(settings) - set(RULES_SETTINGS)
    if unknown:
        raise fail(sorted(unknown)[0], _("This is not a setting of the rules."))
    bad_refs = set(rule_numbers or {}) - set(RULES_SETTINGS)
    if bad_refs:
        raise fail(
            "rule_numbers",
            _("Rule numbers given for unknown settings: %(names)s.")
            % {"names": ", ".join(sorted(bad_refs))},
        )
    if effective_from < organisation.registered_on:
        raise fail(
            "effective_from", _("Rules cannot be in force before the organisation was registered.")
        )
    if RulesVersion.objects.filter(
        organisation=organisation, effective_from=effective_from
    ).exists():
        raise fail("effective_from", _("A rules version already starts on that day."))
    version = RulesVersion(
        organisation=organisation,
        effective_from=effective_from,
        title=title,
        rule_numbers=rule_numbers or {},
        **settings,
    )
    version.full_clean()
    version.save()
    for spec in resolution_types:
        rtype = ResolutionType(rules_version=version, **spec)
        rtype.full_clean()
        rtype.save()
    audit(
        actor=actor,
        action="rules_version.create",
        obj=version,
        after={**snapshot(version), "resolution_types": [r["code"] for r in resolution_types]},
    )
    return version


@transaction.atomic
def share_class_create(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    nominal_value_pence: int,
    actor: User | None,
    **terms: Any,
) -> ShareClass:
    """Define a class of shares and its terms."""
    if (
        isinstance(nominal_value_pence, bool)
        or not isinstance(nominal_value_pence, int)
        or nominal_value_pence < 1
    ):
        raise fail("nominal_value_pence", _("The nominal value must be at least 1p."))
    share_class = ShareClass(
        organisation=organisation,
        code=code,
        name=name,
        nominal_value_pence=nominal_value_pence,
        **terms,
    )
    share_class.full_clean()
    share_class.save()
    audit(actor=actor, action="share_class.create", obj=share_class, after=snapshot(share_class))
    return share_class


@transaction.atomic
def share_class_set_withdrawals_suspended(
    *, share_class: ShareClass, suspended: bool, reason: str = "", actor: User | None
) -> ShareClass:
    """The board suspends (or resumes) withdrawals of a share class."""
    share_class = ShareClass.objects.select_for_update().get(pk=share_class.pk)
    if suspended and not reason.strip():
        raise fail("reason", _("Give the board's reason for suspending withdrawals."))
    before = snapshot(share_class, ["withdrawals_suspended", "withdrawals_suspended_reason"])
    share_class.withdrawals_suspended = suspended
    share_class.withdrawals_suspended_reason = reason.strip() if suspended else ""
    check_text("reason", share_class, "withdrawals_suspended_reason")
    share_class.save()
    audit(
        actor=actor,
        action="share_class.suspend_withdrawals" if suspended else "share_class.resume_withdrawals",
        obj=share_class,
        before=before,
        after=snapshot(share_class, ["withdrawals_suspended", "withdrawals_suspended_reason"]),
        reason=reason,
    )
    return share_class


@transaction.atomic
def member_class_create(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    share_classes: list[ShareClass] | None = None,
    actor: User | None,
    **terms: Any,
) -> MemberClass:
    """Define a class of members; fixed shares of the vote may not add up past 100%."""
    for share_class in share_classes or []:
        if share_class.organisation_id != organisation.pk:
            raise fail("share_classes", _("Choose share classes of this organisation."))
    member_class = MemberClass(organisation=organisation, code=code, name=name, **terms)
    member_class.full_clean()
    if member_class.vote_share_percent is not None:
        taken = MemberClass.objects.filter(organisation=organisation).aggregate(
            total=Sum("vote_share_percent")
        )["total"] or Decimal(0)
        if taken + member_class.vote_share_percent > 100:
            raise fail(
                "vote_share_percent",
                _("The fixed shares of the vote would add up to %(total)s%%, more than 100%%.")
                % {"total": taken + member_class.vote_share_percent},
            )
    member_class.save()
    if share_classes:
        member_class.share_classes.set(share_classes)
    audit(
        actor=actor,
        action="member_class.create",
        obj=member_class,
        after={**snapshot(member_class), "share_classes": [s.code for s in share_classes or []]},
    )
    return member_class
