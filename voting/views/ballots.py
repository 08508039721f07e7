"""The ballots of an organisation, and one ballot's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coop.core.web import acting_user
from voting import permissions, selectors
from voting.models import Ballot
from voting.views._common import closing_text, member_statuses, statuses_of_ballots

PAGE_SIZE = 20


@login_required
@require_GET
def ballot_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Ballots of the organisation (drafts for the secretary only), each with the user's
    status in it."""
    organisation = permissions.organisation_get_for_ballots(request.user, slug)
    ballots = selectors.ballots_for_organisation(
        organisation,
        include_drafts=permissions.can_view_draft_ballots(request.user, organisation),
    )
    page = Paginator(ballots, PAGE_SIZE).get_page(request.GET.get("page"))
    members = selectors.members_user_may_vote_for(acting_user(request), organisation)
    statuses = statuses_of_ballots(list(page), members)
    rows = [
        {"ballot": ballot, "closing": closing_text(ballot), "statuses": statuses[ballot.pk]}
        for ballot in page
    ]
    return render(
        request,
        "voting/ballot_list.html",
        {
            "organisation": organisation,
            "page": page,
            "rows": rows,
            "may_manage": permissions.can_create_ballot(request.user, organisation),
            "several_members": len(members) > 1,
        },
    )


@login_required
@require_GET
def ballot_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The ballot's page: what it is, when it closes, whether you may vote and why not, the
    turnout so far (never the results before it closes), and the way in to vote."""
    ballot = permissions.ballot_get_for_view(request.user, slug, pk)
    organisation = ballot.organisation
    members = selectors.members_user_may_vote_for(acting_user(request), organisation)
    statuses = member_statuses(ballot, members)
    turnout = selectors.turnout(ballot) if ballot.status != Ballot.Status.DRAFT else None
    return render(
        request,
        "voting/ballot_detail.html",
        {
            "organisation": organisation,
            "ballot": ballot,
            "closing": closing_text(ballot),
            "statuses": statuses,
            "several_members": len(members) > 1,
            "may_vote_now": ballot.allow_online and any(s["may_vote_now"] for s in statuses),
            "turnout": turnout,
            "may_manage": permissions.can_manage_ballot(request.user, ballot),
            "may_take_votes_in_room": permissions.can_take_votes_in_room(request.user, ballot),
            "may_view_roll": permissions.can_view_roll(request.user, ballot),
            "may_scrutinise": permissions.can_scrutinise_ballot(request.user, ballot),
            "may_see_results": permissions.can_view_results(request.user, ballot),
            "questions": selectors.ballot_questions(ballot),
        },
    )
