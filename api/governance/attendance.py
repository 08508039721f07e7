"""Who is at a meeting: attendance (checked in at the door or online, apologies, left), and
proxies for the meeting (appointed by a member, or recorded by the secretary from a form on
paper; revoked before the meeting starts)."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import (
    GovernanceView,
    MeetingEndpoint,
    acting_for_field,
    acting_member,
    found,
    member_number_field,
    member_numbered,
)
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses, limited_char
from governance import limits, permissions, selectors, services
from governance.models import Attendance, MeetingProxy
from membership.models import Member, Organisation

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
    representative_name = limited_char(
        limits.NAME,
        _l("The representative's name"),
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
    holder_name = limited_char(
        limits.NAME,
        _l("The proxy's name"),
        required=False,
        allow_blank=True,
        help_text="Otherwise the proxy's name (e.g. the chair of the meeting).",
    )
    directions = serializers.DictField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text="A directed proxy: motion id → for, against or abstain.",
    )


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class AttendanceView(MeetingEndpoint):
    policy = {"GET": permissions.can_run_meeting, "POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Attendance: present (at the door or online), apologies, left (secretary)",
        responses={200: AttendanceSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.attendance(self.meeting), AttendanceSerializer)

    @extend_schema(
        summary="Check a member in, or record apologies or that they left (secretary)",
        description="Only members of the organisation (of the class, for a class meeting) who "
        "have not ceased and are not suspended.",
        request=AttendanceRecordSerializer,
        responses={200: AttendanceSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AttendanceRecordSerializer, request.data)
        member = member_numbered(self.organisation, data["member"], "member")
        services.attendance_record(
            meeting=self.meeting,
            member=member,
            status=data["status"],
            channel=data["channel"],
            representative_name=data.get("representative_name", ""),
            actor=signed_in(request),
        )
        return Response(AttendanceSerializer(selectors.attendance_of(self.meeting, member)).data)


@extend_schema(tags=TAGS)
class MeetingProxyListView(MeetingEndpoint):
    policy = {"GET": permissions.can_run_meeting, "POST": permissions.can_appoint_proxy}

    @extend_schema(
        summary="Proxies appointed for the meeting (secretary)",
        responses={200: MeetingProxySerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.meeting_proxies(self.meeting), MeetingProxySerializer)

    @extend_schema(
        summary="Appoint a proxy for the meeting",
        description="A member appoints their proxy (the secretary may record one for a member "
        "by number), where the rules allow proxies and no one holds more than the rules' "
        "limit; before the meeting starts.",
        request=MeetingProxyAppointSerializer,
        responses={201: MeetingProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MeetingProxyAppointSerializer, request.data)
        member = acting_member(self, data.get("member"), "member")
        holder = data.get("holder")
        proxy = services.meeting_proxy_appoint(
            meeting=self.meeting,
            member=cast(Member, member),
            kind=data["kind"],
            holder=member_numbered(self.organisation, holder, "holder") if holder else None,
            holder_name=data.get("holder_name", ""),
            directions=data.get("directions"),
            actor=signed_in(request),
        )
        return Response(
            MeetingProxySerializer(selectors.meeting_proxy_get(self.meeting, proxy.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# Subject: the proxy `proxy_id` for the meeting `pk` of the organisation of the address.
class ProxyEndpoint(GovernanceView):
    def find_subject(self) -> MeetingProxy:
        meeting = found(selectors.meeting_addressed(self.kwargs["slug"], self.kwargs["pk"]))
        proxy = found(selectors.meeting_proxy_get(meeting, self.kwargs["proxy_id"]))
        proxy.meeting = meeting
        return proxy

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_meeting(user, subject.meeting)

    @property
    def proxy(self) -> MeetingProxy:
        return cast(MeetingProxy, self.policy_subject())

    @property
    def organisation(self) -> Organisation:
        return self.proxy.meeting.organisation


@extend_schema(tags=TAGS)
class MeetingProxyRevokeView(ProxyEndpoint):
    policy = {"POST": permissions.can_revoke_proxy}
    refusal = _l("Only the member who appointed the proxy revokes it.")

    @extend_schema(
        summary="Revoke a proxy for the meeting, before it starts",
        description="By the member who appointed it, or the secretary.",
        request=None,
        responses={200: MeetingProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, proxy_id: int) -> Response:
        services.meeting_proxy_revoke(proxy=self.proxy, actor=signed_in(request))
        fresh = found(selectors.meeting_proxy_get(self.proxy.meeting, proxy_id))
        return Response(MeetingProxySerializer(fresh).data)
