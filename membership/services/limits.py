"""The limits on a holding, checked against the ledger under the member's row lock.

A ledger entry dated `effective_on` changes the register as at that day and every later day,
so a change is checked as at its own date and as at every later date on which the member's
ledger has an entry (`membership.rules.holdings_from`), each against the rules in force then.
"""

from __future__ import annotations

import bisect
import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.validation import fail
from membership.models import Member, RulesVersion, ShareClass, ShareTransaction, Withdrawal
from membership.rules import (
    Breach,
    BreachKind,
    ClassTerms,
    Holding,
    HoldingLimits,
    cap_applies,
    format_pounds,
    holding_breach,
    holdings_from,
)
from membership.services._common import holding_of, rules_in_force, today


def pending_withdrawal_shares(
    member: Member, share_class: ShareClass, *, excluding: Withdrawal | None = None
) -> int:
    """Shares of the class in the member's open withdrawals (requested or approved): the
    ledger must keep them until they are paid or cancelled."""
    withdrawals = Withdrawal.objects.filter(
        member=member, share_class=share_class, status__in=Withdrawal.OPEN
    )
    if excluding is not None:
        withdrawals = withdrawals.exclude(pk=excluding.pk)
    return withdrawals.aggregate(total=Sum("shares"))["total"] or 0


def check_class_allowed(
    member: Member, share_class: ShareClass, field: str = "share_class"
) -> None:
    """A member may hold only the share classes of their organisation that their member class
    allows (if it lists any) (rules on member classes)."""
    if share_class.organisation_id != member.organisation_id:
        raise fail(
            field,
            _("%(cls)s are shares of another organisation.") % {"cls": share_class.name},
        )
    allowed = list(member.member_class.share_classes.values_list("pk", flat=True))
    if allowed and share_class.pk not in allowed:
        raise fail(
            field,
            _("Members of the class %(mclass)s may not hold %(cls)s (rules on member classes).")
            % {"mclass": member.member_class.name, "cls": share_class.name},
        )


def _terms(share_class: ShareClass) -> ClassTerms:
    return ClassTerms(
        nominal_value_pence=share_class.nominal_value_pence,
        is_withdrawable=share_class.is_withdrawable,
        minimum_shares=share_class.minimum_shares,
        maximum_shares=share_class.maximum_shares,
        qualifies_for_membership=share_class.qualifies_for_membership,
    )


def _limits(rules: RulesVersion, member: Member) -> HoldingLimits:
    return HoldingLimits(
        membership_minimum_shares=rules.minimum_shares,
        maximum_holding_pence=rules.maximum_holding_pence,
        individual_cap_pence=rules.individual_cap_pence,
        cap_applies=cap_applies(is_registered_society=member.is_registered_society),
    )


def check_ledger_change(
    *,
    member: Member,
    share_class: ShareClass,
    shares: int,
    effective_on: dt.date,
    paid_pence: int = 0,
    field: str = "shares",
    reserved: int = 0,
    check_minimum: bool = True,
) -> None:
    """Refuse a ledger entry of `shares` (signed) and `paid_pence` on `effective_on` that would
    take the member's holding, as at that day or any later one, below zero, below the
    `reserved` shares of open withdrawals, outside the paid range, below a minimum or above
    a maximum or cap (see `membership.rules.holding_breach`). Call it under the member's lock.
    """
    rows = (
        ShareTransaction.objects.filter(member=member)
        .values_list("effective_on", "share_class_id")
        .annotate(shares=Sum("shares"), paid=Sum("paid_pence"))
        .order_by("effective_on", "share_class_id")
    )
    classes = {
        c.pk: c for c in ShareClass.objects.filter(organisation_id=share_class.organisation_id)
    }
    classes[share_class.pk] = share_class
    terms = {pk: _terms(c) for pk, c in classes.items()}
    versions = list(
        RulesVersion.objects.filter(organisation_id=member.organisation_id).order_by(
            "effective_from"
        )
    )
    starts = [v.effective_from for v in versions]
    points = list(holdings_from(((d, c, s or 0, p or 0) for d, c, s, p in rows), effective_on))
    change = Holding(shares, paid_pence)
    for index, (day, holdings) in enumerate(points):
        position = bisect.bisect_right(starts, day)
        rules = versions[position - 1] if position else rules_in_force(member.organisation, day)
        breach = holding_breach(
            holdings=holdings,
            class_id=share_class.pk,
            change=change,
            terms=terms,
            limits=_limits(rules, member),
            reserved=reserved if index == len(points) - 1 else 0,
            check_minimum=check_minimum,
        )
        if breach is not None:
            raise _breach_error(
                breach,
                member=member,
                share_class=share_class,
                rules=rules,
                field=field,
                later_day=day if day > effective_on else None,
                reserved=reserved,
            )


