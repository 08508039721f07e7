"""Every write of governance: one transaction, validation, an audit event."""

from governance.services.agenda import agenda_item_add, agenda_item_mark, agenda_item_move
from governance.services.amendments import (
    amendment_rule_out,
    amendment_second,
    amendment_submit,
    amendment_withdraw,
)
from governance.services.attendance import (
    attendance_record,
    meeting_proxy_appoint,
    meeting_proxy_revoke,
)
from governance.services.meetings import meeting_cancel, meeting_plan, meeting_update
from governance.services.minutes import minutes_approve, minutes_edit, minutes_generate
from governance.services.motions import (
    board_motion_add,
    motion_decide_admissibility,
    motion_second,
    motion_submit,
    motion_withdraw,
)
from governance.services.notice import meeting_give_notice, meeting_notice_resend
from governance.services.requisitions import (
    requisition_mark_called,
    requisition_sign,
    requisition_start,
)
from governance.services.running import (
    meeting_adjourn,
    meeting_close,
    meeting_resume,
    meeting_start,
)
from governance.services.votes import (
    confirmation_propose,
    open_item_ballots,
    start_item_ballots,
    vote_by_show_of_hands,
    vote_take,
)

__all__ = [
    "agenda_item_add",
    "agenda_item_mark",
    "agenda_item_move",
    "amendment_rule_out",
    "amendment_second",
    "amendment_submit",
    "amendment_withdraw",
    "attendance_record",
    "board_motion_add",
    "confirmation_propose",
    "meeting_adjourn",
    "meeting_cancel",
    "meeting_close",
    "meeting_give_notice",
    "meeting_notice_resend",
    "meeting_plan",
    "meeting_proxy_appoint",
    "meeting_proxy_revoke",
    "meeting_resume",
    "meeting_start",
    "meeting_update",
    "minutes_approve",
    "minutes_edit",
    "minutes_generate",
    "motion_decide_admissibility",
    "motion_second",
    "motion_submit",
    "motion_withdraw",
    "open_item_ballots",
    "requisition_mark_called",
    "requisition_sign",
    "requisition_start",
    "start_item_ballots",
    "vote_by_show_of_hands",
    "vote_take",
]
