"""Joint bids: the list (the lead's, or a co-op's people's own bids), starting one, the lead's
dashboard (status, allowed transitions, the hard gates with who owes what and by when,
deadlines, the co-ops), the plan, a step of the state machine, submission, the consortium's
go/no-go (its board, or a ballot of the member co-ops), the checklist and the OCDS export."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.mixins import renamed_errors
from api.serializers import EnumChoiceField, error_responses
from api.tendering.base import (
    TAGS,
    BidView,
    ConsortiumView,
    opportunity_named,
    pence_field,
    signed_in,
    uk_datetime_field,
    valid,
)
from api.tendering.participants import ParticipantRowSerializer
from tendering import ocds, permissions, rules, selectors, services
from tendering.models import Answer, JointBid
from voting.models import Ballot

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)
Status = JointBid.Status

# --- serializers -------------------------------------------------------------------------


def _status_field(**kwargs: Any) -> EnumChoiceField:
    return EnumChoiceField(Status.choices, enum_name="JointBidStatusEnum", **kwargs)


class BidOpportunitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    buyer_name = serializers.CharField()
    submission_deadline = serializers.DateTimeField()


class BidSerializer(serializers.ModelSerializer):
    opportunity = BidOpportunitySerializer()
    status = _status_field()
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The states it may move to now."
    )
    lead = serializers.IntegerField(
        source="lead.number", allow_null=True, help_text="The lead co-op's member number."
    )
    lead_name = serializers.CharField(source="lead.name", allow_null=True)
    liability = EnumChoiceField(JointBid.Liability.choices, enum_name="JointBidLiabilityEnum")
    decision_method = EnumChoiceField(
        JointBid.Decision.choices, enum_name="JointBidDecisionEnum", allow_blank=True
    )
    decision_ballot = serializers.IntegerField(
        source="decision_ballot_id", allow_null=True, help_text="The go/no-go ballot's id."
    )

    class Meta:
        model = JointBid
        fields = (
            "id",
            "opportunity",
            "status",
            "allowed_transitions",
            "lead",
            "lead_name",
            "liability",
            "answers_due",
            "prices_due",
            "signoff_due",
            "pay_floor_pence",
            "decision_method",
            "decision_ballot",
            "go_decided_on",
            "go_reference",
            "submitted_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=_status_field()))
    def get_allowed_transitions(self, bid: JointBid) -> list[str]:
        return [step.to for step in selectors.next_steps(bid)]


class GateSerializer(serializers.Serializer):
    code = serializers.CharField()
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    ok = serializers.BooleanField()
    detail = serializers.ListField(
        child=serializers.CharField(), help_text="What it waits for: who owes what, by when."
    )
    due = serializers.DateTimeField(allow_null=True, help_text="The deadline it works to.")


class DeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    at = serializers.DateTimeField()
    days_left = serializers.IntegerField()
    is_passed = serializers.BooleanField()


class StepSerializer(serializers.Serializer):
    to = _status_field()
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    needs_reason = serializers.BooleanField()
    is_submit = serializers.BooleanField()
    is_warning = serializers.BooleanField()


class AnswerCountSerializer(serializers.Serializer):
    status = EnumChoiceField(Answer.Status.choices, enum_name="AnswerStatusEnum")
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    bid = BidSerializer()
    next_steps = StepSerializer(many=True, help_text="The allowed transitions, in order.")
    gates = GateSerializer(many=True)
    deadlines = DeadlineSerializer(many=True)
    participants = ParticipantRowSerializer(many=True)
    answer_counts = AnswerCountSerializer(many=True)


class ChecklistSerializer(serializers.Serializer):
    all_met = serializers.BooleanField()
    gates = GateSerializer(many=True)


class BidCreateSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField(help_text="An opportunity the consortium tracks.")
    liability = EnumChoiceField(
        JointBid.Liability.choices, enum_name="JointBidLiabilityEnum", required=False
    )
    answers_due = uk_datetime_field("Answers due (internal).", required=False, allow_null=True)
    prices_due = uk_datetime_field("Prices due (internal).", required=False, allow_null=True)
    signoff_due = uk_datetime_field("Sign-off due (internal).", required=False, allow_null=True)
    pay_floor_pence = pence_field(
        "The lowest hourly pay any member's pay line may have.", required=False
    )


class BidPlanSerializer(serializers.Serializer):
    liability = EnumChoiceField(
        JointBid.Liability.choices, enum_name="JointBidLiabilityEnum", required=False
    )
    answers_due = uk_datetime_field("Answers due (internal).", required=False)
    prices_due = uk_datetime_field("Prices due (internal).", required=False)
    signoff_due = uk_datetime_field("Sign-off due (internal).", required=False)
    pay_floor_pence = pence_field(
        "The lowest hourly pay any member's pay line may have.", required=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs


class TransitionSerializer(serializers.Serializer):
    to = _status_field(help_text="The state to move to (one of `allowed_transitions`).")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=rules.MAX_NOTE,
        help_text="Needed to withdraw, decline or let the bid lapse.",
    )


class GoDecisionSerializer(serializers.Serializer):
    go = serializers.BooleanField(help_text="true to bid; false for no-go (declined).")
    reference = serializers.CharField(max_length=200, help_text="The board minute.")
    decided_on = serializers.DateField()


class GoBallotOpenSerializer(serializers.Serializer):
    closes_at = uk_datetime_field("When the ballot closes.", required=False, allow_null=True)


class GoBallotSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(Ballot.Status.choices, enum_name="BallotStatusEnum")

    class Meta:
        model = Ballot
        fields = ("id", "title", "status", "record_date", "opened_at", "closes_at")
        read_only_fields = fields


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class BidListView(ConsortiumView):
    policy = {"GET": permissions.can_view_bids, "POST": permissions.can_lead_bids}

    @extend_schema(
        summary="The consortium's bids, soonest deadline first",
        description="The lead sees every bid; a member co-op's officers (its secretary and "
        "bid managers) see the bids their co-op takes part in.",
        responses={200: BidSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(
            permissions.bid_list_for(request.user, self.consortium), BidSerializer
        )

    @extend_schema(
        summary="Start a bid for an opportunity the consortium tracks (lead)",
        description="Internal deadlines (UK time) fall before the buyer's; the pay floor is "
        "the lowest hourly pay any member's pay line may have.",
        request=BidCreateSerializer,
        responses={201: BidSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = valid(BidCreateSerializer, request.data)
        data["opportunity"] = opportunity_named(self.consortium, data["opportunity"], "opportunity")
        bid = services.bid_create(consortium=self.consortium, actor=signed_in(request), **data)
        return Response(BidSerializer(bid).data, status=status.HTTP_201_CREATED)


def dashboard(bid: JointBid) -> dict[str, Any]:
    board = selectors.bid_dashboard(bid)
    found = {
        "bid": board.bid,
        "next_steps": board.next_steps,
        "gates": board.gates,
        "deadlines": board.deadlines,
        "participants": board.participants,
        "answer_counts": [
            {"status": code, "label": label, "count": count}
            for code, label, count in board.answer_counts
        ],
    }
    return dict(DashboardSerializer(found).data)


@extend_schema(tags=TAGS)
class BidDetailView(BidView):
    policy = {"GET": permissions.can_manage_bid, "PATCH": permissions.can_manage_bid}

    @extend_schema(
        summary="The lead's dashboard of a bid",
        description="Where the bid is and the states it may move to, every hard gate with "
        "what it waits for (who owes what, by when), the deadlines, the co-ops and their "
        "approvals, and the answers by state. A member co-op's officers use `my-part/`.",
        responses={200: DashboardSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(dashboard(self.bid))

    @extend_schema(
        summary="Change the bid's plan: liability, internal deadlines, pay floor (lead)",
        request=BidPlanSerializer,
        responses={200: BidSerializer, **ACTION_ERRORS},
    )
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(BidPlanSerializer, request.data)
        bid = services.bid_update_plan(bid=self.bid, actor=signed_in(request), **data)
        return Response(BidSerializer(bid).data)


@extend_schema(tags=TAGS)
class BidTransitionView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Move the bid to another state (lead)",
        description="Each step checks what it needs; a refusal names each failing gate "
        "(`deadline`, `participants`, `approvals`, `answers`, `coverage`, `prices`, "
        "`signoffs`) as its field, or `to` for a step not allowed now. `submitted` submits "
        "the bid (see `submit/`).",
        request=TransitionSerializer,
        responses={200: BidSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(TransitionSerializer, request.data)
        with renamed_errors({"status": "to"}):
            if data["to"] == Status.SUBMITTED:
                bid = services.bid_submit(bid=self.bid, actor=signed_in(request))
            else:
                bid = services.bid_transition(
                    bid=self.bid,
                    to=data["to"],
                    reason=data.get("reason", ""),
                    actor=signed_in(request),
                )
        return Response(BidSerializer(bid).data)


@extend_schema(tags=TAGS)
class BidSubmitView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Submit a ready bid (lead)",
        description="Refused after the buyer's deadline (under `deadline`), for a bid that "
        "is not ready (under `status`), or while any hard gate fails.",
        request=None,
        responses={200: BidSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        bid = services.bid_submit(bid=self.bid, actor=signed_in(request))
        return Response(BidSerializer(bid).data)


@extend_schema(tags=TAGS)
class GoBoardView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Record the consortium board's go/no-go decision (lead)",
        description="Go moves the bid to consulting the member co-ops; no-go declines it. "
        "While a ballot of the member co-ops is under way, its result decides instead.",
        request=GoDecisionSerializer,
        responses={200: BidSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(GoDecisionSerializer, request.data)
        with renamed_errors({"go_reference": "reference", "go_decided_on": "decided_on"}):
            bid = services.bid_go_decide(
                bid=self.bid,
                method=JointBid.Decision.BOARD,
                actor=signed_in(request),
                **data,
            )
        return Response(BidSerializer(bid).data)


@extend_schema(tags=TAGS)
class GoBallotView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Ask the member co-ops: open a go/no-go ballot (lead)",
        description="A ballot of the consortium: one member organisation, one vote, cast by "
        "its representative, decided as an ordinary resolution. Apply its result once it "
        "closes.",
        request=GoBallotOpenSerializer,
        responses={201: GoBallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(GoBallotOpenSerializer, request.data)
        ballot = services.bid_go_ballot_open(
            bid=self.bid, closes_at=data.get("closes_at"), actor=signed_in(request)
        )
        return Response(GoBallotSerializer(ballot).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class GoBallotResultView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Apply the closed go/no-go ballot's result (lead)",
        description="Carried is go, lost is no-go; a tie waiting for the chair's casting vote "
        "is not a result yet.",
        request=None,
        responses={200: BidSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        bid = services.bid_go_from_ballot(bid=self.bid, actor=signed_in(request))
        return Response(BidSerializer(bid).data)


@extend_schema(tags=TAGS)
class ChecklistView(BidView):
    policy = {"GET": permissions.can_manage_bid}

    @extend_schema(
        summary="The checklist: each hard gate, met or not, with who owes what (lead)",
        responses={200: ChecklistSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        gates = selectors.gate_rows(self.bid)
        body = {"all_met": all(g.ok for g in gates), "gates": gates}
        return Response(ChecklistSerializer(body).data)


@extend_schema(tags=TAGS)
class OcdsView(BidView):
    policy = {"GET": permissions.can_manage_bid}

    @extend_schema(
        summary="The bid as an OCDS 1.1 release package (lead)",
        description="One release with the bids, lots and subcontracting extensions: the lead "
        "co-op has the `leadTenderer` role; each member's share of the hours is in the local "
        "extension field `cyd:hoursShare` of the bid.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="An OCDS release package."),
            **READ_ERRORS,
        },
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(ocds.release_package(self.bid))
