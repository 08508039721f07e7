"""The secretary's set-up of a ballot (questions, options, reserved seats, times, channels)
and its life: open, close, the chair's casting vote on a tie, publish, cancel."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.mixins import validated
from api.serializers import DateTimeInSaneYears, EnumChoiceField, error_responses
from api.voting.ballots import (
    BallotOptionSerializer,
    BallotQuestionSerializer,
    BallotReservationSerializer,
    BallotSerializer,
    ballot_summary,
)
from api.voting.base import BallotView, classes_named, limited_text, signed_in
from coop.core.validation import fail
from membership.models import MemberClass, ResolutionType
from voting import permissions, selectors, services
from voting.models import Ballot, Question

TAGS = ["Ballots"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)

# --- serializers -------------------------------------------------------------------------


class QuestionAddSerializer(serializers.Serializer):
    kind = EnumChoiceField(Question.Kind.choices, enum_name="QuestionKindEnum")
    text = limited_text("text")
    text_cy = limited_text("text_cy", required=False, allow_blank=True)
    resolution_type = serializers.SlugField(
        required=False,
        help_text="A resolution's type: its code in the rules in force on the record date.",
    )
    seats = serializers.IntegerField(required=False, min_value=1, help_text="Places to fill.")
    method = EnumChoiceField(
        Question.Method.choices, enum_name="QuestionMethodEnum", required=False
    )


class OptionAddSerializer(serializers.Serializer):
    # A field named `label` hides Field.label for the type checker only: DRF's metaclass moves
    # declared fields into `_declared_fields`.
    label = limited_text(  # type: ignore[assignment]
        "label", help_text="The choice, or the candidate's name."
    )
    label_cy = limited_text("label_cy", required=False, allow_blank=True)
    member_class = serializers.SlugField(
        required=False, help_text="The candidate's member class code."
    )
    statement = limited_text("statement", required=False, allow_blank=True)
    statement_cy = limited_text("statement_cy", required=False, allow_blank=True)


class ReservationSetSerializer(serializers.Serializer):
    member_class = serializers.SlugField(help_text="Member class code.")
    seats = serializers.IntegerField(min_value=1, help_text="Seats reserved for that class.")


class BallotScheduleSerializer(serializers.Serializer):
    opens_at = DateTimeInSaneYears(allow_null=True, help_text="null: opened by hand.")
    closes_at = DateTimeInSaneYears(allow_null=True, help_text="null: closed by hand.")


class BallotChannelsSerializer(serializers.Serializer):
    allow_online = serializers.BooleanField()
    allow_in_room = serializers.BooleanField()


class BallotCancelSerializer(serializers.Serializer):
    reason = limited_text("reason")


class CastingVoteSerializer(serializers.Serializer):
    casting_vote = EnumChoiceField(
        Question.Casting.choices, enum_name="CastingVoteEnum", help_text="The chair's vote."
    )


# --- views -------------------------------------------------------------------------------


def _member_class(view: BallotView, code: str | None, field: str) -> MemberClass | None:
    if not code:
        return None
    return classes_named(view.organisation, [code], field)[0]


def _resolution_type(ballot: Ballot, code: str | None) -> ResolutionType | None:
    if not code:
        return None
    rtype = selectors.resolution_type_for(ballot, code)
    if rtype is None:
        raise fail(
            "resolution_type",
            _("The rules in force on the record date define no resolution of the type “%(code)s”.")
            % {"code": code},
        )
    return rtype


@extend_schema(tags=TAGS)
class QuestionAddView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Add a question to a draft ballot (secretary)",
        description="A resolution gets its three options (for, against, abstain) and needs "
        "`resolution_type`; a choice or an STV election gets its options next.",
        request=QuestionAddSerializer,
        responses={201: BallotQuestionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        data = validated(QuestionAddSerializer, request.data)
        question = services.question_add(
            ballot=ballot,
            kind=data["kind"],
            text=data["text"],
            text_cy=data.get("text_cy", ""),
            resolution_type=_resolution_type(ballot, data.get("resolution_type")),
            seats=data.get("seats", 1),
            method=data.get("method") or Question.Method.PLURALITY,
            actor=signed_in(request),
        )
        return Response(
            BallotQuestionSerializer(selectors.question_with_options(question)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=TAGS)
class OptionAddView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Add a choice or a candidate to a question of a draft ballot (secretary)",
        request=OptionAddSerializer,
        responses={201: BallotOptionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, question_id: int) -> Response:
        question = self.question(question_id)
        data = validated(OptionAddSerializer, request.data)
        data["member_class"] = _member_class(self, data.get("member_class"), "member_class")
        option = services.option_add(question=question, actor=signed_in(request), **data)
        return Response(
            BallotOptionSerializer(selectors.option_get(option.pk)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=TAGS)
class ReservationSetView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Reserve seats of an STV election for a member class (secretary)",
        description="Sets the seats reserved for the class (replacing any set before).",
        request=ReservationSetSerializer,
        responses={200: BallotReservationSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, question_id: int) -> Response:
        question = self.question(question_id)
        data = validated(ReservationSetSerializer, request.data)
        reservation = services.reservation_set(
            question=question,
            member_class=classes_named(self.organisation, [data["member_class"]], "member_class")[
                0
            ],
            seats=data["seats"],
            actor=signed_in(request),
        )
        return Response(BallotReservationSerializer(reservation).data)


@extend_schema(tags=TAGS)
class BallotScheduleView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Set when the ballot opens and closes by itself (secretary)",
        request=BallotScheduleSerializer,
        responses={200: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        data = validated(BallotScheduleSerializer, request.data)
        ballot = services.ballot_schedule(ballot=ballot, actor=signed_in(request), **data)
        return Response(ballot_summary(ballot))


@extend_schema(tags=TAGS)
class BallotChannelsView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Start or stop online voting and votes in the room (secretary)",
        description="Votes already cast stay counted.",
        request=BallotChannelsSerializer,
        responses={200: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        data = validated(BallotChannelsSerializer, request.data)
        ballot = services.ballot_set_channels(ballot=ballot, actor=signed_in(request), **data)
        return Response(ballot_summary(ballot))


@extend_schema(tags=TAGS)
class BallotOpenView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Open the ballot (secretary)",
        description="Fixes the rules and the seed for lots, and freezes the electorate from the "
        "register as at the record date.",
        request=None,
        responses={200: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        ballot = services.ballot_open(ballot=ballot, actor=signed_in(request))
        return Response(ballot_summary(ballot))


@extend_schema(tags=TAGS)
class BallotCloseView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Close the ballot and count it (secretary)",
        description="Refused, with the reason, if the papers do not equal the members who "
        "voted. The results are then seen by the secretary and scrutineers until published.",
        request=None,
        responses={200: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        ballot = services.ballot_close(ballot=ballot, actor=signed_in(request))
        return Response(ballot_summary(ballot))


@extend_schema(tags=TAGS)
class BallotPublishView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Publish the results of a closed ballot to the members (secretary)",
        request=None,
        responses={200: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        ballot = services.ballot_publish(ballot=ballot, actor=signed_in(request))
        return Response(ballot_summary(ballot))


@extend_schema(tags=TAGS)
class BallotCancelView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Cancel a ballot being prepared or open (secretary)",
        request=BallotCancelSerializer,
        responses={200: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        data = validated(BallotCancelSerializer, request.data)
        ballot = services.ballot_cancel(
            ballot=ballot, reason=data["reason"], actor=signed_in(request)
        )
        return Response(ballot_summary(ballot))


@extend_schema(tags=TAGS)
class CastingVoteView(BallotView):
    policy = {"POST": permissions.can_manage_ballot}

    @extend_schema(
        summary="Record the chair's casting vote on a tied resolution (secretary)",
        description="After the ballot closes and before its results are published, where the "
        "rules give the chair a casting vote.",
        request=CastingVoteSerializer,
        responses={200: BallotQuestionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, question_id: int) -> Response:
        question = self.question(question_id)
        data = validated(CastingVoteSerializer, request.data)
        question = services.ballot_record_casting_vote(
            question=question, vote=data["casting_vote"], actor=signed_in(request)
        )
        return Response(BallotQuestionSerializer(selectors.question_with_options(question)).data)
