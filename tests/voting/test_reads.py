"""One read layer (`voting.selectors`) for pages and the API: the roll says the same on the
secretary's page and through the API, the ballot list reads each member's status in one
query whatever the number of ballots, and empty optional texts are answered as null where
the schema declares a pattern for them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coop.core.models import User
from membership import services as membership_services
from membership.models import Member, Organisation
from tests.api.voting.conftest import client_for
from tests.api.voting.conftest import url as api_url
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.voting.test_pages_setup import text, url


@pytest.mark.django_db
def test_a_member_suspended_after_the_ballot_opened_may_not_vote_on_the_page_and_in_the_api(
    client: Client, secretary: User, organisation: Organisation
):
    """The roll was frozen with them eligible; they may not vote now (the casting service
    refuses them), and both the page and the API say so, with the same reason."""
    suspended = mf.member(organisation, name="Sulwen Suspended")
    ballot, _question = vf.resolution_ballot(organisation)
    membership_services.member_suspend(member=suspended, reason="Arrears", actor=None)
    client.force_login(secretary)

    html = text(client.get(url("turnout", ballot)))
    rows = client_for(secretary).get(api_url("ballot-roll", pk=ballot.pk)).json()["results"]

    row = html.split(f'id="roll-{suspended.number}"')[1].split("</tr>")[0]
    assert "No: Your membership is suspended." in row
    assert [(r["may_vote"], r["reason"]) for r in rows if r["member"] == suspended.number] == [
        (False, "Your membership is suspended.")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("ballots", [2, 20])
def test_the_ballot_list_makes_the_same_queries_for_2_or_20_ballots(
    client: Client,
    member: User,
    member_record: Member,
    organisation: Organisation,
    django_assert_max_num_queries,
    ballots: int,
):
    for n in range(ballots):
        vf.resolution_ballot(organisation, title=f"Ballot {n}")
    client.force_login(member)

    # Session, user, organisation, roles, ballots (count and page), the members the user
    # votes for, and their status in every ballot of the page at once.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("voting:list", args=[organisation.slug]))

    assert response.status_code == 200
    assert text(response).count("You can vote now.") == ballots


@pytest.mark.django_db
def test_the_options_of_a_choice_have_no_code_so_it_is_null(
    secretary: User, organisation: Organisation
):
    ballot = vf.ballot(organisation)
    vf.resolution(ballot)
    vf.choice(ballot, labels=("Ash", "Birch"))

    body = client_for(secretary).get(api_url("ballot", pk=ballot.pk)).json()

    assert [[o["code"] for o in q["options"]] for q in body["questions"]] == [
        ["for", "against", "abstain"],
        [None, None],
    ]


def test_the_schema_declares_an_options_code_nullable_and_without_a_pattern():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    code = schema["components"]["schemas"]["BallotOption"]["properties"]["code"]

    assert code["nullable"] is True
    assert "pattern" not in code
