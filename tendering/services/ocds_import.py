"""Importing an opportunity from a buyer's OCDS release (refused with the schema errors if
the release does not validate)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from coop.core.models import User
from membership.models import Organisation
from tendering.models import Opportunity
from tendering.ocds import schema_errors
from tendering.services._common import fail
from tendering.services.opportunities import lot_add, opportunity_create

_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*hours?\s*(?:a|per)\s*week", re.IGNORECASE)


def _datetime(value: Any, field: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise fail(field, _("%(value)s is not a date and time.") % {"value": value})
    return parsed


def _lot_hours(lot: dict[str, Any]) -> Decimal:
    raw = lot.get("cyd:estimatedHoursPerWeek")
    if raw is None:
        match = _HOURS.search(lot.get("description") or "")
        raw = match.group(1) if match else None
    if raw is None:
        raise fail(
            "release",
            _(
                "Lot %(id)s gives no estimated hours a week (in "
                "“cyd:estimatedHoursPerWeek” or its description): enter the "
                "lots by hand."
            )
            % {"id": lot.get("id")},
        )
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise fail(
            "release",
            _("Lot %(id)s: “%(raw)s” is not a number of hours.")
            % {"id": lot.get("id"), "raw": raw},
        ) from None


@transaction.atomic
def opportunity_import(
    *, organisation: Organisation, content: bytes | str, actor: User | None
) -> Opportunity:
    """Create an opportunity and its lots from an OCDS release or release package.

    The release must validate against the OCDS 1.1.5 release schema with the bids, lots and
    subcontracting extensions; otherwise nothing is written and every schema error is listed.
    """
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise fail("file", _("The file is not JSON: %(error)s") % {"error": exc}) from None
    if isinstance(data, dict) and "releases" in data:
        releases = data.get("releases") or []
        if len(releases) != 1:
            raise fail("file", _("The package must hold exactly one release."))
        data = releases[0]
    if not isinstance(data, dict):
        raise fail("file", _("The file must hold an OCDS release (a JSON object)."))
    errors = schema_errors(data)
    if errors:
        raise ValidationError(
            {"file": [_("The release does not follow the OCDS schema:"), *errors[:50]]}
        )
    tender = data.get("tender") or {}
    buyer = data.get("buyer") or {}
    deadline = _datetime((tender.get("tenderPeriod") or {}).get("endDate"), "tenderPeriod.endDate")
    if deadline is None:
        raise fail(
            "file", _("The release gives no submission deadline (tender.tenderPeriod.endDate).")
        )
    opportunity = opportunity_create(
        organisation=organisation,
        buyer_name=buyer.get("name") or _("(buyer not named)"),
        buyer_identifier=str(buyer.get("id") or ""),
        reference=str(tender.get("id") or data.get("ocid")),
        title=tender.get("title") or str(tender.get("id")),
        description=tender.get("description") or "",
        submission_deadline=deadline,
        clarification_deadline=_datetime(
            (tender.get("enquiryPeriod") or {}).get("endDate"), "enquiryPeriod.endDate"
        ),
        max_lots_per_bidder=(tender.get("lotDetails") or {}).get("maximumLotsBidPerSupplier"),
        ocid=str(data.get("ocid") or ""),
        source_release=data,
        actor=actor,
    )
    for number, lot in enumerate(tender.get("lots") or [], start=1):
        value = (lot.get("value") or {}).get("amount")
        lot_add(
            opportunity=opportunity,
            number=number,
            title=lot.get("title") or lot["id"],
            zone=lot.get("title") or lot["id"],
            estimated_hours_per_week=_lot_hours(lot),
            value_ceiling_pence=int(Decimal(str(value)) * 100) if value is not None else None,
            actor=actor,
        )
    return opportunity
