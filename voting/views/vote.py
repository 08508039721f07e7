"""A member votes online: choose whom you vote for (if you vote for several), one question per
screen, confirm every answer, cast, and see the receipt code once.

The answers are kept in the session between screens (nothing is written until the vote is
cast); casting is one call of `voting.services.ballot_cast`, which checks everything again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coop.core.forms import GovukForm
from coop.core.web import acting_user, bound
from membership.models import Member
from voting import permissions, selectors, services
from voting.forms.paper import QuestionForm, initial_for, live_options
from voting.models import Ballot, Channel, Question
from voting.views._common import closing_text, member_statuses


def _flow_key(ballot: Ballot) -> str:
    return f"cyd-vote-{ballot.pk}"


def _receipt_key(ballot: Ballot) -> str:
    return f"cyd-receipt-{ballot.pk}"


class MemberChoiceForm(GovukForm, forms.Form):
    member = forms.TypedChoiceField(
        label=gettext_lazy("Who are you voting for?"),
        widget=forms.RadioSelect,
        coerce=int,
        error_messages={"required": gettext_lazy("Choose the member you are voting for.")},
    )

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(m.pk, member_label(m)) for m in members]


def member_label(member: Member) -> str:
    if member.kind == Member.Kind.ORGANISATION:
        return _("%(name)s (member organisation %(number)s), as its representative") % {
            "name": member.name,
            "number": member.number,
        }
    return _("Yourself: %(name)s (member %(number)s)") % {
        "name": member.name,
        "number": member.number,
    }


def _ballot_refusal(ballot: Ballot) -> str:
    """Why nobody can vote online in this ballot now ('' if they can)."""
    if not ballot.allow_online:
        return _("This ballot does not take votes online.")
    if ballot.status == Ballot.Status.DRAFT:
        return _("This ballot is not open for voting yet.")
    if ballot.status == Ballot.Status.CANCELLED:
        return _("This ballot was cancelled.")
    if ballot.status != Ballot.Status.OPEN:
        return _("Voting has closed.")
    if ballot.closes_at is not None and timezone.now() >= ballot.closes_at:
        return _("Voting closed at %(time)s.") % {"time": closing_text(ballot)}
    return ""


def _refuse(request: HttpRequest, ballot: Ballot, reasons: list[str]) -> HttpResponse:
    """The page that says why you cannot vote (400: nothing was written)."""
    return render(
        request,
        "voting/vote/cannot_vote.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "reasons": reasons,
        },
        status=400,
    )


def _start(request: HttpRequest, ballot: Ballot, member: Member) -> HttpResponse:
    request.session[_flow_key(ballot)] = {"member": member.pk, "answers": {}}
    return HttpResponseRedirect(
        reverse("voting:vote_question", args=[ballot.organisation.slug, ballot.pk, 1])
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Choose the member you are voting for (when you vote for more than one)."""
    ballot = permissions.ballot_get_for_vote(request.user, slug, pk)
    refusal = _ballot_refusal(ballot)
    if refusal:
        return _refuse(request, ballot, [refusal])
    members = selectors.members_user_may_vote_for(acting_user(request), ballot.organisation)
    statuses = member_statuses(ballot, members)
    votable = [row["member"] for row in statuses if row["may_vote_now"]]
    if not votable:
        reasons = [row["sentence"] for row in statuses] or [
            _("You are not a member with a vote in this organisation.")
        ]
        return _refuse(request, ballot, reasons)
    if len(statuses) == 1 and request.method == "GET":
        return _start(request, ballot, votable[0])
    form = MemberChoiceForm(bound(request), members=votable)
    if request.method == "POST" and form.is_valid():
        chosen = next(m for m in votable if m.pk == form.cleaned_data["member"])
        return _start(request, ballot, chosen)
    return render(
        request,
        "voting/vote/start.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "form": form,
            "statuses": statuses,
        },
        status=400 if form.is_bound else 200,
    )


def _voting(
    request: HttpRequest, slug: str, pk: int
) -> tuple[Ballot, Member, dict[str, list[int]], list[Question]] | HttpResponse:
    """The ballot, the member voted for and the answers so far; or the response to give
    (back to the start, or why you cannot vote)."""
    ballot = permissions.ballot_get_for_vote(request.user, slug, pk)
    refusal = _ballot_refusal(ballot)
    if refusal:
        return _refuse(request, ballot, [refusal])
    state = request.session.get(_flow_key(ballot))
    members = {
        m.pk: m
        for m in selectors.members_user_may_vote_for(acting_user(request), ballot.organisation)
    }
    if not state or state.get("member") not in members:
        return HttpResponseRedirect(reverse("voting:vote_start", args=[slug, pk]))
    member = members[state["member"]]
    status = selectors.voter_status(ballot, member)
    if status.has_voted:
        return _refuse(
            request,
            ballot,
            [
                _(
                    "A vote has already been recorded for member %(number)s (%(channel)s). Each "
                    "member votes once."
                )
                % {"number": member.number, "channel": status.channel}
            ],
        )
    if not status.may_vote:
        return _refuse(request, ballot, [status.reason])
    return ballot, member, state["answers"], selectors.ballot_questions(ballot)


