"""How a motion and its amendments are shown: the text as amended with the changes marked
word by word, and each amendment's changes; used by every motions, amendments and votes
endpoint."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.governance.base import member_number_field
from api.serializers import EnumChoiceField
from governance import selectors
from governance.models import Amendment, Motion

CHANGE_KINDS = [("same", "Unchanged"), ("del", "Taken out"), ("ins", "Put in")]


# --- serializers -------------------------------------------------------------------------


class TextChangeSerializer(serializers.Serializer):
    kind = EnumChoiceField(CHANGE_KINDS, enum_name="TextChangeKindEnum")
    text = serializers.CharField()


class MotionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id")
    status = EnumChoiceField(Motion.Status.choices, enum_name="MotionStatusEnum")
    proposer = member_number_field(source="proposer.number")
    proposer_name = serializers.CharField(source="proposer.name", allow_null=True, default=None)
    seconder = member_number_field(source="seconder.number")
    seconder_name = serializers.CharField(source="seconder.name", allow_null=True, default=None)
    resolution_type = serializers.CharField(
        source="resolution_type.code", help_text="The type of resolution (its code in the rules)."
    )
    text_as_amended = serializers.CharField(
        source="substantive_text", help_text="The text after any carried amendment."
    )
    text_as_amended_cy = serializers.SerializerMethodField()
    ballot = serializers.IntegerField(source="ballot_id", allow_null=True)
    confirms = serializers.IntegerField(
        source="confirms_id",
        allow_null=True,
        help_text="The provisional special resolution this motion confirms (CCBS Act 2014 s.111).",
    )

    class Meta:
        model = Motion
        fields: tuple[str, ...] = (
            "id",
            "meeting",
            "title",
            "title_cy",
            "text",
            "text_cy",
            "supporting_statement",
            "supporting_statement_cy",
            "is_board_motion",
            "proposer",
            "proposer_name",
            "seconder",
            "seconder_name",
            "submitted_on",
            "seconded_on",
            "resolution_type",
            "status",
            "admissibility_reason",
            "admissibility_decided_on",
            "text_as_amended",
            "text_as_amended_cy",
            "ballot",
            "confirms",
            "decided_on",
            "result_summary",
        )
        read_only_fields = fields

    def get_text_as_amended_cy(self, obj: Motion) -> str:
        return obj.final_text_cy or obj.text_cy


class AmendmentSerializer(serializers.ModelSerializer):
    motion = serializers.IntegerField(source="motion_id")
    status = EnumChoiceField(Amendment.Status.choices, enum_name="AmendmentStatusEnum")
    proposer = member_number_field(source="proposer.number")
    proposer_name = serializers.CharField(source="proposer.name", allow_null=True, default=None)
    seconder = member_number_field(source="seconder.number")
    seconder_name = serializers.CharField(source="seconder.name", allow_null=True, default=None)
    ballot = serializers.IntegerField(source="ballot_id", allow_null=True)
    changes = serializers.SerializerMethodField(
        help_text="The motion's text with this amendment's changes marked, word by word."
    )

    class Meta:
        model = Amendment
        fields = (
            "id",
            "motion",
            "position",
            "text",
            "text_cy",
            "summary",
            "proposer",
            "proposer_name",
            "seconder",
            "seconder_name",
            "is_board_amendment",
            "submitted_on",
            "status",
            "ballot",
            "result_summary",
            "changes",
        )
        read_only_fields = fields

    @extend_schema_field(TextChangeSerializer(many=True))
    def get_changes(self, obj: Amendment) -> Any:
        changes = self.context["amendment_changes"].get(obj.pk, [])
        return TextChangeSerializer(changes, many=True).data


class MotionDetailSerializer(MotionSerializer):
    changes = serializers.SerializerMethodField(
        help_text="The text as amended with the changes from the text as proposed marked, word "
        "by word (empty while unamended)."
    )
    amendments = serializers.SerializerMethodField()

    class Meta(MotionSerializer.Meta):
        fields = (*MotionSerializer.Meta.fields, "changes", "amendments")
        read_only_fields = fields

    @extend_schema_field(TextChangeSerializer(many=True))
    def get_changes(self, obj: Motion) -> Any:
        return TextChangeSerializer(self.context["changes"].get(obj.pk, []), many=True).data

    @extend_schema_field(AmendmentSerializer(many=True))
    def get_amendments(self, obj: Motion) -> Any:
        return AmendmentSerializer(obj.amendments.all(), many=True, context=self.context).data


def _changes(original: str, amended: str) -> list[dict[str, str]]:
    if original == amended:
        return []
    return [{"kind": k, "text": t} for k, t in selectors.text_changes(original, amended)]


def _amendment_changes(amendment: Amendment, motion: Motion) -> list[dict[str, str]]:
    """An open amendment against the motion as it stood when the amendment was proposed; a
    decided one against the motion as first proposed."""
    if amendment.status in Amendment.OPEN:
        base = amendment.base_text or motion.substantive_text
    else:
        base = motion.text
    return _changes(base, amendment.text)


def motion_body(motion: Motion) -> dict[str, Any]:
    """One motion with its text as amended, the changes marked, and its amendments."""
    motion = selectors.motion_detail(motion.meeting, motion.pk)
    context = {
        "changes": {motion.pk: _changes(motion.text, motion.substantive_text)},
        "amendment_changes": {a.pk: _amendment_changes(a, motion) for a in motion.amendments.all()},
    }
    return dict(MotionDetailSerializer(motion, context=context).data)


def amendment_body(amendment: Amendment) -> dict[str, Any]:
    motion = selectors.motion_detail(amendment.motion.meeting, amendment.motion_id)
    amendment = next(a for a in motion.amendments.all() if a.pk == amendment.pk)
    context = {"amendment_changes": {amendment.pk: _amendment_changes(amendment, motion)}}
    return dict(AmendmentSerializer(amendment, context=context).data)
