"""URLs of the governance pages, under `/o/<organisation>/`."""

from django.urls import path

from governance.views import (
    agenda,
    amendments,
    meetings,
    minutes,
    motions,
    notice,
    register,
    requisitions,
    running,
    votes,
)

app_name = "governance"

_meeting = "meetings/<int:pk>"
_motion = "motions/<int:pk>"
_amendment = "amendments/<int:pk>"

urlpatterns = [
    # Meetings, for members and the secretary.
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_plan, name="meeting_plan"),
    path(f"{_meeting}/", meetings.meeting_detail, name="meeting"),
    path(f"{_meeting}/notice.pdf", meetings.notice_pack_pdf, name="notice_pack_pdf"),
    path(f"{_meeting}/change/", meetings.meeting_change, name="meeting_change"),
    path(f"{_meeting}/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path(f"{_meeting}/motions/new/", motions.motion_submit, name="motion_submit"),
    path(f"{_meeting}/motions/board/", motions.board_motion_add, name="board_motion_add"),
    path(f"{_meeting}/proxy/", register.proxy_appoint, name="proxy_appoint"),
    path(f"{_meeting}/proxy/revoke/", register.proxy_revoke, name="proxy_revoke"),
    # The agenda.
    path(f"{_meeting}/agenda/", agenda.agenda, name="agenda"),
    path(f"{_meeting}/agenda/add/", agenda.agenda_add, name="agenda_add"),
    path(f"{_meeting}/agenda/<int:item_id>/move/", agenda.agenda_move, name="agenda_move"),
    path(
        f"{_meeting}/agenda/<int:item_id>/progress/",
        agenda.agenda_item_progress,
        name="agenda_item_progress",
    ),
    # Notice.
    path(f"{_meeting}/notice/", notice.notice_give, name="notice_give"),
    path(f"{_meeting}/notice/progress/", notice.notice_progress, name="notice_progress"),
    path(f"{_meeting}/notice/resend/", notice.notice_resend, name="notice_resend"),
    # On the day.
    path(f"{_meeting}/run/", running.run, name="run"),
    path(f"{_meeting}/check-in/", running.check_in, name="check_in"),
    path(f"{_meeting}/quorum/", running.quorum_display, name="quorum"),
    path(f"{_meeting}/start/", running.meeting_start, name="meeting_start"),
    path(f"{_meeting}/adjourn/", running.meeting_adjourn, name="meeting_adjourn"),
    path(f"{_meeting}/resume/", running.meeting_resume, name="meeting_resume"),
    path(f"{_meeting}/close/", running.meeting_close, name="meeting_close"),
    # Minutes.
    path(f"{_meeting}/minutes/", minutes.minutes_detail, name="minutes"),
    path(f"{_meeting}/minutes/edit/", minutes.minutes_edit, name="minutes_edit"),
    path(f"{_meeting}/minutes/approve/", minutes.minutes_approve, name="minutes_approve"),
    path(f"{_meeting}/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    # Motions.
    path("motions/to-second/", motions.motions_to_second, name="motions_to_second"),
    path(f"{_motion}/", motions.motion_detail, name="motion"),
    path(f"{_motion}/second/", motions.motion_second, name="motion_second"),
    path(f"{_motion}/withdraw/", motions.motion_withdraw, name="motion_withdraw"),
    path(f"{_motion}/admissibility/", motions.motion_admissibility, name="motion_admissibility"),
    path(f"{_motion}/confirmation/", motions.confirmation_propose, name="confirmation_propose"),
    path(f"{_motion}/amend/", amendments.amendment_submit, name="amendment_submit"),
    path(f"{_motion}/vote/", votes.motion_vote, name="motion_vote"),
    path(f"{_motion}/hands/", votes.motion_hands, name="motion_hands"),
    # Amendments.
    path(f"{_amendment}/second/", amendments.amendment_second, name="amendment_second"),
    path(f"{_amendment}/withdraw/", amendments.amendment_withdraw, name="amendment_withdraw"),
    path(f"{_amendment}/rule-out/", amendments.amendment_rule_out, name="amendment_rule_out"),
    path(f"{_amendment}/vote/", votes.amendment_vote, name="amendment_vote"),
    path(f"{_amendment}/hands/", votes.amendment_hands, name="amendment_hands"),
    # Requisitions and the register of resolutions.
    path("requisitions/", requisitions.requisition_list, name="requisitions"),
    path("requisitions/new/", requisitions.requisition_start, name="requisition_start"),
    path("requisitions/<int:pk>/sign/", requisitions.requisition_sign, name="requisition_sign"),
    path(
        "requisitions/<int:pk>/called/",
        requisitions.requisition_called,
        name="requisition_called",
    ),
    path("resolutions/", register.resolutions, name="resolutions"),
]
