"""Motions: the meeting's motions; a member submits, seconds or withdraws one (the secretary
may act for a member by number); the board decides admissibility; the secretary adds the
board's motions and puts a provisional special resolution to a second meeting. One motion
shows its text as amended with the changes marked, and its amendments."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.governance import reads
from api.governance.base import (
    BOARD,
    VIEWERS,
    acting_for_field,
    acting_member,
    meeting_for_view,
    meeting_named,
    member_number_field,
    motion_for_view,
    require_secretary,
)
from api.membership.base import OrganisationView, signed_in
from api.mixins import validated
from api.permissions import SECRETARY
from api.serializers import EnumChoiceField, error_responses
from governance import selectors, services
from governance.models import Amendment, Motion
from membership.models import Member

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

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


class MotionSubmitSerializer(serializers.Serializer):
    proposer = acting_for_field("proposer")
    title = serializers.CharField(max_length=200)
    title_cy = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text = serializers.CharField()
    text_cy = serializers.CharField(required=False, allow_blank=True)
    supporting_statement = serializers.CharField(required=False, allow_blank=True)
    supporting_statement_cy = serializers.CharField(required=False, allow_blank=True)
    resolution_type = serializers.SlugField(
        required=False,
        help_text="The type of resolution (its code in the rules; default ordinary).",
    )
    submitted_on = serializers.DateField(
        required=False,
        help_text="The day a motion on paper was received (secretary only; default today).",
    )


class BoardMotionSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_cy = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text = serializers.CharField()
    text_cy = serializers.CharField(required=False, allow_blank=True)
    supporting_statement = serializers.CharField(required=False, allow_blank=True)
    supporting_statement_cy = serializers.CharField(required=False, allow_blank=True)
    resolution_type = serializers.SlugField(
        required=False,
        help_text="The type of resolution (its code in the rules; default ordinary).",
    )


class MotionSecondSerializer(serializers.Serializer):
    seconder = acting_for_field("seconder")


class AdmissibilitySerializer(serializers.Serializer):
    admissible = serializers.BooleanField()
    reason = serializers.CharField(help_text="The board's reason.")


class MotionWithdrawSerializer(serializers.Serializer):
    member = acting_for_field("proposer withdrawing it")


class ConfirmationSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(
        help_text="The id of the meeting that confirms it, 14 days to one month after the first."
    )


# --- views -------------------------------------------------------------------------------


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
    motion = reads.motion_detail(motion.meeting, motion.pk)
    context = {
        "changes": {motion.pk: _changes(motion.text, motion.substantive_text)},
        "amendment_changes": {a.pk: _amendment_changes(a, motion) for a in motion.amendments.all()},
    }
    return dict(MotionDetailSerializer(motion, context=context).data)


def amendment_body(amendment: Amendment) -> dict[str, Any]:
    motion = reads.motion_detail(amendment.motion.meeting, amendment.motion_id)
    amendment = next(a for a in motion.amendments.all() if a.pk == amendment.pk)
    context = {"amendment_changes": {amendment.pk: _amendment_changes(amendment, motion)}}
    return dict(AmendmentSerializer(amendment, context=context).data)


@extend_schema(tags=TAGS)
class MotionListView(OrganisationView):
    roles = {"GET": VIEWERS, "POST": VIEWERS}

    @extend_schema(
        summary="The meeting's motions, in the order received",
        responses={200: MotionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        return self.paginated(selectors.meeting_motions(meeting), MotionSerializer)

    @extend_schema(
        summary="Submit a member's motion",
        description="By the rules' deadline, with a supporting statement; it then needs a "
        "seconder, and the board decides whether it is admissible. You submit as yourself; the "
        "secretary may enter a motion received on paper for a member (`proposer`, "
        "`submitted_on`).",
        request=MotionSubmitSerializer,
        responses={201: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        data = validated(MotionSubmitSerializer, request.data)
        if "submitted_on" in data:
            require_secretary(self, _("Only the secretary records the day a motion arrived."))
        proposer = acting_member(self, data.pop("proposer", None), "proposer")
        motion = services.motion_submit(
            meeting=meeting,
            proposer=cast(Member, proposer),
            actor=signed_in(request),
            **data,
        )
        return Response(motion_body(motion), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class BoardMotionView(OrganisationView):
    roles = {"POST": SECRETARY}

    @extend_schema(
        summary="Put a motion of the board to the meeting (secretary)",
        description="A board motion needs no seconder and goes straight on the agenda.",
        request=BoardMotionSerializer,
        responses={201: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        data = validated(BoardMotionSerializer, request.data)
        motion = services.board_motion_add(meeting=meeting, actor=signed_in(request), **data)
        return Response(motion_body(motion), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class MotionDetailView(OrganisationView):
    roles = {"GET": VIEWERS}

    @extend_schema(
        summary="One motion: its text as amended with the changes marked, its amendments, the "
        "board's decision and the result",
        responses={200: MotionDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(motion_body(motion_for_view(self, pk)))


@extend_schema(tags=TAGS)
class MotionSecondView(OrganisationView):
    roles = {"POST": VIEWERS}

    @extend_schema(
        summary="Second a motion",
        description="By another member than the proposer, by the rules' deadline.",
        request=MotionSecondSerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        motion = motion_for_view(self, pk)
        data = validated(MotionSecondSerializer, request.data)
        seconder = acting_member(self, data.get("seconder"), "seconder")
        motion = services.motion_second(
            motion=motion, seconder=cast(Member, seconder), actor=signed_in(request)
        )
        return Response(motion_body(motion))


@extend_schema(tags=TAGS)
class AdmissibilityView(OrganisationView):
    roles = {"POST": BOARD}

    @extend_schema(
        summary="Record whether a seconded motion is admissible, and why (board)",
        description="An admitted motion goes on the agenda (and online voting on it opens if "
        "notice has been given and the meeting allows advance voting).",
        request=AdmissibilitySerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        motion = motion_for_view(self, pk)
        data = validated(AdmissibilitySerializer, request.data)
        motion = services.motion_decide_admissibility(
            motion=motion,
            admissible=data["admissible"],
            reason=data["reason"],
            actor=signed_in(request),
        )
        return Response(motion_body(motion))


@extend_schema(tags=TAGS)
class MotionWithdrawView(OrganisationView):
    roles = {"POST": VIEWERS}

    @extend_schema(
        summary="Withdraw a motion not yet decided",
        description="By its proposer (a board motion: by the secretary). Its ballot, if open, "
        "is cancelled.",
        request=MotionWithdrawSerializer,
        responses={200: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        motion = motion_for_view(self, pk)
        data = validated(MotionWithdrawSerializer, request.data)
        if motion.is_board_motion:
            require_secretary(self, _("Only the secretary withdraws a motion of the board."))
        by = acting_member(self, data.get("member"), "member")
        motion = services.motion_withdraw(motion=motion, by=by, actor=signed_in(request))
        return Response(motion_body(motion))


@extend_schema(tags=TAGS)
class ConfirmationView(OrganisationView):
    roles = {"POST": SECRETARY}

    @extend_schema(
        summary="Put a provisional special resolution to a second meeting (secretary)",
        description="For confirmation by more than half of the votes cast at a meeting held "
        "14 days to one month after the first (CCBS Act 2014 s.111). Answers the confirming "
        "motion, on that meeting's agenda.",
        request=ConfirmationSerializer,
        responses={201: MotionDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        motion = motion_for_view(self, pk)
        data = validated(ConfirmationSerializer, request.data)
        second = services.confirmation_propose(
            first=motion,
            meeting=meeting_named(self.organisation, data["meeting"], "meeting"),
            actor=signed_in(request),
        )
        return Response(motion_body(second), status=status.HTTP_201_CREATED)
