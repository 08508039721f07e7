"""What the meeting endpoints share: finding a meeting, motion or amendment of the
organisation in the address (404 for another organisation's, and for a board meeting unless
you are on the board or a scrutineer; a planned general meeting shows to members), and
the member an action is taken for.

Member actions (submit, second, amend, withdraw, sign, appoint a proxy) are open to anyone
with a role that sees meetings: the service decides, with its rule's message, whether the
signed-in person's member record may do it (no record, or a ceased one, answers 400). The
secretary may act for a member named by number (a motion received on paper)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied

from api.governance import reads
from api.membership.base import OrganisationView, found, member_numbered
from coop.core.permissions import Role, has_role
from governance import permissions
from governance.models import Amendment, Meeting, Motion
from membership.models import Member, MemberClass, Organisation
from membership.selectors import member_for_user
from voting.models import Ballot

#: Everyone who may see an organisation's meetings (not the bid manager).
VIEWERS: tuple[Role, ...] = permissions.VIEWERS
#: Who decides whether a motion is admissible.
BOARD: tuple[Role, ...] = permissions.BOARD


def invalid(field: str, message: str) -> DjangoValidationError:
    return DjangoValidationError({field: [message]})


def meeting_for_view(view: OrganisationView, pk: int) -> Meeting:
    meeting = permissions.meeting_get_for_view(view.request.user, pk)
    if meeting.organisation_id != view.organisation.pk:
        raise NotFound
    return meeting


def motion_for_view(view: OrganisationView, pk: int) -> Motion:
    motion = permissions.motion_get_for_view(view.request.user, pk)
    if motion.organisation_id != view.organisation.pk:
        raise NotFound
    return motion


def amendment_for_view(view: OrganisationView, pk: int) -> Amendment:
    """An amendment whose motion the user may see."""
    amendment = found(reads.amendment_get(view.organisation, pk))
    amendment.motion = motion_for_view(view, amendment.motion_id)
    return amendment


def meeting_named(organisation: Organisation, pk: int, field: str) -> Meeting:
    """A meeting of the organisation named in a request body (400 on the field if none)."""
    meeting = reads.meeting_in(organisation, pk)
    if meeting is None:
        raise invalid(
            field,
            _("%(org)s has no meeting with the id %(id)s.") % {"org": organisation.name, "id": pk},
        )
    return meeting


def ballot_named(organisation: Organisation, pk: int, field: str) -> Ballot:
    """A ballot of the organisation named in a request body (400 on the field if none)."""
    ballot = reads.ballot_in(organisation, pk)
    if ballot is None:
        raise invalid(
            field,
            _("%(org)s has no ballot with the id %(id)s.") % {"org": organisation.name, "id": pk},
        )
    return ballot


def member_class_named(
    organisation: Organisation, code: str | None, field: str
) -> MemberClass | None:
    if not code:
        return None
    member_class = reads.member_class_by_code(organisation, code)
    if member_class is None:
        raise invalid(
            field,
            _("%(org)s has no member class with the code “%(code)s”.")
            % {"org": organisation.name, "code": code},
        )
    return member_class


def is_secretary(view: OrganisationView) -> bool:
    return has_role(view.request.user, view.organisation, Role.SECRETARY)


def acting_member(view: OrganisationView, number: int | None, field: str) -> Member | None:
    """The member an action is for: the signed-in person's own record (None if they have
    none: the service refuses with its rule), or, for the secretary, the member numbered."""
    own = member_for_user(view.organisation, view.request.user)
    if number is None or (own is not None and own.number == number):
        return own
    if not is_secretary(view):
        raise PermissionDenied(_("Only the secretary can act for another member."))
    return member_numbered(view.organisation, number, field)


def require_secretary(view: OrganisationView, message: str) -> None:
    if not is_secretary(view):
        raise PermissionDenied(message)


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
