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
from django.urls import reverse
from django.utils import timezone

from tendering import rules
from tendering.models import BidParticipant, Commitment, JointBid, Lot, Opportunity, PriceLine

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


def _parties(
    bid: JointBid, participants: list[BidParticipant], buyer_id: str
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The parties (the buyer, the consortium body when it is prime, the member co-ops with
    their roles) and the tenderers of the bid."""
    opportunity = bid.opportunity
    prime = bid.liability == JointBid.Liability.PRIME
    consortium_id = _party_id("consortium", bid.consortium_id)
    parties: list[dict[str, Any]] = [
        {"id": buyer_id, "name": opportunity.buyer_name, "roles": ["buyer"]},
    ]
    tenderers: list[dict[str, str]] = []
    if prime:
        body: dict[str, Any] = {
            "id": consortium_id,
            "name": bid.consortium.name,
            "roles": ["tenderer", "leadTenderer"],
        }
        if bid.consortium.registered_number:
            body["identifier"] = {"scheme": "GB-MPR", "id": bid.consortium.registered_number}
        parties.append(body)
        tenderers.append({"id": consortium_id, "name": bid.consortium.name})
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
            tenderers.append({"id": party["id"], "name": p.member.name})
    return parties, tenderers


def _hours_shares(commitments: list[Commitment], lot_ids: dict[int, str]) -> list[dict[str, str]]:
    """Each member's share of each lot's hours (the local extension field `cyd:hoursShare`)."""
    hours_by_lot: dict[int, Decimal] = {}
    for c in commitments:
        hours_by_lot[c.lot_id] = hours_by_lot.get(c.lot_id, Decimal(0)) + c.hours_per_week
    return [
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


def _yearly_value_pence(
    bid: JointBid,
    participants: list[BidParticipant],
    commitments: list[Commitment],
    lots: list[Lot],
) -> int:
    """The bid's yearly value: per lot, the consortium's standard rate (the members' rates
    weighted by their hours, as the prices gate checks it) × the buyer's estimated hours × 52
    weeks (`rules.yearly_value`), summed over the lots bid for."""
    committed = {(c.participant_id, c.lot_id): c.hours_per_week for c in commitments}
    hours_by_lot: dict[int, Decimal] = {}
    for c in commitments:
        hours_by_lot[c.lot_id] = hours_by_lot.get(c.lot_id, Decimal(0)) + c.hours_per_week
    lines_by_lot: dict[int, list[rules.PriceFacts]] = {}
    for line in PriceLine.objects.filter(
        bid=bid, participant__in=participants, rate_type=PriceLine.RateType.STANDARD
    ).order_by("pk"):
        lines_by_lot.setdefault(line.lot_id, []).append(
            rules.PriceFacts(
                line.participant_id, line.lot_id, line.rate_type, line.pay_pence, line.rate_pence
            )
        )
    total = 0
    for lot in lots:
        group = lines_by_lot.get(lot.pk, [])
        if not group or not hours_by_lot.get(lot.pk):
            continue
        weights = {
            f.participant_id: committed.get((f.participant_id, lot.pk), Decimal(0)) for f in group
        }
        rate = rules.consolidated_rate(group, weights)
        if rate is not None:
            total += rules.yearly_value(rate, lot.estimated_hours_per_week)
    return total


def _subcontracting(bid: JointBid, participants: list[BidParticipant]) -> dict[str, Any]:
    consortium_id = _party_id("consortium", bid.consortium_id)
    return {
        "description": "Member co-operatives of the consortium deliver the care hours.",
        "subcontracts": [
            {
                "id": f"sub-{p.pk}",
                "subcontractor": {"id": _party_id("member", p.member_id), "name": p.member.name},
                "mainContractors": [{"id": consortium_id, "name": bid.consortium.name}],
            }
            for p in participants
        ],
    }


def _tender(opportunity: Opportunity, lots: list[Lot], lot_ids: dict[int, str]) -> dict[str, Any]:
    """The tender: its periods, lots (with their value ceilings) and award criteria."""
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
    return {k: v for k, v in tender.items() if v is not None}


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
    parties, tenderers = _parties(bid, participants, buyer_id)
    lots = list(opportunity.lots.order_by("number"))
    lot_ids = {lot.pk: f"lot-{lot.number}" for lot in lots}
    details: dict[str, Any] = {
        "id": f"bid-{bid.pk}",
        "status": BID_STATUS.get(bid.status, "invited"),
        "tenderers": tenderers,
        "relatedLots": sorted({lot_ids[c.lot_id] for c in commitments}),
        "hasSubcontracting": prime,
        LOCAL_HOURS_FIELD: _hours_shares(commitments, lot_ids),
    }
    if bid.submitted_at:
        details["date"] = _iso(bid.submitted_at)
    total_pence = _yearly_value_pence(bid, participants, commitments, lots)
    if total_pence:
        details["value"] = _money(total_pence)
    if prime and participants:
        details["subcontracting"] = _subcontracting(bid, participants)
    ocid = ocid_for(opportunity)
    return {
        "ocid": ocid,
        "id": f"{ocid}-bid-{bid.pk}-{timezone.now():%Y%m%dT%H%M%S}",
        "date": timezone.now().isoformat(),
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": {"id": buyer_id, "name": opportunity.buyer_name},
        "tender": _tender(opportunity, lots, lot_ids),
        "bids": {"details": [details]},
    }


def package_uri(bid: JointBid) -> str:
    """Where the API serves the bid's release package (its `uri`): the bid's `ocds/` endpoint
    under its consortium, at the site's address."""
    path = reverse("api:bid-ocds", kwargs={"slug": bid.consortium.slug, "pk": bid.pk})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def release_package(bid: JointBid) -> dict[str, Any]:
    """A release package holding the bid's release."""
    release = bid_release(bid)
    return {
        "uri": package_uri(bid),
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
