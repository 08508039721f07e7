"""Capacity and prices of a bid: co-ops' declarations of their total capacity, commitments of
hours to lots, the coverage matrix (the lead's), each co-op's cost build-ups (the lead and that
co-op only: anyone else gets 404) and the consortium's consolidated rates (the lead's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.serializers import EnumChoiceField, error_responses
from api.tendering.base import (
    TAGS,
    BidView,
    ConsortiumView,
    ParticipantView,
    hours_field,
    invalid,
    lot_numbered,
    participant_named,
    pence_field,
    valid,
)
from tendering import permissions, selectors, services
from tendering.models import CapacityDeclaration, Commitment, Lot, PriceLine
from tendering.selectors import CoverageMatrix, MemberColumn

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


def _hours(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text=f"{help_text} Hours a week.", **kwargs
    )


class CapacityDeclarationSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    member_name = serializers.CharField(source="member.name")

    class Meta:
        model = CapacityDeclaration
        fields = ("id", "member", "member_name", "hours_per_week", "declared_on")
        read_only_fields = fields


class CapacityDeclareSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="The co-op's member number in the consortium.")
    hours_per_week = hours_field("What the co-op can deliver across all open bids.")


class CommitmentSerializer(serializers.ModelSerializer):
    participant = serializers.IntegerField(source="participant_id")
    lot = serializers.IntegerField(source="lot.number", help_text="Lot number.")
    role = EnumChoiceField(Lot.Role.choices, enum_name="TenderLotRoleEnum")

    class Meta:
        model = Commitment
        fields = (
            "id",
            "participant",
            "lot",
            "hours_per_week",
            "role",
            "staff_count",
            "base",
            "ciw_registration",
        )
        read_only_fields = fields


class CommitmentSetSerializer(serializers.Serializer):
    participant = serializers.IntegerField(help_text="The co-op of the bid (participant id).")
    lot = serializers.IntegerField(help_text="Lot number.")
    hours_per_week = hours_field("The hours the co-op commits to the lot.")
    role = EnumChoiceField(Lot.Role.choices, enum_name="TenderLotRoleEnum", required=False)
    staff_count = serializers.IntegerField(required=False, help_text="Care staff.")
    base = serializers.CharField(max_length=200, required=False, allow_blank=True)
    ciw_registration = serializers.CharField(max_length=50, required=False, allow_blank=True)


class CoverageCellSerializer(serializers.Serializer):
    hours = _hours("Committed by this co-op.")
    role = EnumChoiceField(Lot.Role.choices, enum_name="TenderLotRoleEnum")
    role_label = serializers.CharField()


class CoverageLotSerializer(serializers.Serializer):
    lot = serializers.IntegerField(source="lot.number", help_text="Lot number.")
    title = serializers.CharField(source="lot.title")
    estimated_hours_per_week = _hours(
        "The buyer's estimate.", source="lot.estimated_hours_per_week"
    )
    cells = serializers.ListField(
        child=CoverageCellSerializer(allow_null=True),
        help_text="One per co-op, in the order of `columns`; null where it commits nothing.",
    )
    is_bid_for = serializers.BooleanField()
    committed = _hours("Committed in all.")
    gap = _hours("Short of the buyer's estimate.")
    has_primary = serializers.BooleanField()
    is_covered = serializers.BooleanField()


class OverCommitmentSerializer(serializers.Serializer):
    total = _hours("Committed across all open bids.")
    capacity = _hours("Its latest declared capacity.")


class CoverageColumnSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    member = serializers.IntegerField(source="participant.member.number")
    member_name = serializers.CharField(source="participant.member.name")
    total = _hours("Committed to this bid.")
    capacity = _hours("Its latest declared capacity.", allow_null=True)
    broken = serializers.ListField(
        child=serializers.CharField(), help_text="Approval conditions the plan breaks."
    )
    over_committed = serializers.SerializerMethodField(
        help_text="Set when it is over-committed across all open bids."
    )

    @extend_schema_field(OverCommitmentSerializer(allow_null=True))
    def get_over_committed(self, column: MemberColumn) -> Any:
        if column.over_committed is None:
            return None
        total, capacity = column.over_committed
        return OverCommitmentSerializer({"total": total, "capacity": capacity}).data


class CoverageSerializer(serializers.Serializer):
    columns = CoverageColumnSerializer(many=True)
    rows = CoverageLotSerializer(many=True)
    is_met = serializers.BooleanField()
    lots_bid_for = serializers.IntegerField()


class PriceLineSerializer(serializers.ModelSerializer):
    participant = serializers.IntegerField(source="participant_id")
    member_name = serializers.CharField(source="participant.member.name")
    lot = serializers.IntegerField(source="lot.number", help_text="Lot number.")
    rate_type = EnumChoiceField(PriceLine.RateType.choices, enum_name="PriceRateTypeEnum")
    rate_pence = serializers.IntegerField(help_text="The member's hourly rate: the sum.")

    class Meta:
        model = PriceLine
        fields = (
            "id",
            "participant",
            "member_name",
            "lot",
            "rate_type",
            "pay_pence",
            "on_costs_pence",
            "travel_pence",
            "overhead_pence",
            "margin_pence",
            "rate_pence",
        )
        read_only_fields = fields


class PriceLineSetSerializer(serializers.Serializer):
    lot = serializers.IntegerField(help_text="Lot number.")
    rate_type = EnumChoiceField(
        PriceLine.RateType.choices, enum_name="PriceRateTypeEnum", required=False
    )
    pay_pence = pence_field("The care worker's pay an hour.")
    on_costs_pence = pence_field("On-costs an hour (NI, pension, holiday).", required=False)
    travel_pence = pence_field("Travel an hour.", required=False)
    overhead_pence = pence_field("Overheads an hour.", required=False)
    margin_pence = pence_field("Margin an hour.", required=False)


class ConsolidatedPriceSerializer(serializers.Serializer):
    lot = serializers.IntegerField(source="lot.number", help_text="Lot number.")
    rate_ceiling_pence = serializers.IntegerField(source="lot.rate_ceiling_pence", allow_null=True)
    rate_type = EnumChoiceField(PriceLine.RateType.choices, enum_name="PriceRateTypeEnum")
    rate_label = serializers.CharField()
    consolidated_pence = serializers.IntegerField(
        allow_null=True, help_text="The consortium's rate: the members' weighted by hours."
    )
    yearly_value_pence = serializers.IntegerField(
        allow_null=True, help_text="Standard hours: the rate × the buyer's hours × 52."
    )
    problems = serializers.ListField(child=serializers.CharField())
    lines = PriceLineSerializer(many=True, help_text="Every member's build-up (lead only).")


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class CapacityListView(BidView):
    policy = {"GET": permissions.can_view_bid, "POST": permissions.can_contribute_to_bid}

    @extend_schema(
        summary="The latest capacity of the co-ops you act for in this bid",
        description="The lead sees every co-op of the bid.",
        responses={200: CapacityDeclarationSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        acted = permissions.participants_acted_for(request.user, self.bid, approved_only=False)
        declarations = selectors.capacity_latest(self.consortium, [p.member_id for p in acted])
        return self.paginated(declarations, CapacityDeclarationSerializer)

    @extend_schema(
        summary="Declare a co-op's total capacity across all open bids",
        description="Over-commitment across the consortium's open bids is checked against the "
        "latest declaration. The lead for any co-op of the bid; a co-op's officers for theirs.",
        request=CapacityDeclareSerializer,
        responses={201: CapacityDeclarationSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(CapacityDeclareSerializer, request.data)
        member = next(
            (
                p.member
                for p in permissions.participants_acted_for(
                    request.user, self.bid, approved_only=False
                )
                if p.member.number == data["member"]
            ),
            None,
        )
        if member is None:
            raise invalid("member", _("Choose a co-op taking part in this bid that you act for."))
        declaration = services.capacity_declare(
            consortium=self.consortium,
            member=member,
            hours_per_week=data["hours_per_week"],
            actor=signed_in(request),
        )
        return Response(
            CapacityDeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=TAGS)
class CommitmentListView(BidView):
    policy = {"POST": permissions.can_contribute_to_bid}

    @extend_schema(
        summary="Commit a co-op's hours to a lot (or change its commitment)",
        description="Refused for a lot not in the tender, beyond the lots a bidder may bid "
        "for, outside the co-op's approved lots or hours, for a co-op whose approval expired "
        "or not in good standing, and for hours that are not positive or not plausible. The "
        "lead for any co-op; a co-op's officers for theirs.",
        request=CommitmentSetSerializer,
        responses={201: CommitmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(CommitmentSetSerializer, request.data)
        data["participant"] = participant_named(
            request.user, self.bid, data["participant"], "participant"
        )
        data["lot"] = lot_numbered(self.bid.opportunity, data["lot"], "lot")
        commitment = services.commitment_set(actor=signed_in(request), **data)
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class CommitmentDetailView(ConsortiumView):
    policy = {"DELETE": permissions.can_change_commitment}

    def find_subject(self) -> Any:
        kwargs = self.kwargs
        return selectors.commitment_at(kwargs["slug"], kwargs["pk"], kwargs["commitment_id"])

    @extend_schema(
        summary="Take a co-op's commitment off a lot (the lead, or that co-op's officers)",
        request=None,
        responses={204: None, **ACTION_ERRORS},
    )
    def delete(self, request: Request, slug: str, pk: int, commitment_id: int) -> Response:
        services.commitment_remove(commitment=self.policy_subject(), actor=signed_in(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS)
class CoverageView(BidView):
    policy = {"GET": permissions.can_manage_bid}

    @extend_schema(
        summary="The coverage matrix: lots × co-ops (lead)",
        description="Each lot's committed hours against the buyer's estimate, its gap and "
        "whether it has a primary provider; each co-op's broken approval conditions and "
        "over-commitment across all open bids.",
        responses={200: CoverageSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        matrix: CoverageMatrix = selectors.coverage_matrix(self.bid)
        return Response(CoverageSerializer(matrix).data)


@extend_schema(tags=TAGS)
class ConsolidatedPriceListView(BidView):
    policy = {"GET": permissions.can_manage_bid}

    @extend_schema(
        summary="The consortium's rate per lot and rate type, with its checks (lead)",
        description="The members' rates weighted by the hours each commits, against the lot's "
        "ceilings and the pay floor, with every member's build-up.",
        responses={200: ConsolidatedPriceSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.consolidated_prices(self.bid), ConsolidatedPriceSerializer)


@extend_schema(tags=TAGS)
class MemberPriceListView(ParticipantView):
    policy = {
        "GET": permissions.can_view_participant,
        "POST": permissions.can_act_for_participant,
    }

    @extend_schema(
        summary="A co-op's cost build-ups (the lead and that co-op's officers only)",
        description="Anyone else, another co-op of the bid included, gets 404.",
        responses={200: PriceLineSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        lines = selectors.price_lines(self.bid, [self.participant])
        return self.paginated(lines, PriceLineSerializer)

    @extend_schema(
        summary="Enter a co-op's cost build-up for a lot and rate type (the lead and that co-op)",
        description="Pence an hour, whole numbers. Refused: pay below the bid's floor, an "
        "amount not plausible (units mixed up), a lot not in the tender, a co-op that has not "
        "approved or whose approval expired. A member's rate above the lot's ceiling is "
        "accepted: the consortium's rate is checked by the prices gate.",
        request=PriceLineSetSerializer,
        responses={201: PriceLineSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        participant = self.participant
        data = valid(PriceLineSetSerializer, request.data)
        data["lot"] = lot_numbered(self.bid.opportunity, data["lot"], "lot")
        line = services.price_line_set(participant=participant, actor=signed_in(request), **data)
        return Response(PriceLineSerializer(line).data, status=status.HTTP_201_CREATED)
