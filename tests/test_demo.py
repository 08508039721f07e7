"""`load_demo` builds the ballots, meetings and joint bid of the demo through the services:
valid, in the states the demo promises, and idempotent.

The demo takes a while to load, so it is loaded (twice) once for the module and rolled back
after the module's tests."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from coop.core.models import AuditEvent, User
from coop.core.permissions import roles_of
from coop.demo.membership import demo_users
from governance import rules as governance_rules
from governance.models import Amendment, Meeting, Motion, Requisition, Resolution
from membership.models import Organisation
from tendering import selectors as tendering_selectors
from tendering.models import BidParticipant, JointBid, LibraryAnswer
from tendering.selectors.gates import bid_gates
from tests.factories import voting as vf
from voting.models import Ballot, Participation, Question, Receipt

APPS = ("voting", "governance", "tendering")


def _counts() -> dict[str, int]:
    """Rows of every model of the apps the demo modules write, and the audit trail."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }
    counts["audit"] = AuditEvent.objects.exclude(action="role.grant").count()
    return counts


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo twice; everything is rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = io.StringIO()
        call_command("load_demo", stdout=first)
        before = _counts()
        second = io.StringIO()
        call_command("load_demo", stdout=second)
        after = _counts()
        yield first.getvalue(), second.getvalue(), before, after
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_second_run_adds_nothing(demo):
    first, second, before, after = demo
    assert "a joint bid drafting with 3 co-ops" in first
    assert second.count("in the demo already, skipped.") == 6
    assert after == before
    # The demo's ballots, one per AGM item, and Cwm Elan's members' ballot approving the bid.
    assert before["voting.Ballot"] == 3 + 4 + 4 + 1
    assert before["governance.Meeting"] == 2
    assert before["governance.Motion"] == 6
    assert before["tendering.JointBid"] == 1
    assert before["tendering.Answer"] == 17


@pytest.mark.django_db
def test_the_wellbeing_ballot_is_open_with_some_votes(demo):
    ballot = Ballot.objects.get(
        organisation__slug="gofal-dyfi", title="Adopt the new wellbeing policy"
    )
    assert ballot.status == Ballot.Status.OPEN
    assert ballot.title_cy == "Mabwysiadu'r polisi llesiant newydd"
    question = ballot.questions.get()
    assert question.kind == Question.Kind.RESOLUTION
    assert question.resolution_type is not None
    assert question.resolution_type.code == "special"
    assert question.result is None  # hidden until it closes
    channels = Counter(
        Participation.objects.filter(ballot=ballot, has_voted=True).values_list(
            "channel", flat=True
        )
    )
    assert channels == {"online": 1, "room": 58}
    assert vf.paper_count(ballot) == 59
    assert Receipt.objects.filter(ballot=ballot).count() == 59
    assert ballot.closes_at is not None
    assert ballot.closes_at > timezone.now()
    voted_online = Participation.objects.get(ballot=ballot, channel="online")
    assert voted_online.cast_by is not None
    assert voted_online.cast_by.email == "board.dyfi@cyd.example"
    # The demo members with accounts can still try voting.
    for email in ("member1.dyfi@cyd.example", "member2.dyfi@cyd.example"):
        assert not Participation.objects.get(ballot=ballot, member__user__email=email).has_voted


@pytest.mark.django_db
def test_the_board_election_is_published_and_fills_the_reserved_seats(demo):
    ballot = Ballot.objects.get(organisation__slug="cwm-elan", title="Election of the board")
    assert ballot.status == Ballot.Status.PUBLISHED
    question = ballot.questions.get()
    assert question.kind == Question.Kind.STV
    assert question.seats == 4
    assert {r.member_class.code: r.seats for r in question.reservations.all()} == {
        "users": 1,
        "workers": 1,
    }
    options = list(question.options.select_related("member_class"))
    assert len(options) == 7
    classes = {o.label: o.member_class.code for o in options if o.member_class}
    assert len(classes) == 7
    result = question.result
    assert result is not None
    assert len(result["elected"]) == 4
    elected_classes = Counter(classes[name] for name in result["elected"])
    assert elected_classes["users"] >= 1
    assert elected_classes["workers"] >= 1
    voted = Participation.objects.filter(ballot=ballot, has_voted=True).count()
    assert voted >= 200
    assert result["papers"] == voted
    assert len(result["stages"]) >= 3
    assert not any("lot" in note for stage in result["stages"] for note in stage["notes"])


@pytest.mark.django_db
def test_the_consortium_ballot_was_cast_by_the_representatives(demo):
    ballot = Ballot.objects.get(organisation__slug="canolbarth")
    assert ballot.status == Ballot.Status.PUBLISHED
    cast_by = set(
        Participation.objects.filter(ballot=ballot, has_voted=True).values_list(
            "cast_by__email", flat=True
        )
    )
    assert cast_by == {
        "secretary.dyfi@cyd.example",
        "secretary.elan@cyd.example",
        "secretary.hafren@cyd.example",
    }
    result = ballot.questions.get().result
    assert result is not None
    assert result["outcome"] == "carried"


