"""Applications to join: the public join endpoint, and the board's decisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from api.base import found, signed_in
from api.membership.base import OrganisationView, member_class_named, share_class_named
from api.mixins import renamed_errors, validated
from api.policy import PolicyGate
from api.serializers import EnumChoiceField, error_responses
from coop.core.models import User
from membership import permissions, selectors, services
from membership.models import Application, Member
from membership.models.members import LANGUAGE_CHOICES
from membership.models.text import ADDRESS_MAX_LENGTH, NOTE_MAX_LENGTH

if TYPE_CHECKING:
    from rest_framework.permissions import _SupportsHasPermission

# --- serializers -------------------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(Application.Status.choices, enum_name="ApplicationStatusEnum")
    kind = EnumChoiceField(Member.Kind.choices, enum_name="MemberKindEnum")
    preferred_language = EnumChoiceField(LANGUAGE_CHOICES, enum_name="LanguageEnum")
    member_class = serializers.CharField(source="member_class.code", help_text="Class code.")
    share_class = serializers.CharField(source="share_class.code", help_text="Share class code.")
    member = serializers.IntegerField(
        source="member.number", allow_null=True, help_text="Member number, once admitted."
    )

    class Meta:
        model = Application
        fields = (
            "id",
            "status",
            "kind",
            "name",
            "email",
            "postal_address",
            "postcode",
            "phone",
            "date_of_birth",
            "member_class",
            "share_class",
            "shares_requested",
            "amount_paid_pence",
            "preferred_language",
            "email_for_notices",
            "email_for_ballots",
            "email_for_news",
            "submitted_at",
            "decided_at",
            "board_minute_reference",
            "decision_reason",
            "member",
        )
        read_only_fields = fields


class ApplicationFilterSerializer(serializers.Serializer):
    status = EnumChoiceField(
        Application.Status.choices, enum_name="ApplicationStatusEnum", required=False
    )


class ApplicationSubmitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    postal_address = serializers.CharField(max_length=ADDRESS_MAX_LENGTH)
    postcode = serializers.CharField(max_length=10)
    member_class = serializers.SlugField(help_text="Code of the member class applied for.")
    share_class = serializers.SlugField(help_text="Code of the share class that gives membership.")
    shares_requested = serializers.IntegerField()
    declaration = serializers.BooleanField(help_text="The applicant accepts the declaration.")
    kind = EnumChoiceField(Member.Kind.choices, enum_name="MemberKindEnum", required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    preferred_language = EnumChoiceField(LANGUAGE_CHOICES, enum_name="LanguageEnum", required=False)
    email_for_notices = serializers.BooleanField(required=False)
    email_for_ballots = serializers.BooleanField(required=False)
    email_for_news = serializers.BooleanField(required=False)


class ApplicationReceiptSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(Application.Status.choices, enum_name="ApplicationStatusEnum")

    class Meta:
        model = Application
        fields = ("id", "status", "submitted_at")
        read_only_fields = fields


class ApplicationApproveSerializer(serializers.Serializer):
    decided_on = serializers.DateField(help_text="The day the board admitted the applicant.")
    board_minute_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ApplicationRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH, help_text="The board's reason.")
    board_minute_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


# --- views -------------------------------------------------------------------------------


class JoinThrottle(SimpleRateThrottle):
    """Applications to join, per client address (or per account when signed in). The rate is
    `DEFAULT_THROTTLE_RATES["join"]` when set, else ten an hour."""

    scope = "join"

    def get_rate(self) -> str:
        return str(api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or "10/hour")

    def get_cache_key(self, request: Request, view: Any) -> str:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _application(view: OrganisationView, pk: int) -> Application:
    return found(selectors.application_get(view.organisation, pk))


@extend_schema(tags=["applications"])
class ApplicationListView(OrganisationView):
    policy = {"GET": permissions.can_view_applications, "POST": permissions.can_apply_to_join}

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.request.method == "POST":
            # No sign-in needed (AllowAny also tells the schema); the policy still decides.
            return [AllowAny(), PolicyGate()]
        return super().get_permissions()

    def get_throttles(self) -> list[BaseThrottle]:
        if self.request.method == "POST":
            return [JoinThrottle()]
        return super().get_throttles()

    @extend_schema(
        summary="Applications to join, oldest first (board)",
        parameters=[ApplicationFilterSerializer],
        responses={200: ApplicationSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        query = validated(ApplicationFilterSerializer, request.query_params)
        applications = selectors.application_list(self.organisation, status=query.get("status", ""))
        return self.paginated(applications, ApplicationSerializer)

    @extend_schema(
        summary="Apply to join (public, no sign-in needed)",
        description="Anyone may apply; the board decides. Throttled per client.",
        request=ApplicationSubmitSerializer,
        responses={201: ApplicationReceiptSerializer, **error_responses(400, 404, 429)},
    )
    def post(self, request: Request, slug: str) -> Response:
        organisation = found(selectors.organisation_by_slug(slug))
        data = validated(ApplicationSubmitSerializer, request.data)
        data["member_class"] = member_class_named(
            organisation, data["member_class"], "member_class"
        )
        data["share_class"] = share_class_named(organisation, data["share_class"], "share_class")
        actor = request.user if isinstance(request.user, User) else None
        application = services.application_submit(organisation=organisation, actor=actor, **data)
        return Response(
            ApplicationReceiptSerializer(application).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["applications"])
class ApplicationDetailView(OrganisationView):
    policy = {"GET": permissions.can_view_applications}

    @extend_schema(
        summary="One application (board)",
        responses={200: ApplicationSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(ApplicationSerializer(_application(self, pk)).data)


@extend_schema(tags=["applications"])
class ApplicationApproveView(OrganisationView):
    policy = {"POST": permissions.can_decide_applications}

    @extend_schema(
        summary="Admit the applicant (board)",
        description="They enter the register with a new member number and are allotted the "
        "shares they applied for (at least the rules' minimum holding).",
        request=ApplicationApproveSerializer,
        responses={200: ApplicationSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        application = _application(self, pk)
        data = validated(ApplicationApproveSerializer, request.data)
        with renamed_errors({"entered_on": "decided_on", "effective_on": "decided_on"}):
            services.member_admit(application=application, actor=signed_in(request), **data)
        return Response(ApplicationSerializer(_application(self, pk)).data)


@extend_schema(tags=["applications"])
class ApplicationRejectView(OrganisationView):
    policy = {"POST": permissions.can_decide_applications}

    @extend_schema(
        summary="Decline the application, with the board's reason (board)",
        request=ApplicationRejectSerializer,
        responses={200: ApplicationSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        application = _application(self, pk)
        data = validated(ApplicationRejectSerializer, request.data)
        services.application_reject(application=application, actor=signed_in(request), **data)
        return Response(ApplicationSerializer(_application(self, pk)).data)
