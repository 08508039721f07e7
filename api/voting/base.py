"""What the ballot endpoints share: finding a ballot of the organisation in the address (404
for another organisation's, and for drafts unless you are the secretary), and turning the
numbers and codes of a request into objects of that organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from api.membership.base import OrganisationView, found
from api.voting import reads
from coop.core.permissions import Role
from membership.models import Member, MemberClass, Organisation
from voting import permissions
from voting.models import Ballot, Proxy, Question

#: Everyone who may see an organisation's ballots (not the bid manager).
VIEWERS: tuple[Role, ...] = permissions.VIEWERS
#: Who may see the audit trail and the recount kit.
SCRUTINEERS: tuple[Role, ...] = (Role.SECRETARY, Role.SCRUTINEER)


def _in_organisation(view: OrganisationView, ballot: Ballot) -> Ballot:
    if ballot.organisation_id != view.organisation.pk:
        raise NotFound
    return ballot


def ballot_for_view(view: OrganisationView, pk: int) -> Ballot:
    """A ballot the user may see (drafts only for the secretary)."""
    return _in_organisation(view, permissions.ballot_get_for_view(view.request.user, pk))


def ballot_for_manage(view: OrganisationView, pk: int) -> Ballot:
    """A ballot the user manages (the secretary)."""
    return _in_organisation(view, permissions.ballot_get_for_manage(view.request.user, pk))


def question_of(ballot: Ballot, pk: int) -> Question:
    return found(reads.question_get(ballot, pk))


def proxy_of(ballot: Ballot, pk: int) -> Proxy:
    return found(reads.proxy_get(ballot, pk))


def invalid(field: str, message: str) -> DjangoValidationError:
    return DjangoValidationError({field: [message]})


def classes_named(organisation: Organisation, codes: list[str], field: str) -> list[MemberClass]:
    by_code = reads.member_classes_by_code(organisation, codes)
    missing = [code for code in codes if code not in by_code]
    if missing:
        raise invalid(
            field,
            _("%(org)s has no member class with the code “%(code)s”.")
            % {"org": organisation.name, "code": missing[0]},
        )
    return [by_code[code] for code in codes]


def members_named(organisation: Organisation, numbers: list[int], field: str) -> list[Member]:
    by_number = reads.members_numbered(organisation, numbers)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise invalid(
            field,
            _("%(org)s has no member number %(number)s.")
            % {"org": organisation.name, "number": missing[0]},
        )
    return [by_number[n] for n in numbers]
