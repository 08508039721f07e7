"""Members: the register list with filters, entry on the register, contact details, and the
status changes (suspend, reinstate, cease) and erasure of optional data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, member_class_named
from api.mixins import errors_under, validated
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors, services
from membership.models import JointHolder, Member, Organisation, Representative
from membership.models.members import LANGUAGE_CHOICES
from membership.models.text import ADDRESS_MAX_LENGTH, NOTE_MAX_LENGTH
from membership.rules import Holding

# --- serializers -------------------------------------------------------------------------


@dataclass(frozen=True)
class HoldingRow:
    share_class: str
    shares: int
    paid_pence: int


def holding_rows(by_class: dict[int, Holding], codes: dict[int, str]) -> list[HoldingRow]:
    """A member's holdings (share class id → holding) as rows named by share class code."""
    return sorted(
        (HoldingRow(codes[pk], h.shares, h.paid_pence) for pk, h in by_class.items()),
        key=lambda row: row.share_class,
    )


class HoldingSerializer(serializers.Serializer):
    share_class = serializers.CharField(help_text="Share class code.")
    shares = serializers.IntegerField()
    paid_pence = serializers.IntegerField(help_text="Amount paid up on these shares, in pence.")


class JointHolderSerializer(serializers.ModelSerializer):
    class Meta:
        model = JointHolder
        fields = ("id", "name", "postal_address", "email", "is_designated_voter")
        read_only_fields = fields


