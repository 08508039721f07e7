"""Turnout, results (hidden until the ballot closes), the published receipt codes, the roll,
the ballot's audit trail and the recount kit."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.api.voting.conftest import client_for, url
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services
from voting.blt import parse_blt
from voting.models import Question


def test_turnout_shows_counts_and_only_classes_of_five_or_more(organisation, member, secretary):
    users = [mf.member(organisation, cls="users") for _ in range(5)]
    workers = [mf.member(organisation, cls="workers") for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter in [*users[:3], workers[0]]:
        vf.vote(ballot, voter, question, "for")

    body = client_for(member).get(url("ballot-turnout", pk=ballot.pk)).json()

    # The member persona is a service user too: 6 users, 2 workers may vote.
    assert body == {
        "voted": 4,
        "electorate": 8,
        "percent": "50.0",
        "by_class": [
            {
                "member_class": "users",
                "name": "Service users and carers",
                "voted": 3,
                "electorate": 6,
                "percent": "50.0",
            }
        ],
        "classes_not_shown": 1,
    }


def test_results_are_hidden_until_close_then_shown_to_the_secretary_and_scrutineer(
    organisation, secretary, scrutineer, board_member, member
):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot, question = vf.resolution_ballot(organisation)
    for voter, answer in zip(voters, ["for", "for", "against"], strict=True):
        vf.vote(ballot, voter, question, answer)
    path = url("ballot-results", pk=ballot.pk)

    before_close = {
        persona: client_for(user).get(path)
        for persona, user in {"secretary": secretary, "member": member}.items()
    }
    services.ballot_close(ballot=ballot, actor=None)
    closed = {
        persona: client_for(user).get(path)
        for persona, user in {
            "secretary": secretary,
            "scrutineer": scrutineer,
            "board_member": board_member,
            "member": member,
        }.items()
    }
    services.ballot_publish(ballot=ballot, actor=None)
    published = client_for(member).get(path)

    hidden = {"detail": "The results are hidden until the ballot closes."}
    assert {p: (r.status_code, r.json()) for p, r in before_close.items()} == {
        "secretary": (403, hidden),
        "member": (403, hidden),
    }
    checking = {
        "detail": "The results are being checked by the secretary and the scrutineers: you can "
        "see them once they are published."
    }
    assert {p: r.status_code for p, r in closed.items()} == {
        "secretary": 200,
        "scrutineer": 200,
        "board_member": 403,
        "member": 403,
    }
    assert closed["member"].json() == checking
    assert published.status_code == 200
    body = published.json()
    assert (body["status"], body["turnout"]["voted"], body["turnout"]["electorate"]) == (
        "published",
        3,
        4,
    )
    [result] = body["questions"]
    assert result["id"] == question.pk
    assert (result["outcome"], result["outcome_label"]) == ("carried", "Carried")
    assert result["result"]["votes"] == {"for": 2, "against": 1, "abstain": 0, "blank": 0}
    assert "It needed more than half of the votes cast" in result["description"]
    assert result["classes_hidden"] is True  # three service users voted: fewer than five
    assert result["result"]["classes"] == []


def test_a_cancelled_ballot_has_no_results(organisation, secretary):
    ballot, _question = vf.resolution_ballot(organisation)
    services.ballot_cancel(ballot=ballot, reason="Error", actor=None)

    response = client_for(secretary).get(url("ballot-results", pk=ballot.pk))

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "The ballot was cancelled: there are no results."},
    )


def test_stv_results_name_the_elected_and_every_stage(organisation, secretary):
    voters = [mf.member(organisation) for _ in range(6)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    question = vf.stv(ballot, candidates=("Alaw", "Bryn", "Cai"), seats=1)
    ballot = vf.open_ballot(ballot)
    ids = vf.options(question)
    rankings = [["Alaw", "Bryn"]] * 3 + [["Bryn", "Alaw"]] * 2 + [["Cai", "Bryn"]]
    for voter, ranking in zip(voters, rankings, strict=True):
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={question.pk: [ids[n] for n in ranking]},
            channel="room",
            actor=None,
        )
    services.ballot_close(ballot=ballot, actor=None)

    [result] = client_for(secretary).get(url("ballot-results", pk=ballot.pk)).json()["questions"]

    assert result["kind"] == "stv"
    assert result["elected"] == ["Alaw"]
    assert result["result"]["quota"] == "4.00000"
    assert [s["stage"] for s in result["result"]["stages"]] == list(
        range(1, len(result["result"]["stages"]) + 1)
    )
    assert "Droop quota 4.00000" in result["description"]


def test_receipts_are_published_at_close_and_each_voter_can_find_theirs(
    organisation, member, member_record
):
    others = [mf.member(organisation) for _ in range(2)]
    ballot, question = vf.resolution_ballot(organisation)
    mine = services.ballot_cast(
        ballot=ballot,
        member=member_record,
        selections={question.pk: [vf.options(question)["for"]]},
        actor=member,
    )
    theirs = [vf.vote(ballot, m, question, "against") for m in others]
    client = client_for(member)

    before = client.get(url("ballot-receipts", pk=ballot.pk))
    services.ballot_close(ballot=ballot, actor=None)
    listed = client.get(url("ballot-receipts", pk=ballot.pk)).json()
    typed = mine.lower().replace("-", " ")
    found = client.get(url("ballot-receipts", pk=ballot.pk), {"code": typed}).json()
    missing = client.get(url("ballot-receipts", pk=ballot.pk), {"code": "AAAAA-AAAAA"}).json()

    assert (before.status_code, before.json()) == (
        403,
        {"detail": "Receipt codes are published when the ballot closes."},
    )
    assert [r["code"] for r in listed["results"]] == sorted([mine, *theirs])
    assert (found["count"], found["results"]) == (1, [{"code": mine}])
    assert missing["count"] == 0


def test_the_roll_says_who_may_vote_and_who_has_voted(organisation, secretary, member_record):
    late = mf.member(organisation, name="Llinos Late", entered_on=dt.date(2024, 6, 1))
    voter = mf.member(organisation, name="Vaughan Voter")
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voter, question, "for")
    client = client_for(secretary)

    rows = client.get(url("ballot-roll", pk=ballot.pk)).json()["results"]
    voted = client.get(url("ballot-roll", pk=ballot.pk), {"voted": "true"}).json()["results"]
    ineligible = client.get(url("ballot-roll", pk=ballot.pk), {"eligible": "false"}).json()

    assert [(r["member"], r["may_vote"], r["has_voted"], r["channel"]) for r in rows] == [
        (member_record.number, True, False, ""),
        (late.number, False, False, ""),
        (voter.number, True, True, "room"),
    ]
    assert rows[1]["reason"] == "You were not a member on the record date of this ballot."
    assert rows[2]["name"] == "Vaughan Voter"
    assert [r["member"] for r in voted] == [voter.number]
    assert [r["member"] for r in ineligible["results"]] == [late.number]
    assert "choices" not in rows[2]


def test_the_scrutineer_reads_the_audit_trail_who_voted_never_what(
    organisation, scrutineer, member_record
):
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, member_record, question, "for")

    events = client_for(scrutineer).get(url("ballot-audit-events", pk=ballot.pk)).json()

    assert [e["action"] for e in events["results"]] == [
        "ballot.create",
        "ballot.question_add",
        "ballot.open",
        "ballot.cast",
    ]
    cast = events["results"][-1]
    assert cast["after"] == {"ballot": ballot.pk, "member": member_record.number, "channel": "room"}


def test_the_recount_kit_has_the_papers_a_blt_per_stv_question_and_the_rules(
    organisation, scrutineer
):
    voters = [mf.member(organisation) for _ in range(3)]
    ballot = vf.ballot(organisation, allow_in_room=True)
    vf.resolution(ballot)
    stv = vf.stv(ballot, candidates=("Alaw", "Bryn", "Cai"), seats=1)
    ballot = vf.open_ballot(ballot)
    resolution = ballot.questions.get(kind=Question.Kind.RESOLUTION)
    ids = {**vf.options(stv), **vf.options(resolution)}
    for voter in voters:
        services.ballot_cast(
            ballot=ballot,
            member=voter,
            selections={resolution.pk: [ids["for"]], stv.pk: [ids["Bryn"], ids["Alaw"]]},
            channel="room",
            actor=None,
        )
    services.ballot_close(ballot=ballot, actor=None)

    kit = client_for(scrutineer).get(url("ballot-recount-kit", pk=ballot.pk)).json()

    papers = list(csv.DictReader(io.StringIO(kit["papers_csv"])))
    assert sum(int(p["papers"]) for p in papers) == 6
    assert sorted({p["choices"] for p in papers}) == ["Bryn > Alaw", "For"]
    [blt] = kit["blt"]
    assert (blt["question"], blt["position"], blt["filename"]) == (stv.pk, 2, "question-2.blt")
    election = parse_blt(blt["content"])
    assert (election.candidates, election.seats) == (("Alaw", "Bryn", "Cai"), 1)
    assert sum(b.weight for b in election.ballots) == 3
    assert kit["rules"]["seed"] == ballot.stv_seed
    assert [q["kind"] for q in kit["rules"]["questions"]] == ["resolution", "stv"]
