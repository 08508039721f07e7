"""General meetings: notice, agenda, attendance, motions, amendments, resolutions,
requisitions and minutes."""

from governance.models.attendance import Attendance, MeetingProxy, NoticeDispatch, NoticeRun
from governance.models.meetings import AgendaItem, Meeting
from governance.models.motions import Amendment, Motion, Resolution
from governance.models.records import Minutes, Requisition, RequisitionSignature

__all__ = [
    "AgendaItem",
    "Amendment",
    "Attendance",
    "Meeting",
    "MeetingProxy",
    "Minutes",
    "Motion",
    "NoticeDispatch",
    "NoticeRun",
    "Requisition",
    "RequisitionSignature",
    "Resolution",
]
