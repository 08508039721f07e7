"""Exactly once under concurrency (PostgreSQL): 50 simultaneous casts for the same member give
one vote and 49 clear refusals; a close racing with casts never leaves papers and
participations out of step.

Each thread has its own database connection (Django's are per thread) and closes it when
done. Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cyd .venv/bin/python -m pytest
tests/voting/test_concurrency.py
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from coop.core.models import User
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Ballot, Participation, Receipt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 50


def run_together(jobs: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Start every job at the same moment (a barrier); each returns ('ok', value) or
    ('refused', the ValidationError) or ('error', any other exception)."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[tuple[str, Any]] = [("error", None)] * len(jobs)

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", jobs[i]())
        except ValidationError as error:
            outcomes[i] = ("refused", error)
        except Exception as error:
            outcomes[i] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_fifty_simultaneous_casts_for_one_member_give_one_vote():
    organisation = mf.cooperative(slug="race-coop")
    user = User.objects.create_user(
        email="racer@example.org", password="correct horse battery", full_name="Rhian Racer"
    )
    clerk = User.objects.create_user(
        email="clerk@example.org", password="correct horse battery", full_name="Clerk"
    )
    voter = mf.member(organisation, user=user)
    ballot = vf.ballot(organisation, allow_in_room=True)
    resolution = vf.resolution(ballot)
    choice = vf.choice(ballot, labels=("Ash", "Birch", "Cedar"), seats=1)
    ballot = vf.open_ballot(ballot)
    yes, ash = vf.options(resolution)["for"], vf.options(choice)["Ash"]
    selections = {resolution.pk: [yes], choice.pk: [ash]}

    def cast(i: int) -> Callable[[], str]:
        # Half online by the member, half entered in the room by the clerk.
        channel, actor = ("online", user) if i % 2 else ("room", clerk)
        return lambda: services.ballot_cast(
            ballot=ballot, member=voter, selections=selections, channel=channel, actor=actor
        )

    outcomes = run_together([cast(i) for i in range(THREADS)])

    errors = [value for kind, value in outcomes if kind == "error"]
    assert errors == []
    codes = [value for kind, value in outcomes if kind == "ok"]
    refusals = [value for kind, value in outcomes if kind == "refused"]
    assert len(codes) == 1
    assert len(refusals) == THREADS - 1
    participation = Participation.objects.get(ballot=ballot, member=voter)
    for refusal in refusals:
        assert refusal.message_dict == {
            "member": [
                f"A vote has already been recorded for member {voter.number} "
                f"({participation.get_channel_display()}). Each member votes once."
            ]
        }
    assert participation.has_voted is True
    assert Participation.objects.filter(ballot=ballot, has_voted=True).count() == 1
    assert len(vf.choices_cast(ballot, resolution)) == 1
    assert len(vf.choices_cast(ballot, choice)) == 1
    assert list(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True)) == codes


def test_a_close_racing_with_casts_keeps_papers_equal_to_participations():
    """10 clients cast 12 votes each, one after another, while the secretary closes the
    ballot once about a third of the votes are in: every cast either counts in full or is
    refused, and the close counts exactly the papers of the votes it let in."""
    organisation = mf.cooperative(slug="close-race")
    clients, per_client = 10, 12
    voters = [mf.member(organisation) for _ in range(clients * per_client)]
    ballot, question = vf.resolution_ballot(organisation)
    yes = vf.options(question)["for"]
    results: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def client(batch):
        def job() -> None:
            for voter in batch:
                try:
                    services.ballot_cast(
                        ballot=ballot,
                        member=voter,
                        selections={question.pk: [yes]},
                        channel="room",
                        actor=None,
                    )
                    outcome: tuple[str, Any] = ("ok", voter.pk)
                except ValidationError as error:
                    outcome = ("refused", error)
                with lock:
                    results.append(outcome)

        return job

    def closer() -> None:
        while vf.paper_count(ballot) < len(voters) // 3:
            threading.Event().wait(0.005)
        services.ballot_close(ballot=ballot, actor=None)

    jobs = [client(voters[i::clients]) for i in range(clients)] + [closer]
    outcomes = run_together(jobs)

    assert [v for kind, v in outcomes if kind == "error"] == []
    assert outcomes[-1][0] == "ok"  # the close went through
    accepted = [v for kind, v in results if kind == "ok"]
    refused = [v for kind, v in results if kind == "refused"]
    assert len(accepted) + len(refused) == len(voters)
    assert len(accepted) >= len(voters) // 3
    for refusal in refused:
        assert refusal.message_dict == {
            "ballot": ["This ballot is not open for voting (Closed: being checked)."]
        }
    ballot = Ballot.objects.get(pk=ballot.pk)
    assert ballot.status == "closed"
    voted = set(
        Participation.objects.filter(ballot=ballot, has_voted=True).values_list(
            "member_id", flat=True
        )
    )
    assert voted == set(accepted)
    assert vf.paper_count(ballot) == len(voted)
    assert Receipt.objects.filter(ballot=ballot).count() == len(voted)
    question.refresh_from_db()
    # The stored count is the count of every vote accepted before the close.
    assert question.result["votes"]["for"] == len(voted)
    assert question.result["turnout"]["voted"] == len(voted)
