"""The signed-in member's own account: details, holdings, ledger, withdrawals, nominations
(every member sees their own full account), and their own notice to withdraw shares."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, OwnAccountView, share_class_named
from api.membership.ledger import LedgerEntrySerializer
from api.membership.members import HoldingRow, MemberDetailSerializer
from api.membership.officers import NominationSerializer
from api.membership.withdrawals import WithdrawalSerializer
from api.mixins import validated
from api.serializers import error_responses
from membership import permissions, selectors, services
from membership.models import Member, RegisterInspection


class AccountSerializer(serializers.Serializer):
    member = MemberDetailSerializer()
    ledger = LedgerEntrySerializer(many=True)
    withdrawals = WithdrawalSerializer(many=True)
    nominations = NominationSerializer(many=True)


class OwnWithdrawalSerializer(serializers.Serializer):
    share_class = serializers.SlugField(help_text="Share class code.")
    shares = serializers.IntegerField()


def _own_member(view: OrganisationView, *, detailed: bool = False) -> Member:
    user = signed_in(view.request)
    return found(selectors.member_for_user(view.organisation, user, detailed=detailed))


@extend_schema(tags=["my account"])
class AccountView(OwnAccountView):
    policy = {"GET": permissions.can_view_own_account}

    @extend_schema(
        summary="Your own account as a member",
        description="Your entry on the register, holdings, ledger, withdrawals and "
        "nominations. Each look is logged as an inspection of your account.",
        responses={200: AccountSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        member = _own_member(self, detailed=True)
        holdings = [
            HoldingRow(share_class.code, holding.shares, holding.paid_pence)
            for share_class, holding in selectors.member_holdings(member)
        ]
        services.inspection_log(
            organisation=self.organisation,
            user=signed_in(request),
            kind=RegisterInspection.Kind.OWN_ACCOUNT,
            as_of=timezone.localdate(),
            member=member,
        )
        account = {
            "member": member,
            "ledger": selectors.member_ledger(member),
            "withdrawals": selectors.withdrawal_list(self.organisation, member=member),
            "nominations": selectors.nomination_list(self.organisation, member=member),
        }
        body = AccountSerializer(account, context={"holdings": {member.pk: holdings}}).data
        return Response(body)


@extend_schema(tags=["my account"])
class AccountWithdrawalListView(OwnAccountView):
    policy = {"GET": permissions.can_view_own_account, "POST": permissions.can_change_own_account}

    @extend_schema(
        summary="Your withdrawals",
        responses={200: WithdrawalSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        member = _own_member(self)
        withdrawals = selectors.withdrawal_list(self.organisation, member=member)
        return self.paginated(withdrawals, WithdrawalSerializer)

    @extend_schema(
        summary="Give notice to withdraw some of your shares",
        description="The notice period starts today; the board decides once it has run.",
        request=OwnWithdrawalSerializer,
        responses={201: WithdrawalSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        member = _own_member(self)
        data = validated(OwnWithdrawalSerializer, request.data)
        withdrawal = services.withdrawal_request(
            member=member,
            share_class=share_class_named(self.organisation, data["share_class"], "share_class"),
            shares=data["shares"],
            requested_on=timezone.localdate(),
            actor=signed_in(request),
        )
        return Response(WithdrawalSerializer(withdrawal).data, status=status.HTTP_201_CREATED)
