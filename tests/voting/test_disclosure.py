"""No reader of a secret ballot shows a group of papers of fewer than 5 voters, and where a
weighted count's totals may reveal a small class's votes, the ballot says so plainly.

The two attacks of issue 10 are kept here as regression tests: joining the recount kit with
the roll (class × channel groups of one), and the weighted count of a two-voter ballot."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from membership.models import Member, Organisation
from tests.api.voting.conftest import client_for
from tests.api.voting.conftest import url as api_url
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.voting.recount import kit_papers, recount_resolution
from tests.voting.test_pages_setup import url
from voting import services
from voting.models import Ballot, Question


def person(org: Organisation, cls: str, email: str) -> tuple[Member, User]:
    user = User.objects.create_user(email=email, password="correct horse battery", full_name=email)
    return mf.member(org, cls=cls, user=user), user


@pytest.fixture
def organisation(db) -> Organisation:
    """The care co-op (users and workers hold 40% of the vote each, supporters the rest),
    with proxies allowed."""
    return mf.cooperative(proxies_allowed=True, proxy_limit=3)


def selections(questions: list[Question], answer: str) -> dict[int, list[int]]:
    resolution, choice = questions
    ids_r, ids_c = vf.options(resolution), vf.options(choice)
    tree = "Ash" if answer == "for" else "Birch"
    return {resolution.pk: [ids_r[answer]], choice.pk: [ids_c[tree]]}


def small_groups_ballot(org: Organisation) -> Ballot:
    """A closed, published secret ballot (a resolution and a choice) whose class × channel
    groups are as small as they come: of 13 voters, one service user online, one by proxy,
    and one supporter online; the rest in the room."""
    users = [mf.member(org, cls="users") for _ in range(4)]
    online_user, online_user_login = person(org, "users", "online-user@example.org")
    proxy_giver = mf.member(org, cls="users")
    workers = [mf.member(org, cls="workers") for _ in range(6)]
    supporter, supporter_login = person(org, "supporters", "supporter@example.org")
    ballot = vf.ballot(org, allow_online=True, allow_in_room=True, allow_proxy=True)
    questions = [vf.resolution(ballot), vf.choice(ballot)]
    ballot = vf.open_ballot(ballot)

    def cast(member: Member, answer: str, channel: str = "room", actor: User | None = None):
        services.ballot_cast(
            ballot=ballot,
            member=member,
            selections=selections(questions, answer),
            channel=channel,
            actor=actor,
        )

    for voter in users:
        cast(voter, "for")
    cast(online_user, "against", "online", online_user_login)
    proxy = services.proxy_appoint(
        ballot=ballot, member=proxy_giver, kind="discretionary", holder=workers[0], actor=None
    )
    services.proxy_mark_present(proxy=proxy, present=True, actor=None)
    services.ballot_cast_proxy(proxy=proxy, selections=selections(questions, "against"), actor=None)
    for i, voter in enumerate(workers):
        cast(voter, "for" if i % 2 else "against")
    cast(supporter, "against", "online", supporter_login)
    services.ballot_close(ballot=ballot, actor=None)
    services.ballot_publish(ballot=ballot, actor=None)
    return Ballot.objects.get(pk=ballot.pk)


def api_rows(user: User, name: str, ballot: Ballot) -> list[dict[str, Any]]:
    response = client_for(user).get(
        api_url(name, slug=ballot.organisation.slug, pk=ballot.pk), {"page_size": 500}
    )
    assert response.status_code == 200
    return response.json()["results"]


def anonymity_sets(papers: list[dict[str, str]], roll: list[dict[str, Any]]) -> list[int]:
    """The attack: for each voter and question, the papers that match everything the roll
    (member → class and channel) says of them. A set of one names the voter's paper."""
    known = [c for c in ("member_class", "channel") if papers and c in papers[0]]
    sizes = []
    for row in (r for r in roll if r["has_voted"]):
        for question in {p["question"] for p in papers}:
            sizes.append(
                sum(
                    1
                    for p in papers
                    if p["question"] == question and all(p[c] == row[c] for c in known)
                )
            )
    return sizes


