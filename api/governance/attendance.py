"""Who is at a meeting: attendance (checked in at the door or online, apologies, left), and
proxies for the meeting (appointed by a member, or recorded by the secretary from a form on
paper; revoked before the meeting starts)."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.governance import reads
from api.governance.base import (
    VIEWERS,
    acting_for_field,
    acting_member,
    is_secretary,
    meeting_for_view,
    member_number_field,
)
from api.membership.base import OrganisationView, found, member_numbered, signed_in
from api.mixins import validated
from api.permissions import SECRETARY
from api.serializers import EnumChoiceField, error_responses
from governance import selectors, services
from governance.models import Attendance, MeetingProxy
from membership.models import Member
from membership.selectors import member_for_user

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    member_name = serializers.CharField(source="member.name")
    member_class = serializers.CharField(source="member.member_class.code")
    status = EnumChoiceField(Attendance.Status.choices, enum_name="AttendanceStatusEnum")
    channel = EnumChoiceField(
        Attendance.Channel.choices, enum_name="AttendanceChannelEnum", allow_blank=True
    )

    class Meta:
        model = Attendance
        fields = (
            "member",
            "member_name",
            "member_class",
            "status",
            "channel",
            "representative_name",
            "checked_in_at",
        )
        read_only_fields = fields


class AttendanceRecordSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="Member number.")
    status = EnumChoiceField(
        Attendance.Status.choices,
        enum_name="AttendanceStatusEnum",
        required=False,
        default=Attendance.Status.PRESENT.value,
    )
    channel = EnumChoiceField(
        Attendance.Channel.choices,
        enum_name="AttendanceChannelEnum",
        required=False,
        default=Attendance.Channel.DOOR.value,
    )
    representative_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Who attends for a member organisation.",
    )


class MeetingProxySerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member appointing.")
    member_name = serializers.CharField(source="member.name")
    holder = member_number_field(source="holder.number")
    kind = EnumChoiceField(MeetingProxy.Kind.choices, enum_name="MeetingProxyKindEnum")
    directions = serializers.DictField(
        child=serializers.CharField(), help_text="Motion id → for, against or abstain."
    )

    class Meta:
        model = MeetingProxy
        fields = (
            "id",
            "member",
            "member_name",
            "holder",
            "holder_name",
            "kind",
            "directions",
            "received_on",
            "is_revoked",
        )
        read_only_fields = fields


class MeetingProxyAppointSerializer(serializers.Serializer):
    member = acting_for_field("member appointing the proxy")
    kind = EnumChoiceField(MeetingProxy.Kind.choices, enum_name="MeetingProxyKindEnum")
    holder = serializers.IntegerField(
        required=False, allow_null=True, help_text="The proxy's member number, if a member."
    )
    holder_name = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Otherwise the proxy's name (e.g. the chair of the meeting).",
    )
    directions = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="A directed proxy: motion id → for, against or abstain.",
    )


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class AttendanceView(OrganisationView):
    roles = {"GET": SECRETARY, "POST": SECRETARY}

    @extend_schema(
        summary="Attendance: present (at the door or online), apologies, left (secretary)",
        responses={200: AttendanceSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        return self.paginated(selectors.attendance(meeting), AttendanceSerializer)

    @extend_schema(
        summary="Check a member in, or record apologies or that they left (secretary)",
        description="Only members of the organisation (of the class, for a class meeting) who "
        "have not ceased and are not suspended.",
        request=AttendanceRecordSerializer,
        responses={200: AttendanceSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        data = validated(AttendanceRecordSerializer, request.data)
        member = member_numbered(self.organisation, data["member"], "member")
        services.attendance_record(
            meeting=meeting,
            member=member,
            status=data["status"],
            channel=data["channel"],
            representative_name=data.get("representative_name", ""),
            actor=signed_in(request),
        )
        return Response(AttendanceSerializer(reads.attendance_of(meeting, member)).data)


@extend_schema(tags=TAGS)
class MeetingProxyListView(OrganisationView):
    roles = {"GET": SECRETARY, "POST": VIEWERS}

    @extend_schema(
        summary="Proxies appointed for the meeting (secretary)",
        responses={200: MeetingProxySerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        return self.paginated(reads.meeting_proxies(meeting), MeetingProxySerializer)

    @extend_schema(
        summary="Appoint a proxy for the meeting",
        description="A member appoints their proxy (the secretary may record one for a member "
        "by number), where the rules allow proxies and no one holds more than the rules' "
        "limit; before the meeting starts.",
        request=MeetingProxyAppointSerializer,
        responses={201: MeetingProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        data = validated(MeetingProxyAppointSerializer, request.data)
        member = acting_member(self, data.get("member"), "member")
        holder = data.get("holder")
        proxy = services.meeting_proxy_appoint(
            meeting=meeting,
            member=cast(Member, member),
            kind=data["kind"],
            holder=member_numbered(self.organisation, holder, "holder") if holder else None,
            holder_name=data.get("holder_name", ""),
            directions=data.get("directions"),
            actor=signed_in(request),
        )
        return Response(
            MeetingProxySerializer(reads.meeting_proxy_get(meeting, proxy.pk)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=TAGS)
class MeetingProxyRevokeView(OrganisationView):
    roles = {"POST": VIEWERS}

    @extend_schema(
        summary="Revoke a proxy for the meeting, before it starts",
        description="By the member who appointed it, or the secretary.",
        request=None,
        responses={200: MeetingProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, proxy_id: int) -> Response:
        meeting = meeting_for_view(self, pk)
        proxy = found(reads.meeting_proxy_get(meeting, proxy_id))
        if not is_secretary(self):
            own = member_for_user(self.organisation, request.user)
            if own is None or own.pk != proxy.member_id:
                raise PermissionDenied(_("Only the member who appointed the proxy revokes it."))
        services.meeting_proxy_revoke(proxy=proxy, actor=signed_in(request))
        return Response(
            MeetingProxySerializer(found(reads.meeting_proxy_get(meeting, proxy_id))).data
        )
