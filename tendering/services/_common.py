"""Helpers shared by the tendering services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tendering.models import JointBid

#: No member co-op delivers more than this many care hours a week on one lot: a larger
#: figure is a typing mistake (hours a year, or a total in pence).
ABSURD_HOURS = Decimal("5000")


def fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def now() -> dt.datetime:
    return timezone.now()


def lock_bid(bid: JointBid) -> JointBid:
    return (
        JointBid.objects.select_for_update()
        .select_related("opportunity", "consortium")
        .get(pk=bid.pk)
    )


def check_hours(value: object, field: str) -> Decimal:
    """Hours a week: a positive number with at most two decimals, and not absurd."""
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise fail(field, _("Enter hours a week as a number, like 37.5.")) from None
    if hours.is_nan() or hours <= 0:
        raise fail(field, _("Hours a week must be more than 0."))
    if hours != hours.quantize(Decimal("0.01")):
        raise fail(field, _("Give hours to at most two decimal places."))
    if hours > ABSURD_HOURS:
        raise fail(
            field,
            _(
                "%(hours)s hours a week is more than any co-op can deliver on one "
                "lot: check the units (hours a week, not a year)."
            )
            % {"hours": hours},
        )
    return hours


def check_editable(bid: JointBid) -> None:
    if bid.status not in JointBid.EDITABLE:
        raise fail(
            "bid",
            _("The bid is “%(status)s”: reopen it for drafting before changing it.")
            % {"status": bid.get_status_display()},
        )


def check_pence(value: object, field: str, *, allow_zero: bool = True) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < 0
        or (value == 0 and not allow_zero)
    ):
        raise fail(
            field,
            _("Enter an amount in pence, a whole number%(min)s.")
            % {"min": "" if allow_zero else _(" above 0")},
        )
    if value > 1_000_000:
        raise fail(
            field,
            _("£%(pounds)s an hour is not a plausible rate: check the units (pence an hour).")
            % {"pounds": value // 100},
        )
    return value
