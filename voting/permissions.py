"""Who may do what with ballots: the only place in voting (its pages, its API, its commands)
that decides it.

Roles are object permissions on the organisation (`coop.core.permissions`); this module turns
them into named predicates, `can_<verb>_<noun>(user, obj)`, and the getters that pages and the
API use to find a ballot, `ballot_get_for_<verb>(user, slug, pk)`, built on the one rule
(`coop.core.permissions.gate`):

- a ballot you may not see answers 404, exactly like one that does not exist: one of an
  organisation where you hold no role that sees ballots, one of another organisation than the
  one in the address, and a draft unless you are the secretary;
- an action (a POST, or the form page of one) on a ballot you may see but not change
  answers 403.

Who sees an organisation's ballots: its secretary, board members, scrutineers and members
(one member, one vote: a ballot is the members' business). A bid manager holds a role in the
organisation but sees none of its ballots. Results stay hidden until the ballot closes; then
the secretary and the scrutineers see them, and everyone who sees the ballot once they are
published.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from coop.core.permissions import AnyUser, Predicate, Role, gate, has_role, organisations_for
from membership.models import Organisation
from voting import selectors
from voting.models import Ballot

# The roles behind the predicates below; nothing outside this module names a role of voting.
_SEE_BALLOTS = (Role.SECRETARY, Role.BOARD_MEMBER, Role.SCRUTINEER, Role.MEMBER)
_RUN_BALLOTS = (Role.SECRETARY,)
_SCRUTINISE = (Role.SECRETARY, Role.SCRUTINEER)


# --- an organisation's ballots ------------------------------------------------------------


def can_view_ballots(user: AnyUser | None, organisation: Organisation) -> bool:
    """May see the organisation's ballots (the list, and each ballot that is not a draft)."""
    return has_role(user, organisation, *_SEE_BALLOTS)


def can_view_draft_ballots(user: AnyUser | None, organisation: Organisation) -> bool:
    """May see ballots still being prepared (the secretary who prepares them)."""
    return has_role(user, organisation, *_RUN_BALLOTS)


def can_create_ballot(user: AnyUser | None, organisation: Organisation) -> bool:
    """May prepare a new ballot (the secretary)."""
    return has_role(user, organisation, *_RUN_BALLOTS)


def ballots_visible(user: AnyUser | None, queryset: QuerySet[Ballot]) -> QuerySet[Ballot]:
    """The ballots of `queryset` the user may see: those of organisations where they hold a
    role that sees ballots, drafts only where they are the secretary."""
    organisations = Organisation.objects.all()
    viewing = organisations_for(user, organisations, *_SEE_BALLOTS).values("pk")
    managing = organisations_for(user, organisations, *_RUN_BALLOTS).values("pk")
    return queryset.filter(organisation__in=viewing).exclude(
        Q(status=Ballot.Status.DRAFT) & ~Q(organisation__in=managing)
    )


# --- one ballot ----------------------------------------------------------------------------


def can_view_ballot(user: AnyUser | None, ballot: Ballot) -> bool:
    """May see the ballot: its paper, the turnout so far, and their own position in it."""
    if ballot.status == Ballot.Status.DRAFT:
        return can_view_draft_ballots(user, ballot.organisation)
    return can_view_ballots(user, ballot.organisation)


def can_vote_in_ballot(user: AnyUser | None, ballot: Ballot) -> bool:
    """May use the ballot's voting pages and endpoint. Whether they have a vote, and for which
    members (themselves, an organisation they represent), is the casting service's rule: the
    frozen roll and `voting.services.casting.may_act_for`."""
    return can_view_ballot(user, ballot)


def can_manage_ballot(user: AnyUser | None, ballot: Ballot) -> bool:
    """May set the ballot up and run it: questions, times, channels, opening, closing, the
    chair's casting vote, publishing, cancelling (the secretary)."""
    return has_role(user, ballot.organisation, *_RUN_BALLOTS)


