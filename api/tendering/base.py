"""What the joint bids endpoints share: the views under `/organisations/{slug}/` of a consortium
(its opportunities, its bids, one bid), the input fields (pence as whole numbers, hours as
decimals, deadlines read as UK time), validation that names each field, and the look-ups that
turn the numbers and ids of a request into objects of the consortium or the bid.

A look-up of something named in a request body answers 400 on that field when the consortium
or the bid has no such thing (or the user may not act for it); something named in the address
answers 404."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from api.membership.base import found, signed_in
from api.tendering import reads
from api.tendering.permissions import LEAD, Audience, JointBidAccess
from coop.core.models import User
from membership.models import Organisation
from tendering import permissions, selectors
from tendering.models import (
    BidParticipant,
    JointBid,
    LibraryAnswer,
    Lot,
    Opportunity,
    TenderQuestion,
)
from tendering.permissions import BidAccess

__all__ = ["TAGS", "BidView", "ConsortiumView", "OpportunityView", "found", "signed_in"]

TAGS = ["Joint bids"]
#: Deadlines are UK time: one given without an offset is read as Europe/London.
LONDON = ZoneInfo("Europe/London")


# --- Input fields ----------------------------------------------------------------------------


def pence_field(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    """An amount in whole pence (an integer: "13.45" or 13.45 is refused, as pounds)."""
    return serializers.IntegerField(help_text=f"{help_text} In whole pence.", **kwargs)


def hours_field(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    """Hours a week as a decimal string with at most two places, like "37.5"."""
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        help_text=f'{help_text} Hours a week, as a decimal string like "37.5".',
        **kwargs,
    )


def uk_datetime_field(help_text: str, **kwargs: Any) -> serializers.DateTimeField:
    """A deadline; one given without an offset is read as UK time (Europe/London)."""
    return serializers.DateTimeField(
        default_timezone=LONDON,
        help_text=f"{help_text} Without an offset, read as UK time (Europe/London).",
        **kwargs,
    )


def _messages(detail: Any, prefix: str = "") -> list[str]:
    if isinstance(detail, Mapping):
        return [
            message
            for key, value in detail.items()
            for message in _messages(
                value,
                f"{prefix}{key + 1 if isinstance(key, int) else key}: "
                if key != "non_field_errors"
                else prefix,
            )
        ]
    if isinstance(detail, list | tuple):
        if all(isinstance(item, str) for item in detail):
            return [f"{prefix}{item}" for item in detail]
        return [
            message
            for index, item in enumerate(detail)
            if item
            for message in _messages(item, f"{prefix}{index + 1}: ")
        ]
    return [f"{prefix}{detail}"]


def valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validate `data` for shape; 400 with `{"field": ["message", ...]}`, where an error
    inside a list (criteria, lots) is one message saying which item and which part."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise serializers.ValidationError(
            {field: _messages(detail) for field, detail in serializer.errors.items()}
        )
    return dict(serializer.validated_data)


def invalid(field: str, message: str) -> DjangoValidationError:
    return DjangoValidationError({field: [message]})


# --- Views -----------------------------------------------------------------------------------


# An endpoint of one consortium: `audiences` names who may use each HTTP method (methods not
# named are the lead's). The consortium is resolved once, by the gate; a user who may not see
# it gets 404. Answers are JSON only. (A comment, not a docstring: the schema would show it.)
class ConsortiumView(GenericAPIView):
    permission_classes = (IsAuthenticated, JointBidAccess)
    renderer_classes: tuple[type[BaseRenderer], ...] = (JSONRenderer,)
    filter_backends = ()
    audiences: ClassVar[Mapping[str, Audience]] = {}
    _consortium: Organisation | None = None
    _is_lead: bool = False

    def audience(self, method: str) -> Audience:
        if method in ("HEAD", "OPTIONS"):
            method = "GET"
        return self.audiences.get(method, LEAD)

    def admit(self, audience: Audience, *, action: bool) -> None:
        user, slug = self.request.user, self.kwargs["slug"]
        if audience == LEAD:
            self._consortium = permissions.consortium_get_for_lead(user, slug, action=action)
            self._is_lead = True
        else:
            self._consortium, self._is_lead = permissions.consortium_get_for_view(user, slug)

    @property
    def consortium(self) -> Organisation:
        if self._consortium is None:
            raise RuntimeError("the joint bids gate has not admitted this request")
        return self._consortium

    @property
    def is_lead(self) -> bool:
        return self._is_lead

    def paginated(
        self,
        items: Iterable[Any],
        serializer_class: type[serializers.BaseSerializer],
        context: Mapping[str, Any] | None = None,
    ) -> Response:
        page: list[Any] | None = self.paginate_queryset(items)  # type: ignore[arg-type]
        assert page is not None
        serializer = serializer_class(page, many=True, context=dict(context or {}))
        return self.get_paginated_response(serializer.data)


# An endpoint of one opportunity the consortium tracks (`pk`): the lead's only.
class OpportunityView(ConsortiumView):
    _opportunity: Opportunity | None = None

    def admit(self, audience: Audience, *, action: bool) -> None:
        self._opportunity = permissions.opportunity_get_for_lead(
            self.request.user, self.kwargs["slug"], self.kwargs["pk"], action=action
        )
        self._consortium = self._opportunity.organisation
        self._is_lead = True

    @property
    def opportunity(self) -> Opportunity:
        if self._opportunity is None:
            raise RuntimeError("the joint bids gate has not admitted this request")
        return self._opportunity


# An endpoint of one bid of the consortium (`pk`): the parties see it, the lead acts on it
# (a co-op's people get 403 for the lead's actions and 404 for the lead's reads).
class BidView(ConsortiumView):
    _access: BidAccess | None = None

    def admit(self, audience: Audience, *, action: bool) -> None:
        user, slug, pk = self.request.user, self.kwargs["slug"], self.kwargs["pk"]
        if audience == LEAD:
            self._access = permissions.bid_get_for_lead(user, slug, pk, action=action)
        else:
            self._access = permissions.bid_get_for_view(user, slug, pk)
        self._consortium = self._access.bid.consortium
        self._is_lead = self._access.is_lead

    @property
    def access(self) -> BidAccess:
        if self._access is None:
            raise RuntimeError("the joint bids gate has not admitted this request")
        return self._access

    @property
    def bid(self) -> JointBid:
        return self.access.bid


# --- Look-ups of what a request names --------------------------------------------------------


def opportunity_named(consortium: Organisation, pk: int, field: str) -> Opportunity:
    opportunity = reads.opportunity_in(consortium, pk)
    if opportunity is None:
        raise invalid(
            field,
            _("%(org)s tracks no opportunity with the id %(id)s.")
            % {"org": consortium.name, "id": pk},
        )
    return opportunity


def lots_numbered(opportunity: Opportunity, numbers: Sequence[int], field: str) -> list[Lot]:
    by_number = reads.lots_numbered(opportunity, numbers)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise invalid(field, _("Lot %(n)s is not in this tender.") % {"n": missing[0]})
    return [by_number[n] for n in numbers]


def lot_numbered(opportunity: Opportunity, number: int, field: str) -> Lot:
    return lots_numbered(opportunity, [number], field)[0]


def questions_numbered(
    opportunity: Opportunity, numbers: Sequence[str], field: str
) -> list[TenderQuestion]:
    by_number = reads.questions_numbered(opportunity, numbers)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise invalid(field, _("Question %(n)s is not in this tender.") % {"n": missing[0]})
    return [by_number[n] for n in numbers]


def question_named(bid: JointBid, pk: int, field: str) -> TenderQuestion:
    question = reads.question_in(bid.opportunity, pk)
    if question is None:
        raise invalid(field, _("That question is not in this tender."))
    return question


def participant_named(
    access: BidAccess, pk: int, field: str, *, approved_only: bool = False
) -> BidParticipant:
    """A co-op of the bid the user may act for (the lead: any); 400 on `field` otherwise."""
    participant = reads.participant_in(access.bid, pk)
    if (
        participant is None
        or not access.can_act_for(participant.pk)
        or (approved_only and participant.status != BidParticipant.Status.APPROVED)
    ):
        raise invalid(
            field,
            _("Choose a co-op that has approved this bid and that you act for.")
            if approved_only
            else _("Choose a co-op taking part in this bid that you act for."),
        )
    return participant


def author_named(bid: JointBid, pk: int | None, field: str) -> User | None:
    """One of the people who may be given a question (`selectors.author_choices`)."""
    if pk is None:
        return None
    author = selectors.author_choices(bid).filter(pk=pk).first()
    if author is None:
        raise invalid(
            field,
            _("Choose someone of the consortium or of a co-op taking part in this bid."),
        )
    return author


def library_entry_named(bid: JointBid, pk: int, field: str) -> LibraryAnswer:
    entry = next((e for e in selectors.library_for_bid(bid) if e.pk == pk), None)
    if entry is None:
        raise invalid(field, _("Choose an entry of the consortium's or a member co-op's library."))
    return entry
