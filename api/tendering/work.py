"""The rest of a bid's work: evidence files for the bid pack, social value figures drawn from
the co-ops' registers, and each co-op's sign-off of the final bid."""

from __future__ import annotations

import os

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.serializers import DateTimeInSaneYears, error_responses
from api.tendering.base import (
    TAGS,
    BidView,
    ParticipantView,
    invalid,
    participant_named,
    question_named,
    valid,
)
from tendering import permissions, selectors, services
from tendering.models import BidParticipant, Evidence, JointBid, SocialValueFigure

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    participant = serializers.IntegerField(source="participant_id", allow_null=True)
    member_name = serializers.CharField(source="participant.member.name", allow_null=True)
    question = serializers.CharField(
        source="question.number", allow_null=True, help_text="Question number."
    )
    filename = serializers.SerializerMethodField()
    uploaded_by = serializers.CharField(source="uploaded_by.full_name", allow_null=True)

    class Meta:
        model = Evidence
        fields = (
            "id",
            "title",
            "participant",
            "member_name",
            "question",
            "filename",
            "uploaded_by",
            "created_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_filename(self, evidence: Evidence) -> str:
        return os.path.basename(evidence.file.name)


class EvidenceUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    file = serializers.FileField(help_text="At most 20 MB.")
    participant = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The co-op it is about (participant id): required unless you are the lead.",
    )
    question = serializers.IntegerField(
        required=False, allow_null=True, help_text="The question it supports (question id)."
    )


class SocialValueSerializer(serializers.ModelSerializer):
    participant = serializers.IntegerField(source="participant_id", allow_null=True)
    member_name = serializers.CharField(source="participant.member.name", allow_null=True)
    percent = serializers.CharField(help_text="numerator × 100 / denominator, one decimal.")

    class Meta:
        model = SocialValueFigure
        fields = (
            "participant",
            "member_name",
            "code",
            "label",
            "numerator",
            "denominator",
            "percent",
            "stated_on",
        )
        read_only_fields = fields


class SocialValueComputeSerializer(serializers.Serializer):
    stated_on = serializers.DateField(help_text="The registers as at this date.")


class SignOffRowSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    member_name = serializers.CharField(source="participant.member.name")
    signed_at = DateTimeInSaneYears(source="signoff.signed_at", allow_null=True)
    signed_by = serializers.CharField(source="signoff.signed_by.full_name", allow_null=True)
    may_sign = serializers.BooleanField(help_text="Whether you may sign it off now.")


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class EvidenceListView(BidView):
    policy = {"GET": permissions.can_view_bid, "POST": permissions.can_contribute_to_bid}
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        summary="The bid's evidence files you may see",
        description="The lead sees every file; a co-op's officers the consortium's and their "
        "own co-op's.",
        responses={200: EvidenceSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        items = permissions.evidence_list_for(request.user, self.bid)
        return self.paginated(items, EvidenceSerializer)

    @extend_schema(
        summary="Upload a file of evidence for the bid pack",
        description="While the bid is being put together; at most 20 MB. The lead for the bid "
        "or any co-op; a co-op's officers about their own co-op.",
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(EvidenceUploadSerializer, request.data)
        participant = data.get("participant")
        if participant is None and not permissions.can_manage_bid(request.user, self.bid):
            raise invalid("participant", _("Choose the co-op the evidence is about."))
        question = data.get("question")
        evidence = services.evidence_add(
            bid=self.bid,
            title=data["title"],
            file=data["file"],
            participant=participant_named(request.user, self.bid, participant, "participant")
            if participant is not None
            else None,
            question=question_named(self.bid, question, "question")
            if question is not None
            else None,
            actor=signed_in(request),
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class SocialValueView(BidView):
    policy = {"GET": permissions.can_view_bid, "POST": permissions.can_manage_bid}

    @extend_schema(
        summary="Social value figures drawn from the co-ops' registers",
        description="Each with its numerator, denominator and the date of the registers. The "
        "lead sees every co-op's; a co-op's officers their own co-op's.",
        responses={200: SocialValueSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        figures = permissions.social_value_for(request.user, self.bid)
        return self.paginated(figures, SocialValueSerializer)

    @extend_schema(
        summary="Draw the figures from each co-op's register as at a date (lead)",
        description="Replaces the figures: the share of members in each class and the board "
        "seats held by each class, for every approved co-op whose register Cyd keeps.",
        request=SocialValueComputeSerializer,
        responses={201: SocialValueSerializer(many=True), **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(SocialValueComputeSerializer, request.data)
        services.social_value_compute(
            bid=self.bid, stated_on=data["stated_on"], actor=signed_in(request)
        )
        figures = selectors.social_value_list(self.bid)
        return Response(
            SocialValueSerializer(figures, many=True).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=TAGS)
class SignOffListView(BidView):
    policy = {"GET": permissions.can_view_bid}

    @extend_schema(
        summary="Each approved co-op's sign-off of the final bid",
        responses={200: SignOffRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        signed = selectors.signoff_list(self.bid)
        may_sign = self.bid.status == JointBid.Status.FINAL_SIGNOFF
        rows = [
            {
                "participant": p,
                "signoff": signed.get(p.pk),
                "may_sign": may_sign
                and p.pk not in signed
                and permissions.can_act_for_participant(request.user, p),
            }
            for p in selectors.bid_participants(self.bid)
            if p.status == BidParticipant.Status.APPROVED
        ]
        return self.paginated(rows, SignOffRowSerializer)


@extend_schema(tags=TAGS)
class SignOffRecordView(ParticipantView):
    policy = {"POST": permissions.can_act_for_participant}

    @extend_schema(
        summary="Sign off the final bid for a co-op (the lead, or that co-op's officers)",
        description="In final sign-off, once per co-op; an addendum, a reopened answer or a "
        "co-op dropping out makes every sign-off lapse.",
        request=None,
        responses={201: SignOffRowSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, participant_id: int) -> Response:
        participant = self.participant
        signoff = services.signoff_record(
            bid=self.bid, participant=participant, actor=signed_in(request)
        )
        row = {"participant": participant, "signoff": signoff, "may_sign": False}
        return Response(SignOffRowSerializer(row).data, status=status.HTTP_201_CREATED)