@pytest.mark.django_db
def test_attack_kit_and_roll_no_longer_name_any_paper(
    organisation: Organisation, secretary: User, scrutineer: User
):
    ballot = small_groups_ballot(organisation)
    roll = api_rows(secretary, "ballot-roll", ballot)
    members = client_for(secretary).get(api_url("members", slug=organisation.slug)).json()
    assert {m["member_class"] for m in members["results"]} == {"users", "workers", "supporters"}
    # The roll says who voted and how (needed to run the room): groups of one exist.
    assert sum(1 for r in roll if (r["member_class"], r["channel"]) == ("users", "online")) == 1
    assert sum(1 for r in roll if (r["member_class"], r["channel"]) == ("users", "proxy")) == 1

    kit = client_for(scrutineer).get(
        api_url("ballot-recount-kit", slug=organisation.slug, pk=ballot.pk)
    )
    papers = kit_papers(kit.json()["papers_csv"])

    assert set(papers[0]) == {"question", "choices"}
    assert len(papers) == 26
    assert min(anonymity_sets(papers, roll)) == 13
    assert kit.json()["rules"]["papers"]["member_class"] is False
    assert kit.json()["rules"]["papers"]["channel"] is False
    assert "fewer than 5 voters" in kit.json()["rules"]["papers"]["note"]


@pytest.mark.django_db
def test_every_reader_of_a_ballot_with_small_groups_shows_no_small_group(
    client: Client, organisation: Organisation, secretary: User, scrutineer: User
):
    ballot = small_groups_ballot(organisation)
    note = "may reveal how the members of Supporters voted"

    # The API's results, for the secretary, the scrutineer and a member.
    voter = Member.objects.get(user__email="online-user@example.org").user
    for user in (secretary, scrutineer, voter):
        body = client_for(user).get(api_url("ballot-results", slug=organisation.slug, pk=ballot.pk))
        assert body.status_code == 200
        resolution, choice = body.json()["questions"]
        assert resolution["classes_hidden"] is True
        assert resolution["result"]["classes"] == []
        assert resolution["revealing_classes"] == ["supporters"]
        assert note in resolution["disclosure_note"]
        assert "classes" not in choice["result"] or choice["result"]["classes"] == []
        # Turnout by class only for classes of 5 or more.
        by_class = {c["member_class"] for c in body.json()["turnout"]["by_class"]}
        assert by_class == {"users", "workers"}
        assert body.json()["turnout"]["classes_not_shown"] == 1

    # The pages, the CSV and the PDF.
    client.force_login(secretary)
    page = client.get(url("results", ballot)).content.decode()
    assert "Votes by member class" not in page
    assert note in page
    rows = list(csv.reader(io.StringIO(client.get(url("results_csv", ballot)).content.decode())))
    assert {r[3] for r in rows if r[0] == "turnout"} == {
        "All members",
        "Service users and carers",
        "Workers",
    }
    assert any(r[3] == "secrecy" and note in r[7] for r in rows)
    pdf = PdfReader(io.BytesIO(client.get(url("results_pdf", ballot)).content))
    content = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert note in content
    assert "Each vote counts as" not in content

    # The recount kit (page): no channel, no class; its rules carry no class breakdown.
    client.force_login(scrutineer)
    kit = zipfile.ZipFile(io.BytesIO(client.get(url("recount_kit", ballot)).content))
    assert kit.read("papers.csv").decode().splitlines()[0] == "question,choices,papers"
    rules_json = json.loads(kit.read("rules.json"))
    assert all(q["result"].get("classes", []) == [] for q in rules_json["questions"])
    scrutiny = client.get(url("scrutiny", ballot)).content.decode()
    assert "The papers carry no channel" in scrutiny

    # The audit trail: who voted and how, nothing that joins with a paper.
    events = api_rows(scrutineer, "ballot-audit-events", ballot)
    casts = [e for e in events if e["action"] == "ballot.cast"]
    assert len(casts) == 13
    assert all(set(e["after"]) == {"ballot", "member", "channel"} for e in casts)
    codes = [r["code"] for r in api_rows(scrutineer, "ballot-receipts", ballot)]
    trail = json.dumps(events)
    assert codes
    assert not any(code in trail for code in codes)


@pytest.mark.django_db
def test_attack_a_weighted_two_voter_ballot_says_it_may_reveal_their_votes(
    client: Client, organisation: Organisation, secretary: User, scrutineer: User
):
    user_voter = mf.member(organisation, cls="users")
    supporter = mf.member(organisation, cls="supporters")
    ballot, question = vf.resolution_ballot(organisation, is_open=False)
    client.force_login(secretary)
    before = client.get(url("manage", ballot)).content.decode()
    assert 'id="disclosure-warning"' in before
    assert "Fewer than 5 members of Service users and carers, Supporters may vote" in before
    detail = client_for(secretary).get(api_url("ballot", slug=organisation.slug, pk=ballot.pk))
    assert detail.json()["disclosure_warning"].startswith(
        "Fewer than 5 members of Service users and carers, Supporters may vote"
    )

    ballot = vf.open_ballot(ballot)
    vf.vote(ballot, user_voter, question, "for")
    vf.vote(ballot, supporter, question, "against")
    services.ballot_close(ballot=ballot, actor=None)
    question.refresh_from_db()
    assert question.result is not None
    assert question.result["weighted"]["for"] == "1.33333"
    assert question.result["weighted"]["against"] == "0.66667"

    note = "may reveal how the members of Service users and carers, Supporters voted"
    page = client.get(url("results", ballot)).content.decode()
    assert note in page
    assert "No breakdown by member class is shown" in page
    pdf = PdfReader(io.BytesIO(client.get(url("results_pdf", ballot)).content))
    assert note in " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    body = client_for(scrutineer).get(
        api_url("ballot-results", slug=organisation.slug, pk=ballot.pk)
    )
    [result] = body.json()["questions"]
    assert result["revealing_classes"] == ["users", "supporters"]
    assert result["result"]["classes"] == []


