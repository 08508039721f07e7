"""Joint bids: the list (the lead's, or a co-op's officers' own bids), starting one, the lead's
dashboard (status, allowed transitions, the hard gates with who owes what and by when,
deadlines, the co-ops), the plan, a step of the state machine, submission, the consortium's
go/no-go (its board, or a ballot of the member co-ops), the checklist and the OCDS export."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.mixins import renamed_errors
from api.serializers import error_responses
from api.tendering.base import TAGS, BidView, ConsortiumView, opportunity_named, valid
from api.tendering.bid_serializers import (
    BidCreateSerializer,
    BidPlanSerializer,
    BidSerializer,
    ChecklistSerializer,
    DashboardSerializer,
    GoBallotOpenSerializer,
    GoBallotSerializer,
    GoDecisionSerializer,
    TransitionSerializer,
)
from tendering import ocds, permissions, selectors, services
from tendering.models import JointBid

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)
Status = JointBid.Status

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
