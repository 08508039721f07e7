"""OCDS 1.1 for joint bids: export a bid as a release (with the bids, lots and
subcontracting extensions) and import an opportunity from a buyer's release.

The consortium lead carries the `leadTenderer` role (eForms profile); member co-ops are
`tenderer`s, or `subcontractor`s when the consortium body is prime. Each member's share of
the hours is in the documented local extension field `cyd:hoursShare` on the bid:
`[{"party": <party id>, "lot": <lot id>, "hoursPerWeek": "<decimal>",
"percentOfLot": "<decimal>"}]`.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from tendering import rules
from tendering.models import BidParticipant, Commitment, JointBid, Opportunity, PriceLine

RELEASE_SCHEMA = (
    Path(__file__).resolve().parent
    / "schema"
    / "release-schema-1.1.5+bids+lots+subcontracting.json"
)
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_subcontracting_extension/master/extension.json",
]
OCID_PREFIX = "ocds-cyd000"
#: The bid's state in the bid extension's bidStatus codelist: submitted and not yet decided
#: is "pending", decided is "valid", withdrawn is "withdrawn"; before submission "invited".
BID_STATUS: dict[str, str] = {
    JointBid.Status.SUBMITTED: "pending",
    JointBid.Status.AWARDED: "valid",
    JointBid.Status.UNSUCCESSFUL: "valid",
    JointBid.Status.WITHDRAWN: "withdrawn",
}
LOCAL_HOURS_FIELD = "cyd:hoursShare"


def _party_id(prefix: str, pk: int) -> str:
    return f"{prefix}-{pk}"


def _money(pence: int | None) -> dict[str, Any] | None:
    if pence is None:
        return None
    return {"amount": float(Decimal(pence) / 100), "currency": "GBP"}


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def ocid_for(opportunity: Opportunity) -> str:
    return opportunity.ocid or f"{OCID_PREFIX}-{opportunity.organisation_id}-{opportunity.pk}"


def bid_release(bid: JointBid) -> dict[str, Any]:
    """The bid as one OCDS release (tag 'tender'): buyer, tender with lots and award
    criteria, the consortium's bid with its tenderers, lots and subcontracting."""
    opportunity = bid.opportunity
    participants = list(
        bid.participants.filter(status=BidParticipant.Status.APPROVED)
        .select_related("member")
        .order_by("member__name")
    )
    commitments = list(
        Commitment.objects.filter(bid=bid, participant__in=participants).select_related(
            "lot", "participant__member"
        )
    )
    prime = bid.liability == JointBid.Liability.PRIME
    buyer_id = opportunity.buyer_identifier or _party_id("buyer", opportunity.pk)
    consortium_id = _party_id("consortium", bid.consortium_id)
    parties: list[dict[str, Any]] = [
        {"id": buyer_id, "name": opportunity.buyer_name, "roles": ["buyer"]},
    ]
    tenderer_refs: list[dict[str, str]] = []
    if prime:
        parties.append(
            {
                "id": consortium_id,
                "name": bid.consortium.name,
                "roles": ["tenderer", "leadTenderer"],
                "identifier": {"scheme": "GB-MPR", "id": bid.consortium.registered_number}
                if bid.consortium.registered_number
                else None,
            }
        )
        tenderer_refs.append({"id": consortium_id, "name": bid.consortium.name})
    for p in participants:
        roles = ["subcontractor"] if prime else ["tenderer"]
        if not prime and p.member_id == bid.lead_id:
            roles.append("leadTenderer")
        party: dict[str, Any] = {
            "id": _party_id("member", p.member_id),
            "name": p.member.name,
            "roles": roles,
        }
        parties.append(party)
        if not prime:
            tenderer_refs.append({"id": party["id"], "name": p.member.name})
    for party in parties:
        if party.get("identifier") is None:
            party.pop("identifier", None)
    lots = list(opportunity.lots.order_by("number"))
    lot_ids = {lot.pk: f"lot-{lot.number}" for lot in lots}
    bid_lots = sorted({lot_ids[c.lot_id] for c in commitments})
    hours_by_lot: dict[int, Decimal] = {}
    for c in commitments:
        hours_by_lot[c.lot_id] = hours_by_lot.get(c.lot_id, Decimal(0)) + c.hours_per_week
    shares = [
        {
            "party": _party_id("member", c.participant.member_id),
            "lot": lot_ids[c.lot_id],
            "hoursPerWeek": str(c.hours_per_week),
            "percentOfLot": str(
                (c.hours_per_week * 100 / hours_by_lot[c.lot_id]).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
            )
            if hours_by_lot[c.lot_id]
            else "0",
        }
        for c in sorted(commitments, key=lambda c: (c.lot.number, c.participant.member.name))
    ]
    # The bid's yearly value: per lot, the consortium's standard rate (the members' rates
    # weighted by their hours, as the prices gate checks it) × the buyer's estimated hours
    # × 52 weeks (`rules.yearly_value`), summed over the lots bid for.
    committed = {(c.participant_id, c.lot_id): c.hours_per_week for c in commitments}
    lines_by_lot: dict[int, list[rules.PriceFacts]] = {}
    for line in PriceLine.objects.filter(
        bid=bid, participant__in=participants, rate_type=PriceLine.RateType.STANDARD
    ).order_by("pk"):
        lines_by_lot.setdefault(line.lot_id, []).append(
            rules.PriceFacts(
                line.participant_id, line.lot_id, line.rate_type, line.pay_pence, line.rate_pence
            )
        )
    total_pence = 0
    for lot in lots:
        group = lines_by_lot.get(lot.pk, [])
        if not group or not hours_by_lot.get(lot.pk):
            continue
        rate = rules.consolidated_rate(
            group,
            {
                f.participant_id: committed.get((f.participant_id, lot.pk), Decimal(0))
                for f in group
            },
        )
        if rate is not None:
            total_pence += rules.yearly_value(rate, lot.estimated_hours_per_week)
    details: dict[str, Any] = {
        "id": f"bid-{bid.pk}",
        "status": BID_STATUS.get(bid.status, "invited"),
        "tenderers": tenderer_refs,
        "relatedLots": bid_lots,
        "hasSubcontracting": prime,
        LOCAL_HOURS_FIELD: shares,
    }
    if bid.submitted_at:
        details["date"] = _iso(bid.submitted_at)
    if total_pence:
        details["value"] = _money(total_pence)
    if prime and participants:
        details["subcontracting"] = {
            "description": "Member co-operatives of the consortium deliver the care hours.",
            "subcontracts": [
                {
                    "id": f"sub-{p.pk}",
                    "subcontractor": {
                        "id": _party_id("member", p.member_id),
                        "name": p.member.name,
                    },
                    "mainContractors": [{"id": consortium_id, "name": bid.consortium.name}],
                }
                for p in participants
            ],
        }
    tender: dict[str, Any] = {
        "id": opportunity.reference,
        "title": opportunity.title,
        "description": opportunity.description or None,
        "status": "active",
        "procurementMethodDetails": opportunity.get_procedure_display(),
        "tenderPeriod": {"endDate": _iso(opportunity.submission_deadline)},
        "lots": [
            {
                "id": lot_ids[lot.pk],
                "title": lot.title,
                "description": f"{lot.zone}: {lot.get_role_display()}, "
                f"{lot.estimated_hours_per_week} hours a week",
                "status": "active",
                **({"value": _money(lot.value_ceiling_pence)} if lot.value_ceiling_pence else {}),
            }
            for lot in lots
        ],
        "awardCriteriaDetails": "; ".join(
            f"{c.name} {c.weight}%" for c in opportunity.criteria.all()
        )
        or None,
    }
    if opportunity.clarification_deadline:
        tender["enquiryPeriod"] = {"endDate": _iso(opportunity.clarification_deadline)}
    if opportunity.max_lots_per_bidder:
        tender["lotDetails"] = {"maximumLotsBidPerSupplier": opportunity.max_lots_per_bidder}
    tender = {k: v for k, v in tender.items() if v is not None}
    return {
        "ocid": ocid_for(opportunity),
        "id": f"{ocid_for(opportunity)}-bid-{bid.pk}-{timezone.now():%Y%m%dT%H%M%S}",
        "date": timezone.now().isoformat(),
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": {"id": buyer_id, "name": opportunity.buyer_name},
        "tender": tender,
        "bids": {"details": [details]},
    }


def release_package(bid: JointBid) -> dict[str, Any]:
    """A release package holding the bid's release."""
    release = bid_release(bid)
    return {
        "uri": f"{settings.SITE_URL}/api/v1/bids/{bid.pk}/ocds/",
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": timezone.now().isoformat(),
        "publisher": {"name": bid.consortium.name},
        "releases": [release],
    }


def release_schema() -> dict[str, Any]:
    return json.loads(RELEASE_SCHEMA.read_text(encoding="utf-8"))


def schema_errors(release: dict[str, Any]) -> list[str]:
    """Errors of a release against the release schema with the three extensions (draft 4),
    each as 'path: message'."""
    from jsonschema import Draft4Validator

    validator = Draft4Validator(release_schema())
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(release)'}: {e.message}" for e in errors
    ]
