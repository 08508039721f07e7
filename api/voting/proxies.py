"""Proxies on a ballot, where the rules allow them: the secretary records an appointment
(directed, or at the proxy's discretion), marks the proxy present, casts the proxy's vote
(counted once, like any vote) or revokes it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from api.voting.base import BallotView, limited_text, members_named, signed_in
from api.voting.casting import ReceiptSerializer, selections_field
from voting import permissions, selectors, services
from voting.models import Proxy

TAGS = ["Ballots"]
ACTION_ERRORS = error_responses(400, 401, 403, 404)

# --- serializers -------------------------------------------------------------------------


class BallotProxySerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member appointing.")
    member_name = serializers.CharField(source="member.name")
    holder = serializers.IntegerField(
        source="holder.number",
        allow_null=True,
        default=None,
        help_text="The proxy's member number (null: the chair or another named person).",
    )
    kind = EnumChoiceField(Proxy.Kind.choices, enum_name="ProxyKindEnum")
    status = EnumChoiceField(Proxy.Status.choices, enum_name="ProxyStatusEnum")
    directions = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="A directed proxy's votes: question id → option ids.",
    )

    class Meta:
        model = Proxy
        fields = (
            "id",
            "member",
            "member_name",
            "holder",
            "holder_name",
            "kind",
            "directions",
            "status",
            "holder_present",
        )
        read_only_fields = fields


class ProxyAppointSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="Number of the member appointing the proxy.")
    kind = EnumChoiceField(Proxy.Kind.choices, enum_name="ProxyKindEnum")
    holder = serializers.IntegerField(
        required=False, allow_null=True, help_text="The proxy's member number, if a member."
    )
    holder_name = limited_text(
        "holder_name",
        required=False,
        allow_blank=True,
        help_text="Otherwise the proxy's name (the chair).",
    )
    directions = selections_field(required=False)


class ProxyPresentSerializer(serializers.Serializer):
    present = serializers.BooleanField()


class ProxyCastSerializer(serializers.Serializer):
    """A discretionary proxy's choices; a directed proxy votes as directed and sends none."""

    selections = selections_field(required=False)


# --- views -------------------------------------------------------------------------------


@extend_schema(tags=TAGS)
class ProxyListView(BallotView):
    policy = {
        "GET": permissions.can_take_votes_in_room,
        "POST": permissions.can_take_votes_in_room,
    }

    @extend_schema(
        summary="The ballot's proxies, by member number (secretary)",
        responses={200: BallotProxySerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return self.paginated(selectors.proxies(self.ballot), BallotProxySerializer)

    @extend_schema(
        summary="Record a member's appointment of a proxy (secretary)",
        description="Where the rules allow proxies, and no one holds more than the rules' "
        "limit. A directed proxy votes as the member directs (question id → option ids).",
        request=ProxyAppointSerializer,
        responses={201: BallotProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = validated(ProxyAppointSerializer, request.data)
        holder = data.get("holder")
        proxy = services.proxy_appoint(
            ballot=self.ballot,
            member=members_named(self.organisation, [data["member"]], "member")[0],
            kind=data["kind"],
            holder=members_named(self.organisation, [holder], "holder")[0] if holder else None,
            holder_name=data.get("holder_name", ""),
            directions=data.get("directions"),
            actor=signed_in(request),
        )
        return Response(
            BallotProxySerializer(self.proxy(proxy.pk)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=TAGS)
class ProxyRevokeView(BallotView):
    policy = {"POST": permissions.can_take_votes_in_room}

    @extend_schema(
        summary="Revoke a proxy not yet used (secretary)",
        request=None,
        responses={200: BallotProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, proxy_id: int) -> Response:
        proxy = self.proxy(proxy_id)
        services.proxy_revoke(proxy=proxy, actor=signed_in(request))
        return Response(BallotProxySerializer(self.proxy(proxy_id)).data)


@extend_schema(tags=TAGS)
class ProxyPresentView(BallotView):
    policy = {"POST": permissions.can_take_votes_in_room}

    @extend_schema(
        summary="Record that the proxy is (or is no longer) present (secretary)",
        request=ProxyPresentSerializer,
        responses={200: BallotProxySerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, proxy_id: int) -> Response:
        proxy = self.proxy(proxy_id)
        data = validated(ProxyPresentSerializer, request.data)
        services.proxy_mark_present(proxy=proxy, present=data["present"], actor=signed_in(request))
        return Response(BallotProxySerializer(self.proxy(proxy_id)).data)


@extend_schema(tags=TAGS)
class ProxyCastView(BallotView):
    policy = {"POST": permissions.can_take_votes_in_room}

    @extend_schema(
        summary="Cast the vote of a proxy who is present (secretary)",
        description="A directed proxy votes as directed (send no `selections`); a "
        "discretionary proxy's choices are sent as `selections`. Counted once, like any vote.",
        request=ProxyCastSerializer,
        responses={201: ReceiptSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int, proxy_id: int) -> Response:
        proxy = self.proxy(proxy_id)
        data = validated(ProxyCastSerializer, request.data)
        code = services.ballot_cast_proxy(
            proxy=proxy, selections=data.get("selections"), actor=signed_in(request)
        )
        return Response({"receipt": code}, status=status.HTTP_201_CREATED)
