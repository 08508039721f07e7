"""The leaks of issue 9 on the pages, and the rule that closes them
(`tendering.permissions`): joint-bid actions on a co-op's part are its secretary's and bid
managers' and the lead's only; another co-op's part is not theirs to read; the whole bid is
read by every co-op from final sign-off (it signs it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from coop.core.permissions import Role
from membership import services as membership_services
from tendering.models import Answer, Commitment, LibraryAnswer
from tests.tendering.test_pages_setup import (
    build,
    consortium,
    counts,
    person_of,
    text,
    url,
    user,
)


@pytest.fixture
def organisation(db):
    return consortium()


@pytest.fixture
def scenario(organisation):
    return build(organisation, members=2, lots=2, questions=4)


def _as(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("role", [Role.MEMBER, Role.BOARD_MEMBER])
def test_a_co_ops_member_without_a_bid_role_cannot_remove_its_commitment(scenario, role):
    """The leak: a plain member of a co-op taking part removed its lead commitment (the
    check took any role in the co-op)."""
    a = scenario.participants[0]
    commitment = Commitment.objects.filter(participant=a).order_by("pk").first()
    assert commitment is not None
    person = person_of(scenario.coops[0], "meinir@coop-a.example.org", role)
    before = counts()

    response = _as(person).post(url("commitment_remove", scenario.bid, commitment.pk))

    assert response.status_code == 404
    assert Commitment.objects.filter(pk=commitment.pk).exists()
    assert counts() == before


def test_a_co_ops_bid_manager_removes_its_own_commitment(scenario):
    a = scenario.participants[0]
    commitment = Commitment.objects.filter(participant=a).order_by("pk").first()
    assert commitment is not None
    person = person_of(scenario.coops[0], "bea@coop-a.example.org", Role.BID_MANAGER)

    response = _as(person).post(url("commitment_remove", scenario.bid, commitment.pk))

    assert response.status_code == 302
    assert response["Location"] == url("member_part", scenario.bid, a.pk)
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_another_co_ops_officer_cannot_remove_a_co_ops_commitment(scenario):
    b = scenario.participants[1]
    commitment = Commitment.objects.filter(participant=b).order_by("pk").first()
    assert commitment is not None
    person = person_of(scenario.coops[0], "ann@coop-a.example.org")
    before = counts()

    response = _as(person).post(url("commitment_remove", scenario.bid, commitment.pk))

    assert response.status_code == 404
    assert counts() == before


@pytest.mark.parametrize("role", [Role.MEMBER, Role.SECRETARY, Role.BID_MANAGER])
def test_nobody_of_one_co_op_reads_another_co_ops_answer(scenario, role):
    """The leak: a co-op's person read another co-op's answer, its author and versions."""
    answer_of_b = Answer.objects.get(bid=scenario.bid, participant=scenario.participants[1])
    person = person_of(scenario.coops[0], "ann@coop-a.example.org", role)
    client = _as(person)

    assert client.get(url("answer", scenario.bid, answer_of_b.pk)).status_code == 404
    assert client.post(url("answer", scenario.bid, answer_of_b.pk), {"text": "x"}).status_code == (
        404
    )
    assert Answer.objects.get(pk=answer_of_b.pk).text == answer_of_b.text


def test_the_answers_page_lists_the_consortiums_answers_and_the_co_ops_own(scenario):
    a, b = scenario.participants
    own = Answer.objects.get(bid=scenario.bid, participant=a)
    theirs = Answer.objects.get(bid=scenario.bid, participant=b)
    person = person_of(scenario.coops[0], "ann@coop-a.example.org")

    html = text(_as(person).get(url("answers", scenario.bid)))

    assert url("answer", scenario.bid, own.pk) in html
    assert url("answer", scenario.bid, theirs.pk) not in html
    assert "Co-op B" not in html
    for answer in Answer.objects.filter(bid=scenario.bid, participant__isnull=True):
        assert url("answer", scenario.bid, answer.pk) in html


def test_a_co_ops_plain_member_and_board_member_see_nothing_of_the_consortiums_bids(scenario):
    for role in (Role.MEMBER, Role.BOARD_MEMBER):
        person = person_of(scenario.coops[0], f"{role.value}@coop-a.example.org", role)
        client = _as(person)
        a = scenario.participants[0]
        for address in (
            url("member_part", scenario.bid, a.pk),
            url("answers", scenario.bid),
            url("bid", scenario.bid),
            url("signoff", scenario.bid),
            f"/o/{scenario.consortium.slug}/bids/",
        ):
            assert client.get(address).status_code == 404, (role, address)


def test_a_representative_with_no_bid_role_sees_nothing_of_the_bids(scenario):
    """Representatives vote for their co-op in the consortium; bidding is for the co-op's
    secretary and bid managers."""
    rep = user("rep@coop-a.example.org", "Rhys Rep")
    membership_services.representative_add(
        member=scenario.coops[0],
        name="Rhys Rep",
        started_on=timezone.localdate(),
        user=rep,
        actor=None,
    )
    client = _as(rep)
    a = scenario.participants[0]

    assert client.get(url("member_part", scenario.bid, a.pk)).status_code == 404
    assert client.get(url("bid", scenario.bid)).status_code == 404


def test_the_whole_bid_is_read_by_every_co_op_from_final_sign_off(organisation):
    drafting = build(organisation, members=2, lots=1, questions=2)
    signing = build(
        organisation,
        coops=drafting.coops,
        lots=1,
        questions=2,
        reference="PCC-2",
        stage="final_signoff",
    )
    client = _as(person_of(drafting.coops[1], "cai@coop-b.example.org"))

    assert client.get(url("bid_pack_pdf", drafting.bid)).status_code == 404
    assert 'id="read-pack"' not in text(client.get(url("signoff", drafting.bid)))
    assert 'id="read-pack"' in text(client.get(url("signoff", signing.bid)))
    assert client.get(url("bid_pack_pdf", signing.bid)).status_code == 200
    assert client.get(url("bid_pack_zip", signing.bid)).status_code == 200


def test_a_co_ops_officer_reuses_only_the_consortiums_and_its_own_co_ops_library(scenario):
    a = scenario.participants[0]
    review_by = timezone.localdate() + dt.timedelta(days=365)
    for organisation, title in (
        (scenario.consortium, "Consortium text"),
        (scenario.coops[0].member_organisation, "Co-op A text"),
        (scenario.coops[1].member_organisation, "Co-op B text"),
    ):
        LibraryAnswer.objects.create(
            organisation=organisation, title=title, text=title, review_by=review_by
        )
    own = Answer.objects.get(bid=scenario.bid, participant=a)
    theirs = LibraryAnswer.objects.get(title="Co-op B text")
    client = _as(person_of(scenario.coops[0], "ann@coop-a.example.org"))

    page = text(client.get(url("answer_library", scenario.bid, own.pk)))
    refused = client.post(url("answer_library", scenario.bid, own.pk), {"entry": theirs.pk})

    assert "Consortium text" in page
    assert "Co-op A text" in page
    assert "Co-op B text" not in page
    assert refused.status_code == 400
    assert Answer.objects.get(pk=own.pk).text == own.text
