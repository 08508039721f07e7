"""The secretary's ballot set-up: create a ballot, add questions, options and reserved seats,
set its times, open and close it, record the chair's casting vote, publish, or cancel.

Each action is a form page: GET shows it, a valid POST makes one service call; a refusal
shows the page again with the field's error (400) and nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.permissions import Role
from voting import selectors, services
from voting.forms.setup import (
    BallotCreateForm,
    CancelForm,
    CastingVoteForm,
    ConfirmForm,
    OptionAddForm,
    QuestionAddForm,
    ReservationForm,
    ScheduleForm,
)
from voting.models import Ballot, Question
from voting.views._common import (
    acting_user,
    ballot_for_manage,
    bound,
    closing_text,
    form_page,
    organisation_for,
)


def manage_url(ballot: Ballot) -> str:
    return reverse("voting:manage", args=[ballot.organisation.slug, ballot.pk])


@login_required
@require_http_methods(["GET", "POST"])
def ballot_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for(request, slug, Role.SECRETARY)
    form = BallotCreateForm(bound(request), organisation=organisation)

    def perform(data: dict[str, Any]) -> HttpResponse:
        ballot = services.ballot_create(
            organisation=organisation,
            title=data["title"],
            title_cy=data["title_cy"],
            description=data["description"],
            description_cy=data["description_cy"],
            record_date=data["record_date"],
            is_secret=data["is_secret"],
            eligible_classes=data["eligible_classes"],
            allow_online="online" in data["channels"],
            allow_in_room="room" in data["channels"],
            allow_proxy="proxy" in data["channels"],
            actor=acting_user(request),
        )
        messages.success(request, _("Ballot created. Now add its questions."))
        return HttpResponseRedirect(manage_url(ballot))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={
            "allow_proxy": "channels",
            "allow_online": "channels",
            "allow_in_room": "channels",
        },
        context={
            "organisation": organisation,
            "title": _("New ballot"),
            "caption": organisation.display_name,
            "submit_label": _("Create the ballot"),
            "back_url": reverse("voting:list", args=[slug]),
        },
    )


@login_required
@require_GET
def ballot_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary's overview: the paper as set up, and what can be done next."""
    ballot = ballot_for_manage(request, slug, pk)
    questions = selectors.ballot_questions(ballot)
    return render(
        request,
        "voting/manage.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "questions": questions,
            "closing": closing_text(ballot),
            "is_draft": ballot.status == Ballot.Status.DRAFT,
            "classes": list(ballot.eligible_classes.all()),
            "awaiting": [
                q for q in questions if (q.result or {}).get("outcome") == "awaiting_casting_vote"
            ],
        },
    )


def _action_page(
    request: HttpRequest,
    slug: str,
    pk: int,
    *,
    form_class: type[Any],
    perform: Callable[[Ballot, dict[str, Any]], str],
    title: str,
    submit_label: str,
    intro: str = "",
    danger: bool = False,
    form_kwargs: dict[str, Any] | None = None,
    ballot: Ballot | None = None,
    question: Question | None = None,
    aliases: dict[str, str] | None = None,
) -> HttpResponse:
    ballot = ballot or ballot_for_manage(request, slug, pk)
    form = form_class(bound(request), **(form_kwargs or {}))

    def done(data: dict[str, Any]) -> HttpResponse:
        messages.success(request, perform(ballot, data))
        return HttpResponseRedirect(manage_url(ballot))

    caption = ballot.display_title
    if question is not None:
        caption = _("%(ballot)s · question %(n)s") % {"ballot": caption, "n": question.position}
    return form_page(
        request,
        form=form,
        perform=done,
        aliases=aliases,
        context={
            "organisation": ballot.organisation,
            "ballot": ballot,
            "title": title,
            "caption": caption,
            "intro": intro,
            "submit_label": submit_label,
            "danger": danger,
            "question": question,
            "back_url": manage_url(ballot),
        },
    )


