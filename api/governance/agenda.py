"""The agenda of a meeting: its items in order; the secretary adds reports, elections (with
their ballot) and other business, and moves items (motions go on it when admitted)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.governance import reads
from api.governance.base import VIEWERS, ballot_named, meeting_for_view
from api.governance.meetings import AgendaItemSerializer
from api.membership.base import OrganisationView, found, signed_in
from api.mixins import validated
from api.permissions import SECRETARY
from api.serializers import EnumChoiceField, error_responses
from governance import selectors, services
from governance.models import AgendaItem

TAGS = ["Meetings"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- serializers -------------------------------------------------------------------------


class AgendaItemAddSerializer(serializers.Serializer):
    kind = EnumChoiceField(AgendaItem.Kind.choices, enum_name="AgendaItemKindEnum")
    title = serializers.CharField(max_length=200)
    title_cy = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    body_cy = serializers.CharField(required=False, allow_blank=True)
    ballot = serializers.IntegerField(required=False, help_text="An election's ballot id.")


class AgendaMoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="The item's new place, from 1.")


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class AgendaView(OrganisationView):
    roles = {"GET": VIEWERS, "POST": SECRETARY}

    @extend_schema(
        summary="The meeting's agenda, in order",
        responses={200: AgendaItemSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        return self.paginated(selectors.meeting_agenda(meeting), AgendaItemSerializer)

    @extend_schema(
        summary="Add an item at the end of the agenda (secretary)",
        description="Reports, elections (with their ballot) and other business; motions go on "
        "the agenda when the board admits them.",
        request=AgendaItemAddSerializer,
        responses={201: AgendaItemSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        meeting = meeting_for_view(self, pk)
        data = validated(AgendaItemAddSerializer, request.data)
        ballot_id = data.pop("ballot", None)
        ballot = ballot_named(self.organisation, ballot_id, "ballot") if ballot_id else None
        item = services.agenda_item_add(
            meeting=meeting, ballot=ballot, actor=signed_in(request), **data
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class AgendaMoveView(OrganisationView):
    roles = {"POST": SECRETARY}

    @extend_schema(
        summary="Move an agenda item to another place (secretary); the others shift",
        request=AgendaMoveSerializer,
        responses={200: AgendaItemSerializer(many=True), **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, item_id: int) -> Response:
        meeting = meeting_for_view(self, pk)
        item = found(reads.agenda_item_get(meeting, item_id))
        data = validated(AgendaMoveSerializer, request.data)
        services.agenda_item_move(item=item, position=data["position"], actor=signed_in(request))
        return Response(AgendaItemSerializer(selectors.meeting_agenda(meeting), many=True).data)
