"""The one base of every API endpoint under the policy gate.

An endpoint declares, per HTTP method, the predicate of its app's `permissions.py` that
decides it (`policy`), finds once per request what the predicates are asked about
(`find_subject`: None answers 404), and says who may see that subject at all
(`policy_sees`); `api.policy.PolicyGate` applies the one rule. A view may name in `refusal`
why an action is refused (the 403's `detail`). Answers are JSON only: the browsable API would
need a serializer per view for its forms. The apps' bases (`api/<app>/base.py`) only say what
their subject is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar, cast

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.policy import Policied, PolicyGate
from coop.core.models import User
from coop.core.web import acting_user

T = TypeVar("T")


def found(obj: T | None) -> T:
    """The object, or 404."""
    if obj is None:
        raise Http404
    return obj


def signed_in(request: Request) -> User:
    """The signed-in user (the gate has refused anyone else)."""
    return acting_user(cast(HttpRequest, request))


# (Comments, not docstrings, on the view classes: the schema would show them everywhere.)
class PolicyView(Policied, GenericAPIView):
    permission_classes = (IsAuthenticated, PolicyGate)
    renderer_classes: tuple[type[BaseRenderer], ...] = (JSONRenderer,)
    filter_backends = ()
    refusal: ClassVar[str | Promise | None] = None
    _subject: Any = None

    def find_subject(self) -> Any:
        """What the predicates are asked about, or None when there is no such thing."""
        raise NotImplementedError

    def policy_subject(self) -> Any:
        if self._subject is None:
            self._subject = found(self.find_subject())
        return self._subject

    def check_permissions(self, request: Request) -> None:
        try:
            super().check_permissions(request)
        except Forbidden:  # the one rule's 403 (`coop.core.permissions.gate`)
            if self.refusal is None:
                raise
            raise PermissionDenied(str(self.refusal)) from None

    def paginated(
        self,
        items: Iterable[Any],
        serializer_class: type[serializers.BaseSerializer],
        context: Mapping[str, Any] | None = None,
    ) -> Response:
        page: list[Any] | None = self.paginate_queryset(items)  # type: ignore[arg-type]
        if page is None:
            raise TypeError(f"{type(self).__name__} lists without pagination")
        return self.paginated_page(page, serializer_class, context)

    def paginated_page(
        self,
        page: Sequence[Any],
        serializer_class: type[serializers.BaseSerializer],
        context: Mapping[str, Any] | None = None,
    ) -> Response:
        serializer = serializer_class(page, many=True, context=dict(context or {}))
        return self.get_paginated_response(serializer.data)
