"""Motions and amendments through the API: submitted by a member (or by the secretary for a
member, from paper), seconded, decided admissible by the board, withdrawn; the board's own
motions and amendments; votes (amendments first, quorum at each vote, the chair's casting
vote, a show of hands); and confirmation at a second meeting."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from governance import services
from governance.models import Amendment, Meeting, Motion
from tests.api.governance.conftest import (
    AMENDED_TEXT,
    MOTION_TEXT,
    client_for,
    counts,
    give_notice,
    motion,
    plan,
    start,
    url,
)
from tests.factories import membership as mf
from tests.factories import voting as vf
from voting import services as voting


def _vote(ballot, member, answer: str) -> None:
    question = ballot.questions.get()
    voting.ballot_cast(
        ballot=ballot,
        member=member,
        selections={question.pk: [question.options.get(code=answer).pk]},
        channel="room",
        actor=None,
    )


def test_the_secretary_enters_a_motion_received_on_paper(organisation, secretary, member):
    proposer = mf.member(organisation, name="Pat Paper")
    meeting = give_notice(plan(organisation))
    received = timezone.localdate() - dt.timedelta(days=1)

    response = client_for(secretary).post(
        url("meeting-motions", pk=meeting.pk),
        {
            "proposer": proposer.number,
            "title": "Solar panels",
            "text": "That the co-operative fits solar panels.",
            "resolution_type": "ordinary",
            "submitted_on": received.isoformat(),
        },
        format="json",
    )
    before = counts()
    by_member = client_for(member).post(
        url("meeting-motions", pk=meeting.pk),
        {"title": "T", "text": "That.", "submitted_on": received.isoformat()},
        format="json",
    )
    for_another = client_for(member).post(
        url("meeting-motions", pk=meeting.pk),
        {"title": "T", "text": "That.", "proposer": proposer.number},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["proposer"], body["proposer_name"], body["submitted_on"]) == (
        proposer.number,
        "Pat Paper",
        received.isoformat(),
    )
    assert (body["status"], body["resolution_type"], body["changes"]) == (
        "submitted",
        "ordinary",
        [],
    )
    assert (by_member.status_code, by_member.json()) == (
        403,
        {"detail": "Only the secretary records the day a motion arrived."},
    )
    assert (for_another.status_code, for_another.json()) == (
        403,
        {"detail": "Only the secretary can act for another member."},
    )
    assert counts() == before


def test_the_board_decides_admissibility(organisation, board_member, member):
    members = [mf.member(organisation) for _ in range(2)]
    meeting = give_notice(plan(organisation))
    seconded = motion(meeting, members[0], members[1], admit=False)
    before = counts()

    by_member = client_for(member).post(
        url("motion-admissibility", pk=seconded.pk),
        {"admissible": False, "reason": "Not ours"},
        format="json",
    )
    assert counts() == before
    decided = client_for(board_member).post(
        url("motion-admissibility", pk=seconded.pk),
        {"admissible": False, "reason": "Outside the co-operative's objects (rule 2)"},
        format="json",
    )

    assert by_member.status_code == 403
    assert decided.status_code == 200, decided.json()
    assert (decided.json()["status"], decided.json()["admissibility_reason"]) == (
        "inadmissible",
        "Outside the co-operative's objects (rule 2)",
    )
    assert AuditEvent.objects.filter(action="motion.admissibility").get().actor == board_member


def test_the_proposer_withdraws_their_motion(organisation, member, member_record):
    seconder = mf.member(organisation)
    meeting = give_notice(plan(organisation))
    mine = motion(meeting, member_record, seconder)

    response = client_for(member).post(url("motion-withdraw", pk=mine.pk), {}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    mine.refresh_from_db()
    assert mine.ballot is not None
    assert mine.ballot.status == "cancelled"  # its advance online ballot


def test_only_the_secretary_adds_or_withdraws_a_board_motion(organisation, secretary, member):
    meeting = give_notice(plan(organisation))

    added = client_for(secretary).post(
        url("meeting-board-motions", pk=meeting.pk),
        {
            "title": "Accounts",
            "text": "That the accounts are adopted.",
            "resolution_type": "ordinary",
        },
        format="json",
    )
    motion_id = added.json()["id"]
    before = counts()
    by_member = client_for(member).post(url("motion-withdraw", pk=motion_id), {}, format="json")
    assert counts() == before
    by_secretary = client_for(secretary).post(
        url("motion-withdraw", pk=motion_id), {}, format="json"
    )

    assert added.status_code == 201, added.json()
    assert (added.json()["is_board_motion"], added.json()["status"]) == (True, "admissible")
    assert (by_member.status_code, by_member.json()) == (
        403,
        {"detail": "Only the secretary withdraws a motion of the board."},
    )
    assert by_secretary.json()["status"] == "withdrawn"


def test_amendments_by_members_and_by_the_board(organisation, secretary, member, member_record):
    members = [mf.member(organisation) for _ in range(3)]
    meeting = plan(organisation)
    amended = motion(meeting, members[0], members[1])
    meeting = give_notice(meeting)
    client = client_for(secretary)

    by_board = client.post(
        url("motion-amendments", pk=amended.pk),
        {"text": AMENDED_TEXT, "summary": "from April", "by_board": True},
        format="json",
    )
    by_member = client_for(member).post(
        url("motion-amendments", pk=amended.pk),
        {"text": MOTION_TEXT.replace("every worker", "every care worker")},
        format="json",
    )
    ruled_out = client.post(
        url("amendment-rule-out", pk=by_member.json()["id"]),
        {"reason": "It changes the motion's purpose"},
        format="json",
    )
    before = counts()
    board_by_member = client_for(member).post(
        url("motion-amendments", pk=amended.pk),
        {"text": AMENDED_TEXT + " ", "by_board": True},
        format="json",
    )

    assert by_board.status_code == 201, by_board.json()
    assert (by_board.json()["is_board_amendment"], by_board.json()["status"]) == (True, "seconded")
    assert by_board.json()["proposer"] is None
    assert (by_member.json()["proposer"], by_member.json()["status"]) == (
        member_record.number,
        "submitted",
    )
    assert {"kind": "ins", "text": "care "} in by_member.json()["changes"]
    assert (ruled_out.json()["status"], ruled_out.json()["result_summary"]) == (
        "inadmissible",
        "It changes the motion's purpose",
    )
    assert board_by_member.status_code == 403
    assert counts() == before
    detail = client_for(member).get(url("motion", pk=amended.pk)).json()
    assert [a["status"] for a in detail["amendments"]] == ["seconded", "inadmissible"]


def test_a_member_seconds_and_withdraws_an_amendment(organisation, member, member_record):
    members = [mf.member(organisation) for _ in range(3)]
    meeting = plan(organisation)
    amended = motion(meeting, members[0], members[1])
    give_notice(meeting)
    theirs = services.amendment_submit(
        motion=amended, proposer=members[2], text=AMENDED_TEXT, actor=None
    )
    mine = services.amendment_submit(
        motion=amended, proposer=member_record, text=AMENDED_TEXT + " Today.", actor=None
    )

    seconded = client_for(member).post(url("amendment-second", pk=theirs.pk), {}, format="json")
    withdrawn = client_for(member).post(url("amendment-withdraw", pk=mine.pk), {}, format="json")

    assert (seconded.json()["status"], seconded.json()["seconder"]) == (
        "seconded",
        member_record.number,
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_votes_amendments_first_then_the_motion_with_the_chairs_casting_vote(
    organisation, secretary
):
    members = [mf.member(organisation) for _ in range(4)]
    meeting = plan(organisation)
    tied = motion(meeting, members[0], members[1])
    meeting = give_notice(meeting)
    amendment = services.amendment_submit(
        motion=tied, proposer=members[2], text=AMENDED_TEXT, actor=None
    )
    services.amendment_second(amendment=amendment, seconder=members[3], actor=None)
    meeting = start(meeting, members)
    client = client_for(secretary)
    before = counts()

    motion_first = client.post(url("motion-vote", pk=tied.pk), {}, format="json")
    assert counts() == before
    amendment_vote = client.post(url("amendment-vote", pk=amendment.pk), {}, format="json")
    tied.refresh_from_db()
    _vote(tied.ballot, members[0], "for")
    _vote(tied.ballot, members[1], "against")
    before = counts()
    no_casting_vote = client.post(url("motion-vote", pk=tied.pk), {}, format="json")
    assert counts() == before
    decided = client.post(url("motion-vote", pk=tied.pk), {"casting_vote": "for"}, format="json")

    assert (motion_first.status_code, motion_first.json()) == (
        400,
        {"motion": ["Amendments are decided before the motion: decide amendment 1 first."]},
    )
    assert amendment_vote.json()["status"] == "lost"  # nobody voted for it
    assert no_casting_vote.status_code == 400
    assert list(no_casting_vote.json()) == ["casting_vote"]
    assert decided.status_code == 200, decided.json()
    assert (decided.json()["status"], decided.json()["text_as_amended"]) == ("carried", MOTION_TEXT)
    assert "casting vote decided it" in decided.json()["result_summary"]


def test_no_vote_is_taken_while_the_meeting_is_inquorate(organisation, secretary):
    members = [mf.member(organisation) for _ in range(3)]
    meeting = plan(organisation)
    voted_on = motion(meeting, members[0], members[1])
    meeting = start(give_notice(meeting), members)
    services.attendance_record(meeting=meeting, member=members[2], status="left", actor=None)
    before = counts()

    response = client_for(secretary).post(url("motion-vote", pk=voted_on.pk), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["quorum"]
    assert "not quorate" in response.json()["quorum"][0]
    assert counts() == before


def test_a_show_of_hands_decides_a_motion(db):
    org = vf.unweighted_cooperative()
    secretary = User.objects.create_user(email="sec@plain.org", password="x", full_name="Sec")
    role_grant(organisation=org, user=secretary, role=Role.SECRETARY, actor=None)
    members = [mf.member(org) for _ in range(10)]  # the rules' quorum: 10 members
    meeting = services.meeting_plan(
        organisation=org,
        kind="general",
        title="General meeting",
        starts_at=timezone.now() + dt.timedelta(days=30),
        place="Neuadd y Dref",
        actor=None,
    )
    decided_by_hands = motion(meeting, members[0], members[1])
    meeting = start(give_notice(meeting), members)

    response = client_for(secretary).post(
        url("motion-hands", slug=org.slug, pk=decided_by_hands.pk),
        {"counts": {"for": 7, "against": 2, "abstain": 1}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "carried"
    assert vf.paper_count(Motion.objects.get(pk=decided_by_hands.pk).ballot) == 10


def test_a_special_resolution_is_put_to_a_second_meeting_for_confirmation(organisation, secretary):
    members = [mf.member(organisation) for _ in range(3)]
    first = plan(organisation)
    special = motion(first, members[0], members[1], code="s111_special")
    first = start(give_notice(first), members)
    special.refresh_from_db()
    for member in members:
        _vote(special.ballot, member, "for")
    services.vote_take(item=special, actor=None)
    too_late = plan(organisation, days=40, title="Too late")
    second = plan(organisation, days=20, title="Confirming meeting")
    client = client_for(secretary)
    before = counts()

    refused = client.post(
        url("motion-confirmation", pk=special.pk), {"meeting": too_late.pk}, format="json"
    )
    assert counts() == before
    proposed = client.post(
        url("motion-confirmation", pk=special.pk), {"meeting": second.pk}, format="json"
    )

    assert Motion.objects.get(pk=special.pk).status == Motion.Status.PROVISIONAL
    assert refused.status_code == 400
    assert list(refused.json()) == ["meeting"]
    assert "(CCBS Act 2014 s.111)" in refused.json()["meeting"][0]
    assert proposed.status_code == 201, proposed.json()
    assert (proposed.json()["confirms"], proposed.json()["meeting"]) == (special.pk, second.pk)
    assert proposed.json()["is_board_motion"] is True
    assert Meeting.objects.get(pk=second.pk).motions.count() == 1
    assert Amendment.objects.count() == 0
