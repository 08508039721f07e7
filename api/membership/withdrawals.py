"""Withdrawals of shares: requested → notice running → board decision (recording that the
solvency test was considered) → paid; or cancelled."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, member_numbered, share_class_named
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors, services
from membership.models import Withdrawal
from membership.models.text import NOTE_MAX_LENGTH

# --- serializers -------------------------------------------------------------------------


class WithdrawalSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    member_name = serializers.CharField(source="member.name")
    share_class = serializers.CharField(source="share_class.code", help_text="Share class code.")
    status = EnumChoiceField(Withdrawal.Status.choices, enum_name="WithdrawalStatusEnum")
    amount_pence = serializers.IntegerField(
        allow_null=True, help_text="The amount repaid, in pence (once paid)."
    )

    class Meta:
        model = Withdrawal
        fields = (
            "id",
            "member",
            "member_name",
            "share_class",
            "shares",
            "status",
            "requested_on",
            "notice_ends_on",
            "is_membership_ending",
            "decided_on",
            "solvency_considered",
            "board_minute_reference",
            "decision_note",
            "paid_on",
            "amount_pence",
        )
        read_only_fields = fields


class WithdrawalFilterSerializer(serializers.Serializer):
    status = EnumChoiceField(
        Withdrawal.Status.choices, enum_name="WithdrawalStatusEnum", required=False
    )


class WithdrawalRequestSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="Member number.")
    share_class = serializers.SlugField(help_text="Share class code.")
    shares = serializers.IntegerField()
    requested_on = serializers.DateField(help_text="The day the member gave notice.")


class WithdrawalDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true to approve, false to refuse.")
    decided_on = serializers.DateField()
    solvency_considered = serializers.BooleanField(
        help_text="The board considered whether paying keeps the society solvent "
        "(required to approve)."
    )
    board_minute_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)


class WithdrawalPaySerializer(serializers.Serializer):
    paid_on = serializers.DateField()


class WithdrawalCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)


# --- views -------------------------------------------------------------------------------


def _withdrawal(view: OrganisationView, pk: int) -> Withdrawal:
    return found(selectors.withdrawal_get(view.organisation, pk))


@extend_schema(tags=["withdrawals"])
class WithdrawalListView(OrganisationView):
    policy = {"GET": permissions.can_view_withdrawals, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="Withdrawals, the ones whose notice ends first at the top",
        parameters=[WithdrawalFilterSerializer],
        responses={200: WithdrawalSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        query = validated(WithdrawalFilterSerializer, request.query_params)
        withdrawals = selectors.withdrawal_list(self.organisation, status=query.get("status", ""))
        return self.paginated(withdrawals, WithdrawalSerializer)

    @extend_schema(
        summary="Record a member's notice to withdraw shares (secretary)",
        request=WithdrawalRequestSerializer,
        responses={201: WithdrawalSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(WithdrawalRequestSerializer, request.data)
        withdrawal = services.withdrawal_request(
            member=member_numbered(self.organisation, data["member"], "member"),
            share_class=share_class_named(self.organisation, data["share_class"], "share_class"),
            shares=data["shares"],
            requested_on=data["requested_on"],
            actor=signed_in(request),
        )
        return Response(WithdrawalSerializer(withdrawal).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["withdrawals"])
class WithdrawalDetailView(OrganisationView):
    policy = {"GET": permissions.can_view_withdrawals}

    @extend_schema(
        summary="One withdrawal",
        responses={200: WithdrawalSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(WithdrawalSerializer(_withdrawal(self, pk)).data)


@extend_schema(tags=["withdrawals"])
class WithdrawalDecideView(OrganisationView):
    policy = {"POST": permissions.can_decide_withdrawals}

    @extend_schema(
        summary="The board approves or refuses a withdrawal once its notice has run (board)",
        description="A withdrawal in the wrong state answers 400 under `status`.",
        request=WithdrawalDecideSerializer,
        responses={200: WithdrawalSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        withdrawal = _withdrawal(self, pk)
        data = validated(WithdrawalDecideSerializer, request.data)
        withdrawal = services.withdrawal_decide(
            withdrawal=withdrawal, actor=signed_in(request), **data
        )
        return Response(WithdrawalSerializer(withdrawal).data)


@extend_schema(tags=["withdrawals"])
class WithdrawalPayView(OrganisationView):
    policy = {"POST": permissions.can_pay_withdrawals}

    @extend_schema(
        summary="Pay an approved withdrawal (secretary)",
        description="Writes a withdrawal entry to the ledger; a member who withdraws their last "
        "qualifying share ceases to be a member.",
        request=WithdrawalPaySerializer,
        responses={200: WithdrawalSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        withdrawal = _withdrawal(self, pk)
        data = validated(WithdrawalPaySerializer, request.data)
        withdrawal = services.withdrawal_pay(
            withdrawal=withdrawal, paid_on=data["paid_on"], actor=signed_in(request)
        )
        return Response(WithdrawalSerializer(withdrawal).data)


@extend_schema(tags=["withdrawals"])
class WithdrawalCancelView(OrganisationView):
    policy = {"POST": permissions.can_pay_withdrawals}

    @extend_schema(
        summary="Cancel a withdrawal not yet paid (secretary)",
        request=WithdrawalCancelSerializer,
        responses={200: WithdrawalSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        withdrawal = _withdrawal(self, pk)
        data = validated(WithdrawalCancelSerializer, request.data)
        withdrawal = services.withdrawal_cancel(
            withdrawal=withdrawal, reason=data["reason"], actor=signed_in(request)
        )
        return Response(WithdrawalSerializer(withdrawal).data)
