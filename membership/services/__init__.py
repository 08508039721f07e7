"""Every write to membership: one transaction, validation, an audit event.

Services are grouped by subject; import them from here.
"""

from membership.services._holdings import holdings_repair
from membership.services.applications import (
    application_reject,
    application_submit,
    member_admit,
)
from membership.services.details import joint_holder_add, member_erase_optional, member_update
from membership.services.ledger import (
    ledger_correct,
    payment_record,
    shares_allot,
    shares_cancel,
    shares_interest_credit,
)
from membership.services.members import (
    member_cease,
    member_link_user,
    member_register,
    member_reinstate,
    member_suspend,
)
from membership.services.nominations import nomination_record, nomination_revoke
from membership.services.officers import (
    officer_appoint,
    officer_end,
    representative_add,
    representative_end,
)
from membership.services.organisations import (
    member_class_create,
    organisation_create,
    rules_version_create,
    share_class_create,
    share_class_set_withdrawals_suspended,
)
from membership.services.register import (
    certificate_issue,
    inspection_log,
    register_export_request,
)
from membership.services.transfers import shares_transfer, shares_transfer_on_death
from membership.services.withdrawals import (
    withdrawal_cancel,
    withdrawal_decide,
    withdrawal_pay,
    withdrawal_request,
)

__all__ = [
    "application_reject",
    "application_submit",
    "certificate_issue",
    "holdings_repair",
    "inspection_log",
    "joint_holder_add",
    "ledger_correct",
    "member_admit",
    "member_cease",
    "member_class_create",
    "member_erase_optional",
    "member_link_user",
    "member_register",
    "member_reinstate",
    "member_suspend",
    "member_update",
    "nomination_record",
    "nomination_revoke",
    "officer_appoint",
    "officer_end",
    "organisation_create",
    "payment_record",
    "register_export_request",
    "representative_add",
    "representative_end",
    "rules_version_create",
    "share_class_create",
    "share_class_set_withdrawals_suspended",
    "shares_allot",
    "shares_cancel",
    "shares_interest_credit",
    "shares_transfer",
    "shares_transfer_on_death",
    "withdrawal_cancel",
    "withdrawal_decide",
    "withdrawal_pay",
    "withdrawal_request",
]
