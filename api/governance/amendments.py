"""Amendments to a motion: a member proposes, seconds or withdraws one (the secretary may
propose one for the board, which needs no seconder); the chair rules one out of order."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import (
    AmendmentEndpoint,
    MotionEndpoint,
    acting_for_field,
    acting_member,
)
from api.governance.motion_bodies import AmendmentSerializer, amendment_body
from api.mixins import validated
from api.serializers import error_responses, limited_char
from governance import limits, permissions, services
from membership.models import Member

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)

# --- serializers -------------------------------------------------------------------------


class AmendmentSubmitSerializer(serializers.Serializer):
    text = limited_char(
        limits.MOTION_TEXT,
        _l("The motion as amended"),
        help_text="The motion's whole text as it would read if carried.",
    )
    text_cy = limited_char(
        limits.MOTION_TEXT, _l("The motion as amended, in Welsh"), required=False, allow_blank=True
    )
    summary = limited_char(limits.SUMMARY, _l("What it changes"), required=False, allow_blank=True)
    proposer = acting_for_field("proposer")
    by_board = serializers.BooleanField(
        required=False, help_text="Proposed by the board: needs no seconder (secretary only)."
    )


class AmendmentSecondSerializer(serializers.Serializer):
    seconder = acting_for_field("seconder")


class AmendmentRuleOutSerializer(serializers.Serializer):
    reason = limited_char(limits.REASON, _l("The reason"))


class AmendmentWithdrawSerializer(serializers.Serializer):
    member = acting_for_field("proposer withdrawing it")


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class AmendmentListView(MotionEndpoint):
    policy = {"POST": permissions.can_amend_motion}

    @extend_schema(
        summary="Propose an amendment to a motion",
        description="The motion's whole text as it would read if carried. It needs a seconder, "
        "unless the secretary proposes it for the board (`by_board`). Amendments are decided "
        "before the motion; a carried one changes the motion's text.",
        request=AmendmentSubmitSerializer,
        responses={201: AmendmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AmendmentSubmitSerializer, request.data)
        by_board = data.get("by_board", False)
        if by_board and not permissions.can_propose_board_amendment(request.user, self.motion):
            raise PermissionDenied(_("Only the secretary proposes an amendment for the board."))
        proposer = None if by_board else acting_member(self, data.get("proposer"), "proposer")
        amendment = services.amendment_submit(
            motion=self.motion,
            text=data["text"],
            text_cy=data.get("text_cy", ""),
            summary=data.get("summary", ""),
            proposer=proposer,
            by_board=by_board,
            actor=signed_in(request),
        )
        amendment.motion = self.motion
        return Response(amendment_body(amendment), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class AmendmentSecondView(AmendmentEndpoint):
    policy = {"POST": permissions.can_second_amendment}

    @extend_schema(
        summary="Second an amendment",
        request=AmendmentSecondSerializer,
        responses={200: AmendmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AmendmentSecondSerializer, request.data)
        seconder = acting_member(self, data.get("seconder"), "seconder")
        services.amendment_second(
            amendment=self.amendment, seconder=cast(Member, seconder), actor=signed_in(request)
        )
        return Response(amendment_body(self.amendment))


@extend_schema(tags=TAGS)
class AmendmentRuleOutView(AmendmentEndpoint):
    policy = {"POST": permissions.can_rule_out_amendment}

    @extend_schema(
        summary="Rule an amendment out of order, with the reason (secretary)",
        request=AmendmentRuleOutSerializer,
        responses={200: AmendmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AmendmentRuleOutSerializer, request.data)
        services.amendment_rule_out(
            amendment=self.amendment, reason=data["reason"], actor=signed_in(request)
        )
        return Response(amendment_body(self.amendment))


@extend_schema(tags=TAGS)
class AmendmentWithdrawView(AmendmentEndpoint):
    policy = {"POST": permissions.can_withdraw_amendment}
    refusal = _l("Only the secretary withdraws an amendment of the board.")

    @extend_schema(
        summary="Withdraw an amendment not yet decided",
        description="By its proposer (a board amendment: by the secretary).",
        request=AmendmentWithdrawSerializer,
        responses={200: AmendmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AmendmentWithdrawSerializer, request.data)
        by = acting_member(self, data.get("member"), "member")
        services.amendment_withdraw(amendment=self.amendment, by=by, actor=signed_in(request))
        return Response(amendment_body(self.amendment))
