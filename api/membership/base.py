"""The base of every endpoint under `/api/v1/organisations/{slug}/`, and the look-ups that turn
codes and numbers in a request into objects of that organisation."""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils.translation import gettext as _

from api.base import PolicyView
from coop.core.validation import fail
from membership import permissions, selectors
from membership.models import Member, MemberClass, Organisation, ShareClass

T = TypeVar("T")


# An endpoint of one organisation. `policy` names, per HTTP method, the predicate of the app's
# `permissions.py` that decides it; the predicates are asked about the organisation, and
# anyone who holds no role in it gets 404 (`api.policy`). Answers are JSON only: the
# browsable API would need a serializer per view for its forms. (A comment, not a docstring:
# the schema would show it everywhere.)
class OrganisationView(PolicyView):
    def find_subject(self) -> Organisation | None:
        return selectors.organisation_by_slug(self.kwargs["slug"])

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_see_organisation(user, subject)

    @property
    def organisation(self) -> Organisation:
        """The organisation of the address (the gate has already decided who gets here)."""
        organisation: Organisation = self.policy_subject()
        return organisation


# An endpoint of the signed-in member's own account (CCBS Act 2014 s.103(1)(a)): a former
# member who holds no role any more still sees their account, and is refused (403), not
# "not found", when they try to change it.
class OwnAccountView(OrganisationView):
    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_own_account(user, subject) or super().policy_sees(user, subject)


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
