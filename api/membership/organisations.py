"""Organisations and their rules: rules versions, member classes, share classes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, share_classes_named
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors, services
from membership.models import MemberClass, Organisation, ResolutionType, RulesVersion, ShareClass
from membership.models.rules import Threshold
from membership.models.text import NOTE_MAX_LENGTH, PAGE_TEXT_MAX_LENGTH
from membership.permissions import organisation_list_for
from membership.services.organisations import RULES_SETTINGS

# --- serializers -------------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(Organisation.Kind.choices, enum_name="OrganisationKindEnum")
    legal_form = EnumChoiceField(Organisation.LegalForm.choices, enum_name="LegalFormEnum")

    class Meta:
        model = Organisation
        fields: tuple[str, ...] = (
            "slug",
            "name",
            "name_cy",
            "kind",
            "legal_form",
            "registered_number",
            "registered_office",
            "registered_on",
            "financial_year_end_month",
            "financial_year_end_day",
            "email",
            "website",
            "is_accepting_applications",
        )
        read_only_fields = fields


class OrganisationDetailSerializer(OrganisationSerializer):
    your_roles = serializers.SerializerMethodField(help_text="Your roles in this organisation.")

    class Meta(OrganisationSerializer.Meta):
        fields = (*OrganisationSerializer.Meta.fields, "your_roles")
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_your_roles(self, obj: Organisation) -> list[str]:
        return sorted(self.context["roles"])


class ResolutionTypeSerializer(serializers.ModelSerializer):
    threshold = EnumChoiceField(Threshold.choices, enum_name="ThresholdEnum")

    class Meta:
        model = ResolutionType
        fields = (
            "code",
            "name",
            "name_cy",
            "threshold",
            "abstentions_in_base",
            "turnout_floor_percent",
            "majority_in_every_class",
            "requires_confirmation",
            "rule_number",
        )
        read_only_fields = fields


class RulesVersionSerializer(serializers.ModelSerializer):
    resolution_types = ResolutionTypeSerializer(many=True, read_only=True)
    rule_numbers = serializers.DictField(
        child=serializers.CharField(max_length=50),
        read_only=True,
        help_text="Setting name → the number of the rule it comes from.",
    )

    class Meta:
        model = RulesVersion
        fields = (
            "id",
            "effective_from",
            "title",
            *RULES_SETTINGS,
            "rule_numbers",
            "resolution_types",
        )
        read_only_fields = fields


class RulesVersionCreateSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    title = serializers.CharField(max_length=200)
    rule_numbers = serializers.DictField(
        child=serializers.CharField(max_length=30),
        required=False,
        help_text="Setting name → the number of the rule it comes from, e.g. "
        '`{"minimum_age": "7"}`; validation errors cite it.',
    )
    minimum_age = serializers.IntegerField(min_value=0, required=False)
    minimum_shares = serializers.IntegerField(min_value=0, required=False)
    maximum_holding_pence = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    individual_cap_pence = serializers.IntegerField(min_value=0, required=False)
    withdrawal_notice_days = serializers.IntegerField(min_value=0, required=False)
    lock_in_days = serializers.IntegerField(min_value=0, required=False)
    notice_clear_days = serializers.IntegerField(min_value=0, required=False)
    email_deemed_delivery_days = serializers.IntegerField(min_value=0, required=False)
    post_deemed_delivery_days = serializers.IntegerField(min_value=0, required=False)
    motion_deadline_days = serializers.IntegerField(min_value=0, required=False)
    quorum_members = serializers.IntegerField(min_value=0, required=False)
    quorum_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    proxies_allowed = serializers.BooleanField(required=False)
    proxy_limit = serializers.IntegerField(min_value=0, required=False)
    chair_casting_vote = serializers.BooleanField(required=False)
    requisition_members = serializers.IntegerField(min_value=0, required=False)
    requisition_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    requisition_call_days = serializers.IntegerField(min_value=0, required=False)


class ShareClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShareClass
        fields = (
            "code",
            "name",
            "name_cy",
            "nominal_value_pence",
            "is_withdrawable",
            "is_transferable",
            "qualifies_for_membership",
            "minimum_shares",
            "maximum_shares",
            "lock_in_days",
            "withdrawal_notice_days",
            "withdrawals_suspended",
            "withdrawals_suspended_reason",
        )
        read_only_fields = fields


class ShareClassCreateSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=100)
    name_cy = serializers.CharField(max_length=100, required=False, allow_blank=True)
    nominal_value_pence = serializers.IntegerField(help_text="Value of one share, in pence.")
    is_withdrawable = serializers.BooleanField(required=False)
    is_transferable = serializers.BooleanField(required=False)
    qualifies_for_membership = serializers.BooleanField(required=False)
    minimum_shares = serializers.IntegerField(min_value=0, required=False)
    maximum_shares = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    lock_in_days = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    withdrawal_notice_days = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class SuspendWithdrawalsSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, help_text="The board's reason (shown to members)."
    )


class MemberClassSerializer(serializers.ModelSerializer):
    share_classes: serializers.SlugRelatedField[ShareClass] = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="Codes of the share classes its members may hold (none: any).",
    )

    class Meta:
        model = MemberClass
        fields = (
            "code",
            "name",
            "name_cy",
            "eligibility",
            "eligibility_cy",
            "vote_share_percent",
            "vote_cap_percent",
            "reserved_board_seats",
            "members_are_organisations",
            "share_classes",
            "position",
        )
        read_only_fields = fields


class MemberClassCreateSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=100)
    name_cy = serializers.CharField(max_length=100, required=False, allow_blank=True)
    eligibility = serializers.CharField(
        max_length=PAGE_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    eligibility_cy = serializers.CharField(
        max_length=PAGE_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    vote_share_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    vote_cap_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    reserved_board_seats = serializers.IntegerField(min_value=0, required=False)
    members_are_organisations = serializers.BooleanField(required=False)
    share_classes = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Share class codes."
    )
    position = serializers.IntegerField(min_value=0, required=False)


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=["organisations"])
class OrganisationListView(GenericAPIView):
    permission_classes = (IsAuthenticated,)
    renderer_classes = (JSONRenderer,)
    filter_backends = ()

    @extend_schema(
        summary="Organisations where you hold a role",
        responses={200: OrganisationSerializer(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(organisation_list_for(request.user).order_by("name"))
        assert page is not None
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)


@extend_schema(tags=["organisations"])
class OrganisationDetailView(OrganisationView):
    policy = {"GET": permissions.can_see_organisation}

    @extend_schema(
        summary="One organisation",
        responses={200: OrganisationDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        roles = permissions.roles_held(request.user, self.organisation)
        return Response(
            OrganisationDetailSerializer(
                self.organisation, context={"roles": [r.value for r in roles]}
            ).data
        )


@extend_schema(tags=["rules"])
class RulesVersionListView(OrganisationView):
    policy = {"GET": permissions.can_view_organisation, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="Versions of the registered rules, newest first",
        responses={200: RulesVersionSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(
            selectors.rules_version_list(self.organisation), RulesVersionSerializer
        )

    @extend_schema(
        summary="Record the rules in force from a date (secretary)",
        description="Settings left out take their defaults; the usual resolution types "
        "(ordinary, special, rule change, s.111) come with the version.",
        request=RulesVersionCreateSerializer,
        responses={201: RulesVersionSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(RulesVersionCreateSerializer, request.data)
        version = services.rules_version_create(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(RulesVersionSerializer(version).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["rules"])
class MemberClassListView(OrganisationView):
    policy = {"GET": permissions.can_view_organisation, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="Member classes (multi-stakeholder)",
        responses={200: MemberClassSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.member_class_list(self.organisation), MemberClassSerializer)

    @extend_schema(
        summary="Define a member class (secretary)",
        request=MemberClassCreateSerializer,
        responses={201: MemberClassSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data: dict[str, Any] = validated(MemberClassCreateSerializer, request.data)
        data["share_classes"] = share_classes_named(
            self.organisation, data.get("share_classes", []), "share_classes"
        )
        member_class = services.member_class_create(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(MemberClassSerializer(member_class).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["rules"])
class ShareClassListView(OrganisationView):
    policy = {"GET": permissions.can_view_organisation, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="Share classes and their terms",
        responses={200: ShareClassSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.share_class_list(self.organisation), ShareClassSerializer)

    @extend_schema(
        summary="Define a share class (secretary)",
        request=ShareClassCreateSerializer,
        responses={201: ShareClassSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(ShareClassCreateSerializer, request.data)
        share_class = services.share_class_create(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(ShareClassSerializer(share_class).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["rules"])
class ShareClassSuspendView(OrganisationView):
    policy = {"POST": permissions.can_suspend_withdrawals}

    @extend_schema(
        summary="Suspend withdrawals of a share class (board)",
        request=SuspendWithdrawalsSerializer,
        responses={200: ShareClassSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        data = validated(SuspendWithdrawalsSerializer, request.data)
        share_class = services.share_class_set_withdrawals_suspended(
            share_class=_share_class(self, code),
            suspended=True,
            reason=data["reason"],
            actor=signed_in(request),
        )
        return Response(ShareClassSerializer(share_class).data)


@extend_schema(tags=["rules"])
class ShareClassResumeView(OrganisationView):
    policy = {"POST": permissions.can_suspend_withdrawals}

    @extend_schema(
        summary="Resume withdrawals of a share class (board)",
        request=None,
        responses={200: ShareClassSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        share_class = services.share_class_set_withdrawals_suspended(
            share_class=_share_class(self, code), suspended=False, actor=signed_in(request)
        )
        return Response(ShareClassSerializer(share_class).data)


def _share_class(view: OrganisationView, code: str) -> ShareClass:
    return found(selectors.share_class_by_code(view.organisation, code))
