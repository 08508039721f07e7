"""What the joint bids endpoints share: the views under `/organisations/{slug}/` of a consortium
(its opportunities, its bids, one bid), the input fields (pence as whole numbers, hours as
decimals, deadlines read as UK time), validation that names each field, and the look-ups that
turn the numbers and ids of a request into objects of the consortium or the bid.

A look-up of something named in a request body answers 400 on that field when the consortium
or the bid has no such thing (or the user may not act for it); something named in the address
answers 404."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from api.base import PolicyView, found, signed_in
from api.serializers import DateTimeInSaneYears, name_length_limits
from coop.core.models import User
from coop.core.permissions import Predicate
from membership.models import Organisation
from tendering import permissions, selectors
from tendering.models import (
    Answer,
    BidParticipant,
    JointBid,
    LibraryAnswer,
    Lot,
    Opportunity,
    TenderQuestion,
)

__all__ = [
    "TAGS",
    "AnswerView",
    "BidView",
    "ConsortiumView",
    "OpportunityView",
    "ParticipantView",
    "found",
    "signed_in",
]

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
    return DateTimeInSaneYears(
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
    name_length_limits(serializer)
    if not serializer.is_valid():
        raise serializers.ValidationError(
            {field: _messages(detail) for field, detail in serializer.errors.items()}
        )
    return dict(serializer.validated_data)


def invalid(field: str, message: str) -> DjangoValidationError:
    return DjangoValidationError({field: [message]})


# --- Views -----------------------------------------------------------------------------------


# An endpoint of one consortium's bids section. Each view names a predicate of
# `tendering.permissions` per HTTP method (`policy`) and what it is asked about
# (`policy_subject`, found once per request: 404 when there is no such thing); who may see
# that subject at all is `permissions.can_see`, so the one rule answers 404 or 403 alike for
# pages and the API. Answers are JSON only. (A comment, not a docstring: the schema would
# show it.)
class ConsortiumView(PolicyView):
    policy: ClassVar[Mapping[str, Predicate]] = {
        "GET": permissions.can_lead_bids,
        "POST": permissions.can_lead_bids,
    }

    def find_subject(self) -> Any:
        return selectors.consortium_at(self.kwargs["slug"])

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_see(user, subject)

    @property
    def consortium(self) -> Organisation:
        subject = self.policy_subject()
        if isinstance(subject, Organisation):
            return subject
        if isinstance(subject, Opportunity):
            return subject.organisation
        return self.bid.consortium

    @property
    def bid(self) -> JointBid:
        subject = self.policy_subject()
        return subject if isinstance(subject, JointBid) else subject.bid


# An endpoint of one opportunity the consortium tracks (`pk`): the lead's only.
class OpportunityView(ConsortiumView):
    policy = {
        "GET": permissions.can_manage_opportunity,
        "POST": permissions.can_manage_opportunity,
        "PUT": permissions.can_manage_opportunity,
    }

    def find_subject(self) -> Any:
        return selectors.opportunity_at(self.kwargs["slug"], self.kwargs["pk"])

    @property
    def opportunity(self) -> Opportunity:
        subject: Opportunity = self.policy_subject()
        return subject


# An endpoint of one bid of the consortium (`pk`): by default the lead's.
class BidView(ConsortiumView):
    policy = {
        "GET": permissions.can_manage_bid,
        "POST": permissions.can_manage_bid,
        "PATCH": permissions.can_manage_bid,
    }

    def find_subject(self) -> Any:
        return selectors.bid_at(self.kwargs["slug"], self.kwargs["pk"])


# An endpoint of one co-op of a bid (`participant_id`).
class ParticipantView(ConsortiumView):
    policy = {"POST": permissions.can_manage_participant}

    def find_subject(self) -> Any:
        kwargs = self.kwargs
        return selectors.participant_at(kwargs["slug"], kwargs["pk"], kwargs["participant_id"])

    @property
    def participant(self) -> BidParticipant:
        subject: BidParticipant = self.policy_subject()
        return subject


# An endpoint of one answer of a bid (`answer_id`).
class AnswerView(ConsortiumView):
    policy = {"GET": permissions.can_view_answer}

    def find_subject(self) -> Any:
        kwargs = self.kwargs
        return selectors.answer_at(kwargs["slug"], kwargs["pk"], kwargs["answer_id"])

    @property
    def answer(self) -> Answer:
        subject: Answer = self.policy_subject()
        return subject


# --- Look-ups of what a request names --------------------------------------------------------


def opportunity_named(consortium: Organisation, pk: int, field: str) -> Opportunity:
    opportunity = selectors.opportunity_in(consortium, pk)
    if opportunity is None:
        raise invalid(
            field,
            _("%(org)s tracks no opportunity with the id %(id)s.")
            % {"org": consortium.name, "id": pk},
        )
    return opportunity


def lots_numbered(opportunity: Opportunity, numbers: Sequence[int], field: str) -> list[Lot]:
    by_number = selectors.lots_numbered(opportunity, numbers)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise invalid(field, _("Lot %(n)s is not in this tender.") % {"n": missing[0]})
    return [by_number[n] for n in numbers]


def lot_numbered(opportunity: Opportunity, number: int, field: str) -> Lot:
    return lots_numbered(opportunity, [number], field)[0]


def questions_numbered(
    opportunity: Opportunity, numbers: Sequence[str], field: str
) -> list[TenderQuestion]:
    by_number = selectors.questions_numbered(opportunity, numbers)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise invalid(field, _("Question %(n)s is not in this tender.") % {"n": missing[0]})
    return [by_number[n] for n in numbers]


def question_named(bid: JointBid, pk: int, field: str) -> TenderQuestion:
    question = selectors.question_of(bid, pk)
    if question is None:
        raise invalid(field, _("That question is not in this tender."))
    return question


def participant_named(
    user: Any, bid: JointBid, pk: int, field: str, *, approved_only: bool = False
) -> BidParticipant:
    """A co-op of the bid `user` may act for (the lead: any); 400 on `field` otherwise."""
    participant = selectors.participant_in(bid, pk)
    if (
        participant is None
        or not permissions.can_act_for_participant(user, participant)
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
    """One of the people who may be given a question (`permissions.author_candidates`)."""
    if pk is None:
        return None
    author = permissions.author_candidates(bid).filter(pk=pk).first()
    if author is None:
        raise invalid(
            field,
            _("Choose someone of the consortium or of a co-op taking part in this bid."),
        )
    return author


def library_entry_named(user: Any, bid: JointBid, pk: int, field: str) -> LibraryAnswer:
    """An entry `user` may reuse in the bid (`permissions.library_entries_for`)."""
    entries = permissions.library_entries_for(user, bid)
    entry = next((e for e in entries if e.pk == pk), None)
    if entry is None:
        raise invalid(field, _("Choose an entry of the consortium's or a member co-op's library."))
    return entry
