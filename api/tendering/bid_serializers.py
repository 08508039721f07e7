"""Serializers of joint bids: a bid, its dashboard (steps, gates, deadlines, co-ops, answers
by state), the checklist, and what starting a bid, its plan, a step and go/no-go take."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import DateTimeInSaneYears, EnumChoiceField
from api.tendering.base import pence_field, uk_datetime_field
from api.tendering.participants import ParticipantRowSerializer
from tendering import rules, selectors
from tendering.models import Answer, JointBid
from voting.models import Ballot

Status = JointBid.Status

# --- serializers -------------------------------------------------------------------------


def _status_field(**kwargs: Any) -> EnumChoiceField:
    return EnumChoiceField(Status.choices, enum_name="JointBidStatusEnum", **kwargs)


class BidOpportunitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    buyer_name = serializers.CharField()
    submission_deadline = DateTimeInSaneYears()


class BidSerializer(serializers.ModelSerializer):
    opportunity = BidOpportunitySerializer()
    status = _status_field()
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The states it may move to now."
    )
    lead = serializers.IntegerField(
        source="lead.number", allow_null=True, help_text="The lead co-op's member number."
    )
    lead_name = serializers.CharField(source="lead.name", allow_null=True)
    liability = EnumChoiceField(JointBid.Liability.choices, enum_name="JointBidLiabilityEnum")
    decision_method = EnumChoiceField(
        JointBid.Decision.choices, enum_name="JointBidDecisionEnum", allow_blank=True
    )
    decision_ballot = serializers.IntegerField(
        source="decision_ballot_id", allow_null=True, help_text="The go/no-go ballot's id."
    )

    class Meta:
        model = JointBid
        fields = (
            "id",
            "opportunity",
            "status",
            "allowed_transitions",
            "lead",
            "lead_name",
            "liability",
            "answers_due",
            "prices_due",
            "signoff_due",
            "pay_floor_pence",
            "decision_method",
            "decision_ballot",
            "go_decided_on",
            "go_reference",
            "submitted_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=_status_field()))
    def get_allowed_transitions(self, bid: JointBid) -> list[str]:
        return [step.to for step in selectors.next_steps(bid)]


class GateSerializer(serializers.Serializer):
    code = serializers.CharField()
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    ok = serializers.BooleanField()
    detail = serializers.ListField(
        child=serializers.CharField(), help_text="What it waits for: who owes what, by when."
    )
    due = DateTimeInSaneYears(allow_null=True, help_text="The deadline it works to.")


class DeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    at = DateTimeInSaneYears()
    days_left = serializers.IntegerField()
    is_passed = serializers.BooleanField()


class StepSerializer(serializers.Serializer):
    to = _status_field()
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    needs_reason = serializers.BooleanField()
    is_submit = serializers.BooleanField()
    is_warning = serializers.BooleanField()


class AnswerCountSerializer(serializers.Serializer):
    status = EnumChoiceField(Answer.Status.choices, enum_name="AnswerStatusEnum")
    # Named like Field.label for the type checker only: DRF keeps declared fields apart.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    bid = BidSerializer()
    next_steps = StepSerializer(many=True, help_text="The allowed transitions, in order.")
    gates = GateSerializer(many=True)
    deadlines = DeadlineSerializer(many=True)
    participants = ParticipantRowSerializer(many=True)
    answer_counts = AnswerCountSerializer(many=True)


class ChecklistSerializer(serializers.Serializer):
    all_met = serializers.BooleanField()
    gates = GateSerializer(many=True)


class BidCreateSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField(help_text="An opportunity the consortium tracks.")
    liability = EnumChoiceField(
        JointBid.Liability.choices, enum_name="JointBidLiabilityEnum", required=False
    )
    answers_due = uk_datetime_field("Answers due (internal).", required=False, allow_null=True)
    prices_due = uk_datetime_field("Prices due (internal).", required=False, allow_null=True)
    signoff_due = uk_datetime_field("Sign-off due (internal).", required=False, allow_null=True)
    pay_floor_pence = pence_field(
        "The lowest hourly pay any member's pay line may have.", required=False
    )


class BidPlanSerializer(serializers.Serializer):
    liability = EnumChoiceField(
        JointBid.Liability.choices, enum_name="JointBidLiabilityEnum", required=False
    )
    answers_due = uk_datetime_field("Answers due (internal).", required=False)
    prices_due = uk_datetime_field("Prices due (internal).", required=False)
    signoff_due = uk_datetime_field("Sign-off due (internal).", required=False)
    pay_floor_pence = pence_field(
        "The lowest hourly pay any member's pay line may have.", required=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs


class TransitionSerializer(serializers.Serializer):
    to = _status_field(help_text="The state to move to (one of `allowed_transitions`).")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=rules.MAX_NOTE,
        help_text="Needed to withdraw, decline or let the bid lapse.",
    )


class GoDecisionSerializer(serializers.Serializer):
    go = serializers.BooleanField(help_text="true to bid; false for no-go (declined).")
    reference = serializers.CharField(max_length=200, help_text="The board minute.")
    decided_on = serializers.DateField()


class GoBallotOpenSerializer(serializers.Serializer):
    closes_at = uk_datetime_field("When the ballot closes.", required=False, allow_null=True)


class GoBallotSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(Ballot.Status.choices, enum_name="BallotStatusEnum")

    class Meta:
        model = Ballot
        fields = ("id", "title", "status", "record_date", "opened_at", "closes_at")
        read_only_fields = fields
