"""The secretary's ballot set-up: create a ballot, see it as set up, add questions, options and
reserved seats, and record the chair's casting vote on a tie.

Each action is a form page (`coop.core.web`): GET shows it, a valid POST makes one service
call; a refusal shows the page again with the field's error (400) and nothing written. The
getters of `voting.permissions` decide who may reach each page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, form_page
from voting import permissions, selectors, services
from voting.forms.setup import (
    BallotCreateForm,
    CastingVoteForm,
    OptionAddForm,
    QuestionAddForm,
    ReservationForm,
)
from voting.models import Ballot, Question
from voting.report import setup_note
from voting.views._common import closing_text


def manage_url(ballot: Ballot) -> str:
    return reverse("voting:manage", args=[ballot.organisation.slug, ballot.pk])


def page_context(
    ballot: Ballot,
    *,
    title: str,
    submit_label: str,
    intro: str = "",
    danger: bool = False,
    question: Question | None = None,
) -> dict[str, Any]:
    """What every set-up form page shows around its form."""
    caption = ballot.display_title
    if question is not None:
        caption = _("%(ballot)s · question %(n)s") % {"ballot": caption, "n": question.position}
    return {
        "organisation": ballot.organisation,
        "ballot": ballot,
        "title": title,
        "caption": caption,
        "intro": intro,
        "submit_label": submit_label,
        "danger": danger,
        "question": question,
    }


def question_of(ballot: Ballot, n: int) -> Question:
    """Question `n` of the ballot's paper, or 404."""
    question = selectors.question_at(ballot, n)
    if question is None:
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "POST"])
def ballot_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.organisation_get_for_ballots(
        request.user, slug, may=permissions.can_create_ballot, action=True
    )
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
    ballot = permissions.ballot_get_for_oversee(request.user, slug, pk)
    questions = selectors.ballot_questions(ballot)
    at_risk = selectors.classes_at_risk(ballot, questions)
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
            "disclosure_note": setup_note([c.display_name for c in at_risk]) if at_risk else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)

    def perform(data: dict[str, Any], actor: User) -> str:
        question = services.question_add(
            ballot=ballot,
            kind=data["kind"],
            text=data["text"],
            text_cy=data["text_cy"],
            resolution_type=data["resolution_type"] if data["kind"] == "resolution" else None,
            seats=data["seats"] or 1,
            method=data["method"] or Question.Method.PLURALITY,
            actor=actor,
        )
        return _("Question %(n)s added.") % {"n": question.position}

    return action_page(
        request,
        form=QuestionAddForm(bound(request), ballot=ballot),
        perform=perform,
        done_url=manage_url(ballot),
        context=page_context(ballot, title=_("Add a question"), submit_label=_("Add the question")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def option_add(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)
    question = question_of(ballot, n)

    def perform(data: dict[str, Any], actor: User) -> str:
        option = services.option_add(
            question=question,
            label=data["label"],
            label_cy=data["label_cy"],
            member_class=data["member_class"],
            statement=data["statement"],
            statement_cy=data["statement_cy"],
            actor=actor,
        )
        return _("%(name)s added to question %(n)s.") % {
            "name": option.label,
            "n": question.position,
        }

    title = _("Add a candidate") if question.kind == Question.Kind.STV else _("Add a choice")
    return action_page(
        request,
        form=OptionAddForm(bound(request), organisation=ballot.organisation),
        perform=perform,
        done_url=manage_url(ballot),
        aliases={"question": "label"},
        context=page_context(
            ballot, question=question, title=title, submit_label=title, intro=question.display_text
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reservation_set(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)
    question = question_of(ballot, n)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.reservation_set(
            question=question, member_class=data["member_class"], seats=data["seats"], actor=actor
        )
        return _("%(seats)s seats reserved for %(cls)s.") % {
            "seats": data["seats"],
            "cls": data["member_class"].display_name,
        }

    return action_page(
        request,
        form=ReservationForm(bound(request), organisation=ballot.organisation),
        perform=perform,
        done_url=manage_url(ballot),
        aliases={"question": "seats"},
        context=page_context(
            ballot,
            question=question,
            title=_("Reserve seats for a member class"),
            submit_label=_("Reserve the seats"),
            intro=_(
                "The count makes sure at least this many of the seats go to candidates of the "
                "class."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def casting_vote(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    ballot = permissions.ballot_get_for_manage(request.user, slug, pk)
    question = question_of(ballot, n)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.ballot_record_casting_vote(
            question=question, vote=data["casting_vote"], actor=actor
        )
        return _("The chair's casting vote is recorded.")

    return action_page(
        request,
        form=CastingVoteForm(bound(request)),
        perform=perform,
        done_url=manage_url(ballot),
        aliases={"casting_vote": "casting_vote"},
        context=page_context(
            ballot,
            question=question,
            title=_("Record the chair's casting vote"),
            submit_label=_("Record the casting vote"),
            intro=_(
                "The votes on this resolution are tied and the rules give the chair a casting vote."
            ),
        ),
    )
