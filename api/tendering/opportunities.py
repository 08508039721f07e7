"""Opportunities the consortium tracks (the lead's): the list, entering one by hand with its
lots, award criteria (weights adding up to 100), questions, documents and addenda, and
importing one from a buyer's OCDS release."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers import EnumChoiceField, error_responses
from api.tendering.base import (
    TAGS,
    ConsortiumView,
    OpportunityView,
    hours_field,
    invalid,
    lots_numbered,
    pence_field,
    questions_numbered,
    signed_in,
    uk_datetime_field,
    valid,
)
from tendering import selectors, services
from tendering.models import AwardCriterion, Lot, Opportunity, OpportunityDocument, TenderQuestion
from tendering.selectors import OpportunityDetail

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)
#: An OCDS release larger than this is not a tender notice.
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# --- serializers -------------------------------------------------------------------------


class TenderLotSerializer(serializers.ModelSerializer):
    role = EnumChoiceField(Lot.Role.choices, enum_name="TenderLotRoleEnum")

    class Meta:
        model = Lot
        fields = (
            "id",
            "number",
            "title",
            "title_cy",
            "zone",
            "role",
            "estimated_hours_per_week",
            "rate_ceiling_pence",
            "value_ceiling_pence",
        )
        read_only_fields = fields


class AwardCriterionSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(AwardCriterion.Kind.choices, enum_name="AwardCriterionKindEnum")

    class Meta:
        model = AwardCriterion
        fields = ("kind", "name", "weight")
        read_only_fields = fields


class TenderQuestionSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(TenderQuestion.Kind.choices, enum_name="TenderQuestionKindEnum")
    limit_kind = EnumChoiceField(
        TenderQuestion.LimitKind.choices, enum_name="TenderQuestionLimitEnum"
    )
    answered_by = EnumChoiceField(
        TenderQuestion.AnsweredBy.choices, enum_name="TenderQuestionAnsweredByEnum"
    )
    lots: serializers.SlugRelatedField[Lot] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="number",
        help_text="Numbers of the lots it applies to (empty: every lot).",
    )

    class Meta:
        model = TenderQuestion
        fields = (
            "id",
            "section",
            "number",
            "text",
            "text_cy",
            "kind",
            "limit_kind",
            "limit",
            "weight",
            "answered_by",
            "is_mandatory",
            "lots",
        )
        read_only_fields = fields


class TenderDocumentSerializer(serializers.ModelSerializer):
    affects: serializers.SlugRelatedField[TenderQuestion] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="number",
        help_text="Numbers of the questions an addendum changes.",
    )

    class Meta:
        model = OpportunityDocument
        fields = ("id", "title", "url", "is_addendum", "published_on", "summary", "affects")
        read_only_fields = fields


class OpportunitySerializer(serializers.ModelSerializer):
    regime = EnumChoiceField(Opportunity.Regime.choices, enum_name="OpportunityRegimeEnum")
    procedure = EnumChoiceField(Opportunity.Procedure.choices, enum_name="OpportunityProcedureEnum")
    languages = EnumChoiceField(Opportunity.Languages.choices, enum_name="OpportunityLanguagesEnum")

    class Meta:
        model = Opportunity
        fields: tuple[str, ...] = (
            "id",
            "buyer_name",
            "buyer_identifier",
            "reference",
            "ocid",
            "title",
            "title_cy",
            "description",
            "regime",
            "procedure",
            "clarification_deadline",
            "submission_deadline",
            "bid_validity_days",
            "languages",
            "max_lots_per_bidder",
        )
        read_only_fields = fields


class OpportunityRowSerializer(OpportunitySerializer):
    lot_count = serializers.IntegerField()
    question_count = serializers.IntegerField()
    bid = serializers.SerializerMethodField(
        help_text="The id of the consortium's bid for it, if it has one."
    )

    class Meta(OpportunitySerializer.Meta):
        fields = (*OpportunitySerializer.Meta.fields, "lot_count", "question_count", "bid")
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_bid(self, obj: Opportunity) -> int | None:
        mine = getattr(obj, "mine", [])
        return mine[0].pk if mine else None


class OpportunityDetailSerializer(serializers.Serializer):
    opportunity = OpportunitySerializer()
    lots = TenderLotSerializer(many=True)
    criteria = AwardCriterionSerializer(many=True)
    criteria_total = serializers.IntegerField(help_text="The weights add up to this (100).")
    questions = TenderQuestionSerializer(many=True)
    documents = TenderDocumentSerializer(many=True)
    bid = serializers.IntegerField(
        source="bid.pk",
        allow_null=True,
        help_text="The id of the consortium's bid for it, if it has one.",
    )


class OpportunityCreateSerializer(serializers.Serializer):
    buyer_name = serializers.CharField(max_length=200)
    buyer_identifier = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reference = serializers.CharField(max_length=100, help_text="The buyer's reference.")
    title = serializers.CharField(max_length=300)
    title_cy = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    regime = EnumChoiceField(
        Opportunity.Regime.choices, enum_name="OpportunityRegimeEnum", required=False
    )
    procedure = EnumChoiceField(
        Opportunity.Procedure.choices, enum_name="OpportunityProcedureEnum", required=False
    )
    languages = EnumChoiceField(
        Opportunity.Languages.choices, enum_name="OpportunityLanguagesEnum", required=False
    )
    clarification_deadline = uk_datetime_field(
        "Clarification questions by.", required=False, allow_null=True
    )
    submission_deadline = uk_datetime_field("Bids must be submitted by.")
    bid_validity_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    max_lots_per_bidder = serializers.IntegerField(
        required=False, allow_null=True, help_text="Leave out if the tender sets no limit."
    )


class LotCreateSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    title_cy = serializers.CharField(max_length=200, required=False, allow_blank=True)
    zone = serializers.CharField(max_length=100)
    role = EnumChoiceField(Lot.Role.choices, enum_name="TenderLotRoleEnum", required=False)
    estimated_hours_per_week = hours_field("The buyer's estimate.")
    rate_ceiling_pence = pence_field(
        "The highest hourly rate the buyer pays.", required=False, allow_null=True
    )
    value_ceiling_pence = pence_field("The highest value a year.", required=False, allow_null=True)


class CriterionInputSerializer(serializers.Serializer):
    kind = EnumChoiceField(AwardCriterion.Kind.choices, enum_name="AwardCriterionKindEnum")
    name = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(help_text="Per cent; the weights add up to 100.")


class CriteriaSetSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(many=True)


class CriteriaSerializer(serializers.Serializer):
    criteria = AwardCriterionSerializer(many=True)
    total = serializers.IntegerField()


class QuestionCreateSerializer(serializers.Serializer):
    section = serializers.CharField(max_length=100)
    number = serializers.CharField(max_length=20)
    text = serializers.CharField()
    text_cy = serializers.CharField(required=False, allow_blank=True)
    kind = EnumChoiceField(
        TenderQuestion.Kind.choices, enum_name="TenderQuestionKindEnum", required=False
    )
    limit_kind = EnumChoiceField(
        TenderQuestion.LimitKind.choices, enum_name="TenderQuestionLimitEnum", required=False
    )
    limit = serializers.IntegerField(
        required=False, allow_null=True, help_text="Words, characters or pages."
    )
    weight = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text='Per cent, as a decimal string like "12.5"; the questions\' weights add up '
        "to at most 100.",
    )
    answered_by = EnumChoiceField(
        TenderQuestion.AnsweredBy.choices,
        enum_name="TenderQuestionAnsweredByEnum",
        required=False,
    )
    is_mandatory = serializers.BooleanField(required=False)
    lots = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Numbers of the lots it applies to (leave out: every lot).",
    )


class DocumentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    url = serializers.URLField(required=False, allow_blank=True)
    published_on = serializers.DateField()
    is_addendum = serializers.BooleanField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    affects = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text="Numbers of the questions an addendum changes: their answers go back to "
        "draft in every open bid, and every sign-off lapses.",
    )


class OcdsUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An OCDS release, or a package of one release (JSON).")


# --- views -------------------------------------------------------------------------------


def detail(opportunity: Opportunity) -> dict[str, Any]:
    found: OpportunityDetail = selectors.opportunity_detail(opportunity)
    return dict(OpportunityDetailSerializer(found).data)


@extend_schema(tags=TAGS)
class OpportunityListView(ConsortiumView):
    @extend_schema(
        summary="The opportunities the consortium tracks, soonest deadline first (lead)",
        responses={200: OpportunityRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.opportunity_list(self.consortium), OpportunityRowSerializer)

    @extend_schema(
        summary="Enter an opportunity by hand (lead)",
        description="Deadlines are UK time; clarifications close before submission. Add its "
        "lots, award criteria, questions and documents next.",
        request=OpportunityCreateSerializer,
        responses={201: OpportunityDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = valid(OpportunityCreateSerializer, request.data)
        opportunity = services.opportunity_create(
            organisation=self.consortium, actor=signed_in(request), **data
        )
        return Response(detail(opportunity), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class OpportunityImportView(ConsortiumView):
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    @extend_schema(
        summary="Import an opportunity from a buyer's OCDS release (lead)",
        description="Send the release (or a package of one release) as the JSON body, or as "
        "the file `file` of a multipart form. A release that does not follow the OCDS 1.1.5 "
        "schema with the bids, lots and subcontracting extensions is refused with every "
        "schema error under `file`, and nothing is written.",
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": OcdsUploadSerializer,
        },
        responses={201: OpportunityDetailSerializer, **ACTION_ERRORS},
        examples=[
            OpenApiExample(
                "Refused",
                value={"file": ["The release does not follow the OCDS schema:", "ocid: …"]},
                response_only=True,
                status_codes=["400"],
            )
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        upload = request.FILES.get("file")
        if upload is not None:
            if upload.size is not None and upload.size > IMPORT_MAX_BYTES:
                raise invalid("file", _("The file is larger than 5 MB: it is not a tender notice."))
            content: bytes | str = upload.read()
        elif request.content_type.startswith("application/json") and request.data:
            content = json.dumps(request.data)
        else:
            raise invalid("file", _("Send the OCDS release as the JSON body or as the file."))
        opportunity = services.opportunity_import(
            organisation=self.consortium, content=content, actor=signed_in(request)
        )
        return Response(detail(opportunity), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class OpportunityDetailView(OpportunityView):
    @extend_schema(
        summary="One opportunity: its lots, award criteria, questions and documents (lead)",
        responses={200: OpportunityDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(detail(self.opportunity))


@extend_schema(tags=TAGS)
class LotListView(OpportunityView):
    @extend_schema(
        summary="Add a lot: a zone and a role, the buyer's estimate and ceilings (lead)",
        request=LotCreateSerializer,
        responses={201: TenderLotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(LotCreateSerializer, request.data)
        lot = services.lot_add(opportunity=self.opportunity, actor=signed_in(request), **data)
        return Response(TenderLotSerializer(lot).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class CriteriaView(OpportunityView):
    @extend_schema(
        summary="Replace the award criteria; their weights must add up to 100 (lead)",
        request=CriteriaSetSerializer,
        responses={200: CriteriaSerializer, **ACTION_ERRORS},
    )
    def put(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(CriteriaSetSerializer, request.data)
        made = services.criteria_set(
            opportunity=self.opportunity,
            criteria=[(c["kind"], c["name"], c["weight"]) for c in data["criteria"]],
            actor=signed_in(request),
        )
        body = {"criteria": made, "total": sum(c.weight for c in made)}
        return Response(CriteriaSerializer(body).data)


@extend_schema(tags=TAGS)
class QuestionListView(OpportunityView):
    @extend_schema(
        summary="Add a question with its limit, weight and who answers it (lead)",
        request=QuestionCreateSerializer,
        responses={201: TenderQuestionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(QuestionCreateSerializer, request.data)
        data["lots"] = lots_numbered(self.opportunity, data.get("lots", []), "lots")
        question = services.question_add(
            opportunity=self.opportunity, actor=signed_in(request), **data
        )
        return Response(TenderQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class DocumentListView(OpportunityView):
    @extend_schema(
        summary="Add a tender document or an addendum (lead)",
        description="An addendum reopens, in every open bid not yet submitted, the answers to "
        "the questions it changes, invalidates every sign-off, and sends a bid in review, "
        "final sign-off or ready back to drafting.",
        request=DocumentCreateSerializer,
        responses={201: TenderDocumentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(DocumentCreateSerializer, request.data)
        data["affects"] = questions_numbered(self.opportunity, data.get("affects", []), "affects")
        document = services.document_add(
            opportunity=self.opportunity, actor=signed_in(request), **data
        )
        return Response(TenderDocumentSerializer(document).data, status=status.HTTP_201_CREATED)
