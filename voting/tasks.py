"""Background work of voting: opening and closing at set times, and the emails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.base import Task, TaskContext
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from membership.models import Member
from voting.models import Ballot, Participation


def _email(member: Member, template: str, context: dict[str, object]) -> EmailMessage:
    with translation.override(member.preferred_language):
        subject = render_to_string(f"voting/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"voting/email/{template}.txt", {**context, "member": member})
    return EmailMessage(subject=subject, body=body, to=[member.email])


def _ballot_url(ballot: Ballot) -> str:
    return settings.SITE_URL + reverse("voting:ballot", args=[ballot.organisation.slug, ballot.pk])


def _send(ballot: Ballot, members: list[Member], template: str) -> int:
    context = {"ballot": ballot, "organisation": ballot.organisation, "url": _ballot_url(ballot)}
    messages = [_email(m, template, context) for m in members if m.email]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def _voters(ballot: Ballot, *, only_not_voted: bool = False) -> list[Member]:
    rows = Participation.objects.filter(
        ballot=ballot, is_eligible=True, member__email_for_ballots=True
    )
    if only_not_voted:
        rows = rows.filter(has_voted=False)
    return [p.member for p in rows.select_related("member")]


@task()
def send_ballot_open_emails(ballot_id: int) -> int:
    """Tell each voter (by email, where they gave their address for voting) the ballot is open."""
    ballot = Ballot.objects.select_related("organisation").get(pk=ballot_id)
    return _send(ballot, _voters(ballot), "ballot_open")


@task()
def send_reminders(ballot_id: int) -> int:
    """Remind those who have not voted yet."""
    ballot = Ballot.objects.select_related("organisation").get(pk=ballot_id)
    if ballot.status != Ballot.Status.OPEN:
        return 0
    return _send(ballot, _voters(ballot, only_not_voted=True), "reminder")


def _forget_arguments(context: TaskContext, ballot_id: int) -> None:
    """Keep only the ballot in the queued task's row once it has run: its arguments paired a
    member with their receipt code (the database backend keeps a task's arguments in its
    table for as long as it keeps the task)."""
    if isinstance(send_receipt_email.get_backend(), DatabaseBackend):
        DBTaskResult.objects.filter(pk=context.task_result.id).update(
            args_kwargs={"args": [ballot_id], "kwargs": {}}
        )


@task(takes_context=True)
def send_receipt_email(context: TaskContext, ballot_id: int, member_id: int, code: str) -> int:
    """Send a voter their receipt code (which is not linked to their paper). Sent or not, the
    task then forgets which member the code was for."""
    try:
        ballot = Ballot.objects.select_related("organisation").get(pk=ballot_id)
        member = Member.objects.get(pk=member_id)
        if not member.email:
            return 0
        context_ = {
            "ballot": ballot,
            "organisation": ballot.organisation,
            "code": code,
            "url": _ballot_url(ballot),
        }
        with get_connection() as connection:
            return connection.send_messages([_email(member, "receipt", context_)]) or 0
    finally:
        _forget_arguments(context, ballot_id)


@task()
def send_results_emails(ballot_id: int) -> int:
    ballot = Ballot.objects.select_related("organisation").get(pk=ballot_id)
    return _send(ballot, _voters(ballot), "results")


@task()
def open_ballot_when_due(ballot_id: int, opens_at: str) -> bool:
    """Open a scheduled ballot, unless it was rescheduled or opened by hand meanwhile."""
    from voting.services import ballot_open

    ballot = Ballot.objects.get(pk=ballot_id)
    if (
        ballot.status != Ballot.Status.DRAFT
        or ballot.opens_at is None
        or ballot.opens_at.isoformat() != opens_at
        or ballot.opens_at > timezone.now()
    ):
        return False
    ballot_open(ballot=ballot, actor=None)
    return True


@task()
def close_ballot_when_due(ballot_id: int, closes_at: str) -> bool:
    """Close a scheduled ballot, unless it was rescheduled or closed by hand meanwhile."""
    from voting.services import ballot_close

    ballot = Ballot.objects.get(pk=ballot_id)
    if (
        ballot.status != Ballot.Status.OPEN
        or ballot.closes_at is None
        or ballot.closes_at.isoformat() != closes_at
        or ballot.closes_at > timezone.now()
    ):
        return False
    ballot_close(ballot=ballot, actor=None)
    return True


def schedule_ballot(ballot_id: int) -> None:
    """Queue the opening and closing tasks to run at the ballot's set times."""
    ballot = Ballot.objects.get(pk=ballot_id)
    if ballot.opens_at is not None and ballot.status == Ballot.Status.DRAFT:
        _later(open_ballot_when_due, ballot.opens_at).enqueue(
            ballot.pk, ballot.opens_at.isoformat()
        )
    if ballot.closes_at is not None:
        _later(close_ballot_when_due, ballot.closes_at).enqueue(
            ballot.pk, ballot.closes_at.isoformat()
        )


def _later(task_obj: Task[Any, Any], when: dt.datetime) -> Task[Any, Any]:
    """The task to run at `when`. The database backend (production) defers it; a backend that
    cannot defer (the immediate one of tests) runs it at once, when the ballot is not yet due,
    so it does nothing and the ballot is opened or closed by hand."""
    if task_obj.get_backend().supports_defer:
        return task_obj.using(run_after=when)
    return task_obj


@task()
def build_results_pdf(document_id: int) -> None:
    """Make a large results PDF (a long STV count sheet) and keep it in the default storage."""
    from coop.core.documents import document_build
    from coop.core.models import GeneratedDocument
    from voting.documents import render_results_pdf
    from voting.report import ballot_report

    document = GeneratedDocument.objects.get(pk=document_id)
    ballot = Ballot.objects.select_related("organisation").get(pk=document.subject_id)
    language = document.language

    def render(progress: Callable[[int], None]) -> bytes:
        with translation.override(language):
            report = ballot_report(ballot)
        return render_results_pdf(
            report,
            organisation=ballot.organisation,
            language=language,
            progress=lambda done, count: progress(10 + 85 * done // count),
        )

    document_build(
        document_id, render=render, filename=f"ballot-{ballot.pk}-results-{language}.pdf"
    )