def _question_page(
    request: HttpRequest,
    ballot: Ballot,
    member: Member,
    questions: list[Question],
    form: QuestionForm,
    *,
    status: int = 200,
) -> HttpResponse:
    question = form.question
    n = question.position
    index = questions.index(question)
    slug = ballot.organisation.slug
    back_url = (
        reverse("voting:vote_question", args=[slug, ballot.pk, questions[index - 1].position])
        if index > 0
        else reverse("voting:ballot", args=[slug, ballot.pk])
    )
    return render(
        request,
        "voting/vote/question.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "member": member,
            "question": question,
            "number": index + 1,
            "total": len(questions),
            "form": form,
            "back_url": back_url,
            "options": live_options(question),
            "position": n,
        },
        status=status,
    )


def _by_position(questions: list[Question], n: int) -> Question:
    for question in questions:
        if question.position == n:
            return question
    raise Http404


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote_question(request: HttpRequest, slug: str, pk: int, n: int) -> HttpResponse:
    """Question n of the paper: answer, then continue to the next (or to the check)."""
    found = _voting(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    ballot, member, answers, questions = found
    question = _by_position(questions, n)
    form = QuestionForm(bound(request), question=question, chosen=answers.get(str(question.pk)))
    if request.method == "POST":
        if not form.is_valid():
            return _question_page(request, ballot, member, questions, form, status=400)
        answers[str(question.pk)] = form.selection
        request.session.modified = True
        later = [q for q in questions if q.position > question.position]
        if later:
            return HttpResponseRedirect(
                reverse("voting:vote_question", args=[slug, pk, later[0].position])
            )
        return HttpResponseRedirect(reverse("voting:vote_confirm", args=[slug, pk]))
    return _question_page(request, ballot, member, questions, form)


def answer_words(question: Question, chosen: list[int]) -> list[str]:
    """An answer in words: the option, the options chosen, or the ranking."""
    labels = {o.pk: o.display_label for o in question.options.all()}
    if not chosen:
        if question.kind == Question.Kind.STV:
            return [_("No preferences given (a blank paper)")]
        return [_("Nothing chosen (a blank paper)")]
    if question.kind == Question.Kind.STV:
        return [
            _("%(rank)s. %(name)s") % {"rank": rank, "name": labels.get(c, "?")}
            for rank, c in enumerate(chosen, start=1)
        ]
    return [labels.get(c, "?") for c in chosen]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check every answer (each with a Change link), then cast the vote in one go."""
    found = _voting(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    ballot, member, answers, questions = found
    for question in questions:
        if str(question.pk) not in answers:
            return HttpResponseRedirect(
                reverse("voting:vote_question", args=[slug, pk, question.position])
            )
    if request.method == "POST":
        try:
            code = services.ballot_cast(
                ballot=ballot,
                member=member,
                channel=Channel.ONLINE,
                selections={q.pk: answers[str(q.pk)] for q in questions},
                actor=acting_user(request),
            )
        except ValidationError as error:
            return _cast_refused(request, ballot, member, questions, answers, error)
        request.session.pop(_flow_key(ballot), None)
        request.session[_receipt_key(ballot)] = {"code": code, "member": member.name}
        return HttpResponseRedirect(reverse("voting:vote_receipt", args=[slug, pk]))
    rows = [
        {
            "question": q,
            "answer": answer_words(q, answers[str(q.pk)]),
            "change_url": reverse("voting:vote_question", args=[slug, pk, q.position]),
        }
        for q in questions
    ]
    return render(
        request,
        "voting/vote/confirm.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "member": member,
            "rows": rows,
            "back_url": rows[-1]["change_url"]
            if rows
            else reverse("voting:ballot", args=[slug, pk]),
        },
    )


def _cast_refused(
    request: HttpRequest,
    ballot: Ballot,
    member: Member,
    questions: list[Question],
    answers: dict[str, list[int]],
    error: ValidationError,
) -> HttpResponse:
    """The service refused the vote: an answer → that question's page with the error; the
    ballot or the member → the page saying why. Status 400 either way; nothing written."""
    fields = error.message_dict if hasattr(error, "error_dict") else {}
    for question in questions:
        name = f"question_{question.position}"
        if name in fields:
            form = QuestionForm(
                initial_for(question, answers.get(str(question.pk), [])), question=question
            )
            form.is_valid()
            for message in fields[name]:
                form.add_error(name if name in form.fields else None, message)
            return _question_page(request, ballot, member, questions, form, status=400)
    return _refuse(request, ballot, list(error.messages))


@login_required
@never_cache
@require_GET
def vote_receipt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The receipt code, shown once (it is also emailed), and how to check it later."""
    ballot = permissions.ballot_get_for_vote(request.user, slug, pk)
    receipt = request.session.pop(_receipt_key(ballot), None)
    if receipt is None:
        return HttpResponseRedirect(reverse("voting:ballot", args=[slug, pk]))
    members = selectors.members_user_may_vote_for(acting_user(request), ballot.organisation)
    others = [row for row in member_statuses(ballot, members) if row["may_vote_now"]]
    return render(
        request,
        "voting/vote/receipt.html",
        {
            "organisation": ballot.organisation,
            "ballot": ballot,
            "code": receipt["code"],
            "member_name": receipt["member"],
            "others": others,
        },
    )
