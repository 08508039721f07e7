"""Routes of the meetings API, under `/api/v1/`."""

from django.urls import path

from api.governance import (
    agenda,
    amendments,
    attendance,
    meetings,
    motions,
    notice,
    register,
    running,
    votes,
)

ORG = "organisations/<slug:slug>/"
MEETING = ORG + "meetings/<int:pk>/"
MOTION = ORG + "motions/<int:pk>/"
AMENDMENT = ORG + "amendments/<int:pk>/"

urlpatterns = [
    path(ORG + "meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path(MEETING, meetings.MeetingDetailView.as_view(), name="meeting"),
    path(MEETING + "notice/", notice.NoticeView.as_view(), name="meeting-notice"),
    path(
        MEETING + "notice/resend/",
        notice.NoticeResendView.as_view(),
        name="meeting-notice-resend",
    ),
    path(
        MEETING + "notice/dispatches/",
        notice.NoticeDispatchListView.as_view(),
        name="meeting-notice-dispatches",
    ),
    path(MEETING + "start/", running.MeetingStartView.as_view(), name="meeting-start"),
    path(MEETING + "adjourn/", running.MeetingAdjournView.as_view(), name="meeting-adjourn"),
    path(MEETING + "resume/", running.MeetingResumeView.as_view(), name="meeting-resume"),
    path(MEETING + "close/", running.MeetingCloseView.as_view(), name="meeting-close"),
    path(MEETING + "cancel/", meetings.MeetingCancelView.as_view(), name="meeting-cancel"),
    path(MEETING + "quorum/", running.QuorumView.as_view(), name="meeting-quorum"),
    path(MEETING + "agenda/", agenda.AgendaView.as_view(), name="meeting-agenda"),
    path(
        MEETING + "agenda/<int:item_id>/move/",
        agenda.AgendaMoveView.as_view(),
        name="meeting-agenda-move",
    ),
    path(MEETING + "attendance/", attendance.AttendanceView.as_view(), name="meeting-attendance"),
    path(MEETING + "proxies/", attendance.MeetingProxyListView.as_view(), name="meeting-proxies"),
    path(
        MEETING + "proxies/<int:proxy_id>/revoke/",
        attendance.MeetingProxyRevokeView.as_view(),
        name="meeting-proxy-revoke",
    ),
    path(MEETING + "motions/", motions.MotionListView.as_view(), name="meeting-motions"),
    path(
        MEETING + "board-motions/",
        motions.BoardMotionView.as_view(),
        name="meeting-board-motions",
    ),
    path(MEETING + "minutes/", register.MinutesView.as_view(), name="meeting-minutes"),
    path(
        MEETING + "minutes/approve/",
        register.MinutesApproveView.as_view(),
        name="meeting-minutes-approve",
    ),
    # Motions and amendments.
    path(MOTION, motions.MotionDetailView.as_view(), name="motion"),
    path(MOTION + "second/", motions.MotionSecondView.as_view(), name="motion-second"),
    path(
        MOTION + "admissibility/",
        motions.AdmissibilityView.as_view(),
        name="motion-admissibility",
    ),
    path(MOTION + "withdraw/", motions.MotionWithdrawView.as_view(), name="motion-withdraw"),
    path(
        MOTION + "confirmation/",
        motions.ConfirmationView.as_view(),
        name="motion-confirmation",
    ),
    path(MOTION + "amendments/", amendments.AmendmentListView.as_view(), name="motion-amendments"),
    path(MOTION + "vote/", votes.MotionVoteView.as_view(), name="motion-vote"),
    path(MOTION + "hands/", votes.MotionHandsView.as_view(), name="motion-hands"),
    path(AMENDMENT + "second/", amendments.AmendmentSecondView.as_view(), name="amendment-second"),
    path(
        AMENDMENT + "rule-out/",
        amendments.AmendmentRuleOutView.as_view(),
        name="amendment-rule-out",
    ),
    path(
        AMENDMENT + "withdraw/",
        amendments.AmendmentWithdrawView.as_view(),
        name="amendment-withdraw",
    ),
    path(AMENDMENT + "vote/", votes.AmendmentVoteView.as_view(), name="amendment-vote"),
    path(AMENDMENT + "hands/", votes.AmendmentHandsView.as_view(), name="amendment-hands"),
    # Requisitions and the register of resolutions.
    path(ORG + "requisitions/", register.RequisitionListView.as_view(), name="requisitions"),
    path(
        ORG + "requisitions/<int:pk>/sign/",
        register.RequisitionSignView.as_view(),
        name="requisition-sign",
    ),
    path(
        ORG + "requisitions/<int:pk>/called/",
        register.RequisitionCalledView.as_view(),
        name="requisition-called",
    ),
    path(ORG + "resolutions/", register.ResolutionListView.as_view(), name="resolutions"),
]
