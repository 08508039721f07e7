"""The secretary sets a ballot up and runs it through the API: create, questions, options,
reserved seats, times, channels, open, close, publish, cancel; and one ballot as a member
sees it, with whether they may vote and why not."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coop.core.models import AuditEvent, User
from tests.api.voting.conftest import client_for, url
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting.models import Ballot, Participation, Question, Reservation


def _actions_since(mark: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True)
    )


def _mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_secretary_sets_up_an_stv_election_and_opens_it(organisation, secretary, member):
    client = client_for(secretary)
    mark = _mark()

    created = client.post(
        url("ballots"),
        {
            "title": "Board election 2025",
            "title_cy": "Etholiad y bwrdd 2025",
            "record_date": "2024-01-01",
            "eligible_classes": ["users", "workers"],
            "allow_in_room": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    ballot_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["eligible_classes"] == ["users", "workers"]
    assert created.json()["allow_online"] is True
    assert created.json()["allow_in_room"] is True

    question = client.post(
        url("ballot-questions", pk=ballot_id),
        {"kind": "stv", "text": "Elect two directors", "seats": 2},
        format="json",
    )
    assert question.status_code == 201, question.json()
    question_id = question.json()["id"]
    names = ["Alaw", "Bryn", "Cai", "Dewi"]
    for name, cls in zip(names, ["users", "users", "workers", "workers"], strict=True):
        option = client.post(
            url("ballot-question-options", pk=ballot_id, question_id=question_id),
            {"label": name, "member_class": cls, "statement": f"I am {name}."},
            format="json",
        )
        assert option.status_code == 201, option.json()
        assert option.json()["member_class"] == cls
    reserved = client.post(
        url("ballot-question-reserved-seats", pk=ballot_id, question_id=question_id),
        {"member_class": "workers", "seats": 1},
        format="json",
    )
    assert reserved.status_code == 200, reserved.json()
    assert reserved.json() == {"member_class": "workers", "seats": 1}
    opens_at = timezone.now() + dt.timedelta(days=1)
    closes_at = timezone.now() + dt.timedelta(days=8)
    scheduled = client.post(
        url("ballot-schedule", pk=ballot_id),
        {"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()},
        format="json",
    )
    assert scheduled.status_code == 200, scheduled.json()
    opened = client.post(url("ballot-open", pk=ballot_id), {}, format="json")

    assert opened.status_code == 200, opened.json()
    ballot = Ballot.objects.get(pk=ballot_id)
    assert ballot.status == Ballot.Status.OPEN
    assert (ballot.opens_at, ballot.closes_at) == (opens_at, closes_at)
    assert opened.json()["electorate_count"] == 1  # the member persona, a service user
    assert [o.label for o in ballot.questions.get().options.order_by("position")] == names
    assert list(Reservation.objects.values_list("member_class__code", "seats")) == [("workers", 1)]
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert _actions_since(mark) == [
        "ballot.create",
        "ballot.question_add",
        "ballot.option_add",
        "ballot.option_add",
        "ballot.option_add",
        "ballot.option_add",
        "ballot.reservation_set",
        "ballot.schedule",
        "ballot.open",
    ]


def test_a_resolution_gets_its_three_answers_from_the_rules(organisation, secretary):
    ballot = vf.ballot(organisation)

    response = client_for(secretary).post(
        url("ballot-questions", pk=ballot.pk),
        {"kind": "resolution", "text": "Change rule 12?", "resolution_type": "special"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resolution_type"] == "special"
    assert [(o["code"], o["label"], o["label_cy"]) for o in body["options"]] == [
        ("for", "For", "O blaid"),
        ("against", "Against", "Yn erbyn"),
        ("abstain", "Abstain", "Ymatal"),
    ]


def test_a_member_sees_the_ballot_and_why_they_may_vote(organisation, member, member_record):
    ballot, question = vf.resolution_ballot(organisation, title="Adopt the accounts")

    body = client_for(member).get(url("ballot", pk=ballot.pk)).json()

    assert body["title"] == "Adopt the accounts"
    assert body["status"] == "open"
    assert [q["id"] for q in body["questions"]] == [question.pk]
    assert [o["code"] for o in body["questions"][0]["options"]] == ["for", "against", "abstain"]
    assert body["voters"] == [
        {
            "member": member_record.number,
            "member_name": "Meinir Member",
            "on_roll": True,
            "may_vote": True,
            "reason": "",
            "has_voted": False,
            "channel": "",
            "may_vote_now": True,
        }
    ]


def test_a_member_who_joined_after_the_record_date_is_told_why_they_may_not_vote(organisation):
    user = User.objects.create_user(email="newer@example.org", password="x", full_name="Nia New")
    newer = mf.member(organisation, name="Nia New", user=user, entered_on=dt.date(2024, 6, 1))
    ballot, _question = vf.resolution_ballot(organisation)

    voters = client_for(user).get(url("ballot", pk=ballot.pk)).json()["voters"]

    assert voters == [
        {
            "member": newer.number,
            "member_name": "Nia New",
            "on_roll": True,
            "may_vote": False,
            "reason": "You were not a member on the record date of this ballot.",
            "has_voted": False,
            "channel": "",
            "may_vote_now": False,
        }
    ]


def test_closing_publishing_and_cancelling(organisation, secretary):
    client = client_for(secretary)
    voter = mf.member(organisation)
    ballot, question = vf.resolution_ballot(organisation)
    vf.vote(ballot, voter, question, "for")
    other, _q = vf.resolution_ballot(organisation, title="Another")
    mark = _mark()

    closed = client.post(url("ballot-close", pk=ballot.pk), {}, format="json")
    published = client.post(url("ballot-publish", pk=ballot.pk), {}, format="json")
    cancelled = client.post(
        url("ballot-cancel", pk=other.pk), {"reason": "Called in error"}, format="json"
    )

    assert [r.status_code for r in (closed, published, cancelled)] == [200, 200, 200]
    assert closed.json()["status"] == "closed"
    assert published.json()["status"] == "published"
    assert cancelled.json()["status"] == "cancelled"
    assert Question.objects.get(pk=question.pk).result["outcome"] == "carried"
    assert _actions_since(mark) == ["ballot.close", "ballot.publish", "ballot.cancel"]
    assert AuditEvent.objects.get(action="ballot.cancel").reason == "Called in error"


def test_the_secretary_stops_online_voting_when_the_meeting_starts(organisation, secretary):
    ballot, _question = vf.resolution_ballot(organisation)

    response = client_for(secretary).post(
        url("ballot-channels", pk=ballot.pk),
        {"allow_online": False, "allow_in_room": True},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["allow_online"], response.json()["allow_in_room"]) == (False, True)
    assert AuditEvent.objects.filter(action="ballot.channels").count() == 1
