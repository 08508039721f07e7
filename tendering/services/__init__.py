"""Every write of tendering: one transaction, validation, an audit event.

Modules: `opportunities` (the tender by hand) and `ocds_import` (from a buyer's release);
`bids` (a bid, its plan and state machine), `go` (go/no-go), `participants` (member co-ops,
approvals, the lead, dropping out); `capacity` (capacity, commitments, prices); `answers`
(answers, library, evidence); `signoff` (social value, sign-off). The hard gates the state
machine checks are reads: `tendering.selectors.gates`. Every service locks the bid before its
parts; a refusal names its field (`coop.core.validation.fail`)."""

from tendering.services.answers import (
    answer_assign,
    answer_reopen,
    answer_review,
    answer_save,
    answer_submit_for_review,
    evidence_add,
    library_add,
    library_use,
)
from tendering.services.approvals import participant_approve, participant_delegate_approval
from tendering.services.bids import bid_create, bid_submit, bid_transition, bid_update_plan
from tendering.services.capacity import (
    capacity_declare,
    commitment_remove,
    commitment_set,
    price_line_set,
)
from tendering.services.go import bid_go_ballot_open, bid_go_decide, bid_go_from_ballot
from tendering.services.ocds_import import opportunity_import
from tendering.services.opportunities import (
    criteria_set,
    document_add,
    lot_add,
    opportunity_create,
    question_add,
)
from tendering.services.participants import (
    bid_set_lead,
    participant_authorise_lead,
    participant_invite,
    participant_withdraw,
)
from tendering.services.signoff import signoff_record, social_value_compute

__all__ = [
    "answer_assign",
    "answer_reopen",
    "answer_review",
    "answer_save",
    "answer_submit_for_review",
    "bid_create",
    "bid_go_ballot_open",
    "bid_go_decide",
    "bid_go_from_ballot",
    "bid_set_lead",
    "bid_submit",
    "bid_transition",
    "bid_update_plan",
    "capacity_declare",
    "commitment_remove",
    "commitment_set",
    "criteria_set",
    "document_add",
    "evidence_add",
    "library_add",
    "library_use",
    "lot_add",
    "opportunity_create",
    "opportunity_import",
    "participant_approve",
    "participant_authorise_lead",
    "participant_delegate_approval",
    "participant_invite",
    "participant_withdraw",
    "price_line_set",
    "question_add",
    "signoff_record",
    "social_value_compute",
]
