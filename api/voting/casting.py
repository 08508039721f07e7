"""Casting votes: online by the member (or their organisation's representative), a paper vote
in the room entered by the secretary, and a show of hands for those present who have not
voted. Exactly one vote per member across every channel: the services lock the member's
participation and refuse a second vote with a clear message."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from api.voting.base import BallotView, members_named, signed_in
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, Organisation
from voting import limits, permissions, selectors, services
from voting.models import Channel, Question

TAGS = ["Ballots"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)

# --- serializers -------------------------------------------------------------------------


CAST_CHANNELS = [(Channel.ONLINE.value, "Online"), (Channel.ROOM.value, "Paper vote in the room")]

SELECTIONS_HELP = (
    "Question id → the ids of the options chosen: the one answer of a resolution, the choices "
    "of a choice of k from n, or the candidates in order of preference in an STV election. "
    "A question left out is a blank paper."
)


def selections_field(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text=SELECTIONS_HELP,
        **kwargs,
    )


class CastSerializer(serializers.Serializer):
    member = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The member number voting. Leave out when you vote only for yourself; "
        "required for a paper vote in the room.",
    )
    selections = selections_field()
    channel = EnumChoiceField(
        CAST_CHANNELS,
        enum_name="CastChannelEnum",
        required=False,
        default=Channel.ONLINE.value,
        help_text="`room`: the secretary enters a paper vote handed in at the meeting.",
    )


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(
        help_text="The voter's receipt code: shown once; published with the others at close."
    )


class HandsSerializer(serializers.Serializer):
    question = serializers.IntegerField(
        required=False, help_text="The question's id (default: the ballot's only question)."
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="Hands for each answer: `for`, `against`, `abstain`.",
    )
    present = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=limits.PRESENT_MEMBERS,
        help_text="Member numbers of those present (those who have voted already are not "
        "counted again).",
    )


class HandsResultSerializer(serializers.Serializer):
    counted = serializers.IntegerField(
        help_text="Members present who had not voted, now counted by the show of hands."
    )


# --- views -------------------------------------------------------------------------------


def _voter(organisation: Organisation, user: User, number: int | None, channel: str) -> Member:
    """The member whose vote this is: the one named, or the user's only member record."""
    if number is not None:
        return members_named(organisation, [number], "member")[0]
    if channel == Channel.ROOM:
        raise fail("member", _("Give the member number of the attendee whose paper this is."))
    members = selectors.members_user_may_vote_for(user, organisation)
    if not members:
        raise fail(
            "member",
            _("You are not a member of %(org)s, so you have no vote.") % {"org": organisation.name},
        )
    if len(members) > 1:
        raise fail(
            "member",
            _("You vote for more than one member (%(numbers)s): give the member number.")
            % {"numbers": ", ".join(str(m.number) for m in members)},
        )
    return members[0]


@extend_schema(tags=TAGS)
class BallotCastView(BallotView):
    policy = {"POST": permissions.can_vote_in_ballot}

    @extend_schema(
        summary="Cast a vote",
        description="Online, a member votes for themselves (or for the organisation they "
        "represent: give its `member` number). The secretary enters a paper vote handed in at "
        'the meeting with `"channel": "room"` and the attendee\'s `member` number. Each member '
        "votes once across every channel; voting twice, before the ballot opens or after it "
        "closes, when not on the roll, or with choices not on the paper answers 400 with the "
        "reason and writes nothing. The answer is the voter's receipt code.",
        request=CastSerializer,
        responses={201: ReceiptSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        ballot = self.ballot
        data = validated(CastSerializer, request.data)
        user = signed_in(request)
        channel = data["channel"]
        if channel == Channel.ROOM and not permissions.can_take_votes_in_room(user, ballot):
            raise PermissionDenied(_("Only the secretary enters paper votes in the room."))
        code = services.ballot_cast(
            ballot=ballot,
            member=_voter(self.organisation, user, data.get("member"), channel),
            selections=data["selections"],
            channel=channel,
            actor=user,
        )
        return Response({"receipt": code}, status=status.HTTP_201_CREATED)


def _hands_question(view: BallotView, question_id: int | None) -> Question:
    if question_id is not None:
        return view.question(question_id)
    questions = selectors.ballot_questions(view.ballot)
    if len(questions) != 1:
        raise fail("question", _("Say which question the show of hands decides."))
    return questions[0]


@extend_schema(tags=TAGS)
class HandsView(BallotView):
    policy = {"POST": permissions.can_take_votes_in_room}

    @extend_schema(
        summary="Record a show of hands for those present who have not voted (secretary)",
        description="Only for a ballot of one resolution whose rules do not weigh the vote by "
        "member class. Each member present who has not voted is counted once (a blank paper "
        "for each who raised no hand); votes already cast online, on paper or by proxy stay.",
        request=HandsSerializer,
        responses={200: HandsResultSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(HandsSerializer, request.data)
        question = _hands_question(self, data.get("question"))
        codes = {o.code: o.pk for o in question.options.all()}
        unknown = sorted(set(data["counts"]) - set(codes))
        if unknown:
            raise fail(
                "counts",
                _("“%(code)s” is not an answer to this question: count for, against or abstain.")
                % {"code": unknown[0]},
            )
        counted = services.hands_record(
            question=question,
            counts={codes[code]: n for code, n in data["counts"].items()},
            present_members=members_named(self.organisation, data["present"], "present"),
            actor=signed_in(request),
        )
        return Response({"counted": counted})