@pytest.mark.django_db
def test_this_years_agm_is_in_its_notice_period_with_motions_and_an_amendment(demo):
    today = timezone.localdate()
    meeting = Meeting.objects.get(organisation__slug="cwm-elan", status=Meeting.Status.CALLED)
    day = timezone.localtime(meeting.starts_at).date()
    assert meeting.kind == Meeting.Kind.AGM
    assert meeting.notice_given_on == today < day
    assert meeting.rules_version is not None
    assert today <= governance_rules.motion_deadline_on(
        day, meeting.rules_version.motion_deadline_days
    )
    motions = list(Motion.objects.filter(meeting=meeting).order_by("pk"))
    assert [(m.is_board_motion, m.status) for m in motions] == [
        (False, "admissible"),
        (False, "admissible"),
        (True, "admissible"),
    ]
    assert all(m.proposer and m.seconder for m in motions[:2])
    assert motions[2].resolution_type.code == "rule_change"
    amendment = Amendment.objects.get(motion__meeting=meeting)
    assert amendment.status == Amendment.Status.SECONDED
    assert amendment.motion == motions[0]
    ballots = [m.ballot for m in motions] + [amendment.ballot]
    assert [(b.status, b.allow_online) if b else None for b in ballots] == [("open", True)] * 4


@pytest.mark.django_db
def test_last_years_agm_was_held_with_minutes(demo):
    meeting = Meeting.objects.get(organisation__slug="cwm-elan", status=Meeting.Status.CLOSED)
    held_on = timezone.localtime(meeting.starts_at).date()
    assert held_on < timezone.localdate() - dt.timedelta(days=300)
    assert timezone.localtime(meeting.started_at).date() == held_on
    statuses = list(Motion.objects.filter(meeting=meeting).order_by("pk").values_list("status"))
    assert statuses == [("carried",), ("lost",), ("carried",)]
    assert Resolution.objects.filter(meeting=meeting).count() == 2
    assert set(Resolution.objects.filter(meeting=meeting).values_list("passed_on", flat=True)) == {
        held_on
    }
    minutes = meeting.minutes
    assert minutes.status == "draft"
    assert f"Held: {held_on:%A} {held_on.day} {held_on:%B %Y}" in minutes.body
    assert "Elected:" in minutes.body
    assert "£5,000 a year" in minutes.body
    assert minutes.body_cy


@pytest.mark.django_db
def test_a_requisition_is_collecting_signatures(demo):
    requisition = Requisition.objects.get(organisation__slug="hafren")
    assert requisition.status == Requisition.Status.COLLECTING
    assert (requisition.signatures.count(), requisition.threshold) == (9, 20)


@pytest.mark.django_db
def test_the_joint_bid_is_in_drafting_with_things_missing(demo):
    bid = JointBid.objects.get(consortium__slug="canolbarth")
    assert bid.status == JointBid.Status.DRAFTING
    assert bid.opportunity.lots.count() == 6
    assert bid.opportunity.questions.count() == 12
    assert sorted(bid.opportunity.criteria.values_list("weight", flat=True)) == [10, 30, 60]
    assert bid.lead is not None
    assert bid.lead.name == "Gofal Dyfi Care"
    participants = bid.participants.order_by("member__name")
    assert [(p.member.name, p.status, p.authorised_lead) for p in participants] == [
        ("Cartrefi Cwm Elan", BidParticipant.Status.APPROVED, True),
        ("Gofal Dyfi Care", BidParticipant.Status.APPROVED, True),
        ("Hafren Home Care Co-operative", BidParticipant.Status.APPROVED, False),
    ]
    hafren = participants.get(member__name="Hafren Home Care Co-operative")
    assert sorted(hafren.allowed_lots.values_list("number", flat=True)) == [2, 4]
    assert hafren.max_hours_per_week == 400
    failing = {g.code: g.detail for g in bid_gates(bid) if not g.ok}
    assert set(failing) == {
        "approvals",
        "answers_started",
        "answers",
        "coverage",
        "prices",
        "signoffs",
    }
    assert failing["coverage"] == ["Lot 4: 50.00 hours a week short of the buyer's 200.00."]
    assert tendering_selectors.answer_counts(bid, list(participants)) == [
        ("not_started", "Not started", 6),
        ("draft", "Draft", 5),
        ("in_review", "In review", 2),
        ("approved", "Approved", 5),
    ]
    assert bid.social_value.count() > 0
    today = timezone.localdate()
    library = LibraryAnswer.objects.filter(organisation=bid.consortium)
    assert sorted(entry.review_by < today for entry in library) == [False, True]


@pytest.mark.django_db
def test_the_demo_pages_render_for_the_demo_users(demo):
    """Each demo account's home page lists its organisations; the bid manager's dashboard
    says what is missing; a member sees the election's count sheet."""
    for spec in demo_users():
        user = User.objects.get(email=spec.email)
        client = Client()
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200
        for organisation in Organisation.objects.all():
            if roles_of(user, organisation):
                assert organisation.display_name in response.content.decode()
    client = Client()
    client.force_login(User.objects.get(email="bids@cyd.example"))
    bid = JointBid.objects.get()
    page = client.get(f"/o/canolbarth/bids/{bid.pk}/").content.decode()
    assert "What is missing" in page
    assert "the written authorisation of the lead is missing" in page
    client.force_login(User.objects.get(email="member1.elan@cyd.example"))
    election = Ballot.objects.get(title="Election of the board")
    response = client.get(f"/o/cwm-elan/ballots/{election.pk}/results/")
    assert response.status_code == 200
    assert "Count sheet" in response.content.decode()
