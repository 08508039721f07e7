"""What a refusal must leave alone in tendering: row counts of every tendering table and the
audit log, a bid's state field by field, `refused(field, ...)`, and the audit events since a
mark. Re-exported by `tests.factories.tendering`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from coop.core.models import AuditEvent
from tendering.models import (
    Answer,
    AnswerVersion,
    AwardCriterion,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    Evidence,
    JointBid,
    LibraryAnswer,
    Lot,
    Opportunity,
    OpportunityDocument,
    PriceLine,
    SignOff,
    SocialValueFigure,
    TenderQuestion,
)

# --- Refusals write nothing ------------------------------------------------------------------

#: Every table of tendering and the audit log.
WATCHED: tuple[type[models.Model], ...] = (
    Opportunity,
    Lot,
    AwardCriterion,
    TenderQuestion,
    OpportunityDocument,
    JointBid,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    PriceLine,
    Answer,
    AnswerVersion,
    LibraryAnswer,
    Evidence,
    SignOff,
    SocialValueFigure,
    AuditEvent,
)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in WATCHED}


def state(bid: JointBid) -> dict[str, object]:
    """Everything of a bid a refusal could touch, field by field."""
    fresh = JointBid.objects.get(pk=bid.pk)
    return {
        "bid": (
            fresh.status,
            fresh.lead_id,
            fresh.liability,
            fresh.answers_due,
            fresh.prices_due,
            fresh.signoff_due,
            fresh.pay_floor_pence,
            fresh.go_decided_on,
        ),
        "participants": sorted(
            fresh.participants.values_list(
                "pk", "status", "approved_on", "approval_expires_on", "authorised_lead"
            )
        ),
        "commitments": sorted(fresh.commitments.values_list("pk", "lot_id", "hours_per_week")),
        "prices": sorted(
            fresh.price_lines.values_list("pk", "pay_pence", "margin_pence", "rate_type")
        ),
        "answers": sorted(fresh.answers.values_list("pk", "status", "text", "text_cy")),
        "signoffs": sorted(fresh.signoffs.values_list("pk", "invalidated_at")),
    }


@contextmanager
def refused(field: str, *fragments: str) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect a ValidationError naming `field` (and no other), whose messages contain each
    fragment, and no row written to any tendering table or the audit log. Messages are read
    in English."""
    before = row_counts()
    with translation.override("en-gb"), pytest.raises(ValidationError) as info:
        yield info
    errors = info.value.message_dict
    assert list(errors) == [field], errors
    message = " ".join(errors[field])
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert row_counts() == before


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(mark: int, action: str | None = None) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(id__gt=mark).order_by("id")
    if action is not None:
        events = events.filter(action=action)
    return list(events)
