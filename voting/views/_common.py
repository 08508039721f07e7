"""What the ballot pages share: the gates, service errors on forms, the form page, and the
member's status in words.

Gates: a ballot of an organisation the user holds no role in, or of another organisation than
the one in the address, answers 404; so do drafts for anyone but the secretary, and the
secretary's and scrutineer's pages for everyone else.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.forms import add_service_errors  # noqa: F401 - re-exported
from coop.core.models import User
from coop.core.permissions import Role, has_role
from coop.core.web import bound  # noqa: F401 - re-exported for the views
from coop.core.web import form_page as core_form_page
from membership.models import Member, Organisation
from membership.permissions import organisation_get_for_view
from voting import permissions, selectors
from voting.models import Ballot

FORM_PAGE = "core/form_page.html"


def organisation_for(request: HttpRequest, slug: str, *roles: Role) -> Organisation:
    """The organisation in the address; 404 unless the user holds one of `roles` (any role
    if none given)."""
    organisation = organisation_get_for_view(request.user, slug)
    if roles and not has_role(request.user, organisation, *roles):
        raise Http404
    return organisation


def _same_organisation(ballot: Ballot, slug: str) -> Ballot:
    if ballot.organisation.slug != slug:
        raise Http404
    return ballot


def ballot_for_view(request: HttpRequest, slug: str, pk: int) -> Ballot:
    """A ballot the user may see (drafts only for the secretary)."""
    return _same_organisation(permissions.ballot_get_for_view(request.user, pk), slug)


def ballot_for_manage(request: HttpRequest, slug: str, pk: int) -> Ballot:
    """A ballot the user manages (the secretary); 404 for everyone else."""
    return _same_organisation(permissions.ballot_get_for_manage(request.user, pk), slug)


def ballot_for_scrutiny(request: HttpRequest, slug: str, pk: int) -> Ballot:
    """A ballot the user scrutinises (a scrutineer or the secretary); 404 for others."""
    ballot = ballot_for_view(request, slug, pk)
    if not permissions.can_scrutinise(request.user, ballot):
        raise Http404
    return ballot


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (`login_required` and the gates have made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


def form_page(request: HttpRequest, *, template: str = FORM_PAGE, **kwargs: Any) -> HttpResponse:
    """`coop.core.views.form_page` with this app's form page template by default."""
    return core_form_page(request, template=template, **kwargs)


def closing_text(ballot: Ballot) -> str:
    if ballot.closes_at is None:
        return ""
    return date_format(timezone.localtime(ballot.closes_at), "j F Y, H:i")


def status_sentence(ballot: Ballot, status: selectors.VoterStatus) -> str:
    """A member's position in a ballot, in one sentence."""
    if status.has_voted:
        return _("You voted (%(channel)s).") % {"channel": status.channel.lower()}
    if not status.may_vote:
        if ballot.status == Ballot.Status.DRAFT:
            return _("The ballot is being prepared: who may vote is settled when it opens.")
        return _("You cannot vote. %(reason)s") % {"reason": status.reason}
    if ballot.status == Ballot.Status.OPEN:
        if ballot.closes_at is not None and timezone.now() >= ballot.closes_at:
            return _("Voting closed at %(time)s.") % {"time": closing_text(ballot)}
        if ballot.closes_at is not None:
            return _("You can vote until %(time)s.") % {"time": closing_text(ballot)}
        return _("You can vote now.")
    if ballot.status in (Ballot.Status.CLOSED, Ballot.Status.PUBLISHED):
        return _("You did not vote.")
    return _("The ballot was cancelled.")


def member_statuses(ballot: Ballot, members: list[Member]) -> list[dict[str, Any]]:
    """For each member the user votes for: their status, a sentence, and whether they may
    vote now."""
    still_open = ballot.status == Ballot.Status.OPEN and (
        ballot.closes_at is None or timezone.now() < ballot.closes_at
    )
    rows = []
    for member in members:
        status = selectors.voter_status(ballot, member)
        rows.append(
            {
                "member": member,
                "status": status,
                "sentence": status_sentence(ballot, status),
                "may_vote_now": still_open and status.may_vote and not status.has_voted,
            }
        )
    return rows
