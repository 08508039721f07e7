"""Helpers shared by the tendering services: UK time for deadlines, the row locks, and the
checks of hours, amounts and lengths that name their field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.validation import fail
from tendering.models import BidParticipant, JointBid

#: Tender deadlines are given in UK time, whatever time zone a page has activated.
LONDON = ZoneInfo("Europe/London")

#: No member co-op delivers more than this many care hours a week on one lot: a larger
#: figure is a typing mistake (hours a year, or a total in pence).
ABSURD_HOURS = Decimal("5000")

#: No lot of a care tender asks for more than this many hours a week (a whole county's
#: domiciliary care is a few tens of thousands): a larger figure is a mistake of units.
ABSURD_LOT_HOURS = Decimal("50000")

#: No part of an hourly rate of care comes near £200 an hour: a larger figure is pounds typed
#: as pence twice over, or a yearly amount.
MAX_HOURLY_PENCE = 20_000

#: The states in which a bid's people, approvals and plan may still change.
CHANGEABLE: frozenset[str] = JointBid.OPEN - {"submitted"}

#: The states in which everything has been signed off, or is being: changing the bid's content
#: needs it reopened for drafting first.
SIGNED: frozenset[str] = frozenset({"final_signoff", "ready"})


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(timezone.now(), LONDON)


def lock_bid(bid: JointBid) -> JointBid:
    """The bid, locked: every service that changes a bid's parts locks the bid first, then
    the participant or answer (one order everywhere, so concurrent requests cannot deadlock)."""
    return (
        JointBid.objects.select_for_update(of=("self",))
        .select_related("opportunity", "consortium")
        .get(pk=bid.pk)
    )


def lock_participant(participant: BidParticipant) -> BidParticipant:
    return (
        BidParticipant.objects.select_for_update(of=("self",))
        .select_related("member", "bid")
        .get(pk=participant.pk)
    )


def uk_time(value: dt.datetime, field: str) -> dt.datetime:
    """A deadline as an aware datetime. A naive one is read as UK time (Europe/London),
    whatever time zone is active: a time the clocks skip when they go forward (01:00-01:59
    on the last Sunday of March) is refused; of a time that happens twice when they go back
    (01:00-01:59 on the last Sunday of October), the first (BST) is meant, the earlier."""
    if timezone.is_aware(value):
        return value
    aware = value.replace(tzinfo=LONDON, fold=0)
    back = aware.astimezone(dt.UTC).astimezone(LONDON)
    if back.replace(tzinfo=None) != value:
        raise fail(
            field,
            _(
                "%(time)s does not exist in UK time: the clocks go forward an hour that "
                "night. Give a time before 01:00 or from 02:00."
            )
            % {"time": value.strftime("%H:%M on %d/%m/%Y")},
        )
    return aware


def uk_format(value: dt.datetime) -> str:
    """A deadline for a message, in UK time."""
    return date_format(timezone.localtime(value, LONDON), "DATETIME_FORMAT")


def check_hours(value: object, field: str, *, scope: str = "commitment") -> Decimal:
    """Hours a week: a positive number with at most two decimals, and not absurd for its
    `scope` ("commitment": one co-op on one lot; "coop": one co-op in all; "lot": a lot)."""
    if isinstance(value, bool):
        raise fail(field, _("Enter hours a week as a number, like 37.5."))
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise fail(field, _("Enter hours a week as a number, like 37.5.")) from None
    if not hours.is_finite():
        raise fail(field, _("Enter hours a week as a number, like 37.5."))
    if hours <= 0:
        raise fail(field, _("Hours a week must be more than 0."))
    if hours != hours.quantize(Decimal("0.01")):
        raise fail(field, _("Give hours to at most two decimal places."))
    if scope == "lot" and hours > ABSURD_LOT_HOURS:
        raise fail(
            field,
            _(
                "%(hours)s hours a week is more than any lot of a care tender asks for: "
                "check the units (hours a week, not a year)."
            )
            % {"hours": hours},
        )
    if scope == "coop" and hours > ABSURD_LOT_HOURS:
        raise fail(
            field,
            _(
                "%(hours)s hours a week is more than any co-op can deliver: check the units "
                "(hours a week, not a year)."
            )
            % {"hours": hours},
        )
    if scope == "commitment" and hours > ABSURD_HOURS:
        raise fail(
            field,
            _(
                "%(hours)s hours a week is more than any co-op can deliver on one lot: "
                "check the units (hours a week, not a year)."
            )
            % {"hours": hours},
        )
    return hours


def check_editable(bid: JointBid) -> None:
    """The bid's content (capacity, prices, answers, evidence) may change only while it is
    being put together; after sign-off it must be reopened for drafting first."""
    if bid.status not in JointBid.EDITABLE:
        raise fail(
            "bid",
            _("The bid is “%(status)s”: reopen it for drafting before changing it.")
            % {"status": bid.get_status_display()},
        )


def check_changeable(bid: JointBid) -> None:
    """The bid is still open and not submitted: its people and plan may change."""
    if bid.status not in CHANGEABLE:
        raise fail(
            "bid",
            _("The bid is “%(status)s”: it can no longer be changed.")
            % {"status": bid.get_status_display()},
        )


def check_pence(
    value: object, field: str, *, allow_zero: bool = True, maximum: int = MAX_HOURLY_PENCE
) -> int:
    """An amount an hour in whole pence: not negative (not zero unless allowed) and not
    absurd (a figure above `maximum` is a mistake of units)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < 0
        or (value == 0 and not allow_zero)
    ):
        raise fail(
            field,
            _("Enter an amount in pence, a whole number above 0.")
            if not allow_zero
            else _("Enter an amount in pence, a whole number (0 or more)."),
        )
    if value > maximum:
        raise fail(
            field,
            _(
                "%(value)sp (£%(pounds)s) an hour is not a plausible amount: check the units "
                "(pence an hour, at most %(max)sp)."
            )
            % {"value": value, "pounds": f"{Decimal(value) / 100:,.2f}", "max": maximum},
        )
    return value
