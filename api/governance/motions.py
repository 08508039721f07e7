"""Motions: the meeting's motions; a member submits, seconds or withdraws one (the secretary
may act for a member by number); the board decides admissibility; the secretary adds the
board's motions and puts a provisional special resolution to a second meeting. One motion
shows its text as amended with the changes marked, and its amendments."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import (
    MeetingEndpoint,
    MotionEndpoint,
    acting_for_field,
    acting_member,
    meeting_named,
)
from api.governance.motion_bodies import MotionDetailSerializer, MotionSerializer, motion_body
from api.mixins import validated
from api.serializers import DateInSaneYears, error_responses, limited_char
from governance import limits, permissions, selectors, services
from membership.models import Member

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class BoardMotionSerializer(serializers.Serializer):
    title = limited_char(limits.TITLE, _l("The short title"))
    title_cy = limited_char(
        limits.TITLE, _l("The short title in Welsh"), required=False, allow_blank=True
    )
    text = limited_char(limits.MOTION_TEXT, _l("The motion"))
    text_cy = limited_char(
        limits.MOTION_TEXT, _l("The motion in Welsh"), required=False, allow_blank=True
    )
    supporting_statement = limited_char(
        limits.STATEMENT, _l("The supporting statement"), required=False, allow_blank=True
    )
    supporting_statement_cy = limited_char(
        limits.STATEMENT,
        _l("The supporting statement in Welsh"),
        required=False,
        allow_blank=True,
    )
    resolution_type = serializers.SlugField(
        required=False,
        help_text="The type of resolution (its code in the rules; default ordinary).",
    )


class MotionSubmitSerializer(BoardMotionSerializer):
    proposer = acting_for_field("proposer")
    submitted_on = DateInSaneYears(
        required=False,
        help_text="The day a motion on paper was received (secretary only; default today).",
    )


class MotionSecondSerializer(serializers.Serializer):
    seconder = acting_for_field("seconder")


class AdmissibilitySerializer(serializers.Serializer):
    admissible = serializers.BooleanField()
    reason = limited_char(limits.REASON, _l("The board's reason"), help_text="The board's reason.")


class MotionWithdrawSerializer(serializers.Serializer):
    member = acting_for_field("proposer withdrawing it")


class ConfirmationSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(
        help_text="The id of the meeting that confirms it, 14 days to one month after the first."
    )


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class MotionListView(MeetingEndpoint):
    policy = {"GET": permissions.can_view_meeting, "POST": permissions.can_submit_motion}

    @extend_schema(
        summary="The meeting's motions, in the order received",
        responses={200: MotionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.meeting_motions(self.meeting), MotionSerializer)

    @extend_schema(
        summary="Submit a member's motion",
        description="By the rules' deadline, with a supporting statement; it then needs a "
        "seconder, and the board decides whether it is admissible. You submit as yourself; the "
        "secretary may enter a motion received on paper for a member (`proposer`, "
        "`submitted_on`).",
        request=MotionSubmitSerializer,
        responses={201: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MotionSubmitSerializer, request.data)
        if "submitted_on" in data and not permissions.can_act_for_member(
            request.user, self.organisation
        ):
            raise PermissionDenied(_("Only the secretary records the day a motion arrived."))
        proposer = acting_member(self, data.pop("proposer", None), "proposer")
        motion = services.motion_submit(
            meeting=self.meeting, proposer=cast(Member, proposer), actor=signed_in(request), **data
        )
        return Response(motion_body(motion), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class BoardMotionView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Put a motion of the board to the meeting (secretary)",
        description="A board motion needs no seconder and goes straight on the agenda.",
        request=BoardMotionSerializer,
        responses={201: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(BoardMotionSerializer, request.data)
        motion = services.board_motion_add(meeting=self.meeting, actor=signed_in(request), **data)
        return Response(motion_body(motion), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class MotionDetailView(MotionEndpoint):
    policy = {"GET": permissions.can_view_motion}

    @extend_schema(
        summary="One motion: its text as amended with the changes marked, its amendments, the "
        "board's decision and the result",
        responses={200: MotionDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(motion_body(self.motion))


@extend_schema(tags=TAGS)
class MotionSecondView(MotionEndpoint):
    policy = {"POST": permissions.can_second_motion}

    @extend_schema(
        summary="Second a motion",
        description="By another member than the proposer, by the rules' deadline.",
        request=MotionSecondSerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MotionSecondSerializer, request.data)
        seconder = acting_member(self, data.get("seconder"), "seconder")
        motion = services.motion_second(
            motion=self.motion, seconder=cast(Member, seconder), actor=signed_in(request)
        )
        return Response(motion_body(motion))


@extend_schema(tags=TAGS)
class AdmissibilityView(MotionEndpoint):
    policy = {"POST": permissions.can_decide_admissibility}

    @extend_schema(
        summary="Record whether a seconded motion is admissible, and why (board)",
        description="An admitted motion goes on the agenda (and online voting on it opens if "
        "notice has been given and the meeting allows advance voting).",
        request=AdmissibilitySerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AdmissibilitySerializer, request.data)
        motion = services.motion_decide_admissibility(
            motion=self.motion,
            admissible=data["admissible"],
            reason=data["reason"],
            actor=signed_in(request),
        )
        return Response(motion_body(motion))


@extend_schema(tags=TAGS)
class MotionWithdrawView(MotionEndpoint):
    policy = {"POST": permissions.can_withdraw_motion}
    refusal = _l("Only the secretary withdraws a motion of the board.")

    @extend_schema(
        summary="Withdraw a motion not yet decided",
        description="By its proposer (a board motion: by the secretary). Its ballot, if open, "
        "is cancelled.",
        request=MotionWithdrawSerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MotionWithdrawSerializer, request.data)
        by = acting_member(self, data.get("member"), "member")
        motion = services.motion_withdraw(motion=self.motion, by=by, actor=signed_in(request))
        return Response(motion_body(motion))


@extend_schema(tags=TAGS)
class ConfirmationView(MotionEndpoint):
    policy = {"POST": permissions.can_propose_confirmation}

    @extend_schema(
        summary="Put a provisional special resolution to a second meeting (secretary)",
        description="For confirmation by more than half of the votes cast at a meeting held "
        "14 days to one month after the first (CCBS Act 2014 s.111). Answers the confirming "
        "motion, on that meeting's agenda.",
        request=ConfirmationSerializer,
        responses={201: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(ConfirmationSerializer, request.data)
        second = services.confirmation_propose(
            first=self.motion,
            meeting=meeting_named(self.organisation, data["meeting"], "meeting"),
            actor=signed_in(request),
        )
        return Response(motion_body(second), status=status.HTTP_201_CREATED)
