"""The member co-ops of a bid: inviting them, each one's approval (board resolution or member
ballot, with conditions) and written authorisation of the lead, a co-op dropping out, naming
the lead; and a co-op's own part of the bid (its approval, commitments, its own cost
build-ups, its answers): seen by the lead and that co-op only."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import member_numbered
from api.mixins import renamed_errors
from api.serializers import DateTimeInSaneYears, EnumChoiceField, error_responses
from api.tendering.answers import AnswerRowSerializer
from api.tendering.base import (
    TAGS,
    BidView,
    ParticipantView,
    hours_field,
    invalid,
    lots_numbered,
    valid,
)
from api.tendering.capacity import (
    CapacityDeclarationSerializer,
    CommitmentSerializer,
    PriceLineSerializer,
)
from tendering import permissions, rules, selectors, services
from tendering.models import BidParticipant
from tendering.selectors import ParticipantRow
from voting.models import Ballot

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    """A co-op of the bid (from a participant row or a co-op's part)."""

    id = serializers.IntegerField(source="participant.pk")
    member = serializers.IntegerField(
        source="participant.member.number", help_text="Its member number in the consortium."
    )
    member_name = serializers.CharField(source="participant.member.name")
    status = EnumChoiceField(
        BidParticipant.Status.choices,
        enum_name="BidParticipantStatusEnum",
        source="participant.status",
    )
    approval_kind = EnumChoiceField(
        BidParticipant.Approval.choices,
        enum_name="BidParticipantApprovalEnum",
        allow_blank=True,
        source="participant.approval_kind",
    )
    approval_reference = serializers.CharField(source="participant.approval_reference")
    approved_on = serializers.DateField(source="participant.approved_on", allow_null=True)
    approval_expires_on = serializers.DateField(
        source="participant.approval_expires_on", allow_null=True
    )
    approval_in_date = serializers.BooleanField()
    allowed_lots = serializers.ListField(
        child=serializers.IntegerField(),
        source="lot_numbers",
        help_text="Numbers of the lots it approved (empty: every lot).",
    )
    max_hours_per_week = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        source="participant.max_hours_per_week",
        allow_null=True,
        help_text="The most hours a week it approved, in all.",
    )
    conditions = serializers.CharField(source="participant.conditions")
    authorised_lead = serializers.BooleanField(source="participant.authorised_lead")
    authorisation_signed_by = serializers.CharField(source="participant.authorisation_signed_by")
    authorisation_on = serializers.DateField(source="participant.authorisation_on", allow_null=True)
    is_lead = serializers.BooleanField()


class ParticipantRowSerializer(ParticipantSerializer):
    has_signed_off = serializers.BooleanField()


class SignOffStateSerializer(serializers.Serializer):
    signed_at = DateTimeInSaneYears()
    signed_by = serializers.CharField(source="signed_by.full_name")


class MemberPartSerializer(ParticipantSerializer):
    commitments = CommitmentSerializer(many=True)
    prices = PriceLineSerializer(many=True, help_text="Its own cost build-ups.")
    answers = AnswerRowSerializer(
        many=True, help_text="The questions it answers or its people were given."
    )
    capacity = CapacityDeclarationSerializer(allow_null=True)
    signoff = SignOffStateSerializer(allow_null=True)


class MyPartsSerializer(serializers.Serializer):
    parts = MemberPartSerializer(many=True)


class InviteSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="The co-op's member number in the consortium.")


class LeadSerializer(serializers.Serializer):
    lead = serializers.IntegerField(help_text="The lead co-op's member number.")


class ApprovalSerializer(serializers.Serializer):
    approval_kind = EnumChoiceField(
        BidParticipant.Approval.choices, enum_name="BidParticipantApprovalEnum"
    )
    reference = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Resolution or ballot reference (for a ballot, leave out to cite it).",
    )
    approval_ballot = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Where the co-op's members decided: the id of one of the co-op's own "
        "closed ballots, whose result carried.",
    )
    approved_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)
    allowed_lots = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Numbers of the lots approved (leave out: every lot).",
    )
    max_hours_per_week = hours_field(
        "The most hours a week approved, in all.", required=False, allow_null=True
    )
    conditions = serializers.CharField(required=False, allow_blank=True, max_length=rules.MAX_NOTE)


class AuthoriseSerializer(serializers.Serializer):
    signed_by = serializers.CharField(max_length=200)
    signed_on = serializers.DateField()


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=rules.MAX_NOTE)


# --- views -------------------------------------------------------------------------------


def coop_ballot(participant: BidParticipant, ballot_id: int) -> Ballot:
    """One of the co-op's own closed ballots, by id; 400 on the field otherwise."""
    ballot = selectors.coop_ballot_numbered(participant, ballot_id)
    if ballot is None:
        raise invalid("approval_ballot", _("Choose one of the co-op's own closed ballots."))
    return ballot


def participant_row(participant: BidParticipant) -> ParticipantRow:
    """One co-op of the bid as it now stands, as a row of the lead's list."""
    bid = participant.bid
    rows = selectors.participant_rows(bid, selectors.participant_with_lots(bid, participant.pk))
    return found(rows[0] if rows else None)


