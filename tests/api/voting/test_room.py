"""Votes taken in the room through the API: proxies (appoint, mark present, cast, revoke), a
show of hands for those present who have not voted, and the chair's casting vote on a tie."""

from __future__ import annotations

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from tests.api.voting.conftest import client_for, counts, url
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.models import HandCount, Participation, Proxy, Question


def test_a_proxy_is_appointed_marked_present_and_votes_once(organisation, secretary):
    appointing, holder = mf.member(organisation), mf.member(organisation, name="Huw Holder")
    ballot, question = vf.resolution_ballot(organisation, allow_proxy=True)
    client = client_for(secretary)

    appointed = client.post(
        url("ballot-proxies", pk=ballot.pk),
        {"member": appointing.number, "kind": "discretionary", "holder": holder.number},
        format="json",
    )
    assert appointed.status_code == 201, appointed.json()
    proxy_id = appointed.json()["id"]
    present = client.post(
        url("ballot-proxy-present", pk=ballot.pk, proxy_id=proxy_id),
        {"present": True},
        format="json",
    )
    cast = client.post(
        url("ballot-proxy-cast", pk=ballot.pk, proxy_id=proxy_id),
        {"selections": {str(question.pk): [vf.options(question)["against"]]}},
        format="json",
    )
    before = counts()
    again = client.post(
        url("ballot-cast", pk=ballot.pk),
        {
            "member": appointing.number,
            "channel": "room",
            "selections": {str(question.pk): [vf.options(question)["for"]]},
        },
        format="json",
    )
    listed = client.get(url("ballot-proxies", pk=ballot.pk)).json()

    assert appointed.json() | {"id": 0} == {
        "id": 0,
        "member": appointing.number,
        "member_name": appointing.name,
        "holder": holder.number,
        "holder_name": "Huw Holder",
        "kind": "discretionary",
        "directions": {},
        "status": "appointed",
        "holder_present": False,
    }
    assert present.json()["holder_present"] is True
    assert cast.status_code == 201
    assert list(cast.json()) == ["receipt"]
    assert Participation.objects.get(ballot=ballot, member=appointing).channel == "proxy"
    assert again.status_code == 400
    assert counts() == before
    assert [p["status"] for p in listed["results"]] == ["used"]
    assert [
        a
        for a in AuditEvent.objects.order_by("id").values_list("action", flat=True)
        if a.startswith("proxy.") or a == "ballot.cast"
    ] == ["proxy.appoint", "proxy.present", "ballot.cast"]


def test_a_directed_proxy_votes_as_directed(organisation, secretary):
    appointing = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation, allow_proxy=True)
    client = client_for(secretary)
    against = vf.options(question)["against"]

    appointed = client.post(
        url("ballot-proxies", pk=ballot.pk),
        {
            "member": appointing.number,
            "kind": "directed",
            "holder_name": "The chair",
            "directions": {str(question.pk): [against]},
        },
        format="json",
    )
    proxy_id = appointed.json()["id"]
    client.post(
        url("ballot-proxy-present", pk=ballot.pk, proxy_id=proxy_id),
        {"present": True},
        format="json",
    )
    cast = client.post(url("ballot-proxy-cast", pk=ballot.pk, proxy_id=proxy_id), {}, format="json")

    assert appointed.json()["directions"] == {str(question.pk): [against]}
    assert cast.status_code == 201, cast.json()
    assert vf.choices_cast(ballot, question) == [[against]]


def test_a_proxy_is_revoked(organisation, secretary):
    appointing = mf.member(organisation)
    ballot, _question = vf.resolution_ballot(organisation, allow_proxy=True)
    proxy = services.proxy_appoint(
        ballot=ballot, member=appointing, kind="discretionary", holder_name="The chair", actor=None
    )

    response = client_for(secretary).post(
        url("ballot-proxy-revoke", pk=ballot.pk, proxy_id=proxy.pk), {}, format="json"
    )

    assert (response.status_code, response.json()["status"]) == (200, "revoked")
    assert Proxy.objects.get(pk=proxy.pk).status == Proxy.Status.REVOKED
    assert AuditEvent.objects.filter(action="proxy.revoke").count() == 1


def test_no_one_holds_more_proxies_than_the_rules_allow(organisation, secretary):
    holder = mf.member(organisation, name="Huw Holder")
    appointing = [mf.member(organisation) for _ in range(3)]
    ballot, _question = vf.resolution_ballot(organisation, allow_proxy=True)
    for member in appointing[:2]:
        services.proxy_appoint(
            ballot=ballot, member=member, kind="discretionary", holder=holder, actor=None
        )
    before = counts()

    response = client_for(secretary).post(
        url("ballot-proxies", pk=ballot.pk),
        {"member": appointing[2].number, "kind": "discretionary", "holder": holder.number},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["holder"]
    assert response.json()["holder"][0].startswith(
        "Huw Holder already holds 2 proxies, the most the rules allow"
    )
    assert counts() == before


def test_a_show_of_hands_counts_each_member_present_once(db):
    org = vf.unweighted_cooperative()
    secretary = User.objects.create_user(email="sec@plain.org", password="x", full_name="Sec")
    role_grant(organisation=org, user=secretary, role=Role.SECRETARY, actor=None)
    present = [mf.member(org) for _ in range(4)]
    ballot, question = vf.resolution_ballot(org)
    vf.vote(ballot, present[0], question, "against")  # voted already on paper

    response = client_for(secretary).post(
        url("ballot-hands", slug=org.slug, pk=ballot.pk),
        {"counts": {"for": 2, "against": 0}, "present": [m.number for m in present]},
        format="json",
    )

    assert (response.status_code, response.json()) == (200, {"counted": 3})
    assert Participation.objects.filter(ballot=ballot, channel="hands").count() == 3
    assert vf.paper_count(ballot) == 4
    assert sorted(HandCount.objects.values_list("option__code", "count")) == [
        ("against", 0),
        ("for", 2),
    ]
    services.ballot_close(ballot=ballot, actor=None)
    assert Question.objects.get(pk=question.pk).result["votes"] == {
        "for": 2,
        "against": 1,
        "abstain": 0,
        "blank": 1,
    }


def test_a_show_of_hands_is_refused_where_the_rules_weigh_classes(organisation, secretary):
    present = [mf.member(organisation) for _ in range(2)]
    ballot, _question = vf.resolution_ballot(organisation)
    before = counts()

    response = client_for(secretary).post(
        url("ballot-hands", pk=ballot.pk),
        {"counts": {"for": 1}, "present": [m.number for m in present]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "question": [
            "The rules weigh the vote by member class: a show of hands cannot, so take a poll "
            "(paper or online votes)."
        ]
    }
    assert counts() == before


def test_the_chair_breaks_a_tie_with_a_casting_vote(organisation, secretary):
    voters = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voters[0], question, "for")
    vf.vote(ballot, voters[1], question, "against")
    services.ballot_close(ballot=ballot, actor=None)
    client = client_for(secretary)

    refused = client.post(url("ballot-publish", pk=ballot.pk), {}, format="json")
    decided = client.post(
        url("ballot-question-casting-vote", pk=ballot.pk, question_id=question.pk),
        {"casting_vote": "for"},
        format="json",
    )
    published = client.post(url("ballot-publish", pk=ballot.pk), {}, format="json")

    assert refused.status_code == 400
    assert refused.json() == {
        "casting_vote": ["Question 1 is tied: record the chair's casting vote first."]
    }
    assert decided.status_code == 200, decided.json()
    assert decided.json()["casting_vote"] == "for"
    assert Question.objects.get(pk=question.pk).result["outcome"] == "carried"
    assert published.status_code == 200
