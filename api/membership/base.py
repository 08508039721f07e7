"""The base of every endpoint under `/api/v1/organisations/{slug}/`, and the look-ups that turn
codes and numbers in a request into objects of that organisation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.membership import reads
from api.permissions import SECRETARY, OrganisationRole
from coop.core.models import User
from coop.core.permissions import Role
from membership.models import Member, MemberClass, Organisation, ShareClass
from membership.permissions import organisation_get_for_view

T = TypeVar("T")


# An endpoint of one organisation: `roles` names who may use each HTTP method (writes not
# named need the secretary). The organisation is resolved once per request; a user who holds
# no role in it gets 404. Answers are JSON only: the browsable API would need a serializer per
# view for its forms. (A comment, not a docstring: the schema would show it everywhere.)
class OrganisationView(GenericAPIView):
    permission_classes = (IsAuthenticated, OrganisationRole)
    renderer_classes: tuple[type[BaseRenderer], ...] = (JSONRenderer,)
    filter_backends = ()
    roles: ClassVar[Mapping[str, tuple[Role, ...]]] = {}
    _organisation: Organisation | None = None

    def get_organisation(self) -> Organisation:
        if self._organisation is None:
            self._organisation = organisation_get_for_view(self.request.user, self.kwargs["slug"])
        return self._organisation

    @property
    def organisation(self) -> Organisation:
        return self.get_organisation()

    def required_roles(self, method: str) -> tuple[Role, ...]:
        if method in ("HEAD", "OPTIONS"):
            method = "GET"
        return self.roles.get(method, SECRETARY)

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


def _invalid(field: str, message: str) -> DjangoValidationError:
    return DjangoValidationError({field: [message]})


def member_class_named(organisation: Organisation, code: str, field: str) -> MemberClass:
    member_class = reads.member_class_by_code(organisation, code)
    if member_class is None:
        raise _invalid(
            field,
            _("%(org)s has no member class with the code “%(code)s”.")
            % {"org": organisation.name, "code": code},
        )
    return member_class


def share_class_named(organisation: Organisation, code: str, field: str) -> ShareClass:
    share_class = reads.share_class_by_code(organisation, code)
    if share_class is None:
        raise _invalid(
            field,
            _("%(org)s has no share class with the code “%(code)s”.")
            % {"org": organisation.name, "code": code},
        )
    return share_class


def share_classes_named(
    organisation: Organisation, codes: list[str], field: str
) -> list[ShareClass]:
    by_code = reads.share_classes_by_code(organisation, codes)
    missing = [code for code in codes if code not in by_code]
    if missing:
        raise _invalid(
            field,
            _("%(org)s has no share class with the code “%(code)s”.")
            % {"org": organisation.name, "code": missing[0]},
        )
    return [by_code[code] for code in codes]


def member_numbered(organisation: Organisation, number: int, field: str) -> Member:
    member = reads.member_get(organisation, number)
    if member is None:
        raise _invalid(
            field,
            _("%(org)s has no member number %(number)s.")
            % {"org": organisation.name, "number": number},
        )
    return member
