"""Helpers shared by the membership services: errors that name a field, locks, holdings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.validation import fail
from membership.models import Member, Organisation, RulesVersion, ShareClass, ShareTransaction
from membership.rules import Holding, format_pounds


def check_text(field: str, instance: Model, attribute: str) -> None:
    """Run the validators of one text attribute (its length limit among them) before a save
    that does not `full_clean()` the whole object; a refusal names the input `field`."""
    others = [f.name for f in instance._meta.fields if f.name != attribute]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as error:
        raise ValidationError({field: error.message_dict[attribute]}) from error


def today() -> dt.date:
    return timezone.localdate()


def rules_in_force(organisation: Organisation, day: dt.date | None = None) -> RulesVersion:
    """The rules version in force on `day` (today if not given)."""
    day = day or today()
    version = organisation.rules_versions.in_force_on(day).first()
    if version is None:
        raise fail(
            "__all__",
            _("No rules are recorded for %(org)s on %(day)s: record the registered rules first.")
            % {"org": organisation.name, "day": date_format(day)},
        )
    return version


def lock_members(*members: Member) -> dict[int, Member]:
    """Lock member rows in primary-key order (no deadlocks) and return fresh copies.

    Every ledger write locks the rows of the members it touches, so holdings computed after
    the lock cannot be changed by a concurrent request until this transaction ends.
    """
    return lock_member_ids(*(m.pk for m in members))


def lock_member_ids(*ids: int) -> dict[int, Member]:
    """`lock_members` by primary key."""
    locked = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation", "member_class")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {m.pk: m for m in locked}


def holding_of(member: Member, share_class: ShareClass, as_of: dt.date | None = None) -> Holding:
    """The member's holding of one class, summed from the ledger (up to `as_of`)."""
    entries = ShareTransaction.objects.filter(member=member, share_class=share_class)
    if as_of is not None:
        entries = entries.filter(effective_on__lte=as_of)
    totals = entries.aggregate(shares=Sum("shares"), paid=Sum("paid_pence"))
    return Holding(totals["shares"] or 0, totals["paid"] or 0)


def holdings_by_class(member: Member) -> dict[int, int]:
    """Share class id → shares held now, for every class the member holds."""
    rows = (
        ShareTransaction.objects.filter(member=member)
        .values("share_class_id")
        .annotate(total=Sum("shares"))
    )
    return {row["share_class_id"]: row["total"] for row in rows if row["total"]}


def check_date(
    field: str, day: dt.date, organisation: Organisation, member: Member | None = None
) -> None:
    """A register date may not be in the future, before the organisation was registered, or
    before the member entered the register."""
    if day > today():
        raise fail(field, _("The date cannot be in the future."))
    if day < organisation.registered_on:
        raise fail(
            field,
            _("The date cannot be before %(org)s was registered (%(day)s).")
            % {"org": organisation.name, "day": date_format(organisation.registered_on)},
        )
    if member is not None and day < member.entered_on:
        raise fail(
            field,
            _("The date cannot be before the member entered the register (%(day)s).")
            % {"day": date_format(member.entered_on)},
        )


def check_not_ceased(member: Member, field: str = "member") -> None:
    """No entry may be made on a ceased member's account."""
    if member.status == Member.Status.CEASED and member.ceased_on is not None:
        raise fail(
            field,
            _(
                "Member %(number)s ceased to be a member on %(day)s: nothing more "
                "can be recorded on their account."
            )
            % {"number": member.number, "day": date_format(member.ceased_on)},
        )


def check_share_count(field: str, shares: object) -> int:
    """Share counts are whole numbers of at least one."""
    if isinstance(shares, bool) or not isinstance(shares, int) or shares < 1:
        raise fail(field, _("Enter a whole number of shares, 1 or more."))
    return shares


def check_pence(field: str, amount: object, *, minimum: int = 0) -> int:
    """Money is a whole number of pence of at least `minimum`."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < minimum:
        raise fail(
            field,
            _("Enter an amount of at least %(min)s, in whole pence.")
            % {"min": format_pounds(minimum)},
        )
    return amount


def same_organisation(organisation: Organisation, *objs: Iterable[object]) -> None:
    for obj in objs:
        if getattr(obj, "organisation_id", organisation.pk) != organisation.pk:
            raise fail(
                "__all__", _("Everything in one entry must belong to the same organisation.")
            )
