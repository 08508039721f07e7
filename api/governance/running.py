"""The meeting on the day: the quorum (live), starting (quorum fixed and checked), adjourning,
resuming and closing it (the draft minutes are written from the record)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import MeetingEndpoint
from api.governance.meetings import MeetingSerializer, meeting_summary
from api.mixins import validated
from api.serializers import DateTimeInSaneYears, error_responses, limited_char
from governance import limits, permissions, selectors, services

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)


# --- serializers -------------------------------------------------------------------------


class MeetingStartSerializer(serializers.Serializer):
    chair_name = limited_char(limits.NAME, _l("The chair's name"))


class MeetingAdjournSerializer(serializers.Serializer):
    reason = limited_char(limits.REASON, _l("The reason"))
    to = DateTimeInSaneYears(
        label=gettext_lazy("The time it is adjourned to"),
        required=False,
        allow_null=True,
        help_text="The time it is adjourned to, if set.",
    )


class QuorumSerializer(serializers.Serializer):
    present = serializers.IntegerField(
        help_text="Members counted present (with those whose proxy is present)."
    )
    # A field named `required` hides Field.required for the type checker only: DRF's
    # metaclass moves declared fields into `_declared_fields`.
    required = serializers.IntegerField(  # type: ignore[assignment]
        help_text="The quorum from the rules."
    )
    is_quorate = serializers.BooleanField()


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class MeetingStartView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Start the meeting (secretary)",
        description="The quorum is fixed from the rules and the membership, and checked; for "
        "a meeting held only in person, online voting on its motions stops.",
        request=MeetingStartSerializer,
        responses={200: MeetingSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MeetingStartSerializer, request.data)
        meeting = services.meeting_start(
            meeting=self.meeting, chair_name=data["chair_name"], actor=signed_in(request)
        )
        return Response(meeting_summary(meeting))


@extend_schema(tags=TAGS)
class MeetingAdjournView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Adjourn the meeting (secretary)",
        request=MeetingAdjournSerializer,
        responses={200: MeetingSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MeetingAdjournSerializer, request.data)
        meeting = services.meeting_adjourn(
            meeting=self.meeting, reason=data["reason"], to=data.get("to"), actor=signed_in(request)
        )
        return Response(meeting_summary(meeting))


@extend_schema(tags=TAGS)
class MeetingResumeView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Resume an adjourned meeting, if quorate (secretary)",
        request=None,
        responses={200: MeetingSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = services.meeting_resume(meeting=self.meeting, actor=signed_in(request))
        return Response(meeting_summary(meeting))


@extend_schema(tags=TAGS)
class MeetingCloseView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Close the meeting (secretary)",
        description="Motions not reached stay undecided; the draft minutes are written from the "
        "record in English and Welsh.",
        request=None,
        responses={200: MeetingSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = services.meeting_close(meeting=self.meeting, actor=signed_in(request))
        return Response(meeting_summary(meeting))


@extend_schema(tags=TAGS)
class QuorumView(MeetingEndpoint):
    policy = {"GET": permissions.can_run_meeting}

    @extend_schema(
        summary="The quorum now: members counted present against the rules (secretary)",
        responses={200: QuorumSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        quorum = selectors.quorum(self.meeting)
        body = {
            "present": quorum.present,
            "required": quorum.required,
            "is_quorate": quorum.is_quorate,
        }
        return Response(QuorumSerializer(body).data)
