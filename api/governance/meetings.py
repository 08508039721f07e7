"""Meetings: the list, planning one, one meeting with its agenda and the notice arithmetic of
its rules, and cancelling one (its open ballots are cancelled)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import (
    BlankAsNullURLField,
    MeetingEndpoint,
    OrganisationEndpoint,
    member_class_named,
)
from api.mixins import validated
from api.serializers import DateTimeInSaneYears, EnumChoiceField, error_responses, limited_char
from governance import limits, permissions, selectors, services
from governance.models import AgendaItem, Meeting

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

NOTICE_CHANNELS = [("email", "Email"), ("post", "Post")]


# --- serializers -------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(Meeting.Kind.choices, enum_name="MeetingKindEnum")
    format = EnumChoiceField(Meeting.Format.choices, enum_name="MeetingFormatEnum")
    status = EnumChoiceField(Meeting.Status.choices, enum_name="MeetingStatusEnum")
    notice_channel = EnumChoiceField(NOTICE_CHANNELS, enum_name="NoticeChannelEnum")
    member_class = serializers.CharField(
        source="member_class.code",
        allow_null=True,
        default=None,
        help_text="The class whose meeting it is (class meetings).",
    )
    online_link = BlankAsNullURLField(help_text="The link to join online (null if none).")

    class Meta:
        model = Meeting
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "title",
            "title_cy",
            "format",
            "starts_at",
            "place",
            "online_link",
            "member_class",
            "status",
            "notice_channel",
            "notice_given_on",
            "advance_voting",
            "quorum_required",
            "member_count_at_start",
            "started_at",
            "ended_at",
            "chair_name",
            "adjourned_to",
        )
        read_only_fields = fields


class MeetingListSerializer(MeetingSerializer):
    motion_count = serializers.IntegerField()

    class Meta(MeetingSerializer.Meta):
        fields = (*MeetingSerializer.Meta.fields, "motion_count")
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(AgendaItem.Kind.choices, enum_name="AgendaItemKindEnum")
    status = EnumChoiceField(AgendaItem.Status.choices, enum_name="AgendaItemStatusEnum")
    ballot = serializers.IntegerField(
        source="ballot_id", allow_null=True, help_text="The election's ballot, if any."
    )
    motion = serializers.SerializerMethodField(help_text="The motion taken at this item.")

    class Meta:
        model = AgendaItem
        fields = (
            "id",
            "position",
            "kind",
            "title",
            "title_cy",
            "body",
            "body_cy",
            "ballot",
            "status",
            "note",
            "motion",
        )
        read_only_fields = fields

    def get_motion(self, obj: AgendaItem) -> int | None:
        motion = getattr(obj, "motion", None)
        return motion.pk if motion is not None else None


class NoticeFactsSerializer(serializers.Serializer):
    given_on = serializers.DateField(help_text="Notice given (or, before it is, today).")
    deemed_delivered_on = serializers.DateField()
    earliest_meeting_on = serializers.DateField(
        help_text="The earliest lawful meeting date for notice given that day (clear days)."
    )
    clear_days = serializers.IntegerField()
    rule = serializers.CharField(help_text="The rule that sets the clear days.")
    motion_deadline_on = serializers.DateField(help_text="Members' motions must arrive by then.")
    channel = EnumChoiceField(
        NOTICE_CHANNELS,
        enum_name="NoticeChannelEnum",
        help_text="The channel the notice period is counted from (post if any member gets "
        "the notice by post).",
    )
    date_is_lawful = serializers.BooleanField()


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.SerializerMethodField()
    notice = serializers.SerializerMethodField(help_text="The notice arithmetic of the rules.")

    class Meta(MeetingSerializer.Meta):
        fields = (*MeetingSerializer.Meta.fields, "agenda", "notice")
        read_only_fields = fields

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, obj: Meeting) -> Any:
        return AgendaItemSerializer(self.context["agenda"], many=True).data

    @extend_schema_field(NoticeFactsSerializer)
    def get_notice(self, obj: Meeting) -> Any:
        return NoticeFactsSerializer(self.context["notice"]).data


class MeetingPlanSerializer(serializers.Serializer):
    kind = EnumChoiceField(Meeting.Kind.choices, enum_name="MeetingKindEnum")
    title = limited_char(limits.TITLE, _l("The title"))
    title_cy = limited_char(
        limits.TITLE, _l("The title in Welsh"), required=False, allow_blank=True
    )
    starts_at = DateTimeInSaneYears()
    format = EnumChoiceField(Meeting.Format.choices, enum_name="MeetingFormatEnum", required=False)
    place = limited_char(limits.PLACE, _l("The place"), required=False, allow_blank=True)
    online_link = serializers.URLField(max_length=200, required=False, allow_blank=True)
    notice_channel = EnumChoiceField(NOTICE_CHANNELS, enum_name="NoticeChannelEnum", required=False)
    member_class = serializers.SlugField(
        required=False, help_text="Member class code (class meetings)."
    )
    advance_voting = serializers.BooleanField(
        required=False, help_text="Members may vote online before the meeting (default true)."
    )


class MeetingUpdateSerializer(serializers.Serializer):
    """Every field optional: what is left out keeps its value."""

    title = limited_char(limits.TITLE, _l("The title"), required=False)
    title_cy = limited_char(
        limits.TITLE, _l("The title in Welsh"), required=False, allow_blank=True
    )
    starts_at = DateTimeInSaneYears(required=False)
    format = EnumChoiceField(Meeting.Format.choices, enum_name="MeetingFormatEnum", required=False)
    place = limited_char(limits.PLACE, _l("The place"), required=False, allow_blank=True)
    online_link = serializers.URLField(max_length=200, required=False, allow_blank=True)
    notice_channel = EnumChoiceField(NOTICE_CHANNELS, enum_name="NoticeChannelEnum", required=False)
    advance_voting = serializers.BooleanField(required=False)
    override_reason = limited_char(
        limits.REASON,
        _l("The reason"),
        required=False,
        allow_blank=True,
        help_text="Where the rules allow it: the board's reason for moving the meeting "
        "outside a legal window the rules set (never the s.111 confirmation window).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                _("Give at least one of the fields to change: %(fields)s.")
                % {"fields": ", ".join(self.fields)}
            )
        return attrs


class MeetingCancelSerializer(serializers.Serializer):
    reason = limited_char(limits.REASON, _l("The reason"))


# --- views -------------------------------------------------------------------------------


def meeting_body(meeting: Meeting) -> dict[str, Any]:
    """One meeting with its agenda and the notice arithmetic of its rules."""
    meeting = selectors.meeting_fresh(meeting)
    facts = selectors.notice_facts(meeting)
    notice = {**vars(facts), "date_is_lawful": selectors.date_is_lawful(meeting, facts)}
    context = {"agenda": selectors.meeting_agenda(meeting), "notice": notice}
    return dict(MeetingDetailSerializer(meeting, context=context).data)


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return dict(MeetingSerializer(selectors.meeting_fresh(meeting)).data)


@extend_schema(tags=TAGS)
class MeetingListView(OrganisationEndpoint):
    policy = {"GET": permissions.can_view_meetings, "POST": permissions.can_plan_meeting}

    @extend_schema(
        summary="Meetings, latest first (planned ones included, so members know the date and "
        "the deadline for motions; board meetings for the board and scrutineers only)",
        responses={200: MeetingListSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        meetings = selectors.meetings(
            self.organisation,
            include_planned=True,
            include_board=permissions.can_view_board_meetings(request.user, self.organisation),
        )
        return self.paginated(meetings, MeetingListSerializer)

    @extend_schema(
        summary="Plan a meeting (secretary)",
        description="A general meeting dated inside the notice period (counted as if notice "
        "were given today, in clear days from the rules) is refused, citing the rule. The "
        "agenda starts with the minutes of the last meeting.",
        request=MeetingPlanSerializer,
        responses={201: MeetingDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(MeetingPlanSerializer, request.data)
        data["member_class"] = member_class_named(
            self.organisation, data.get("member_class"), "member_class"
        )
        meeting = services.meeting_plan(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        return Response(meeting_body(meeting), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class MeetingDetailView(MeetingEndpoint):
    policy = {"GET": permissions.can_view_meeting, "PATCH": permissions.can_run_meeting}

    @extend_schema(
        summary="One meeting: when and where, its agenda, and the notice arithmetic",
        responses={200: MeetingDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(meeting_body(self.meeting))

    @extend_schema(
        summary="Change a planned meeting (secretary)",
        description="Title, date, place, link, how notice goes, advance voting. Refused once "
        "notice is given (cancel and call the meeting again), and for a date outside any "
        "window that depends on it — the notice period counted as if notice were given "
        "today, an s.111 confirmation on its agenda, a members' motion deadline, a "
        "requisition's deadline — naming the window and the lawful dates.",
        request=MeetingUpdateSerializer,
        responses={200: MeetingDetailSerializer, **ACTION_ERRORS},
    )
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MeetingUpdateSerializer, request.data)
        meeting = services.meeting_update(meeting=self.meeting, actor=signed_in(request), **data)
        return Response(meeting_body(meeting))


@extend_schema(tags=TAGS)
class MeetingCancelView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Cancel the meeting (secretary); its open ballots are cancelled",
        request=MeetingCancelSerializer,
        responses={200: MeetingSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(MeetingCancelSerializer, request.data)
        meeting = services.meeting_cancel(
            meeting=self.meeting, reason=data["reason"], actor=signed_in(request)
        )
        return Response(meeting_summary(meeting))
