"""Notice of a meeting: giving it (checked against the clear days of the rules), how far the
mail-out has gone, each notice sent, and sending it again to those it has not reached."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import MeetingEndpoint
from api.governance.meetings import NOTICE_CHANNELS, MeetingDetailSerializer, meeting_body
from api.mixins import validated
from api.serializers import DateInSaneYears, EnumChoiceField, error_responses
from governance import permissions, selectors, services
from governance.models import Meeting, NoticeDispatch, NoticeRun

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)


# --- serializers -------------------------------------------------------------------------


class NoticeGiveSerializer(serializers.Serializer):
    given_on = DateInSaneYears(
        required=False, help_text="The day notice is given (default today; not in the future)."
    )


class NoticeProgressSerializer(serializers.Serializer):
    given = serializers.BooleanField(help_text="Notice has been given.")
    status = EnumChoiceField(
        NoticeRun.Status.choices, enum_name="NoticeRunStatusEnum", allow_null=True
    )
    total = serializers.IntegerField(help_text="Notices to send.")
    sent = serializers.IntegerField()
    error = serializers.CharField()


class NoticeDispatchSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    member_name = serializers.CharField(source="member.name")
    channel = EnumChoiceField(NOTICE_CHANNELS, enum_name="NoticeChannelEnum")

    class Meta:
        model = NoticeDispatch
        fields = ("member", "member_name", "channel", "language", "sent_at", "error")
        read_only_fields = fields


# --- views -------------------------------------------------------------------------------


def notice_progress(meeting: Meeting) -> dict[str, Any]:
    run = selectors.notice_run(meeting)
    return {
        "given": meeting.notice_given_on is not None,
        "status": run.status if run else None,
        "total": run.total if run else 0,
        "sent": run.sent if run else 0,
        "error": run.error if run else "",
    }


@extend_schema(tags=TAGS)
class NoticeView(MeetingEndpoint):
    policy = {"GET": permissions.can_run_meeting, "POST": permissions.can_run_meeting}

    @extend_schema(
        summary="How far the notices have gone out (secretary)",
        responses={200: NoticeProgressSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(NoticeProgressSerializer(notice_progress(self.meeting)).data)

    @extend_schema(
        summary="Give notice of the meeting (secretary)",
        description="Checked against the clear days of the rules; every motion must have the "
        "board's decision. The notice pack goes to each member in their language in the "
        "background, and online voting on each admitted motion opens where the meeting allows "
        "advance voting.",
        request=NoticeGiveSerializer,
        responses={200: MeetingDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(NoticeGiveSerializer, request.data)
        meeting = services.meeting_give_notice(
            meeting=self.meeting, given_on=data.get("given_on"), actor=signed_in(request)
        )
        return Response(meeting_body(meeting))


@extend_schema(tags=TAGS)
class NoticeResendView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Send the notice again to the members it has not reached (secretary)",
        description="Failed emails and members admitted since; notice already sent is not "
        "repeated. Only while the meeting is called.",
        request=None,
        responses={200: NoticeProgressSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        services.meeting_notice_resend(meeting=self.meeting, actor=signed_in(request))
        return Response(NoticeProgressSerializer(notice_progress(self.meeting)).data)


@extend_schema(tags=TAGS)
class NoticeDispatchListView(MeetingEndpoint):
    policy = {"GET": permissions.can_run_meeting}

    @extend_schema(
        summary="Each notice sent: to whom, how, in which language, when (secretary)",
        responses={200: NoticeDispatchSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.notice_dispatches(self.meeting), NoticeDispatchSerializer)
