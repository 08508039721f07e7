"""Votes taken in the room by the secretary: a paper vote for a named attendee (who gets
their receipt code), a show of hands for those present who have not voted, and proxies
(appoint, mark the proxy present, cast the proxy's vote, revoke)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.web import acting_user, bound, form_page
from membership.models import Member
from voting import permissions, selectors, services
from voting.forms.paper import PaperForm
from voting.forms.room import HandsForm, ProxyAppointForm
from voting.forms.setup import ConfirmForm
from voting.models import Ballot, Channel, Proxy, Question
from voting.views.vote import answer_words


def room_url(ballot: Ballot) -> str:
    return reverse("voting:room", args=[ballot.organisation.slug, ballot.pk])


def _room_page(
    request: HttpRequest, ballot: Ballot, *, errors: list[str] | None = None
) -> HttpResponse:
    questions = selectors.ballot_questions(ballot)
    is_open = ballot.status == Ballot.Status.OPEN
    return render(
        request,
        "voting/room/room.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "errors": errors or [],
            "is_open": is_open,
            "may_take_papers": is_open and ballot.allow_in_room,
            "may_take_hands": is_open
            and ballot.allow_in_room
            and len(questions) == 1
            and questions[0].kind == Question.Kind.RESOLUTION,
            "may_appoint": ballot.allow_proxy
            and ballot.status in (Ballot.Status.DRAFT, Ballot.Status.OPEN),
            "proxies": list(selectors.proxies(ballot)) if ballot.allow_proxy else [],
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def room(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _room_page(request, permissions.ballot_get_for_room(request.user, slug, pk))


def _context(ballot: Ballot, title: str, submit_label: str, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": ballot.organisation,
        "ballot": ballot,
        "title": title,
        "caption": ballot.display_title,
        "submit_label": submit_label,
        "back_url": room_url(ballot),
        **extra,
    }


def _member(ballot: Ballot, number: int) -> Member:
    member = selectors.members_numbered(ballot.organisation, [number]).get(number)
    if member is None:
        raise ValidationError(
            {
                "member_number": [
                    _("There is no member %(number)s in this organisation.") % {"number": number}
                ]
            }
        )
    return member


@login_required
@require_http_methods(["GET", "POST"])
def room_paper(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A paper vote handed in at the meeting, entered for the named attendee."""
    ballot = permissions.ballot_get_for_room_votes(request.user, slug, pk)
    form = PaperForm(bound(request), questions=selectors.ballot_questions(ballot))

    def perform(data: dict[str, Any]) -> HttpResponse:
        member = _member(ballot, data["member_number"])
        code = services.ballot_cast(
            ballot=ballot,
            member=member,
            selections=form.selections,
            channel=Channel.ROOM,
            actor=acting_user(request),
        )
        messages.success(
            request,
            _(
                "Paper vote recorded for member %(number)s, %(name)s. Give them their receipt "
                "code: %(code)s"
            )
            % {"number": member.number, "name": member.name, "code": code},
        )
        return HttpResponseRedirect(room_url(ballot))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"member": "member_number"},
        context=_context(
            ballot,
            _("Enter a paper vote"),
            _("Record the vote"),
            intro=_(
                "For a member voting on paper at the meeting. "
                "Leave a question empty for a blank paper."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_hands(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show-of-hands counts for a ballot of one resolution, for those present who have not
    voted."""
    ballot = permissions.ballot_get_for_room_votes(request.user, slug, pk)
    questions = selectors.ballot_questions(ballot)
    if not questions:
        raise Http404
    question = questions[0]
    form = HandsForm(bound(request), question=question, organisation=ballot.organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        counted = services.hands_record(
            question=question,
            counts=form.counts,
            present_members=data["present"],
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("Show of hands recorded: %(n)s members present who had not voted are counted.")
            % {"n": counted},
        )
        return HttpResponseRedirect(room_url(ballot))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=_context(
            ballot,
            _("Record a show of hands"),
            _("Record the show of hands"),
            intro=question.display_text,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proxy_appoint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member's proxy, from the signed appointment form."""
    ballot = permissions.ballot_get_for_room_votes(request.user, slug, pk)
    form = ProxyAppointForm(
        bound(request),
        organisation=ballot.organisation,
        questions=selectors.ballot_questions(ballot),
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        proxy = services.proxy_appoint(
            ballot=ballot,
            member=data["member"],
            kind=data["kind"],
            holder=data["holder"],
            holder_name=data["holder_name"],
            directions=form.directions,
            actor=acting_user(request),
        )
        messages.success(
            request,
            _("%(holder)s is the proxy of member %(number)s.")
            % {"holder": proxy.holder_name, "number": proxy.member.number},
        )
        return HttpResponseRedirect(room_url(ballot))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"member": "member_number", "holder": "holder_number"},
        context=_context(
            ballot,
            _("Appoint a proxy"),
            _("Appoint the proxy"),
            intro=_(
                "A directed proxy votes as the member says below; "
                "otherwise the proxy decides at the meeting."
            ),
        ),
    )


def _proxy(ballot: Ballot, proxy_id: int) -> Proxy:
    proxy = selectors.proxy_get(ballot, proxy_id)
    if proxy is None:
        raise Http404
    return proxy


@login_required
@require_POST
def proxy_present(request: HttpRequest, slug: str, pk: int, proxy_id: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_room_votes(request.user, slug, pk)
    proxy = _proxy(ballot, proxy_id)
    present = request.POST.get("present") == "yes"
    try:
        services.proxy_mark_present(proxy=proxy, present=present, actor=acting_user(request))
    except ValidationError as error:
        return _room_page(request, ballot, errors=list(error.messages))
    messages.success(
        request,
        (_("%(holder)s is marked present.") if present else _("%(holder)s is marked absent."))
        % {"holder": proxy.holder_name},
    )
    return HttpResponseRedirect(room_url(ballot))


@login_required
@require_POST
def proxy_revoke(request: HttpRequest, slug: str, pk: int, proxy_id: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_room_votes(request.user, slug, pk)
    proxy = _proxy(ballot, proxy_id)
    try:
        services.proxy_revoke(proxy=proxy, actor=acting_user(request))
    except ValidationError as error:
        return _room_page(request, ballot, errors=list(error.messages))
    messages.success(
        request, _("The proxy of member %(number)s is revoked.") % {"number": proxy.member.number}
    )
    return HttpResponseRedirect(room_url(ballot))


@login_required
@require_http_methods(["GET", "POST"])
def proxy_cast(request: HttpRequest, slug: str, pk: int, proxy_id: int) -> HttpResponse:
    """The proxy, present, votes: as directed, or at their discretion."""
    ballot = permissions.ballot_get_for_room_votes(request.user, slug, pk)
    proxy = _proxy(ballot, proxy_id)
    questions = selectors.ballot_questions(ballot)
    directed = proxy.kind == Proxy.Kind.DIRECTED
    form = (
        ConfirmForm(bound(request))
        if directed
        else PaperForm(bound(request), questions=questions, with_member=False)
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        selections = form.selections if isinstance(form, PaperForm) else None
        code = services.ballot_cast_proxy(
            proxy=proxy, selections=selections, actor=acting_user(request)
        )
        messages.success(
            request,
            _("Proxy vote cast for member %(number)s. Receipt code: %(code)s")
            % {"number": proxy.member.number, "code": code},
        )
        return HttpResponseRedirect(room_url(ballot))

    summary = [
        (_("Member"), f"{proxy.member.number} {proxy.member.name}"),
        (_("Proxy"), proxy.holder_name),
        (_("Kind"), proxy.get_kind_display()),
    ]
    if directed:
        summary += [
            (
                _("Question %(n)s") % {"n": q.position},
                "; ".join(answer_words(q, [int(o) for o in proxy.directions.get(str(q.pk), [])])),
            )
            for q in questions
        ]
    return form_page(
        request,
        form=form,
        perform=perform,
        context=_context(ballot, _("Cast a proxy vote"), _("Cast the proxy vote"), summary=summary),
    )
