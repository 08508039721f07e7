"""The leaks of issue 9 through the API: a co-op's member without a bid role removed its
commitment, and a co-op's people read another co-op's answer with its author and versions.
Joint-bid actions on a co-op's part are its secretary's, its bid managers' and the lead's."""

from __future__ import annotations

import pytest

from coop.core.permissions import Role
from tendering.models import Answer, Commitment
from tests.api.tendering.conftest import client_for, counts, person_of, url


@pytest.mark.parametrize("role", [Role.MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER])
def test_a_co_ops_member_without_a_bid_role_cannot_remove_its_commitment(coops, drafting, role):
    commitment = Commitment.objects.filter(participant=drafting.participants[0]).first()
    assert commitment is not None
    person = person_of(coops[0], "Meinir Member", role)
    before = counts()

    response = client_for(person).delete(
        url("bid-commitment", pk=drafting.bid.pk, commitment_id=commitment.pk)
    )

    assert response.status_code == 404
    assert Commitment.objects.filter(pk=commitment.pk).exists()
    assert counts() == before


@pytest.mark.parametrize("role", [Role.MEMBER, Role.SECRETARY, Role.BID_MANAGER])
def test_nobody_of_one_co_op_reads_another_co_ops_answer_or_its_versions(coops, drafting, role):
    answer_of_b = Answer.objects.get(bid=drafting.bid, participant=drafting.participants[1])
    client = client_for(person_of(coops[0], "Ann Other", role))
    kwargs = {"pk": drafting.bid.pk, "answer_id": answer_of_b.pk}

    read = client.get(url("bid-answer", **kwargs))
    versions = client.get(url("bid-answer-versions", **kwargs))
    listed = client.get(url("bid-answers", pk=drafting.bid.pk))

    assert (read.status_code, versions.status_code) == (404, 404)
    if role == Role.MEMBER:
        assert listed.status_code == 404
    else:
        assert answer_of_b.pk not in [r["answer"] for r in listed.json()["results"]]
