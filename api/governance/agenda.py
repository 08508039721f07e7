"""The agenda of a meeting: its items in order; the secretary adds reports, elections (with
their ballot) and other business, and moves items (motions go on it when admitted)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.governance.base import MeetingEndpoint, ballot_named, found
from api.governance.meetings import AgendaItemSerializer
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses, limited_char
from governance import limits, permissions, selectors, services
from governance.models import AgendaItem

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class AgendaItemAddSerializer(serializers.Serializer):
    kind = EnumChoiceField(AgendaItem.Kind.choices, enum_name="AgendaItemKindEnum")
    title = limited_char(limits.TITLE, _l("The title"))
    title_cy = limited_char(
        limits.TITLE, _l("The title in Welsh"), required=False, allow_blank=True
    )
    body = limited_char(limits.AGENDA_BODY, _l("The details"), required=False, allow_blank=True)
    body_cy = limited_char(
        limits.AGENDA_BODY, _l("The details in Welsh"), required=False, allow_blank=True
    )
    ballot = serializers.IntegerField(required=False, help_text="An election's ballot id.")


class AgendaMoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="The item's new place, from 1.")


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class AgendaView(MeetingEndpoint):
    policy = {"GET": permissions.can_view_meeting, "POST": permissions.can_run_meeting}

    @extend_schema(
        summary="The meeting's agenda, in order",
        responses={200: AgendaItemSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.meeting_agenda(self.meeting), AgendaItemSerializer)

    @extend_schema(
        summary="Add an item at the end of the agenda (secretary)",
        description="Reports, elections (with their ballot) and other business; motions go on "
        "the agenda when the board admits them.",
        request=AgendaItemAddSerializer,
        responses={201: AgendaItemSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(AgendaItemAddSerializer, request.data)
        ballot_id = data.pop("ballot", None)
        ballot = ballot_named(self.organisation, ballot_id, "ballot") if ballot_id else None
        item = services.agenda_item_add(
            meeting=self.meeting, ballot=ballot, actor=signed_in(request), **data
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class AgendaMoveView(MeetingEndpoint):
    policy = {"POST": permissions.can_run_meeting}

    @extend_schema(
        summary="Move an agenda item to another place (secretary); the others shift",
        request=AgendaMoveSerializer,
        responses={200: AgendaItemSerializer(many=True), **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, item_id: int) -> Response:
        item = found(selectors.agenda_item_get(self.meeting, item_id))
        data = validated(AgendaMoveSerializer, request.data)
        services.agenda_item_move(item=item, position=data["position"], actor=signed_in(request))
        agenda = selectors.meeting_agenda(self.meeting)
        return Response(AgendaItemSerializer(agenda, many=True).data)
