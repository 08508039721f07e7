"""Changes to a member's entry: contact details and class, erasure of optional data at the
member's request, and joint holders."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from membership.models import JointHolder, Member, ShareClass
from membership.services._common import check_not_ceased, holdings_by_class, lock_members, today
from membership.services.members import check_member_fields

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


def _check_class_holds(member: Member) -> None:
    """A member moving class must hold only share classes the new class may hold."""
    allowed = set(member.member_class.share_classes.values_list("pk", flat=True))
    held = set(holdings_by_class(member))
    if allowed and held - allowed:
        names = ", ".join(
            ShareClass.objects.filter(pk__in=held - allowed)
            .order_by("name")
            .values_list("name", flat=True)
        )
        raise fail(
            "member_class",
            _(
                "Members of the class %(mclass)s may not hold %(cls)s (rules on member "
                "classes): transfer or withdraw those shares first."
            )
            % {"mclass": member.member_class.name, "cls": names},
        )


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
    if "member_class" in changes:
        _check_class_holds(member)
    check_member_fields(
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
    if not fields:
        raise fail("fields", _("Choose at least one field to erase."))
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
