"""The secretary edits the agenda (add an item, move items up and down) and, on the day,
marks where the meeting is with each item."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, error_messages
from governance import permissions, selectors, services
from governance.forms.meetings import AgendaItemForm, AgendaItemProgressForm
from governance.models import AgendaItem, Meeting
from governance.views._common import page_context, run_url


def _agenda_url(meeting: Meeting) -> str:
    return reverse("governance:agenda", args=[meeting.organisation.slug, meeting.pk])


def _agenda_page(
    request: HttpRequest, meeting: Meeting, *, errors: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "governance/agenda.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "agenda": selectors.meeting_agenda(meeting),
            "may_change": meeting.status not in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED),
            "errors": errors or [],
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The agenda as the secretary edits it (the form page of moving items: 403 for others
    who see the meeting)."""
    return _agenda_page(request, permissions.meeting_get_for_run(request.user, slug, pk))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add a report, an election (with its ballot) or other business at the end."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    form = AgendaItemForm(bound(request), organisation=meeting.organisation)

    def perform(data: dict[str, Any], actor: User) -> str:
        item = services.agenda_item_add(
            meeting=meeting,
            kind=data["kind"],
            title=data["title"],
            title_cy=data["title_cy"],
            body=data["body"],
            body_cy=data["body_cy"],
            ballot=data["ballot"],
            actor=actor,
        )
        return _("“%(title)s” is added to the agenda.") % {"title": item.title}

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=_agenda_url(meeting),
        context=page_context(
            meeting.organisation,
            title=_("Add an item to the agenda"),
            caption=meeting.display_title,
            back_url=_agenda_url(meeting),
            submit_label=_("Add the item"),
        ),
    )


def _item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = selectors.agenda_item_get(meeting, item_id)
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def agenda_move(request: HttpRequest, slug: str, pk: int, item_id: int) -> HttpResponse:
    """Move an item to another place (the Up and Down buttons send the new place)."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    item = _item_of(meeting, item_id)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        return _agenda_page(request, meeting, errors=[_("Choose where to move the item.")])
    try:
        services.agenda_item_move(item=item, position=position, actor=acting_user(request))
    except ValidationError as error:
        return _agenda_page(request, meeting, errors=error_messages(error))
    return HttpResponseRedirect(_agenda_url(meeting) + f"#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_progress(request: HttpRequest, slug: str, pk: int, item_id: int) -> HttpResponse:
    """Mark an item as being taken or done, with a note of what happened."""
    meeting = permissions.meeting_get_for_run(request.user, slug, pk)
    item = _item_of(meeting, item_id)
    form = AgendaItemProgressForm(
        bound(request), initial={"status": item.status, "note": item.note}
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        services.agenda_item_mark(item=item, status=data["status"], note=data["note"], actor=actor)
        return _("Item %(n)s: %(status)s.") % {
            "n": item.position,
            "status": AgendaItem.Status(data["status"]).label,
        }

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=run_url(meeting) + f"#item-{item.pk}",
        context=page_context(
            meeting.organisation,
            title=_("Item %(n)s: %(title)s") % {"n": item.position, "title": item.display_title},
            caption=meeting.display_title,
            back_url=run_url(meeting),
            submit_label=_("Save"),
        ),
    )
