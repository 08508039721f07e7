"""Serializers of the opportunities a consortium tracks: what the API shows of a tender
(lots, award criteria, questions, documents) and what it takes to enter one. Free text has the
limits of `tendering.rules` (`MAX_*`) or of its model field; an empty address is null."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import EnumChoiceField
from api.tendering.base import hours_field, pence_field, uk_datetime_field
from tendering import rules
from tendering.models import AwardCriterion, Lot, Opportunity, OpportunityDocument, TenderQuestion

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
    url = serializers.SerializerMethodField(help_text="Its address on the buyer's portal.")
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

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, document: OpportunityDocument) -> str | None:
        return document.url or None


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
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=rules.MAX_DESCRIPTION
    )
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
    text = serializers.CharField(max_length=rules.MAX_QUESTION)
    text_cy = serializers.CharField(required=False, allow_blank=True, max_length=rules.MAX_QUESTION)
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
    url = serializers.URLField(required=False, allow_blank=True, max_length=200)
    published_on = serializers.DateField()
    is_addendum = serializers.BooleanField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=rules.MAX_NOTE)
    affects = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text="Numbers of the questions an addendum changes: their answers go back to "
        "draft in every open bid, and every sign-off lapses.",
    )


class OcdsUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="An OCDS release, or a package of one release (JSON); at most 10 MB."
    )