def can_take_votes_in_room(user: AnyUser | None, ballot: Ballot) -> bool:
    """May enter the votes taken at the meeting: paper votes, a show of hands, and proxies
    (appointing, marking present, casting, revoking) — the secretary."""
    return has_role(user, ballot.organisation, *_RUN_BALLOTS)


def can_view_roll(user: AnyUser | None, ballot: Ballot) -> bool:
    """May see the roll: each member, whether they may vote and why not, whether they have
    voted (never what they chose) — the secretary."""
    return has_role(user, ballot.organisation, *_RUN_BALLOTS)


def can_view_results(user: AnyUser | None, ballot: Ballot) -> bool:
    """Results are hidden until the ballot closes; then the secretary and the scrutineers see
    them, and everyone who sees the ballot once they are published."""
    if ballot.status == Ballot.Status.PUBLISHED:
        return can_view_ballot(user, ballot)
    if ballot.status == Ballot.Status.CLOSED:
        return has_role(user, ballot.organisation, *_SCRUTINISE)
    return False


def can_scrutinise_ballot(user: AnyUser | None, ballot: Ballot) -> bool:
    """May see the ballot's audit trail (who voted, when and how; never what) and take the
    recount kit once it has closed — a scrutineer or the secretary."""
    return can_view_ballot(user, ballot) and has_role(user, ballot.organisation, *_SCRUTINISE)


# --- the getters: the one rule, for pages and the API alike ---------------------------------


def ballot_get(user: AnyUser | None, slug: str, pk: int, *, may: Predicate, action: bool) -> Ballot:
    """The ballot, if `may(user, ballot)`; otherwise Http404 (missing, or not seen) or, for an
    action on a ballot the user sees, PermissionDenied."""
    ballot = selectors.ballot_in(slug, pk)
    if ballot is None:
        raise Http404
    gate(user, ballot, may, sees=can_view_ballot, action=action)
    return ballot


def ballot_get_for_view(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot to read (drafts only for the secretary)."""
    return ballot_get(user, slug, pk, may=can_view_ballot, action=False)


def ballot_get_for_vote(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot to vote in (its voting pages are the forms of an action)."""
    return ballot_get(user, slug, pk, may=can_vote_in_ballot, action=True)


def ballot_get_for_manage(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot to change (the secretary's forms and buttons): 403 for others who see it."""
    return ballot_get(user, slug, pk, may=can_manage_ballot, action=True)


def ballot_get_for_oversee(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot's secretary's overview (the set-up page): a read, so 404 for everyone else."""
    return ballot_get(user, slug, pk, may=can_manage_ballot, action=False)


def ballot_get_for_room(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot's room page (the votes and proxies taken at the meeting): a read."""
    return ballot_get(user, slug, pk, may=can_take_votes_in_room, action=False)


def ballot_get_for_room_votes(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot whose votes in the room are entered (a paper vote, a show of hands, a proxy):
    an action, so 403 for others who see the ballot."""
    return ballot_get(user, slug, pk, may=can_take_votes_in_room, action=True)


def ballot_get_for_roll(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot whose turnout and roll are read (the secretary)."""
    return ballot_get(user, slug, pk, may=can_view_roll, action=False)


def ballot_get_for_results(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot whose results are read (the PDF and CSV): 404 until the user may see them."""
    return ballot_get(user, slug, pk, may=can_view_results, action=False)


def ballot_get_for_scrutiny(user: AnyUser | None, slug: str, pk: int) -> Ballot:
    """A ballot whose audit trail and recount kit are read (a scrutineer or the secretary)."""
    return ballot_get(user, slug, pk, may=can_scrutinise_ballot, action=False)


def organisation_get_for_ballots(
    user: AnyUser | None, slug: str, *, may: Predicate = can_view_ballots, action: bool = False
) -> Organisation:
    """The organisation in the address, for its ballot list (`can_view_ballots`) or for a new
    ballot (`may=can_create_ballot, action=True`): 404 for anyone who does not see its
    ballots, 403 for an action by someone who does."""
    organisation = selectors.organisation_named(slug)
    if organisation is None:
        raise Http404
    gate(user, organisation, may, sees=can_view_ballots, action=action)
    return organisation