class RepresentativeSerializer(serializers.ModelSerializer):
    role = EnumChoiceField(Representative.Role.choices, enum_name="RepresentativeRoleEnum")

    class Meta:
        model = Representative
        fields = ("id", "name", "email", "role", "started_on", "ended_on")
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A member as the register lists them; `holdings` come from the ledger."""

    kind = EnumChoiceField(Member.Kind.choices, enum_name="MemberKindEnum")
    status = EnumChoiceField(Member.Status.choices, enum_name="MemberStatusEnum")
    ceased_reason = EnumChoiceField(
        Member.CeasedReason.choices, enum_name="CeasedReasonEnum", allow_blank=True
    )
    preferred_language = EnumChoiceField(LANGUAGE_CHOICES, enum_name="LanguageEnum")
    member_class = serializers.CharField(source="member_class.code", help_text="Class code.")
    holdings = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields: tuple[str, ...] = (
            "number",
            "kind",
            "name",
            "member_class",
            "status",
            "entered_on",
            "ceased_on",
            "ceased_reason",
            "postal_address",
            "postcode",
            "email",
            "email_for_notices",
            "email_for_ballots",
            "email_for_news",
            "preferred_language",
            "is_registered_society",
            "holdings",
        )
        read_only_fields = fields

    @extend_schema_field(HoldingSerializer(many=True))
    def get_holdings(self, obj: Member) -> Any:
        return HoldingSerializer(self.context["holdings"].get(obj.pk, []), many=True).data


class MemberDetailSerializer(MemberSerializer):
    joint_holders = JointHolderSerializer(many=True, read_only=True)
    representatives = RepresentativeSerializer(many=True, read_only=True)

    class Meta(MemberSerializer.Meta):
        fields = (
            *MemberSerializer.Meta.fields,
            "phone",
            "date_of_birth",
            "suspended_reason",
            "ceased_note",
            "joint_holders",
            "representatives",
        )
        read_only_fields = fields


ORDERINGS = [
    ("number", "number"),
    ("-number", "number, highest first"),
    ("name", "name"),
    ("-name", "name, Z to A"),
    ("entered_on", "date entered"),
    ("-entered_on", "date entered, newest first"),
]


class MemberFilterSerializer(serializers.Serializer):
    status = EnumChoiceField(Member.Status.choices, enum_name="MemberStatusEnum", required=False)
    member_class = serializers.SlugField(required=False, help_text="Member class code.")
    search = serializers.CharField(
        max_length=200,
        required=False,
        help_text="Part of a name, email address or postcode, or a number.",
    )
    ordering = EnumChoiceField(ORDERINGS, enum_name="MemberOrderingEnum", required=False)


class MemberCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    member_class = serializers.SlugField(help_text="Member class code.")
    entered_on = serializers.DateField()
    postal_address = serializers.CharField(max_length=ADDRESS_MAX_LENGTH)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    kind = EnumChoiceField(Member.Kind.choices, enum_name="MemberKindEnum", required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    email_for_notices = serializers.BooleanField(required=False)
    email_for_ballots = serializers.BooleanField(required=False)
    email_for_news = serializers.BooleanField(required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    preferred_language = EnumChoiceField(LANGUAGE_CHOICES, enum_name="LanguageEnum", required=False)
    is_registered_society = serializers.BooleanField(required=False)
    number = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Leave out to take the next number; numbers are never reused.",
    )


class MemberUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    postal_address = serializers.CharField(max_length=ADDRESS_MAX_LENGTH, required=False)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    email_for_notices = serializers.BooleanField(required=False)
    email_for_ballots = serializers.BooleanField(required=False)
    email_for_news = serializers.BooleanField(required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    preferred_language = EnumChoiceField(LANGUAGE_CHOICES, enum_name="LanguageEnum", required=False)
    member_class = serializers.SlugField(required=False, help_text="Member class code.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class CeaseSerializer(serializers.Serializer):
    ceased_on = serializers.DateField()
    ceased_reason = EnumChoiceField(Member.CeasedReason.choices, enum_name="CeasedReasonEnum")
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)


class EraseOptionalSerializer(serializers.Serializer):
    # A field named `fields` hides Serializer.fields for the type checker only: DRF's metaclass
    # moves declared fields into `_declared_fields`, so the property still works.
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(max_length=50),
        min_length=1,
        help_text="Names of optional fields to erase: "
        + ", ".join(f"`{f}`" for f in Member.OPTIONAL_FIELDS)
        + ". Statutory register fields cannot be erased while the law needs them.",
    )


# --- views -------------------------------------------------------------------------------


def detail(organisation: Organisation, number: int) -> dict[str, Any]:
    """The member detail body: the member with their holdings from the ledger."""
    member = found(selectors.member_detail_get(organisation, number))
    rows = [
        HoldingRow(share_class.code, holding.shares, holding.paid_pence)
        for share_class, holding in selectors.member_holdings(member)
    ]
    return dict(MemberDetailSerializer(member, context={"holdings": {member.pk: rows}}).data)


@extend_schema(tags=["members"])
class MemberListView(OrganisationView):
    policy = {"GET": permissions.can_view_register, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="The register of members, with holdings",
        parameters=[MemberFilterSerializer],
        responses={200: MemberSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        query = validated(MemberFilterSerializer, request.query_params)
        members = selectors.member_list(
            self.organisation,
            search=query.get("search", ""),
            status=query.get("status", ""),
            member_class=query.get("member_class", ""),
        ).order_by(query.get("ordering", "number"), "number")
        page = self.paginate_queryset(members)
        assert page is not None
        holdings = selectors.holdings_for_members(self.organisation, [m.pk for m in page])
        codes = {c.pk: c.code for c in selectors.share_classes(self.organisation)}
        rows = {pk: holding_rows(by_class, codes) for pk, by_class in holdings.items()}
        return self.paginated_page(page, MemberSerializer, {"holdings": rows})

    @extend_schema(
        summary="Enter a member on the register (secretary)",
        request=MemberCreateSerializer,
        responses={201: MemberDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(MemberCreateSerializer, request.data)
        data["member_class"] = member_class_named(
            self.organisation, data["member_class"], "member_class"
        )
        member = services.member_register(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(detail(self.organisation, member.number), status=status.HTTP_201_CREATED)


@extend_schema(tags=["members"])
class MemberDetailView(OrganisationView):
    policy = {"GET": permissions.can_view_register, "PATCH": permissions.can_manage_register}

    @extend_schema(
        summary="One member, by member number",
        responses={200: MemberDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        return Response(detail(self.organisation, number))

    @extend_schema(
        summary="Change a member's contact details or class (secretary)",
        request=MemberUpdateSerializer,
        responses={200: MemberDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        changes = validated(MemberUpdateSerializer, request.data)
        if "member_class" in changes:
            changes["member_class"] = member_class_named(
                self.organisation, changes["member_class"], "member_class"
            )
        services.member_update(member=member, changes=changes, actor=signed_in(request))
        return Response(detail(self.organisation, number))


@extend_schema(tags=["members"])
class MemberSuspendView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Suspend a member (secretary)",
        request=ReasonSerializer,
        responses={200: MemberDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(ReasonSerializer, request.data)
        services.member_suspend(member=member, reason=data["reason"], actor=signed_in(request))
        return Response(detail(self.organisation, number))


@extend_schema(tags=["members"])
class MemberReinstateView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="End a member's suspension (secretary)",
        request=None,
        responses={200: MemberDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        services.member_reinstate(member=member, actor=signed_in(request))
        return Response(detail(self.organisation, number))


@extend_schema(tags=["members"])
class MemberCeaseView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Record that a member has ceased to be a member (secretary)",
        description="The entry stays on the register with the date ceased. Shares must first "
        "be withdrawn, transferred or cancelled, except on death.",
        request=CeaseSerializer,
        responses={200: MemberDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(CeaseSerializer, request.data)
        services.member_cease(
            member=member,
            ceased_on=data["ceased_on"],
            reason=data["ceased_reason"],
            note=data.get("note", ""),
            actor=signed_in(request),
        )
        return Response(detail(self.organisation, number))


@extend_schema(tags=["members"])
class MemberEraseOptionalView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Erase optional personal data at the member's request (secretary)",
        request=EraseOptionalSerializer,
        responses={200: MemberDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(EraseOptionalSerializer, request.data)
        with errors_under("fields"):
            services.member_erase_optional(
                member=member, fields=data["fields"], actor=signed_in(request)
            )
        return Response(detail(self.organisation, number))
