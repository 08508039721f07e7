"""A ballot's times, channels and cancelling (`voting.services.ballot_schedule`,
`ballot_set_channels`, `ballot_cancel`), and the checks of a question's kind and seats.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Ballot, Question

pytestmark = pytest.mark.django_db


# --- Scheduling, channels, cancelling -----------------------------------------------------------


def test_scheduling_in_the_past_is_refused(organisation, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    ballot, _question = vf.resolution_ballot(organisation, is_open=False)
    with vf.refused("opens_at", "The opening time is in the past."):
        services.ballot_schedule(
            ballot=ballot,
            opens_at=dt.datetime(2025, 2, 1, 9, 0, tzinfo=dt.UTC),
            closes_at=None,
            actor=None,
        )
    with vf.refused("closes_at", "The ballot must close after it opens."):
        services.ballot_schedule(
            ballot=ballot,
            opens_at=dt.datetime(2025, 3, 5, 9, 0, tzinfo=dt.UTC),
            closes_at=dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC),
            actor=None,
        )


def test_a_scheduled_ballot_opens_and_closes_by_its_tasks(organisation, time_machine):
    from voting import tasks

    mf.member(organisation)
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    ballot, _question = vf.resolution_ballot(organisation, is_open=False)
    opens, closes = start + dt.timedelta(days=1), start + dt.timedelta(days=2)
    services.ballot_schedule(ballot=ballot, opens_at=opens, closes_at=closes, actor=None)
    # Not due yet: nothing happens.
    assert tasks.open_ballot_when_due.call(ballot.pk, opens.isoformat()) is False
    time_machine.move_to(opens, tick=False)
    # A task for a superseded time does nothing.
    assert tasks.open_ballot_when_due.call(ballot.pk, start.isoformat()) is False
    assert tasks.open_ballot_when_due.call(ballot.pk, opens.isoformat()) is True
    assert Ballot.objects.get(pk=ballot.pk).status == "open"
    time_machine.move_to(closes, tick=False)
    assert tasks.close_ballot_when_due.call(ballot.pk, closes.isoformat()) is True
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"
    assert tasks.close_ballot_when_due.call(ballot.pk, closes.isoformat()) is False


def test_channels_change_while_open(organisation, secretary):
    ballot, _question = vf.resolution_ballot(organisation, allow_online=True, allow_in_room=False)
    mark = mf.last_event_id()
    services.ballot_set_channels(
        ballot=ballot, allow_online=False, allow_in_room=True, actor=secretary
    )
    ballot.refresh_from_db()
    assert (ballot.allow_online, ballot.allow_in_room) == (False, True)
    [event] = mf.events_since(mark)
    assert (event.action, event.before, event.after) == (
        "ballot.channels",
        {"allow_online": True, "allow_in_room": False},
        {"allow_online": False, "allow_in_room": True},
    )
    with vf.refused("allow_online", "must take votes online, in the room, or both"):
        services.ballot_set_channels(
            ballot=ballot, allow_online=False, allow_in_room=False, actor=secretary
        )


def test_channels_cannot_change_once_closed(organisation):
    ballot, _question = vf.resolution_ballot(organisation)
    services.ballot_close(ballot=ballot, actor=None)
    with vf.refused("status", "Only a ballot being prepared or open"):
        services.ballot_set_channels(
            ballot=ballot, allow_online=True, allow_in_room=True, actor=None
        )


def test_cancelling_needs_a_reason_and_is_final(organisation, secretary):
    ballot, _question = vf.resolution_ballot(organisation)
    with vf.refused("reason", "Give the reason the ballot is cancelled."):
        services.ballot_cancel(ballot=ballot, reason=" ", actor=secretary)
    services.ballot_cancel(ballot=ballot, reason="Meeting adjourned", actor=secretary)
    assert Ballot.objects.get(pk=ballot.pk).status == "cancelled"
    with vf.refused("status", "cannot become"):
        services.ballot_open(ballot=ballot, actor=secretary)


def test_question_kinds_and_seats_are_checked(organisation):
    ballot = vf.ballot(organisation)
    with vf.refused("kind", "Choose a kind of question."):
        services.question_add(ballot=ballot, kind="referendum", text="?", actor=None)
    with vf.refused("text", "Enter the question."):
        services.question_add(ballot=ballot, kind=Question.Kind.CHOICE, text=" ", actor=None)
    with vf.refused("seats", "Enter the number of places to fill: 1 or more."):
        services.question_add(
            ballot=ballot, kind=Question.Kind.CHOICE, text="Which?", seats=0, actor=None
        )
