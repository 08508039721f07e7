"""Every read of voting, for pages, exports and the API alike (there are no API-only reads).

Selectors never import services (an import-linter contract keeps it so). Governance and
tendering read ballots and their results through these too.
"""

from voting.selectors.ballots import (
    ballot_in,
    ballot_questions,
    ballot_with_classes,
    ballots_for_organisation,
    member_classes,
    member_classes_by_code,
    members_numbered,
    option_get,
    organisation_named,
    proxies,
    proxy_get,
    question_at,
    question_get,
    question_with_options,
    resolution_type_for,
    resolution_types_for,
)
from voting.selectors.disclosure import classes_at_risk
from voting.selectors.scrutiny import (
    ballot_audit,
    blt_text,
    count_uses_classes,
    kit_class_note,
    papers_csv,
    question_blt,
    recount_kit_classes,
    rules_applied,
    rules_applied_json,
)
from voting.selectors.turnout import (
    ClassTurnout,
    Turnout,
    receipt_codes,
    receipts_published,
    turnout,
)
from voting.selectors.voters import (
    RollRow,
    VoterStatus,
    members_user_may_vote_for,
    roll,
    roll_rows,
    voter_status,
    voter_statuses,
)

__all__ = [
    "ClassTurnout",
    "RollRow",
    "Turnout",
    "VoterStatus",
    "ballot_audit",
    "ballot_in",
    "ballot_questions",
    "ballot_with_classes",
    "ballots_for_organisation",
    "blt_text",
    "classes_at_risk",
    "count_uses_classes",
    "kit_class_note",
    "member_classes",
    "member_classes_by_code",
    "members_numbered",
    "members_user_may_vote_for",
    "option_get",
    "organisation_named",
    "papers_csv",
    "proxies",
    "proxy_get",
    "question_at",
    "question_blt",
    "question_get",
    "question_with_options",
    "receipt_codes",
    "receipts_published",
    "recount_kit_classes",
    "resolution_type_for",
    "resolution_types_for",
    "roll",
    "roll_rows",
    "rules_applied",
    "rules_applied_json",
    "turnout",
    "voter_status",
    "voter_statuses",
]
