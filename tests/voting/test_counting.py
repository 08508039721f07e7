"""Counting from the database (`voting.counting`): turnout, grouped STV ballots, figures."""

from __future__ import annotations

from fractions import Fraction

import pytest

from coop.core.models import User
from membership import services as ms
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import counting, services, stv

pytestmark = pytest.mark.django_db


def test_fraction_text_rounds_half_up():
    assert counting.fraction_text(Fraction(2, 3)) == "0.66667"
    assert counting.fraction_text(Fraction(1, 8), 2) == "0.13"  # 0.125 → 0.13 (half up)
    assert counting.fraction_text(Fraction(640, 100), 5) == "6.40000"


def test_participation_counts_by_class_with_hands_and_the_ineligible():
    plain = vf.unweighted_cooperative()
    users = [mf.member(plain, cls="users") for _ in range(3)]
    workers = [mf.member(plain, cls="workers") for _ in range(2)]
    suspended = mf.member(plain, cls="workers")
    ms.member_suspend(member=suspended, reason="Rule 20", actor=None)
    ballot, question = vf.resolution_ballot(plain)
    vf.vote(ballot, users[0], question, "for")
    clerk = User.objects.create_user(
        email="clerk@example.org", password="correct horse battery", full_name="Clerk"
    )
    services.hands_record(
        question=question,
        counts={vf.options(question)["for"]: 1},
        present_members=[users[1], workers[0]],
        actor=clerk,
    )
    counts = counting.participation_counts(ballot)
    users_class = mf.member_class(plain, "users").pk
    workers_class = mf.member_class(plain, "workers").pk
    # Voted: 1 paper + 2 by hands = 3 of the 5 who may vote (the suspended one may not).
    assert (counts.voted, counts.hands, counts.electorate) == (3, 2, 5)
    assert counts.by_class == {users_class: (2, 3), workers_class: (1, 2)}
    assert counting.turnout_by_class(ballot) == (3, 5, counts.by_class)


def test_stv_ballots_group_identical_rankings_and_drop_blank_papers(organisation):
    voters = [mf.member(organisation) for _ in range(5)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.stv(ballot, candidates=("A", "B", "C"), seats=1)
    ballot = vf.open_ballot(ballot)
    for voter, ranking in zip(
        voters, [("B", "A"), ("C",), ("B", "A"), (), ("A", "C", "B")], strict=True
    ):
        vf.vote(ballot, voter, question, *ranking)
    services.ballot_close(ballot=ballot, actor=None)  # the count reads the papers as counted
    candidates, ballots = counting.stv_ballots(question)
    assert candidates == [vf.options(question)[c] for c in ("A", "B", "C")]
    # Indexes: A=0, B=1, C=2. The blank paper is not an STV ballot.
    assert sorted(ballots, key=lambda b: b.preferences) == sorted(
        [
            stv.Ballot(weight=1, preferences=(0, 2, 1)),
            stv.Ballot(weight=2, preferences=(1, 0)),
            stv.Ballot(weight=1, preferences=(2,)),
        ],
        key=lambda b: b.preferences,
    )


def test_a_choice_tie_for_the_last_place_is_drawn_from_the_ballots_seed():
    plain = vf.unweighted_cooperative()
    voters = [mf.member(plain) for _ in range(3)]
    ballot = vf.ballot(plain, allow_in_room=True)
    question = vf.choice(ballot, labels=("Ash", "Birch", "Cedar"), seats=1)
    ballot = vf.open_ballot(ballot)
    # Ash 1, Birch 1, Cedar 1: a three-way tie for the one place → a lot from the seed.
    for voter, pick in zip(voters, ("Ash", "Birch", "Cedar"), strict=True):
        vf.vote(ballot, voter, question, pick)
    services.ballot_close(ballot=ballot, actor=None)
    question.refresh_from_db()
    ids = [vf.options(question)[n] for n in ("Ash", "Birch", "Cedar")]
    expected = counting.rules.tally_choice(
        counts=dict.fromkeys(ids, 1), options=ids, seats=1, seed=ballot.stv_seed
    )
    assert question.result["tie_broken_by_lot"] is True
    assert question.result["seed"] == ballot.stv_seed
    assert question.result["elected"] == expected.elected
    assert question.result["elected"][0] in ids


def test_an_stv_election_with_a_reserved_seat(organisation):
    # 2 seats, one reserved for workers. Dewi (a worker) has the fewest first preferences but
    # must take the reserved seat once the others cannot fill it.
    voters = [mf.member(organisation) for _ in range(7)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.stv(
        ballot,
        candidates=("Alaw", "Bryn", "Cai", "Dewi"),
        seats=2,
        classes=("users", "users", "users", "workers"),
    )
    services.reservation_set(
        question=question,
        member_class=mf.member_class(organisation, "workers"),
        seats=1,
        actor=None,
    )
    ballot = vf.open_ballot(ballot)
    rankings = [("Alaw",), ("Alaw",), ("Alaw",), ("Bryn",), ("Bryn",), ("Cai",), ("Dewi",)]
    for voter, ranking in zip(voters, rankings, strict=True):
        vf.vote(ballot, voter, question, *ranking)
    services.ballot_close(ballot=ballot, actor=None)
    question.refresh_from_db()
    assert question.result["reserved"] == {"workers": 1}
    assert sorted(question.result["elected"]) == ["Alaw", "Dewi"]
