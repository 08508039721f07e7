"""What the ballot endpoints share: the policy gate, and turning the numbers and codes of a
request into objects of the organisation in the address.

Every endpoint declares, per HTTP method, the predicate of `voting.permissions` that decides
it (`policy = {"GET": ..., "POST": ...}`), and `api.policy.PolicyGate` applies the one rule:

- `BallotsView` (the organisation's ballots): the subject is the organisation in the address,
  seen by whoever may see its ballots (`can_view_ballots`);
- `BallotView` (one ballot, and what hangs from it): the subject is the ballot `pk` *of that
  organisation* — another organisation's ballot id finds nothing — seen by whoever may see
  it (`can_view_ballot`: drafts only for the secretary).

A read the predicate refuses, and anything of a subject the user may not see, answers 404; an
action on a subject they see answers 403. Anonymous callers get 401.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from api.base import PolicyView
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member, MemberClass, Organisation
from voting import limits, permissions, selectors
from voting.models import Ballot, Proxy, Question

T = TypeVar("T")


# The base of the ballot endpoints (see `api.base.PolicyView`).
class VotingView(PolicyView):
    pass


class BallotsView(VotingView):
    """An endpoint of the organisation's ballots (the list, a new ballot)."""

    @cached_property
    def organisation(self) -> Organisation:
        organisation = selectors.organisation_named(self.kwargs["slug"])
        if organisation is None:
            raise Http404
        return organisation

    def policy_subject(self) -> Organisation:
        return self.organisation

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_ballots(user, subject)


class BallotView(VotingView):
    """An endpoint of one ballot of the organisation (its paper, votes, results, proxies)."""

    @cached_property
    def ballot(self) -> Ballot:
        ballot = selectors.ballot_in(self.kwargs["slug"], self.kwargs["pk"])
        if ballot is None:
            raise Http404
        return ballot

    @cached_property
    def organisation(self) -> Organisation:
        return self.ballot.organisation

    def policy_subject(self) -> Ballot:
        return self.ballot

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_ballot(user, subject)

    def question(self, pk: int) -> Question:
        """A question of this ballot, or 404."""
        return found(selectors.question_get(self.ballot, pk))

    def proxy(self, pk: int) -> Proxy:
        """A proxy of this ballot, or 404."""
        return found(selectors.proxy_get(self.ballot, pk))


def signed_in(request: Request) -> User:
    """The signed-in user (`IsAuthenticated` has already refused anyone else)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("a ballot endpoint was reached without a signed-in user")
    return user


def found(obj: T | None) -> T:
    """The object, or 404."""
    if obj is None:
        raise NotFound
    return obj


def classes_named(organisation: Organisation, codes: list[str], field: str) -> list[MemberClass]:
    """The organisation's member classes by code; 400 naming `field` for a code it lacks."""
    by_code = selectors.member_classes_by_code(organisation, codes)
    missing = [code for code in codes if code not in by_code]
    if missing:
        raise fail(
            field,
            _("%(org)s has no member class with the code “%(code)s”.")
            % {"org": organisation.name, "code": missing[0]},
        )
    return [by_code[code] for code in codes]


def members_named(organisation: Organisation, numbers: list[int], field: str) -> list[Member]:
    """The organisation's members by number; 400 naming `field` for a number it lacks."""
    by_number = selectors.members_numbered(organisation, numbers)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise fail(
            field,
            _("%(org)s has no member number %(number)s.")
            % {"org": organisation.name, "number": missing[0]},
        )
    return [by_number[n] for n in numbers]


def limited_text(name: str, **kwargs: Any) -> serializers.CharField:
    """A text input with its length limit from `voting.limits` (the same as the pages' and
    the services'), refused with a message naming the field and the limit."""
    return serializers.CharField(
        max_length=limits.LIMITS[name].size,
        error_messages=limits.LIMITS[name].error_messages(),
        **kwargs,
    )


class NullIfBlank(serializers.CharField):
    """A text the model keeps as an empty string when there is none, answered as null (so an
    empty string never meets the pattern or format the schema declares for the text)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, read_only=True, **kwargs)

    # DRF's stubs type a field's output as the field's own type; this one adds null.
    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return None if value in ("", None) else str(value)