@extend_schema(tags=TAGS)
class ParticipantListView(BidView):
    policy = {"GET": permissions.can_manage_bid, "POST": permissions.can_manage_bid}

    @extend_schema(
        summary="The co-ops invited to the bid, with their approvals (lead)",
        responses={200: ParticipantRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        rows = selectors.participant_rows(self.bid, selectors.bid_participants(self.bid))
        return self.paginated(rows, ParticipantRowSerializer)

    @extend_schema(
        summary="Invite a member co-op in good standing (lead)",
        request=InviteSerializer,
        responses={201: ParticipantRowSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(InviteSerializer, request.data)
        participant = services.participant_invite(
            bid=self.bid,
            member=member_numbered(self.consortium, data["member"], "member"),
            actor=signed_in(request),
        )
        participant.bid = self.bid
        body = ParticipantRowSerializer(participant_row(participant)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class ParticipantDetailView(ParticipantView):
    policy = {"GET": permissions.can_view_participant}

    @extend_schema(
        summary="A co-op's part of the bid (the lead and that co-op's officers only)",
        description="Its approval and conditions, commitments, its own cost build-ups, the "
        "questions it answers or its people were given, its capacity and sign-off. Anyone "
        "else, another co-op of the bid included, gets 404.",
        responses={200: MemberPartSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        participant = self.participant
        people = permissions.officers_of(participant.member)
        part = selectors.member_part(participant.bid, participant, people=people)
        return Response(MemberPartSerializer(part).data)


@extend_schema(tags=TAGS)
class MyPartView(BidView):
    policy = {"GET": permissions.can_view_bid}

    @extend_schema(
        summary="Your own co-op's part of the bid",
        description="The part of each co-op of the bid you are a bid officer of (its "
        "secretary or a bid manager of its own organisation); 404 if you act for none.",
        responses={200: MyPartsSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        own = permissions.own_parts(request.user, self.bid)
        if not own:
            raise NotFound
        parts = [
            selectors.member_part(self.bid, p, people=permissions.officers_of(p.member))
            for p in sorted(own, key=lambda p: p.pk)
        ]
        return Response(MyPartsSerializer({"parts": parts}).data)


@extend_schema(tags=TAGS)
class ParticipantApproveView(ParticipantView):
    policy = {"POST": permissions.can_record_approval}

    @extend_schema(
        summary="Record a co-op's own approval of the bid and its conditions",
        description="A board resolution or a member ballot (linked to the co-op's own closed "
        "ballot that carried), with the lots approved and the most hours a week. Recorded by "
        "the co-op's own secretary or board; by the lead only under the co-op's written "
        "delegation, or for a co-op not in Cyd. Refused for a co-op not in good standing, an "
        "approval already expired, lots not in the tender, or a ballot not the co-op's, not "
        "closed or not carried.",
        request=ApprovalSerializer,
        responses={200: ParticipantRowSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        participant = self.participant
        data = valid(ApprovalSerializer, request.data)
        data["allowed_lots"] = lots_numbered(
            self.bid.opportunity, data.get("allowed_lots", []), "allowed_lots"
        )
        data["reference"] = data.get("reference", "")
        ballot_id = data.pop("approval_ballot", None)
        if ballot_id is not None:
            data["approval_ballot"] = coop_ballot(participant, ballot_id)
        with renamed_errors(
            {"approval_reference": "reference", "approval_expires_on": "expires_on"}
        ):
            services.participant_approve(participant=participant, actor=signed_in(request), **data)
        return Response(ParticipantRowSerializer(participant_row(participant)).data)


@extend_schema(tags=TAGS)
class ParticipantAuthoriseView(ParticipantView):
    policy = {"POST": permissions.can_manage_participant}

    @extend_schema(
        summary="Record a co-op's written authorisation of the lead (lead)",
        request=AuthoriseSerializer,
        responses={200: ParticipantRowSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        participant = self.participant
        data = valid(AuthoriseSerializer, request.data)
        with renamed_errors(
            {"authorisation_signed_by": "signed_by", "authorisation_on": "signed_on"}
        ):
            services.participant_authorise_lead(
                participant=participant, actor=signed_in(request), **data
            )
        return Response(ParticipantRowSerializer(participant_row(participant)).data)


@extend_schema(tags=TAGS)
class ParticipantWithdrawView(ParticipantView):
    policy = {"POST": permissions.can_withdraw_participant}

    @extend_schema(
        summary="A co-op declines or drops out, with the reason (lead)",
        description="Its commitments are removed, every sign-off lapses, a bid under way goes "
        "to re-planning, and if it led the bid the bid has no lead.",
        request=WithdrawSerializer,
        responses={200: ParticipantRowSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        participant = self.participant
        data = valid(WithdrawSerializer, request.data)
        services.participant_withdraw(
            participant=participant, reason=data["reason"], actor=signed_in(request)
        )
        self.bid.refresh_from_db(fields=["lead", "status"])
        return Response(ParticipantRowSerializer(participant_row(participant)).data)


@extend_schema(tags=TAGS)
class LeadView(BidView):
    policy = {"POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Name the lead: a co-op taking part, in good standing (lead)",
        description="Replacing the lead voids the other co-ops' written authorisations of the "
        "old one; once the co-ops have signed off, reopen the bid for drafting first.",
        request=LeadSerializer,
        responses={200: ParticipantRowSerializer(many=True), **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(LeadSerializer, request.data)
        bid = services.bid_set_lead(
            bid=self.bid,
            member=member_numbered(self.consortium, data["lead"], "lead"),
            actor=signed_in(request),
        )
        rows = selectors.participant_rows(bid, selectors.bid_participants(bid))
        return Response(ParticipantRowSerializer(rows, many=True).data)
