"""Answers: the questions with who answers them and by when, the answer editor (limit and
count, English and Welsh, versions), review, reopening, reuse from the library.

Who sees and edits which answer is `tendering.permissions` (`can_view_answer`,
`can_edit_answer`, `can_review_answer`): a co-op's officers never read another co-op's own
answers on these pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coop.core.forms import add_service_errors
from coop.core.models import User
from coop.core.web import acting_user, action_page, bound, error_messages
from tendering import permissions, rules, selectors, services
from tendering.forms.bids import ReasonForm
from tendering.forms.work import AnswerForm, AssignForm, LibraryUseForm, ReviewForm
from tendering.models import Answer, TenderQuestion
from tendering.views._common import back_to, bid_context, bid_url, is_action


@login_required
@require_GET
def answers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every question with its answer's state, author and due date (once per co-op where
    each answers), as the user may see them."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_view_bid)
    return render(
        request,
        "tendering/answers.html",
        bid_context(
            bid,
            rows=permissions.answer_rows_for(request.user, bid),
            is_lead=permissions.can_manage_bid(request.user, bid),
            back_url=back_to(request, bid, "bid"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_assign(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    """Give a question (for a co-op, where each answers) to an author with a due date."""
    bid = permissions.bid_get_for(request.user, slug, pk, permissions.can_manage_bid, action=True)
    question = selectors.question_of(bid, question_id)
    if question is None:
        raise Http404
    form = AssignForm(
        bound(request),
        question=question,
        participants=permissions.participants_acted_for(request.user, bid),
        authors=permissions.author_candidates(bid),
        initial={"participant": request.GET.get("participant")},
    )

    def perform(data: dict[str, Any], actor: User) -> HttpResponse:
        answer = services.answer_assign(
            bid=bid,
            question=question,
            author=data["author"],
            due_on=data["due_on"],
            participant=data.get("participant"),
            actor=actor,
        )
        messages.success(request, _("Question %(n)s is assigned.") % {"n": question.number})
        return HttpResponseRedirect(bid_url(bid, "answer", answer.pk))

    return action_page(
        request,
        form=form,
        perform=perform,
        done_url=bid_url(bid, "answers"),
        context=bid_context(
            bid,
            title=_("Assign question %(n)s") % {"n": question.number},
            intro=question.display_text,
            submit_label=_("Assign"),
            back_url=bid_url(bid, "answers"),
        ),
    )


def _editor(
    request: HttpRequest,
    answer: Answer,
    form: AnswerForm,
    *,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    bid, question, user = answer.bid, answer.question, request.user
    return render(
        request,
        "tendering/answer.html",
        bid_context(
            bid,
            answer=answer,
            question=question,
            form=form,
            may_edit=permissions.can_edit_answer(user, answer),
            is_lead=permissions.can_review_answer(user, answer),
            needs_welsh=bid.opportunity.needs_welsh,
            count=rules.measure(answer.text, question.limit_kind, answer.pages),
            count_cy=rules.measure(answer.text_cy, question.limit_kind, answer.pages),
            within_limit=rules.within_limit(
                answer.text, question.limit_kind, question.limit, answer.pages
            ),
            versions=selectors.answer_versions(answer),
            step_errors=errors or [],
            back_url=bid_url(bid, "answers"),
            has_library=bool(permissions.library_entries_for(user, bid)),
        ),
        status=status,
    )


def _answer_form(answer: Answer, data: Any = None) -> AnswerForm:
    initial = {"text": answer.text, "text_cy": answer.text_cy, "pages": answer.pages}
    return AnswerForm(
        data,
        initial=initial,
        question=answer.question,
        needs_welsh=answer.bid.opportunity.needs_welsh,
    )


def _saved_note(saved: Answer) -> str:
    question = saved.question
    if question.limit_kind == TenderQuestion.LimitKind.NONE or not question.limit:
        return _("Saved.")
    return _("Saved: %(count)s of %(limit)s %(unit)s.") % {
        "count": rules.measure(saved.text, question.limit_kind, saved.pages),
        "limit": question.limit,
        "unit": question.get_limit_kind_display().lower(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """The answer editor: a save makes a new version, refused over the limit or once
    approved (reopen it first); the count of the saved text is shown after each save."""
    action = is_action(request.method)
    found = permissions.answer_get_for(
        request.user,
        slug,
        pk,
        answer_id,
        permissions.can_edit_answer if action else permissions.can_view_answer,
        action=action,
    )
    if not action:
        return _editor(request, found, _answer_form(found))
    form = _answer_form(found, request.POST)
    if form.is_valid():
        try:
            saved = services.answer_save(
                answer=found,
                text=form.cleaned_data["text"],
                text_cy=form.cleaned_data.get("text_cy") or "",
                pages=form.cleaned_data.get("pages"),
                actor=acting_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_note(saved))
            return HttpResponseRedirect(bid_url(saved.bid, "answer", saved.pk))
    return _editor(request, found, form, status=400)


@login_required
@require_POST
def answer_submit(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    found = permissions.answer_get_for(
        request.user, slug, pk, answer_id, permissions.can_edit_answer, action=True
    )
    try:
        services.answer_submit_for_review(answer=found, actor=acting_user(request))
    except ValidationError as error:
        found.refresh_from_db()
        return _editor(
            request, found, _answer_form(found), status=400, errors=error_messages(error)
        )
    messages.success(request, _("Sent for review."))
    return HttpResponseRedirect(bid_url(found.bid, "answer", found.pk))


@login_required
@require_http_methods(["GET", "POST"])
def answer_review(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """The lead approves an answer in review, or sends it back to draft with a note."""
    found = permissions.answer_get_for(
        request.user, slug, pk, answer_id, permissions.can_review_answer, action=True
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        approve = data["decision"] == "approve"
        services.answer_review(answer=found, approve=approve, note=data["note"], actor=actor)
        return _("Approved.") if approve else _("Sent back to draft.")

    return action_page(
        request,
        form=ReviewForm(bound(request)),
        perform=perform,
        done_url=bid_url(found.bid, "answer", found.pk),
        aliases={"status": "decision"},
        context=bid_context(
            found.bid,
            title=_("Review the answer to %(n)s") % {"n": found.question.number},
            summary=[(_("Answer"), found.text)]
            + ([(_("Answer in Welsh"), found.text_cy)] if found.text_cy else []),
            submit_label=_("Record the review"),
            back_url=bid_url(found.bid, "answer", found.pk),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_reopen(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """Reopen an approved answer, with the reason: every sign-off lapses."""
    found = permissions.answer_get_for(
        request.user, slug, pk, answer_id, permissions.can_review_answer, action=True
    )

    def perform(data: dict[str, Any], actor: User) -> str:
        services.answer_reopen(answer=found, reason=data["reason"], actor=actor)
        return _("Reopened for editing.")

    return action_page(
        request,
        form=ReasonForm(bound(request)),
        perform=perform,
        done_url=bid_url(found.bid, "answer", found.pk),
        aliases={"status": "reason"},
        context=bid_context(
            found.bid,
            title=_("Reopen the answer to %(n)s") % {"n": found.question.number},
            warning=_("Every sign-off of the bid will have to be given again."),
            submit_label=_("Reopen it"),
            back_url=bid_url(found.bid, "answer", found.pk),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_library(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """Start the answer from a library entry that is still in date (the consortium's, or
    the user's own co-op's)."""
    found = permissions.answer_get_for(
        request.user, slug, pk, answer_id, permissions.can_edit_answer, action=True
    )
    entries = permissions.library_entries_for(request.user, found.bid)

    def perform(data: dict[str, Any], actor: User) -> str:
        services.library_use(answer=found, entry=data["entry"], actor=actor)
        return _("The library text is now the draft answer.")

    return action_page(
        request,
        form=LibraryUseForm(bound(request), entries=entries),
        perform=perform,
        done_url=bid_url(found.bid, "answer", found.pk),
        aliases={"text": "entry", "text_cy": "entry"},
        context=bid_context(
            found.bid,
            title=_("Use a library answer for %(n)s") % {"n": found.question.number},
            intro=_("Entries past their review date cannot be reused until they are reviewed."),
            submit_label=_("Use this entry"),
            back_url=bid_url(found.bid, "answer", found.pk),
        ),
    )
