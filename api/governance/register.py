"""Requisitions of a general meeting (members start and sign them; the secretary records the
meeting called), the register of resolutions, and minutes (generated from the record in
English and Welsh, edited by the secretary, approved at a later meeting)."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import (
    MeetingEndpoint,
    OrganisationEndpoint,
    RequisitionEndpoint,
    acting_for_field,
    acting_member,
    found,
    meeting_named,
)
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses, limited_char
from governance import limits, permissions, selectors, services
from governance.models import Minutes, Requisition, Resolution
from membership.models import Member, Organisation
from membership.selectors import member_for_user

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class RequisitionSerializer(serializers.ModelSerializer):
    started_by = serializers.IntegerField(source="started_by.number", help_text="Member number.")
    started_by_name = serializers.CharField(source="started_by.name")
    status = EnumChoiceField(Requisition.Status.choices, enum_name="RequisitionStatusEnum")
    signature_count = serializers.IntegerField()
    meeting = serializers.IntegerField(
        source="meeting_id", allow_null=True, help_text="The meeting called in answer."
    )
    signed_by_you = serializers.SerializerMethodField()

    class Meta:
        model = Requisition
        fields = (
            "id",
            "purpose",
            "purpose_cy",
            "started_by",
            "started_by_name",
            "threshold",
            "signature_count",
            "status",
            "reached_on",
            "call_by",
            "meeting",
            "signed_by_you",
        )
        read_only_fields = fields

    def get_signed_by_you(self, obj: Requisition) -> bool:
        return obj.pk in self.context["signed"]


class RequisitionStartSerializer(serializers.Serializer):
    purpose = limited_char(
        limits.PURPOSE,
        _l("The business"),
        help_text="The business the meeting is asked to consider.",
    )
    purpose_cy = limited_char(
        limits.PURPOSE, _l("The business in Welsh"), required=False, allow_blank=True
    )
    member = acting_for_field("member starting it (its first signature)")


class RequisitionSignSerializer(serializers.Serializer):
    member = acting_for_field("member signing")


class RequisitionCalledSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(help_text="The id of the general meeting called.")


class ResolutionSerializer(serializers.ModelSerializer):
    resolution_type = serializers.CharField(source="resolution_type.code")
    resolution_type_name = serializers.CharField(source="resolution_type.name")
    status = EnumChoiceField(Resolution.Status.choices, enum_name="ResolutionStatusEnum")
    meeting = serializers.IntegerField(source="meeting_id")
    meeting_title = serializers.CharField(source="meeting.title")
    motion = serializers.IntegerField(source="motion_id")
    result = serializers.JSONField(help_text="The count, as the ballot stored it.")

    class Meta:
        model = Resolution
        fields = (
            "number",
            "text",
            "text_cy",
            "resolution_type",
            "resolution_type_name",
            "status",
            "result",
            "rule_applied",
            "passed_on",
            "confirmed_on",
            "meeting",
            "meeting_title",
            "motion",
        )
        read_only_fields = fields


class MinutesSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id")
    status = EnumChoiceField(Minutes.Status.choices, enum_name="MinutesStatusEnum")
    approved_at = serializers.IntegerField(
        source="approved_at_id", allow_null=True, help_text="The meeting that approved them."
    )

    class Meta:
        model = Minutes
        fields = (
            "meeting",
            "body",
            "body_cy",
            "status",
            "approved_at",
            "approved_on",
            "updated_at",
        )
        read_only_fields = fields


class MinutesEditSerializer(serializers.Serializer):
    body = limited_char(
        limits.MINUTES, _l("The minutes in English"), help_text="The minutes in English."
    )
    body_cy = limited_char(
        limits.MINUTES,
        _l("The minutes in Welsh"),
        required=False,
        allow_blank=True,
        help_text="In Welsh (left out: unchanged).",
    )


class MinutesApproveSerializer(serializers.Serializer):
    at_meeting = serializers.IntegerField(
        help_text="The id of the later meeting, under way, that approves them."
    )


# --- views -------------------------------------------------------------------------------


def requisition_body(organisation: Organisation, requisition: Requisition, user: Any) -> Any:
    signed = selectors.requisitions_signed_by(organisation, member_for_user(organisation, user))
    fresh = found(selectors.requisition_get(organisation, requisition.pk))
    return RequisitionSerializer(fresh, context={"signed": signed}).data


@extend_schema(tags=TAGS)
class RequisitionListView(OrganisationEndpoint):
    policy = {"GET": permissions.can_view_requisitions, "POST": permissions.can_start_requisition}

    @extend_schema(
        summary="Requisitions of a general meeting: signatures so far against the threshold",
        responses={200: RequisitionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        signed = selectors.requisitions_signed_by(
            self.organisation, member_for_user(self.organisation, request.user)
        )
        return self.paginated(
            selectors.requisitions(self.organisation), RequisitionSerializer, {"signed": signed}
        )

    @extend_schema(
        summary="Start a requisition of a general meeting (a member, who signs it first)",
        description="The threshold of signatures comes from the rules; when it is reached the "
        "board is told and the clock to call the meeting starts.",
        request=RequisitionStartSerializer,
        responses={201: RequisitionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(RequisitionStartSerializer, request.data)
        member = acting_member(self, data.get("member"), "member")
        requisition = services.requisition_start(
            organisation=self.organisation,
            member=cast(Member, member),
            purpose=data["purpose"],
            purpose_cy=data.get("purpose_cy", ""),
            actor=signed_in(request),
        )
        return Response(
            requisition_body(self.organisation, requisition, request.user),
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=TAGS)
class RequisitionSignView(RequisitionEndpoint):
    policy = {"POST": permissions.can_sign_requisition}

    @extend_schema(
        summary="Sign a requisition (each member signs once)",
        request=RequisitionSignSerializer,
        responses={201: RequisitionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(RequisitionSignSerializer, request.data)
        member = acting_member(self, data.get("member"), "member")
        services.requisition_sign(
            requisition=self.requisition, member=cast(Member, member), actor=signed_in(request)
        )
        return Response(
            requisition_body(self.organisation, self.requisition, request.user),
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=TAGS)
class RequisitionCalledView(RequisitionEndpoint):
    policy = {"POST": permissions.can_record_requisition_called}

    @extend_schema(
        summary="Record the general meeting called in answer to a requisition (secretary)",
        request=RequisitionCalledSerializer,
        responses={200: RequisitionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(RequisitionCalledSerializer, request.data)
        services.requisition_mark_called(
            requisition=self.requisition,
            meeting=meeting_named(self.organisation, data["meeting"], "meeting"),
            actor=signed_in(request),
        )
        return Response(requisition_body(self.organisation, self.requisition, request.user))


@extend_schema(tags=TAGS)
class ResolutionListView(OrganisationEndpoint):
    policy = {"GET": permissions.can_view_resolutions}

    @extend_schema(
        summary="The register of resolutions: text, type, result and the rule applied",
        description="Newest first; a special resolution needing confirmation at a second "
        "meeting is provisional until confirmed (CCBS Act 2014 s.111).",
        responses={200: ResolutionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(
            selectors.resolutions_register(self.organisation), ResolutionSerializer
        )


@extend_schema(tags=TAGS)
class MinutesView(MeetingEndpoint):
    policy = {"GET": permissions.can_view_minutes, "PATCH": permissions.can_run_meeting}

    @extend_schema(
        summary="A held meeting's minutes, in English and Welsh",
        description="Written from the record when the meeting closes: attendance, quorum, "
        "each item, motions as amended, results with the rule applied, elections.",
        responses={200: MinutesSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        minutes = found(selectors.minutes_of(self.meeting))
        return Response(MinutesSerializer(minutes).data)

    @extend_schema(
        summary="Edit draft minutes (secretary)",
        request=MinutesEditSerializer,
        responses={200: MinutesSerializer, **ACTION_ERRORS},
    )
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        minutes = found(selectors.minutes_of(self.meeting))
        data = validated(MinutesEditSerializer, request.data)
        minutes = services.minutes_edit(
            minutes=minutes,
            body=data["body"],
            body_cy=data.get("body_cy", minutes.body_cy),
            actor=signed_in(request),
        )
        return Response(MinutesSerializer(minutes).data)


@extend_schema(tags=TAGS)
class MinutesApproveView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Record that a later meeting, under way, approved the minutes (secretary)",
        request=MinutesApproveSerializer,
        responses={200: MinutesSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        minutes = found(selectors.minutes_of(self.meeting))
        data = validated(MinutesApproveSerializer, request.data)
        minutes = services.minutes_approve(
            minutes=minutes,
            at_meeting=meeting_named(self.organisation, data["at_meeting"], "at_meeting"),
            actor=signed_in(request),
        )
        return Response(MinutesSerializer(minutes).data)
