"""The secretary runs a ballot: set when it opens and closes, open it, close and count it,
publish its results, or cancel it. Each is an action page of the kernel (`coop.core.web`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coop.core.models import User
from coop.core.web import action_page, bound
from voting import permissions, services
from voting.forms.setup import CancelForm, ConfirmForm, ScheduleForm
from voting.models import Ballot
from voting.views.setup import manage_url, page_context


@login_required
@require_http_methods(["GET", "POST"])
def ballot_schedule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        # Once open, only the closing time can change (the form's minutes-only opening time
        # would not match the exact one).
        is_open = ballot.status == Ballot.Status.OPEN
        services.ballot_schedule(
            ballot=ballot,
            opens_at=ballot.opens_at if is_open else data["opens_at"],
            closes_at=data["closes_at"],
            actor=actor,
        )
        return _("The times are set.")

    initial = {"opens_at": ballot.opens_at, "closes_at": ballot.closes_at}
    return action_page(
        request,
        form=ScheduleForm(bound(request), initial=initial),
        perform=perform,
        done_url=manage_url(ballot),
        aliases={"status": "opens_at"},
        context=page_context(
            ballot,
            title=_("Set when the ballot opens and closes"),
            submit_label=_("Save the times"),
            intro=_("The ballot opens and closes by itself at these times."),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        opened = services.ballot_open(ballot=ballot, actor=actor)
        return _("The ballot is open: %(n)s members may vote.") % {"n": opened.electorate_count}

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=manage_url(ballot),
        context=page_context(
            ballot,
            title=_("Open the ballot now"),
            submit_label=_("Open the ballot"),
            intro=_(
                "Who may vote is taken from the register as at the record date and frozen. "
                "The questions cannot change after this. Members who gave an email address "
                "for voting are told the ballot is open."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.ballot_close(ballot=ballot, actor=actor)
        return _("The ballot is closed and counted. Check the results, then publish them.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=manage_url(ballot),
        context=page_context(
            ballot,
            title=_("Close the ballot now"),
            submit_label=_("Close the ballot"),
            danger=True,
            intro=_(
                "Nobody can vote after this. The papers are counted; the results are shown to "
                "you and the scrutineers until you publish them."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.ballot_publish(ballot=ballot, actor=actor)
        return _("The results are published to the members.")

    return action_page(
        request,
        form=ConfirmForm(bound(request)),
        perform=perform,
        done_url=manage_url(ballot),
        context=page_context(
            ballot,
            title=_("Publish the results"),
            submit_label=_("Publish the results"),
            intro=_(
                "Members see the results and the list of receipt codes, and those who gave an "
                "email address for voting are sent the results."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.ballot_cancel(ballot=ballot, reason=data["reason"], actor=actor)
        return _("The ballot is cancelled.")

    return action_page(
        request,
        form=CancelForm(bound(request)),
        perform=perform,
        done_url=manage_url(ballot),
        context=page_context(
            ballot,
            title=_("Cancel the ballot"),
            submit_label=_("Cancel the ballot"),
            danger=True,
            intro=_("No results are counted. This cannot be undone."),
        ),
    )
