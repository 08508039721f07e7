"""Who may do what with ballots (through `coop.core.permissions`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coop.core.permissions import AnyUser, Role, get_for, has_role, organisations_for
from membership.models import Organisation
from voting.models import Ballot

MANAGERS = (Role.SECRETARY,)
RESULT_READERS = (Role.SECRETARY, Role.SCRUTINEER)
VIEWERS = (Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER, Role.MEMBER)


def ballot_get_for_view(user: AnyUser | None, pk: int) -> Ballot:
    """A ballot of an organisation where the user holds a role; drafts only for secretaries
    (Http404 otherwise)."""
    ballot = get_for(
        user, Ballot.objects.select_related("organisation", "rules_version"), VIEWERS, pk=pk
    )
    if ballot.status == Ballot.Status.DRAFT and not can_manage_ballot(user, ballot):
        from django.http import Http404

        raise Http404
    return ballot


def ballot_get_for_manage(user: AnyUser | None, pk: int) -> Ballot:
    return get_for(
        user, Ballot.objects.select_related("organisation", "rules_version"), MANAGERS, pk=pk
    )


def can_manage_ballot(user: AnyUser | None, ballot: Ballot) -> bool:
    return has_role(user, ballot.organisation, *MANAGERS)


def can_see_results(user: AnyUser | None, ballot: Ballot) -> bool:
    """Results are hidden until the ballot closes; then the secretary and scrutineers see
    them, and everyone with a role once published."""
    if ballot.status == Ballot.Status.PUBLISHED:
        return has_role(user, ballot.organisation, *VIEWERS)
    if ballot.status == Ballot.Status.CLOSED:
        return has_role(user, ballot.organisation, *RESULT_READERS)
    return False


def can_scrutinise(user: AnyUser | None, ballot: Ballot) -> bool:
    return has_role(user, ballot.organisation, Role.SCRUTINEER, Role.SECRETARY)


def ballots_visible(user: AnyUser | None, queryset: QuerySet[Ballot]) -> QuerySet[Ballot]:
    """The ballots of `queryset` the user may see: those of organisations where they hold a
    role that sees ballots, drafts only where they are the secretary."""
    organisations = Organisation.objects.all()
    viewing = organisations_for(user, organisations, *VIEWERS).values("pk")
    managing = organisations_for(user, organisations, *MANAGERS).values("pk")
    return queryset.filter(organisation__in=viewing).exclude(
        Q(status=Ballot.Status.DRAFT) & ~Q(organisation__in=managing)
    )
