"""Importing an opportunity from a buyer's OCDS release (refused with the schema errors if
the release does not validate)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from coop.core.models import User
from coop.core.spreadsheets import MAX_IMPORT_BYTES, check_upload_size
from coop.core.validation import fail
from membership.models import Organisation
from tendering.models import Opportunity
from tendering.ocds import schema_errors
from tendering.services._common import uk_time
from tendering.services.opportunities import lot_add, opportunity_create

_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*hours?\s*(?:a|per)\s*week", re.IGNORECASE)


def _datetime(value: Any, path: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(str(value))
    except ValueError:
        parsed = None
    if parsed is None:
        raise fail(
            "file",
            _("%(path)s: “%(value)s” is not a date and time.") % {"path": path, "value": value},
        )
    return uk_time(parsed, "file")


def _lot_hours(lot: dict[str, Any]) -> Decimal | str:
    raw = lot.get("cyd:estimatedHoursPerWeek")
    if raw is None:
        match = _HOURS.search(str(lot.get("description") or ""))
        raw = match.group(1) if match else None
    if raw is None:
        raise fail(
            "file",
            _(
                "Lot %(id)s gives no estimated hours a week (in "
                "“cyd:estimatedHoursPerWeek” or its description): enter the "
                "lots by hand."
            )
            % {"id": lot.get("id")},
        )
    return str(raw)


def _as_file_error(error: ValidationError, context: str) -> ValidationError:
    """A refusal of the opportunity or a lot, on the file (the only field of an import), each
    message saying which part of the release it is about."""
    messages = (
        [m for ms in error.message_dict.values() for m in ms]
        if hasattr(error, "error_dict")
        else list(error.messages)
    )
    return ValidationError({"file": [f"{context}: {m}" for m in messages]})


def _one_release(data: Any) -> dict[str, Any]:
    if isinstance(data, dict) and "releases" in data:
        releases = data["releases"]
        if not isinstance(releases, list) or len(releases) != 1:
            count = len(releases) if isinstance(releases, list) else 0
            raise fail(
                "file",
                _(
                    "The package holds %(count)s releases: import a package or a file with "
                    "exactly one release, the buyer's tender notice."
                )
                % {"count": count},
            )
        data = releases[0]
    if not isinstance(data, dict):
        raise fail("file", _("The file must hold an OCDS release (a JSON object)."))
    return data


@transaction.atomic
def opportunity_import(
    *, organisation: Organisation, content: bytes | str, actor: User | None
) -> Opportunity:
    """Create an opportunity and its lots from an OCDS release or release package.

    The release must validate against the OCDS 1.1.5 release schema with the bids, lots and
    subcontracting extensions; otherwise nothing is written and every schema error is listed.
    A file over `MAX_IMPORT_BYTES` (10 MB) is refused before it is read as JSON.
    """
    size = len(content) if isinstance(content, bytes) else len(content.encode())
    check_upload_size("file", size, MAX_IMPORT_BYTES)
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise fail("file", _("The file is not JSON: %(error)s") % {"error": exc}) from None
    release = _one_release(data)
    errors = schema_errors(release)
    if errors:
        raise ValidationError(
            {"file": [_("The release does not follow the OCDS schema:"), *errors[:50]]}
        )
    tender = release.get("tender") or {}
    buyer = release.get("buyer") or {}
    deadline = _datetime(
        (tender.get("tenderPeriod") or {}).get("endDate"), "tender/tenderPeriod/endDate"
    )
    if deadline is None:
        raise fail(
            "file", _("The release gives no submission deadline (tender/tenderPeriod/endDate).")
        )
    max_lots = (tender.get("lotDetails") or {}).get("maximumLotsBidPerSupplier")
    try:
        opportunity = opportunity_create(
            organisation=organisation,
            buyer_name=str(buyer.get("name") or _("(buyer not named)")),
            buyer_identifier=str(buyer.get("id") or ""),
            reference=str(tender.get("id") or release.get("ocid")),
            title=str(tender.get("title") or tender.get("id") or release.get("ocid")),
            description=str(tender.get("description") or ""),
            submission_deadline=deadline,
            clarification_deadline=_datetime(
                (tender.get("enquiryPeriod") or {}).get("endDate"), "tender/enquiryPeriod/endDate"
            ),
            max_lots_per_bidder=int(max_lots) if isinstance(max_lots, int | float) else None,
            ocid=str(release.get("ocid") or ""),
            source_release=release,
            actor=actor,
        )
    except ValidationError as error:
        raise _as_file_error(error, _("The tender")) from None
    for number, lot in enumerate(tender.get("lots") or [], start=1):
        value = (lot.get("value") or {}).get("amount")
        name = str(lot.get("title") or lot["id"])
        try:
            lot_add(
                opportunity=opportunity,
                number=number,
                title=name[:200],
                zone=name[:100],
                estimated_hours_per_week=_lot_hours(lot),
                value_ceiling_pence=int(
                    (Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                )
                if value is not None
                else None,
                actor=actor,
            )
        except ValidationError as error:
            raise _as_file_error(error, _("Lot %(id)s") % {"id": lot.get("id")}) from None
    return opportunity