@pytest.mark.django_db
def test_a_plain_ballot_or_large_classes_give_no_warning(
    client: Client, organisation: Organisation, secretary: User
):
    for cls in ("users", "workers", "supporters"):
        for _ in range(5):
            mf.member(organisation, cls=cls)
    ballot, _question = vf.resolution_ballot(organisation, is_open=False)
    client.force_login(secretary)
    assert 'id="disclosure-warning"' not in client.get(url("manage", ballot)).content.decode()


@pytest.mark.django_db
def test_the_kit_of_a_weighted_ballot_with_large_classes_recounts_to_the_result(
    organisation: Organisation, scrutineer: User
):
    answers = {"users": "for", "workers": "against", "supporters": "abstain"}
    voters = [
        (mf.member(organisation, cls=cls), i, a) for i in range(6) for cls, a in answers.items()
    ]
    ballot, question = vf.resolution_ballot(organisation)
    for voter, i, answer in voters:
        vf.vote(ballot, voter, question, "for" if i < 2 else answer)
    services.ballot_close(ballot=ballot, actor=None)

    kit = client_for(scrutineer).get(
        api_url("ballot-recount-kit", slug=organisation.slug, pk=ballot.pk)
    )
    papers = kit_papers(kit.json()["papers_csv"])
    rules_json = kit.json()["rules"]
    assert set(papers[0]) == {"question", "member_class", "choices"}
    assert rules_json["papers"]["complete"] is True
    question.refresh_from_db()
    assert question.result is not None
    assert question.result["is_weighted"]
    assert recount_resolution(papers, rules_json, 1) == question.result


@pytest.mark.django_db
def test_the_kit_of_a_plain_ballot_recounts_to_the_result_without_classes(scrutineer: User):
    plain = vf.unweighted_cooperative()
    role_grant(organisation=plain, user=scrutineer, role=Role.SCRUTINEER, actor=None)
    answers = ["for", "for", "against", "abstain", "for", "against", "for"]
    voters = [mf.member(plain, cls=("users", "workers")[i % 2]) for i in range(len(answers))]
    ballot, question = vf.resolution_ballot(plain)
    for voter, answer in zip(voters, answers, strict=True):
        vf.vote(ballot, voter, question, answer)
    services.ballot_close(ballot=ballot, actor=None)

    kit = client_for(scrutineer).get(api_url("ballot-recount-kit", slug=plain.slug, pk=ballot.pk))
    papers = kit_papers(kit.json()["papers_csv"])
    assert set(papers[0]) == {"question", "choices"}
    assert kit.json()["rules"]["papers"]["complete"] is True
    question.refresh_from_db()
    assert question.result is not None
    # The papers of a plain ballot carry no class: the count has one group, of 7 voters.
    assert recount_resolution(papers, kit.json()["rules"], 1) == question.result


@pytest.mark.django_db
def test_a_small_show_of_hands_keeps_no_counts_in_the_audit_trail():
    plain = vf.unweighted_cooperative()
    clerk = User.objects.create_user(
        email="clerk@example.org", password="x" * 12, full_name="Clerk"
    )
    present = [mf.member(plain) for _ in range(5)]
    small, small_question = vf.resolution_ballot(plain)
    large, large_question = vf.resolution_ballot(plain)
    mark = mf.last_event_id()

    services.hands_record(
        question=small_question,
        counts={vf.options(small_question)["for"]: 2},
        present_members=present[:3],
        actor=clerk,
    )
    services.hands_record(
        question=large_question,
        counts={vf.options(large_question)["for"]: 3},
        present_members=present,
        actor=clerk,
    )

    kept = {e.object_id: e.after for e in mf.events_since(mark) if e.action == "ballot.hands"}
    assert kept[str(small.pk)]["counts"] is None
    assert kept[str(large.pk)]["counts"] == {"for": 3}
