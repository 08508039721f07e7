"""What the meetings endpoints share: the one gate, and the look-ups of a request.

Every endpoint is under `/api/v1/organisations/{slug}/` and declares, per HTTP method, the
predicate of `governance.permissions` that decides it (`policy`); `api.policy.PolicyGate`
applies the one rule to what the predicates are asked about (the subject: the organisation,
a meeting, a motion, an amendment or a requisition of the address). Whoever may not see the
subject gets 404 (another organisation's meeting by id, one under another organisation's
address, a board meeting for a member); an action on a subject one may see but not act on
gets 403; anonymous callers get 401.

Member actions (submit, second, amend, withdraw, sign, appoint a proxy) are open to anyone
who sees the meeting: the service decides, with its rule's message, whether the signed-in
person's member record may do it (no record, or a ceased one, answers 400). The secretary may
act for a member named by number (a form received on paper).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from api.base import PolicyView, found
from coop.core.validation import fail
from governance import permissions, selectors
from governance.models import Amendment, Meeting, Motion, Requisition
from membership.models import Member, MemberClass, Organisation
from membership.selectors import member_for_user
from voting.models import Ballot

T = TypeVar("T")


# The base of the meetings endpoints: the subject is found by each subclass.
class GovernanceView(PolicyView):
    @property
    def organisation(self) -> Organisation:
        raise NotImplementedError


class OrganisationEndpoint(GovernanceView):
    """Subject: the organisation of the address (its governance seen by those who take
    part in it)."""

    def find_subject(self) -> Organisation:
        return found(selectors.organisation_addressed(self.kwargs["slug"]))

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_meetings(user, subject)

    @property
    def organisation(self) -> Organisation:
        return cast(Organisation, self.policy_subject())


class MeetingEndpoint(GovernanceView):
    """Subject: the meeting `pk` of the organisation of the address."""

    def find_subject(self) -> Meeting:
        return found(selectors.meeting_addressed(self.kwargs["slug"], self.kwargs["pk"]))

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_meeting(user, subject)

    @property
    def meeting(self) -> Meeting:
        return cast(Meeting, self.policy_subject())

    @property
    def organisation(self) -> Organisation:
        return self.meeting.organisation


class MotionEndpoint(GovernanceView):
    """Subject: the motion `pk` of the organisation of the address."""

    def find_subject(self) -> Motion:
        return found(selectors.motion_addressed(self.kwargs["slug"], self.kwargs["pk"]))

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_motion(user, subject)

    @property
    def motion(self) -> Motion:
        return cast(Motion, self.policy_subject())

    @property
    def organisation(self) -> Organisation:
        return self.motion.meeting.organisation


class AmendmentEndpoint(GovernanceView):
    """Subject: the amendment `pk` to a motion of the organisation of the address."""

    def find_subject(self) -> Amendment:
        return found(selectors.amendment_addressed(self.kwargs["slug"], self.kwargs["pk"]))

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_amendment(user, subject)

    @property
    def amendment(self) -> Amendment:
        return cast(Amendment, self.policy_subject())

    @property
    def organisation(self) -> Organisation:
        return self.amendment.motion.meeting.organisation


class RequisitionEndpoint(GovernanceView):
    """Subject: the requisition `pk` of the organisation of the address."""

    def find_subject(self) -> Requisition:
        return found(selectors.requisition_addressed(self.kwargs["slug"], self.kwargs["pk"]))

    def policy_sees(self, user: Any, subject: Any) -> bool:
        return permissions.can_view_requisition(user, subject)

    @property
    def requisition(self) -> Requisition:
        return cast(Requisition, self.policy_subject())

    @property
    def organisation(self) -> Organisation:
        return self.requisition.organisation


# --- look-ups of a request body ----------------------------------------------------------


def meeting_named(organisation: Organisation, pk: int, field: str) -> Meeting:
    """A meeting of the organisation named in a request body (400 on the field if none)."""
    meeting = selectors.meeting_in(organisation, pk)
    if meeting is None:
        raise fail(
            field,
            _("%(org)s has no meeting with the id %(id)s.") % {"org": organisation.name, "id": pk},
        )
    return meeting


def ballot_named(organisation: Organisation, pk: int, field: str) -> Ballot:
    """A ballot of the organisation named in a request body (400 on the field if none)."""
    ballot = selectors.ballot_in(organisation, pk)
    if ballot is None:
        raise fail(
            field,
            _("%(org)s has no ballot with the id %(id)s.") % {"org": organisation.name, "id": pk},
        )
    return ballot


def member_class_named(
    organisation: Organisation, code: str | None, field: str
) -> MemberClass | None:
    if not code:
        return None
    member_class = selectors.member_class_coded(organisation, code)
    if member_class is None:
        raise fail(
            field,
            _("%(org)s has no member class with the code “%(code)s”.")
            % {"org": organisation.name, "code": code},
        )
    return member_class


def member_numbered(organisation: Organisation, number: int, field: str) -> Member:
    """A member of the organisation named by number (400 on the field if none)."""
    member = selectors.member_numbered(organisation, number)
    if member is None:
        raise fail(
            field,
            _("%(org)s has no member number %(number)s.")
            % {"org": organisation.name, "number": number},
        )
    return member


def acting_member(view: GovernanceView, number: int | None, field: str) -> Member | None:
    """The member an action is for: the signed-in person's own record (None if they have
    none: the service refuses with its rule), or, for the secretary, the member numbered."""
    user = view.request.user
    own = member_for_user(view.organisation, user)
    if number is None or (own is not None and own.number == number):
        return own
    if not permissions.can_act_for_member(user, view.organisation):
        raise PermissionDenied(_("Only the secretary can act for another member."))
    return member_numbered(view.organisation, number, field)


# --- serializer fields -------------------------------------------------------------------


class BlankAsNullURLField(serializers.URLField):
    """A stored URL that may be empty: `null` when empty, so the value always has the
    documented `uri` format."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return value or None


def member_number_field(**kwargs: Any) -> serializers.IntegerField:
    """A member shown by number (null if there is none)."""
    return serializers.IntegerField(
        allow_null=True, default=None, help_text="Member number.", **kwargs
    )


def acting_for_field(what: str) -> serializers.IntegerField:
    """The member an action is for, by number: see `acting_member`."""
    return serializers.IntegerField(
        required=False,
        help_text=f"The member number of the {what}. Leave out to act as yourself; only the "
        "secretary may name another member (e.g. for a form received on paper).",
    )
