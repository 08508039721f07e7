"""A queued receipt email pairs a member with their receipt code only until it has run: the
database backend keeps a task's arguments in its table, so the task forgets them once sent
(or once it has failed). Checked against the rows in the database."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.factories import voting as vf
from voting import services


def run_queued(row: DBTaskResult) -> None:
    """Run one queued task as the worker does (`manage.py db_worker`)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run_task(row)


def stored_row(row: DBTaskResult) -> str:
    """Every column of the task's row, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_to_json(t)::text FROM {DBTaskResult._meta.db_table} t WHERE id = %s",
            [row.pk],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def queued(organisation, member, member_record, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    ballot, question = vf.resolution_ballot(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        code = services.ballot_cast(
            ballot=ballot,
            member=member_record,
            selections={question.pk: [vf.options(question)["for"]]},
            channel="online",
            actor=member,
        )
    [row] = DBTaskResult.objects.all()
    # Until it is sent, the task needs to know whom to send which code.
    assert row.args_kwargs == {"args": [ballot.pk, member_record.pk, code], "kwargs": {}}
    return ballot, member_record, code, row


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_sent_receipt_email_leaves_no_member_and_code_in_the_task_row(queued, mailoutbox):
    ballot, member_record, code, row = queued

    run_queued(row)

    [email] = mailoutbox
    assert code in email.body
    assert email.to == [member_record.email]
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.args_kwargs == {"args": [ballot.pk], "kwargs": {}}
    stored = json.loads(stored_row(row))
    assert code not in json.dumps(stored)
    assert stored["args_kwargs"] == {"args": [ballot.pk], "kwargs": {}}


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_failed_receipt_email_forgets_the_pairing_too(queued, monkeypatch, mailoutbox):
    ballot, _member_record, code, row = queued

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("voting.tasks.get_connection", broken)
    run_queued(row)

    assert mailoutbox == []
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.args_kwargs == {"args": [ballot.pk], "kwargs": {}}
    assert code not in stored_row(row)
