"""Taking the vote on a motion or an amendment at the meeting (amendments first, quorum at
every vote): the ballot closes with online, paper and proxy votes counted once and its result
is applied, or a show of hands decides for those present who have not voted."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import AmendmentEndpoint, MotionEndpoint
from api.governance.motion_bodies import (
    AmendmentSerializer,
    MotionDetailSerializer,
    amendment_body,
    motion_body,
)
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from governance import permissions, services
from governance.models import Motion

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)

CASTING_VOTES = [("for", "For"), ("against", "Against")]


# --- serializers -------------------------------------------------------------------------


class VoteTakeSerializer(serializers.Serializer):
    casting_vote = EnumChoiceField(
        CASTING_VOTES,
        enum_name="ChairCastingVoteEnum",
        required=False,
        allow_blank=True,
        help_text="The chair's casting vote, for a tie where the rules give one.",
    )


class ShowOfHandsSerializer(VoteTakeSerializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="Hands for each answer: `for`, `against`, `abstain`.",
    )


# --- views -------------------------------------------------------------------------------


VOTE_DESCRIPTION = (
    "The meeting must be under way and quorate. Amendments are decided before their motion, "
    "in order. Directed proxies of holders present are cast, the ballot closes (online, paper "
    "and proxy votes counted once) and its result is applied. A tie where the rules give the "
    "chair a casting vote answers 400 on `casting_vote` until it is sent."
)

HANDS_DESCRIPTION = (
    "Those present who have not voted are counted once by the show of hands; votes already "
    "cast online, on paper or by proxy stay. Not where the rules weigh the vote by member "
    "class (take a poll). Then the vote is taken as above."
)


@extend_schema(tags=TAGS)
class MotionVoteView(MotionEndpoint):
    policy = {"POST": permissions.can_take_vote}

    @extend_schema(
        summary="Take the vote on a motion (secretary)",
        description=VOTE_DESCRIPTION,
        request=VoteTakeSerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(VoteTakeSerializer, request.data)
        decided = services.vote_take(
            item=self.motion, casting_vote=data.get("casting_vote", ""), actor=signed_in(request)
        )
        return Response(motion_body(cast(Motion, decided)))


@extend_schema(tags=TAGS)
class MotionHandsView(MotionEndpoint):
    policy = {"POST": permissions.can_take_vote}

    @extend_schema(
        summary="Decide a motion by a show of hands (secretary)",
        description=HANDS_DESCRIPTION,
        request=ShowOfHandsSerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(ShowOfHandsSerializer, request.data)
        decided = services.vote_by_show_of_hands(
            item=self.motion,
            counts=data["counts"],
            casting_vote=data.get("casting_vote", ""),
            actor=signed_in(request),
        )
        return Response(motion_body(cast(Motion, decided)))


@extend_schema(tags=TAGS)
class AmendmentVoteView(AmendmentEndpoint):
    policy = {"POST": permissions.can_take_vote}

    @extend_schema(
        summary="Take the vote on an amendment (secretary)",
        description=VOTE_DESCRIPTION,
        request=VoteTakeSerializer,
        responses={200: AmendmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(VoteTakeSerializer, request.data)
        services.vote_take(
            item=self.amendment, casting_vote=data.get("casting_vote", ""), actor=signed_in(request)
        )
        return Response(amendment_body(self.amendment))


@extend_schema(tags=TAGS)
class AmendmentHandsView(AmendmentEndpoint):
    policy = {"POST": permissions.can_take_vote}

    @extend_schema(
        summary="Decide an amendment by a show of hands (secretary)",
        description=HANDS_DESCRIPTION,
        request=ShowOfHandsSerializer,
        responses={200: AmendmentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(ShowOfHandsSerializer, request.data)
        services.vote_by_show_of_hands(
            item=self.amendment,
            counts=data["counts"],
            casting_vote=data.get("casting_vote", ""),
            actor=signed_in(request),
        )
        return Response(amendment_body(self.amendment))
