"""The base of every endpoint under `/api/v1/organisations/{slug}/`, and the look-ups that turn
codes and numbers in a request into objects of that organisation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.policy import Policied, PolicyGate
from coop.core.models import User
from coop.core.permissions import Predicate
from coop.core.validation import fail
from membership import permissions, selectors
from membership.models import Member, MemberClass, Organisation, ShareClass

T = TypeVar("T")


# An endpoint of one organisation. `policy` names, per HTTP method, the predicate of the app's
# `permissions.py` that decides it; the predicates are asked about the organisation, and
# anyone who holds no role in it gets 404 (`api.policy`). Answers are JSON only: the
# browsable API would need a serializer per view for its forms. (A comment, not a docstring:
# the schema would show it everywhere.)
class OrganisationView(Policied, GenericAPIView):
    permission_classes = (IsAuthenticated, PolicyGate)
    renderer_classes: tuple[type[BaseRenderer], ...] = (JSONRenderer,)
    filter_backends = ()
    policy: ClassVar[Mapping[str, Predicate]] = {}
    _organisation: Organisation | None = None

    def _load_organisation(self) -> Organisation:
        if self._organisation is None:
            self._organisation = permissions.organisation_get(self.kwargs["slug"])
        return self._organisation

    def policy_subject(self) -> Organisation:
        return self._load_organisation()

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_see_organisation(user, subject)

    @property
    def organisation(self) -> Organisation:
        """The organisation of the address (the gate has already decided who gets here)."""
        return self._load_organisation()

    def paginated(
        self,
        items: Iterable[Any],
        serializer_class: type[serializers.BaseSerializer],
        context: Mapping[str, Any] | None = None,
    ) -> Response:
        page: list[Any] | None = self.paginate_queryset(items)  # type: ignore[arg-type]
        assert page is not None
        return self.paginated_page(page, serializer_class, context)

    def paginated_page(
        self,
        page: Sequence[Any],
        serializer_class: type[serializers.BaseSerializer],
        context: Mapping[str, Any] | None = None,
    ) -> Response:
        serializer = serializer_class(page, many=True, context=dict(context or {}))
        return self.get_paginated_response(serializer.data)


# An endpoint of the signed-in member's own account (CCBS Act 2014 s.103(1)(a)): a former
# member who holds no role any more still sees their account, and is refused (403), not
# "not found", when they try to change it.
class OwnAccountView(OrganisationView):
    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_own_account(user, subject) or super().policy_sees(user, subject)


def signed_in(request: Request) -> User:
    """The signed-in user (the permission gate has already refused anyone else)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("an organisation endpoint was reached without a signed-in user")
    return user


def found(obj: T | None) -> T:
    """The object, or 404."""
    if obj is None:
        raise NotFound
    return obj


def member_class_named(organisation: Organisation, code: str, field: str) -> MemberClass:
    member_class = selectors.member_class_by_code(organisation, code)
    if member_class is None:
        raise fail(
            field,
            _("%(org)s has no member class with the code “%(code)s”.")
            % {"org": organisation.name, "code": code},
        )
    return member_class


def share_class_named(organisation: Organisation, code: str, field: str) -> ShareClass:
    share_class = selectors.share_class_by_code(organisation, code)
    if share_class is None:
        raise fail(
            field,
            _("%(org)s has no share class with the code “%(code)s”.")
            % {"org": organisation.name, "code": code},
        )
    return share_class


def share_classes_named(
    organisation: Organisation, codes: list[str], field: str
) -> list[ShareClass]:
    by_code = selectors.share_classes_by_code(organisation, codes)
    missing = [code for code in codes if code not in by_code]
    if missing:
        raise fail(
            field,
            _("%(org)s has no share class with the code “%(code)s”.")
            % {"org": organisation.name, "code": missing[0]},
        )
    return [by_code[code] for code in codes]


def member_numbered(organisation: Organisation, number: int, field: str) -> Member:
    member = selectors.member_get(organisation, number)
    if member is None:
        raise fail(
            field,
            _("%(org)s has no member number %(number)s.")
            % {"org": organisation.name, "number": number},
        )
    return member
