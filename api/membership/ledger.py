"""The share ledger: a member's entries, new entries (allotment, payment, cancellation,
interest), transfers between members, and corrections by reversing entries.

The ledger is append-only: nothing here updates or deletes an entry.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, member_numbered, share_class_named
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors, services
from membership.models import ShareTransaction
from membership.models.text import NOTE_MAX_LENGTH

Kind = ShareTransaction.Kind

# --- serializers -------------------------------------------------------------------------


class LedgerEntrySerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    kind = EnumChoiceField(Kind.choices, enum_name="LedgerEntryKindEnum")
    share_class = serializers.CharField(source="share_class.code", help_text="Share class code.")
    shares = serializers.IntegerField(help_text="Change in shares (negative: shares leave).")
    paid_pence = serializers.IntegerField(help_text="Change in the amount paid, in pence.")
    recorded_by = serializers.EmailField(
        source="recorded_by.email", allow_null=True, help_text="Who recorded it."
    )
    reverses = serializers.IntegerField(
        source="reverses_id", allow_null=True, help_text="The entry a correction reverses."
    )
    counterparty = serializers.IntegerField(
        source="counterparty.number",
        allow_null=True,
        help_text="The other member of a transfer (member number).",
    )
    withdrawal = serializers.IntegerField(source="withdrawal_id", allow_null=True)

    class Meta:
        model = ShareTransaction
        fields = (
            "id",
            "member",
            "kind",
            "share_class",
            "shares",
            "paid_pence",
            "effective_on",
            "recorded_at",
            "recorded_by",
            "reason",
            "reverses",
            "counterparty",
            "transfer_group",
            "withdrawal",
        )
        read_only_fields = fields


class LedgerEntriesSerializer(serializers.Serializer):
    entries = LedgerEntrySerializer(many=True)


NEW_ENTRY_KINDS = [
    (Kind.ALLOTMENT.value, Kind.ALLOTMENT.label),
    (Kind.PAYMENT.value, Kind.PAYMENT.label),
    (Kind.CANCELLATION.value, Kind.CANCELLATION.label),
    (Kind.INTEREST.value, Kind.INTEREST.label),
]


class LedgerEntryCreateSerializer(serializers.Serializer):
    kind = EnumChoiceField(NEW_ENTRY_KINDS, enum_name="NewLedgerEntryKindEnum")
    share_class = serializers.SlugField(help_text="Share class code.")
    effective_on = serializers.DateField()
    shares = serializers.IntegerField(
        required=False, help_text="Whole shares, 1 or more (allotment, cancellation, interest)."
    )
    paid_pence = serializers.IntegerField(
        required=False, help_text="Allotment only: paid at once, in pence (default nothing)."
    )
    amount_pence = serializers.IntegerField(
        required=False, help_text="Payment only: the amount paid, in pence."
    )
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Required for a cancellation.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        needed = "amount_pence" if attrs["kind"] == Kind.PAYMENT else "shares"
        if needed not in attrs:
            raise serializers.ValidationError({needed: ["This field is required."]})
        return attrs


class TransferSerializer(serializers.Serializer):
    from_member = serializers.IntegerField(help_text="Member number of the giver.")
    to_member = serializers.IntegerField(help_text="Member number of the receiver.")
    share_class = serializers.SlugField(help_text="Share class code.")
    shares = serializers.IntegerField()
    effective_on = serializers.DateField()
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)
    on_death = serializers.BooleanField(
        default=False,
        help_text="A transfer on the giver's death (CCBS Act 2014 ss.37-40): allowed whatever "
        "the class's transferability and from a ceased member's account.",
    )


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH, help_text="Why the entry was wrong.")


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=["ledger"])
class MemberLedgerView(OrganisationView):
    policy = {"GET": permissions.can_view_register, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="A member's share ledger, oldest first",
        responses={200: LedgerEntrySerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        return self.paginated(selectors.member_ledger(member), LedgerEntrySerializer)

    @extend_schema(
        summary="Record an allotment, payment, cancellation or interest (secretary)",
        description="`shares` for an allotment, cancellation or interest credited as shares; "
        "`amount_pence` for a payment. Errors about the member's account (e.g. ceased) come "
        "under `member`.",
        request=LedgerEntryCreateSerializer,
        responses={201: LedgerEntrySerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(LedgerEntryCreateSerializer, request.data)
        share_class = share_class_named(self.organisation, data["share_class"], "share_class")
        common: dict[str, Any] = {
            "member": member,
            "share_class": share_class,
            "effective_on": data["effective_on"],
            "reason": data.get("reason", ""),
            "actor": request.user,
        }
        kind = data["kind"]
        if kind == Kind.ALLOTMENT:
            entry = services.shares_allot(
                shares=data["shares"], paid_pence=data.get("paid_pence", 0), **common
            )
        elif kind == Kind.PAYMENT:
            entry = services.payment_record(amount_pence=data["amount_pence"], **common)
        elif kind == Kind.CANCELLATION:
            entry = services.shares_cancel(shares=data["shares"], **common)
        else:
            entry = services.shares_interest_credit(shares=data["shares"], **common)
        return Response(LedgerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["ledger"])
class TransferView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Transfer shares between two members (secretary)",
        request=TransferSerializer,
        responses={201: LedgerEntriesSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(TransferSerializer, request.data)
        transfer = (
            services.shares_transfer_on_death if data["on_death"] else services.shares_transfer
        )
        out, into = transfer(
            from_member=member_numbered(self.organisation, data["from_member"], "from_member"),
            to_member=member_numbered(self.organisation, data["to_member"], "to_member"),
            share_class=share_class_named(self.organisation, data["share_class"], "share_class"),
            shares=data["shares"],
            effective_on=data["effective_on"],
            reason=data.get("reason", ""),
            actor=signed_in(request),
        )
        body = LedgerEntriesSerializer({"entries": [out, into]}).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["ledger"])
class LedgerCorrectView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Correct a mistaken entry with a reversing entry (secretary)",
        description="Both legs of a transfer are reversed together. The original entry stays "
        "in the ledger. Errors about the entry itself come under `entry`.",
        request=CorrectionSerializer,
        responses={201: LedgerEntriesSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        entry = found(selectors.ledger_entry_get(self.organisation, pk))
        data = validated(CorrectionSerializer, request.data)
        corrections = services.ledger_correct(
            entry=entry, reason=data["reason"], actor=signed_in(request)
        )
        body = LedgerEntriesSerializer({"entries": corrections}).data
        return Response(body, status=status.HTTP_201_CREATED)
