"""Taking the vote on a motion or an amendment at the meeting: close its ballot (online,
paper and proxy votes counted once) and apply the result, or decide by a show of hands.

A tie where the rules give the chair a casting vote comes back from the service as an error
on `casting_vote`: the page then asks for the chair's vote. A show of hands where the rules
weigh the vote by class is refused by the service: the page says so and links to the voting
room for a poll. While the meeting is inquorate every vote is refused with the rule."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coop.core.forms import add_service_errors
from coop.core.web import acting_user, bound
from governance import permissions, selectors, services
from governance.forms.motions import HandsForm, VoteForm
from governance.models import Amendment, Meeting, Motion
from governance.views._common import motion_url
from voting import selectors as voting_selectors

Item = Motion | Amendment


def _item(request: HttpRequest, slug: str, pk: int, kind: str) -> Item:
    """The motion or amendment whose vote the secretary takes (403 for others who see it)."""
    if kind == "amendment":
        return permissions.amendment_get_for(
            request.user, slug, pk, permissions.can_take_vote, action=True
        )
    return permissions.motion_get_for(
        request.user, slug, pk, permissions.can_take_vote, action=True
    )


def _motion_of(item: Item) -> Motion:
    return item if isinstance(item, Motion) else item.motion


def _title(item: Item) -> str:
    if isinstance(item, Amendment):
        return _("Amendment %(n)s to “%(motion)s”") % {
            "n": item.position,
            "motion": item.motion.display_title,
        }
    return item.display_title


def _context(item: Item, meeting: Meeting, kind: str) -> dict[str, Any]:
    motion = _motion_of(item)
    ballot = item.ballot
    slug = motion.organisation.slug
    return {
        "organisation": motion.organisation,
        "meeting": meeting,
        "item": item,
        "kind": kind,
        "item_title": _title(item),
        "item_text": item.text if isinstance(item, Amendment) else item.substantive_text,
        "motion": motion,
        "ballot": ballot,
        "turnout": voting_selectors.turnout(ballot) if ballot else None,
        "quorum": selectors.quorum(meeting),
        "room_url": reverse("voting:room", args=[slug, ballot.pk]) if ballot else "",
        "back_url": motion_url(motion),
        "vote_url": reverse(f"governance:{kind}_vote", args=[slug, item.pk]),
        "hands_url": reverse(f"governance:{kind}_hands", args=[slug, item.pk]),
    }


def _decided(request: HttpRequest, item: Item) -> HttpResponse:
    messages.success(
        request,
        _("The vote is taken. %(result)s") % {"result": item.result_summary},
    )
    return HttpResponseRedirect(motion_url(_motion_of(item)))


def _vote_page(request: HttpRequest, slug: str, pk: int, kind: str, *, hands: bool) -> HttpResponse:
    item = _item(request, slug, pk, kind)
    meeting = _motion_of(item).meeting
    template = "governance/vote_hands.html" if hands else "governance/vote_take.html"
    asks = request.method == "POST" and bool(request.POST.get("casting_vote"))
    form: VoteForm | HandsForm = (
        HandsForm(bound(request), ask_casting_vote=asks)
        if hands
        else VoteForm(bound(request), ask_casting_vote=asks)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, HandsForm):
                decided = services.vote_by_show_of_hands(
                    item=item,
                    counts=form.counts,
                    casting_vote=form.cleaned_data["casting_vote"],
                    actor=acting_user(request),
                )
            else:
                decided = services.vote_take(
                    item=item,
                    casting_vote=form.cleaned_data["casting_vote"],
                    actor=acting_user(request),
                )
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else {}
            if "casting_vote" in fields and not asks:
                # Tied: ask the chair for the casting vote, keeping what was entered.
                data = request.POST.copy()
                form = (
                    HandsForm(data, ask_casting_vote=True)
                    if hands
                    else VoteForm(data, ask_casting_vote=True)
                )
                form.is_valid()
            add_service_errors(form, error)
        else:
            return _decided(request, decided)
    context = {**_context(item, meeting, kind), "form": form}
    return render(request, template, context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def motion_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _vote_page(request, slug, pk, "motion", hands=False)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _vote_page(request, slug, pk, "amendment", hands=False)


@login_required
@require_http_methods(["GET", "POST"])
def motion_hands(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _vote_page(request, slug, pk, "motion", hands=True)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_hands(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _vote_page(request, slug, pk, "amendment", hands=True)
