"""Every write of voting: one transaction, validation, an audit event.

Governance and tendering create ballots with these services and read their results through
`voting.selectors`; voting knows nothing of motions or bids.
"""

from voting.services.casting import ballot_cast, ballot_cast_proxy
from voting.services.channels import ballot_set_channels
from voting.services.closing import ballot_close, ballot_record_casting_vote
from voting.services.hands import hands_record
from voting.services.lifecycle import ballot_cancel, ballot_open, ballot_publish
from voting.services.proxies import proxy_appoint, proxy_mark_present, proxy_revoke
from voting.services.setup import (
    ballot_create,
    ballot_schedule,
    option_add,
    question_add,
    reservation_set,
)

__all__ = [
    "ballot_cancel",
    "ballot_cast",
    "ballot_cast_proxy",
    "ballot_close",
    "ballot_create",
    "ballot_open",
    "ballot_publish",
    "ballot_record_casting_vote",
    "ballot_schedule",
    "ballot_set_channels",
    "hands_record",
    "option_add",
    "proxy_appoint",
    "proxy_mark_present",
    "proxy_revoke",
    "question_add",
    "reservation_set",
]