def _question(ballot: Ballot, n: int) -> Question:
    question = ballot.questions.filter(position=n).first()
    if question is None:
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = ballot_for_manage(request, slug, pk)

    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        question = services.question_add(
            ballot=ballot,
            kind=data["kind"],
            text=data["text"],
            text_cy=data["text_cy"],
            resolution_type=data["resolution_type"] if data["kind"] == "resolution" else None,
            seats=data["seats"] or 1,
            method=data["method"] or Question.Method.PLURALITY,
            actor=acting_user(request),
        )
        return _("Question %(n)s added.") % {"n": question.position}

    return _action_page(
        request,
        slug,
        pk,
        ballot=ballot,
        form_class=QuestionAddForm,
        form_kwargs={"ballot": ballot},
        perform=perform,
        title=_("Add a question"),
        submit_label=_("Add the question"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def option_add(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    ballot = ballot_for_manage(request, slug, pk)
    question = _question(ballot, n)

    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        option = services.option_add(
            question=question,
            label=data["label"],
            label_cy=data["label_cy"],
            member_class=data["member_class"],
            statement=data["statement"],
            statement_cy=data["statement_cy"],
            actor=acting_user(request),
        )
        return _("%(name)s added to question %(n)s.") % {
            "name": option.label,
            "n": question.position,
        }

    title = _("Add a candidate") if question.kind == Question.Kind.STV else _("Add a choice")
    return _action_page(
        request,
        slug,
        pk,
        ballot=ballot,
        question=question,
        form_class=OptionAddForm,
        form_kwargs={"organisation": ballot.organisation},
        perform=perform,
        title=title,
        submit_label=title,
        intro=question.display_text,
        aliases={"question": "label"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reservation_set(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    ballot = ballot_for_manage(request, slug, pk)
    question = _question(ballot, n)

    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        services.reservation_set(
            question=question,
            member_class=data["member_class"],
            seats=data["seats"],
            actor=acting_user(request),
        )
        return _("%(seats)s seats reserved for %(cls)s.") % {
            "seats": data["seats"],
            "cls": data["member_class"].display_name,
        }

    return _action_page(
        request,
        slug,
        pk,
        ballot=ballot,
        question=question,
        form_class=ReservationForm,
        form_kwargs={"organisation": ballot.organisation},
        perform=perform,
        title=_("Reserve seats for a member class"),
        submit_label=_("Reserve the seats"),
        intro=_(
            "The count makes sure at least this many of the seats go to candidates of the class."
        ),
        aliases={"question": "seats"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_schedule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = ballot_for_manage(request, slug, pk)

    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        # Once open, only the closing time can change (the form's minutes-only opening time
        # would not match the exact one).
        is_open = ballot.status == Ballot.Status.OPEN
        services.ballot_schedule(
            ballot=ballot,
            opens_at=ballot.opens_at if is_open else data["opens_at"],
            closes_at=data["closes_at"],
            actor=acting_user(request),
        )
        return _("The times are set.")

    return _action_page(
        request,
        slug,
        pk,
        ballot=ballot,
        form_class=ScheduleForm,
        form_kwargs={"initial": {"opens_at": ballot.opens_at, "closes_at": ballot.closes_at}},
        perform=perform,
        title=_("Set when the ballot opens and closes"),
        submit_label=_("Save the times"),
        intro=_("The ballot opens and closes by itself at these times."),
        aliases={"status": "opens_at"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        ballot = services.ballot_open(ballot=ballot, actor=acting_user(request))
        return _("The ballot is open: %(n)s members may vote.") % {"n": ballot.electorate_count}

    return _action_page(
        request,
        slug,
        pk,
        form_class=ConfirmForm,
        perform=perform,
        title=_("Open the ballot now"),
        submit_label=_("Open the ballot"),
        intro=_(
            "Who may vote is taken from the register as at the record date and frozen. "
            "The questions cannot change after this. Members who gave an email address "
            "for voting are told the ballot is open."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        services.ballot_close(ballot=ballot, actor=acting_user(request))
        return _("The ballot is closed and counted. Check the results, then publish them.")

    return _action_page(
        request,
        slug,
        pk,
        form_class=ConfirmForm,
        perform=perform,
        title=_("Close the ballot now"),
        submit_label=_("Close the ballot"),
        danger=True,
        intro=_(
            "Nobody can vote after this. The papers are counted; the results are shown to "
            "you and the scrutineers until you publish them."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        services.ballot_publish(ballot=ballot, actor=acting_user(request))
        return _("The results are published to the members.")

    return _action_page(
        request,
        slug,
        pk,
        form_class=ConfirmForm,
        perform=perform,
        title=_("Publish the results"),
        submit_label=_("Publish the results"),
        intro=_(
            "Members see the results and the list of receipt codes, and those who gave an "
            "email address for voting are sent the results."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        services.ballot_cancel(ballot=ballot, reason=data["reason"], actor=acting_user(request))
        return _("The ballot is cancelled.")

    return _action_page(
        request,
        slug,
        pk,
        form_class=CancelForm,
        perform=perform,
        title=_("Cancel the ballot"),
        submit_label=_("Cancel the ballot"),
        danger=True,
        intro=_("No results are counted. This cannot be undone."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def casting_vote(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    ballot = ballot_for_manage(request, slug, pk)
    question = _question(ballot, n)

    def perform(ballot: Ballot, data: dict[str, Any]) -> str:
        services.ballot_record_casting_vote(
            question=question, vote=data["casting_vote"], actor=acting_user(request)
        )
        return _("The chair's casting vote is recorded.")

    return _action_page(
        request,
        slug,
        pk,
        ballot=ballot,
        question=question,
        form_class=CastingVoteForm,
        perform=perform,
        title=_("Record the chair's casting vote"),
        submit_label=_("Record the casting vote"),
        intro=_(
            "The votes on this resolution are tied and the rules give the chair a casting vote."
        ),
        aliases={"casting_vote": "casting_vote"},
    )
