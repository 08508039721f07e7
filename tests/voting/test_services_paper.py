"""What is on the paper (`voting.services.ballot_cast`): choices of this question of this ballot,
not too many, none twice. Every refusal names the field and the rule and changes nothing.
"""

from __future__ import annotations

import pytest

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import Participation

pytestmark = pytest.mark.django_db


def make_user(email: str) -> User:
    return User.objects.create_user(
        email=email, password="correct horse battery", full_name=email.split("@")[0].title()
    )


@pytest.fixture
def clerk(organisation) -> User:
    """The secretary entering paper votes in the room."""
    user = make_user("clerk@example.org")
    role_grant(organisation=organisation, user=user, role=Role.SECRETARY, actor=None)
    return user


@pytest.fixture
def two_questions(organisation):
    """An open ballot of three questions; the voter is on its roll."""
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    resolution = vf.resolution(ballot)
    choice = vf.choice(ballot, labels=("Ash", "Birch", "Cedar"), seats=1)
    stv = vf.stv(ballot, seats=2)
    return vf.open_ballot(ballot), resolution, choice, stv, voter


def test_a_choice_from_another_question_is_not_on_the_paper(organisation, clerk, two_questions):
    ballot, resolution, choice, _stv, voter = two_questions
    ash = vf.options(choice)["Ash"]
    with vf.refused("question_1", "That choice is not on the paper for question 1."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={resolution.pk: [ash]},
            channel="room",
            actor=clerk,
        )


def test_an_unknown_choice_is_not_on_the_paper(organisation, clerk, two_questions):
    ballot, _resolution, choice, _stv, voter = two_questions
    with vf.refused("question_2", "That choice is not on the paper for question 2."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={choice.pk: [987654]},
            channel="room",
            actor=clerk,
        )


def test_a_question_of_another_ballot_is_refused(organisation, clerk, two_questions):
    ballot, *_, voter = two_questions
    _other_ballot, other_question = vf.resolution_ballot(organisation, is_open=False)
    with vf.refused("selections", f"Question {other_question.pk} is not on this ballot paper."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={other_question.pk: [vf.options(other_question)["for"]]},
            channel="room",
            actor=clerk,
        )


@pytest.mark.parametrize(
    "selections",
    [["not", "a", "mapping"], {"q": [1]}, {1: "12"}, {1: 12}, {1: [None]}, {1: [True]}],
)
def test_malformed_selections_are_refused(organisation, clerk, selections):
    voter = mf.member(organisation)
    ballot, _question = vf.resolution_ballot(organisation)
    assert Participation.objects.filter(ballot=ballot, member=voter, is_eligible=True).exists()
    with vf.refused("selections", "Send the choices as question → list of choices"):
        services.ballot_cast(
            ballot=ballot, member=voter, selections=selections, channel="room", actor=clerk
        )


def test_two_answers_to_a_resolution_are_refused(organisation, clerk, two_questions):
    ballot, resolution, _choice, _stv, voter = two_questions
    ids = vf.options(resolution)
    with vf.refused("question_1", "Choose one answer for question 1: for, against or abstain."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={resolution.pk: [ids["for"], ids["against"]]},
            channel="room",
            actor=clerk,
        )


def test_too_many_choices_are_refused(organisation, clerk, two_questions):
    ballot, _resolution, choice, _stv, voter = two_questions
    ids = vf.options(choice)
    with vf.refused("question_2", "Choose at most 1 in question 2."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={choice.pk: [ids["Ash"], ids["Birch"]]},
            channel="room",
            actor=clerk,
        )


def test_the_same_choice_twice_is_refused(organisation, clerk):
    voter = mf.member(organisation)
    ballot = vf.ballot(organisation, allow_in_room=True)
    choice = vf.choice(ballot, seats=2)
    ballot = vf.open_ballot(ballot)
    ash = vf.options(choice)["Ash"]
    with vf.refused("question_1", "You have chosen the same option twice in question 1."):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={choice.pk: [ash, ash]},
            channel="room",
            actor=clerk,
        )


def test_ranking_the_same_candidate_twice_is_refused(organisation, clerk, two_questions):
    ballot, _resolution, _choice, stv, voter = two_questions
    c = vf.options(stv)
    with vf.refused(
        "question_3", "You have ranked the same candidate more than once in question 3."
    ):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={stv.pk: [c["Bryn"], c["Alaw"], c["Bryn"]]},
            channel="room",
            actor=clerk,
        )
