"""Ballots: the list, and one ballot with its paper (questions, options, reserved seats) and
the voter status of each member you vote for: whether they may vote, why not, and whether
they have voted."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.mixins import validated
from api.serializers import DateInSaneYears, DateTimeInSaneYears, EnumChoiceField, error_responses
from api.voting.base import (
    BallotsView,
    BallotView,
    NullIfBlank,
    classes_named,
    limited_text,
    signed_in,
)
from membership.models import MemberClass
from voting import permissions, selectors, services
from voting.models import Ballot, Option, Question, Reservation
from voting.report import setup_note

TAGS = ["Ballots"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)

# --- serializers -------------------------------------------------------------------------


class BallotOptionSerializer(serializers.ModelSerializer):
    code = NullIfBlank(
        help_text="for, against or abstain on a resolution's options; null on a choice or a "
        "candidate."
    )
    member_class = serializers.CharField(
        source="member_class.code",
        allow_null=True,
        default=None,
        help_text="The candidate's member class code (for reserved seats).",
    )

    class Meta:
        model = Option
        fields = (
            "id",
            "position",
            "code",
            "label",
            "label_cy",
            "member_class",
            "statement",
            "statement_cy",
            "is_withdrawn",
        )
        read_only_fields = fields


class BallotReservationSerializer(serializers.ModelSerializer):
    member_class = serializers.CharField(source="member_class.code", help_text="Class code.")

    class Meta:
        model = Reservation
        fields = ("member_class", "seats")
        read_only_fields = fields


class BallotQuestionSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(Question.Kind.choices, enum_name="QuestionKindEnum")
    method = EnumChoiceField(Question.Method.choices, enum_name="QuestionMethodEnum")
    casting_vote = EnumChoiceField(
        Question.Casting.choices, enum_name="CastingVoteEnum", allow_blank=True
    )
    resolution_type = serializers.CharField(
        source="resolution_type.code",
        allow_null=True,
        default=None,
        help_text="The type of resolution (its code in the rules); resolutions only.",
    )
    options = BallotOptionSerializer(many=True, read_only=True)
    reservations = serializers.SerializerMethodField(
        help_text="Seats reserved per member class (STV elections only)."
    )

    class Meta:
        model = Question
        fields = (
            "id",
            "position",
            "kind",
            "text",
            "text_cy",
            "resolution_type",
            "seats",
            "method",
            "casting_vote",
            "options",
            "reservations",
        )
        read_only_fields = fields

    @extend_schema_field(BallotReservationSerializer(many=True))
    def get_reservations(self, obj: Question) -> Any:
        # Only an STV election has reserved seats (`ballot_questions` prefetches no others).
        if obj.kind != Question.Kind.STV:
            return []
        return BallotReservationSerializer(obj.reservations.all(), many=True).data


class BallotSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(Ballot.Status.choices, enum_name="BallotStatusEnum")
    eligible_classes: serializers.SlugRelatedField[MemberClass] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="code",
        help_text="Codes of the member classes that vote (empty: every class).",
    )
    electorate_count = serializers.IntegerField(
        help_text="Members who may vote, fixed when the ballot opened."
    )

    class Meta:
        model = Ballot
        fields: tuple[str, ...] = (
            "id",
            "title",
            "title_cy",
            "description",
            "description_cy",
            "status",
            "is_secret",
            "record_date",
            "eligible_classes",
            "allow_online",
            "allow_in_room",
            "allow_proxy",
            "opens_at",
            "closes_at",
            "opened_at",
            "closed_at",
            "published_at",
            "electorate_count",
        )
        read_only_fields = fields


class BallotListSerializer(BallotSerializer):
    voted_count = serializers.IntegerField(help_text="Members who have voted so far.")

    class Meta(BallotSerializer.Meta):
        fields = (*BallotSerializer.Meta.fields, "voted_count")
        read_only_fields = fields


class VoterStatusSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    member_name = serializers.CharField(source="member.name")
    on_roll = serializers.BooleanField(help_text="On the ballot's roll (frozen when it opened).")
    may_vote = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the member may not vote (empty if they may).")
    has_voted = serializers.BooleanField()
    channel = serializers.CharField(help_text="How they voted (empty if they have not).")
    may_vote_now = serializers.BooleanField(
        help_text="The ballot is open and this member may still vote online."
    )


class BallotDetailSerializer(BallotSerializer):
    questions = serializers.SerializerMethodField()
    voters = serializers.SerializerMethodField(
        help_text="For each member you vote for (yourself, and organisations you represent): "
        "whether they may vote, why not, and whether they have voted."
    )

    disclosure_warning = serializers.SerializerMethodField(
        help_text="Before the ballot closes: where fewer than 5 members of a class may vote "
        "and the count treats classes apart (weights, or a majority in every class), the "
        "published result may reveal how they voted; this says so (empty otherwise)."
    )

    class Meta(BallotSerializer.Meta):
        fields = (*BallotSerializer.Meta.fields, "questions", "voters", "disclosure_warning")
        read_only_fields = fields

    @extend_schema_field(BallotQuestionSerializer(many=True))
    def get_questions(self, obj: Ballot) -> Any:
        return BallotQuestionSerializer(self.context["questions"], many=True).data

    @extend_schema_field(VoterStatusSerializer(many=True))
    def get_voters(self, obj: Ballot) -> Any:
        return VoterStatusSerializer(self.context["voters"], many=True).data

    def get_disclosure_warning(self, obj: Ballot) -> str:
        at_risk = selectors.classes_at_risk(obj, self.context["questions"])
        return setup_note([c.display_name for c in at_risk]) if at_risk else ""


class BallotCreateSerializer(serializers.Serializer):
    title = limited_text("title")
    title_cy = limited_text("title_cy", required=False, allow_blank=True)
    description = limited_text("description", required=False, allow_blank=True)
    description_cy = limited_text("description_cy", required=False, allow_blank=True)
    record_date = DateInSaneYears(
        help_text="The electorate is taken from the register as at this date when it opens."
    )
    is_secret = serializers.BooleanField(
        required=False, help_text="false for a recorded (named) vote (default true)."
    )
    eligible_classes = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        help_text="Codes of the member classes that vote (leave out for every class).",
    )
    allow_online = serializers.BooleanField(required=False)
    allow_in_room = serializers.BooleanField(required=False)
    allow_proxy = serializers.BooleanField(required=False)
    opens_at = DateTimeInSaneYears(required=False, allow_null=True)
    closes_at = DateTimeInSaneYears(required=False, allow_null=True)


# --- views -------------------------------------------------------------------------------


def ballot_body(ballot: Ballot, user: Any) -> dict[str, Any]:
    """One ballot with its paper and the voter status of each member the user votes for."""
    ballot = selectors.ballot_with_classes(ballot)
    still_open = ballot.status == Ballot.Status.OPEN and (
        ballot.closes_at is None or timezone.now() < ballot.closes_at
    )
    members = selectors.members_user_may_vote_for(user, ballot.organisation)
    statuses = selectors.voter_statuses([ballot], members)
    voters = []
    for member in members:
        voter = statuses[(ballot.pk, member.pk)]
        voters.append(
            {
                "member": member,
                "on_roll": voter.on_roll,
                "may_vote": voter.may_vote,
                "reason": voter.reason,
                "has_voted": voter.has_voted,
                "channel": voter.channel,
                "may_vote_now": still_open
                and ballot.allow_online
                and voter.may_vote
                and not voter.has_voted,
            }
        )
    context = {"voters": voters, "questions": selectors.ballot_questions(ballot)}
    return dict(BallotDetailSerializer(ballot, context=context).data)


def ballot_summary(ballot: Ballot) -> dict[str, Any]:
    return dict(BallotSerializer(selectors.ballot_with_classes(ballot)).data)


@extend_schema(tags=TAGS)
class BallotListView(BallotsView):
    policy = {"GET": permissions.can_view_ballots, "POST": permissions.can_create_ballot}

    @extend_schema(
        summary="Ballots, newest first (drafts for the secretary only)",
        responses={200: BallotListSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        ballots = selectors.ballots_for_organisation(
            self.organisation,
            include_drafts=permissions.can_view_draft_ballots(request.user, self.organisation),
        ).prefetch_related("eligible_classes")
        return self.paginated(ballots, BallotListSerializer)

    @extend_schema(
        summary="Prepare a ballot (secretary)",
        description="The ballot is a draft: add its questions, then open it. Proxy votes only "
        "where the rules in force on the record date allow them.",
        request=BallotCreateSerializer,
        responses={201: BallotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(BallotCreateSerializer, request.data)
        data["eligible_classes"] = classes_named(
            self.organisation, data.get("eligible_classes", []), "eligible_classes"
        )
        ballot = services.ballot_create(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(ballot_summary(ballot), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class BallotDetailView(BallotView):
    policy = {"GET": permissions.can_view_ballot}

    @extend_schema(
        summary="One ballot: its questions and choices, and whether you may vote",
        responses={200: BallotDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(ballot_body(self.ballot, signed_in(request)))
