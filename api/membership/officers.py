"""The register of officers (terms kept as history) and the book of nominations (s.37)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, member_class_named, member_numbered
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors, services
from membership.models import Nomination, Officer
from membership.models.text import ADDRESS_MAX_LENGTH

# --- serializers -------------------------------------------------------------------------


class OfficerSerializer(serializers.ModelSerializer):
    office = EnumChoiceField(Officer.Office.choices, enum_name="OfficeEnum")
    appointment = EnumChoiceField(Officer.Appointment.choices, enum_name="AppointmentEnum")
    member = serializers.IntegerField(
        source="member.number", allow_null=True, help_text="Member number, if a member."
    )
    member_class = serializers.CharField(
        source="member_class.code",
        allow_null=True,
        help_text="Code of the class whose reserved seat this is.",
    )

    class Meta:
        model = Officer
        fields = (
            "id",
            "name",
            "office",
            "member",
            "member_class",
            "appointed_on",
            "term_ends_on",
            "ended_on",
            "appointment",
            "end_reason",
        )
        read_only_fields = fields


class OfficerFilterSerializer(serializers.Serializer):
    current = serializers.BooleanField(
        required=False, default=False, help_text="Only terms that have not ended."
    )


class OfficerAppointSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    office = EnumChoiceField(Officer.Office.choices, enum_name="OfficeEnum")
    appointed_on = serializers.DateField()
    member = serializers.IntegerField(required=False, allow_null=True, help_text="Member number.")
    member_class = serializers.SlugField(
        required=False, allow_null=True, help_text="Class code of a reserved seat."
    )
    appointment = EnumChoiceField(
        Officer.Appointment.choices, enum_name="AppointmentEnum", required=False
    )
    term_ends_on = serializers.DateField(required=False, allow_null=True)


class OfficerEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class NominationSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    member_name = serializers.CharField(source="member.name")
    relationship = EnumChoiceField(Nomination.Relationship.choices, enum_name="RelationshipEnum")

    class Meta:
        model = Nomination
        fields = (
            "id",
            "member",
            "member_name",
            "nominee_name",
            "nominee_address",
            "relationship",
            "nominee_is_officer_or_employee",
            "maximum_pence",
            "received_on",
            "revoked_on",
        )
        read_only_fields = fields


class NominationCreateSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="Member number.")
    nominee_name = serializers.CharField(max_length=200)
    nominee_address = serializers.CharField(max_length=ADDRESS_MAX_LENGTH)
    relationship = EnumChoiceField(Nomination.Relationship.choices, enum_name="RelationshipEnum")
    received_on = serializers.DateField(help_text="The day the written nomination was received.")
    nominee_is_officer_or_employee = serializers.BooleanField(required=False)
    maximum_pence = serializers.IntegerField(
        required=False, help_text="Up to £5,000 (500000 pence), the default (CCBS Act 2014 s.37)."
    )


class NominationRevokeSerializer(serializers.Serializer):
    revoked_on = serializers.DateField()


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=["officers"])
class OfficerListView(OrganisationView):
    policy = {"GET": permissions.can_view_register, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="The register of officers, current terms first, then history",
        parameters=[OfficerFilterSerializer],
        responses={200: OfficerSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        query = validated(OfficerFilterSerializer, request.query_params)
        officers = selectors.officer_list(self.organisation, current_only=query["current"])
        return self.paginated(officers, OfficerSerializer)

    @extend_schema(
        summary="Record a term of office (secretary)",
        request=OfficerAppointSerializer,
        responses={201: OfficerSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data: dict[str, Any] = validated(OfficerAppointSerializer, request.data)
        if data.get("member") is not None:
            data["member"] = member_numbered(self.organisation, data["member"], "member")
        if data.get("member_class") is not None:
            data["member_class"] = member_class_named(
                self.organisation, data["member_class"], "member_class"
            )
        officer = services.officer_appoint(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(OfficerSerializer(officer).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["officers"])
class OfficerEndView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="End a term of office; it stays in the register as history (secretary)",
        request=OfficerEndSerializer,
        responses={200: OfficerSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        officer = found(selectors.officer_get(self.organisation, pk))
        data = validated(OfficerEndSerializer, request.data)
        services.officer_end(officer=officer, actor=signed_in(request), **data)
        return Response(OfficerSerializer(found(selectors.officer_get(self.organisation, pk))).data)


@extend_schema(tags=["nominations"])
class NominationListView(OrganisationView):
    policy = {"GET": permissions.can_view_register, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="The book of nominations (CCBS Act 2014 s.37)",
        responses={200: NominationSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.nomination_list(self.organisation), NominationSerializer)

    @extend_schema(
        summary="Enter a nomination in the book (secretary)",
        request=NominationCreateSerializer,
        responses={201: NominationSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data: dict[str, Any] = validated(NominationCreateSerializer, request.data)
        data["member"] = member_numbered(self.organisation, data["member"], "member")
        nomination = services.nomination_record(actor=signed_in(request), **data)
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["nominations"])
class NominationRevokeView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Revoke a nomination (secretary)",
        request=NominationRevokeSerializer,
        responses={200: NominationSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        nomination = found(selectors.nomination_get(self.organisation, pk))
        data = validated(NominationRevokeSerializer, request.data)
        nomination = services.nomination_revoke(
            nomination=nomination, revoked_on=data["revoked_on"], actor=signed_in(request)
        )
        return Response(NominationSerializer(nomination).data)