def _breach_error(
    breach: Breach,
    *,
    member: Member,
    share_class: ShareClass,
    rules: RulesVersion,
    field: str,
    later_day: dt.date | None,
    reserved: int,
) -> ValidationError:
    values: dict[str, object] = {
        "number": member.number,
        "cls": share_class.name,
        "amount": breach.amount,
    }
    kind = breach.kind
    if kind == BreachKind.NEGATIVE:
        message = _("Member %(number)s holds only %(amount)s %(cls)s.") % values
    elif kind == BreachKind.RESERVED:
        message = _(
            "Member %(number)s can give up at most %(amount)s %(cls)s: %(reserved)s are "
            "being withdrawn. Cancel that withdrawal first, or give up fewer shares."
        ) % {**values, "amount": max(breach.amount, 0), "reserved": reserved}
    elif kind == BreachKind.PAID_OUT_OF_RANGE:
        message = _(
            "This would make the amount paid on member %(number)s's %(cls)s %(paid)s, "
            "more than the shares are worth or less than nothing: correct the payments first."
        ) % {**values, "paid": format_pounds(breach.amount)}
    elif kind == BreachKind.BELOW_CLASS_MINIMUM:
        message = _(
            "This would make the holding %(amount)s %(cls)s, below the minimum holding of "
            "%(min)s (share class terms)."
        ) % {**values, "min": share_class.minimum_shares}
    elif kind == BreachKind.BELOW_MEMBERSHIP_MINIMUM:
        message = _(
            "A member must hold at least %(min)s %(cls)s (%(rule)s): this would leave "
            "%(amount)s. Withdraw all of them to leave, or fewer to stay."
        ) % {**values, "min": rules.minimum_shares, "rule": rules.cite("minimum_shares")}
    elif kind == BreachKind.ABOVE_CLASS_MAXIMUM:
        message = _(
            "This would make the holding %(amount)s %(cls)s, above the maximum of %(max)s "
            "(share class terms)."
        ) % {**values, "max": share_class.maximum_shares}
    elif kind == BreachKind.ABOVE_MAXIMUM_HOLDING:
        assert rules.maximum_holding_pence is not None
        message = _(
            "This would make member %(number)s's holding %(value)s, above the maximum "
            "holding of %(max)s (%(rule)s)."
        ) % {
            **values,
            "value": format_pounds(breach.amount),
            "max": format_pounds(rules.maximum_holding_pence),
            "rule": rules.cite("maximum_holding_pence"),
        }
    else:
        message = _(
            "This would make member %(number)s's withdrawable shares worth %(value)s, above "
            "the cap of %(cap)s for a member who is not a registered society (CCBS Act 2014 "
            "s.24; %(rule)s)."
        ) % {
            **values,
            "value": format_pounds(breach.amount),
            "cap": format_pounds(rules.individual_cap_pence),
            "rule": rules.cite("individual_cap_pence"),
        }
    if later_day is not None:
        message = "%s %s" % (  # noqa: UP031 - two translated sentences
            message,
            _("(As at %(day)s, after the later entries in the ledger.)")
            % {"day": date_format(later_day)},
        )
    return fail(field, message)


def check_holding_limits(
    *,
    member: Member,
    share_class: ShareClass,
    new_total: int,
    field: str = "shares",
    day: dt.date | None = None,
) -> None:
    """Refuse a change that makes the member's holding of the class `new_total` shares (from
    what they hold now), on `day` (today if not given): see `check_ledger_change`."""
    current = holding_of(member, share_class).shares
    check_ledger_change(
        member=member,
        share_class=share_class,
        shares=new_total - current,
        effective_on=day or today(),
        field=field,
    )
