"""Answers: the questions with who answers them and by when, the answer editor (limit and
count, English and Welsh, versions), review, reopening, reuse from the library; the
consortium's answer library; evidence files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tendering import permissions, rules, selectors, services
from tendering.forms.bids import ReasonForm
from tendering.forms.work import (
    AnswerForm,
    AssignForm,
    LibraryUseForm,
    ReviewForm,
)
from tendering.models import Answer, TenderQuestion
from tendering.permissions import BidAccess
from tendering.views._common import (
    acting_user,
    add_service_errors,
    bid_context,
    bid_url,
    error_messages,
    form_page,
    make_form,
)
from tendering.views.capacity import acting_for, back_to


@login_required
@require_GET
def answers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every question with its answer's state, author and due date (once per co-op where
    each answers)."""
    access = permissions.bid_get_for_view(request.user, slug, pk)
    bid = access.bid
    return render(
        request,
        "tendering/answers.html",
        bid_context(
            bid,
            rows=selectors.answer_rows(bid),
            is_lead=access.is_lead,
            back_url=back_to(access, "bid"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_assign(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    """Give a question (for a co-op, where each answers) to an author with a due date."""
    bid = permissions.bid_get_for_lead(request.user, slug, pk).bid
    question = TenderQuestion.objects.filter(pk=question_id, opportunity=bid.opportunity).first()
    if question is None:
        raise Http404
    access = BidAccess(bid, True, frozenset())
    form = make_form(
        AssignForm,
        request,
        question=question,
        participants=acting_for(access),
        authors=selectors.author_choices(bid),
        initial={"participant": request.GET.get("participant")},
    )

    def perform(data: dict[str, Any]) -> HttpResponse:
        answer = services.answer_assign(
            bid=bid,
            question=question,
            author=data["author"],
            due_on=data["due_on"],
            participant=data.get("participant"),
            actor=acting_user(request),
        )
        messages.success(request, _("Question %(n)s is assigned.") % {"n": question.number})
        return HttpResponseRedirect(bid_url(bid, "answer", answer.pk))

    return form_page(
        request,
        form=form,
        perform=perform,
        context=bid_context(
            bid,
            title=_("Assign question %(n)s") % {"n": question.number},
            intro=question.display_text,
            submit_label=_("Assign"),
            back_url=bid_url(bid, "answers"),
        ),
    )


def _answer(request: HttpRequest, slug: str, pk: int, answer_id: int) -> tuple[BidAccess, Answer]:
    access = permissions.bid_get_for_view(request.user, slug, pk)
    return access, permissions.answer_get_for_view(access, answer_id)


def _editor(
    request: HttpRequest,
    access: BidAccess,
    answer: Answer,
    form: AnswerForm,
    *,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    bid = access.bid
    question = answer.question
    may_edit = permissions.can_edit_answer(access, answer, request.user)
    return render(
        request,
        "tendering/answer.html",
        bid_context(
            bid,
            answer=answer,
            question=question,
            form=form,
            may_edit=may_edit,
            is_lead=access.is_lead,
            needs_welsh=bid.opportunity.needs_welsh,
            count=rules.measure(answer.text, question.limit_kind, answer.pages),
            count_cy=rules.measure(answer.text_cy, question.limit_kind, answer.pages),
            within_limit=rules.within_limit(
                answer.text, question.limit_kind, question.limit, answer.pages
            ),
            versions=selectors.answer_versions(answer),
            step_errors=errors or [],
            back_url=bid_url(bid, "answers"),
            has_library=bool(selectors.library_for_bid(bid)),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """The answer editor: a save makes a new version, refused over the limit or once
    approved (reopen it first); the count of the saved text is shown after each save."""
    access, found = _answer(request, slug, pk, answer_id)
    bid = access.bid
    form_kwargs: dict[str, Any] = {
        "question": found.question,
        "needs_welsh": bid.opportunity.needs_welsh,
    }
    if request.method != "POST":
        initial = {"text": found.text, "text_cy": found.text_cy, "pages": found.pages}
        return _editor(request, access, found, AnswerForm(initial=initial, **form_kwargs))
    if not permissions.can_edit_answer(access, found, request.user):
        raise PermissionDenied
    form = AnswerForm(request.POST, **form_kwargs)
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
            question = saved.question
            count = rules.measure(saved.text, question.limit_kind, saved.pages)
            if question.limit_kind != TenderQuestion.LimitKind.NONE and question.limit:
                note = _("Saved: %(count)s of %(limit)s %(unit)s.") % {
                    "count": count,
                    "limit": question.limit,
                    "unit": question.get_limit_kind_display().lower(),
                }
            else:
                note = _("Saved.")
            messages.success(request, note)
            return HttpResponseRedirect(bid_url(bid, "answer", saved.pk))
    return _editor(request, access, found, form, status=400)


@login_required
@require_POST
def answer_submit(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    access, found = _answer(request, slug, pk, answer_id)
    if not permissions.can_edit_answer(access, found, request.user):
        raise PermissionDenied
    try:
        services.answer_submit_for_review(answer=found, actor=acting_user(request))
    except ValidationError as error:
        found.refresh_from_db()
        form = AnswerForm(
            initial={"text": found.text, "text_cy": found.text_cy, "pages": found.pages},
            question=found.question,
            needs_welsh=access.bid.opportunity.needs_welsh,
        )
        return _editor(request, access, found, form, status=400, errors=error_messages(error))
    messages.success(request, _("Sent for review."))
    return HttpResponseRedirect(bid_url(access.bid, "answer", found.pk))


@login_required
@require_http_methods(["GET", "POST"])
def answer_review(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """The lead approves an answer in review, or sends it back to draft with a note."""
    access, found = _answer(request, slug, pk, answer_id)
    if not access.is_lead:
        raise PermissionDenied
    form = make_form(ReviewForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        approve = data["decision"] == "approve"
        services.answer_review(
            answer=found, approve=approve, note=data["note"], actor=acting_user(request)
        )
        messages.success(request, _("Approved.") if approve else _("Sent back to draft."))
        return HttpResponseRedirect(bid_url(access.bid, "answer", found.pk))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"status": "decision"},
        context=bid_context(
            access.bid,
            title=_("Review the answer to %(n)s") % {"n": found.question.number},
            summary=[(_("Answer"), found.text)]
            + ([(_("Answer in Welsh"), found.text_cy)] if found.text_cy else []),
            submit_label=_("Record the review"),
            back_url=bid_url(access.bid, "answer", found.pk),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_reopen(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """Reopen an approved answer, with the reason: every sign-off lapses."""
    access, found = _answer(request, slug, pk, answer_id)
    if not access.is_lead:
        raise PermissionDenied
    form = make_form(ReasonForm, request)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.answer_reopen(answer=found, reason=data["reason"], actor=acting_user(request))
        messages.success(request, _("Reopened for editing."))
        return HttpResponseRedirect(bid_url(access.bid, "answer", found.pk))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"status": "reason"},
        context=bid_context(
            access.bid,
            title=_("Reopen the answer to %(n)s") % {"n": found.question.number},
            warning=_("Every sign-off of the bid will have to be given again."),
            submit_label=_("Reopen it"),
            back_url=bid_url(access.bid, "answer", found.pk),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_library(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    """Start the answer from a library entry that is still in date."""
    access, found = _answer(request, slug, pk, answer_id)
    if not permissions.can_edit_answer(access, found, request.user):
        raise PermissionDenied
    entries = selectors.library_for_bid(access.bid)
    form = make_form(LibraryUseForm, request, entries=entries)

    def perform(data: dict[str, Any]) -> HttpResponse:
        services.library_use(answer=found, entry=data["entry"], actor=acting_user(request))
        messages.success(request, _("The library text is now the draft answer."))
        return HttpResponseRedirect(bid_url(access.bid, "answer", found.pk))

    return form_page(
        request,
        form=form,
        perform=perform,
        aliases={"text": "entry", "text_cy": "entry"},
        context=bid_context(
            access.bid,
            title=_("Use a library answer for %(n)s") % {"n": found.question.number},
            intro=_("Entries past their review date cannot be reused until they are reviewed."),
            submit_label=_("Use this entry"),
            back_url=bid_url(access.bid, "answer", found.pk),
        ),
    )
