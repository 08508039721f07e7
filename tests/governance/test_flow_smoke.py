"""Smoke test: an AGM from planning, through notice, an advance vote, an amendment and the
vote in the room, to the minutes."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from coop.core.models import User
from governance import services
from governance.models import Amendment, Meeting, Motion, Resolution
from membership.models import Member
from tests.factories import membership as mf
from voting import services as voting
from voting.models import Participation


def _motion_with_amendment(meeting: Meeting, members: list[Member]) -> tuple[Motion, Amendment]:
    """A member's motion with a seconded amendment, admitted by the board."""
    motion = services.motion_submit(
        meeting=meeting,
        proposer=members[0],
        title="Living wage",
        text="Pay every worker the real living wage.",
        supporting_statement="Fair pay.",
        actor=None,
    )
    services.motion_second(motion=motion, seconder=members[1], actor=None)
    amendment = services.amendment_submit(
        motion=motion,
        proposer=members[2],
        summary="from April",
        text="Pay every worker the real living wage from April.",
        actor=None,
    )
    services.amendment_second(amendment=amendment, seconder=members[3], actor=None)
    services.motion_decide_admissibility(
        motion=motion, admissible=True, reason="In order", actor=None
    )
    return motion, amendment


def _cast(item: Motion | Amendment, member: Member, choice: str, channel: str, actor: Any) -> None:
    item.refresh_from_db()
    assert item.ballot is not None
    question = item.ballot.questions.get()
    codes = {o.code: o.pk for o in question.options.all()}
    voting.ballot_cast(
        ballot=item.ballot,
        member=member,
        selections={question.pk: [codes[choice]]},
        channel=channel,
        actor=actor,
    )


def _poll(item: Motion | Amendment, members: list[Member], choices: list[str]) -> None:
    """Votes on paper in the room, one per member, then the vote is taken."""
    for member, choice in zip(members, choices, strict=True):
        _cast(item, member, choice, "room", None)
    services.vote_take(item=item, actor=None)
    item.refresh_from_db()


@pytest.mark.django_db
def test_agm_from_plan_to_minutes(organisation, mailoutbox, django_capture_on_commit_callbacks):
    members = [mf.member(organisation) for _ in range(5)]
    voter = User.objects.create_user(email="early@example.org", password="x", full_name="Early")
    members.append(mf.member(organisation, user=voter))
    meeting = services.meeting_plan(
        organisation=organisation,
        kind="agm",
        title="AGM 2026",
        starts_at=timezone.now() + dt.timedelta(days=40),
        place="Y Plas, Machynlleth",
        actor=None,
    )
    motion, amendment = _motion_with_amendment(meeting, members)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_give_notice(meeting=meeting, actor=None)
    assert len([m for m in mailoutbox if m.subject.startswith("Notice")]) == 6
    _cast(motion, members[5], "for", "online", voter)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meeting.refresh_from_db()
    for m in members[:5]:
        services.attendance_record(meeting=meeting, member=m, actor=None)
    services.meeting_start(meeting=meeting, chair_name="Chair", actor=None)

    _poll(amendment, members[:5], ["for", "for", "for", "for", "against"])
    assert amendment.status == Amendment.Status.CARRIED
    motion.refresh_from_db()
    assert motion.final_text.endswith("from April.")
    _poll(motion, members[:5], ["for", "for", "for", "against", "against"])
    assert motion.status == Motion.Status.CARRIED
    # The advance vote counted once: 5 in the room + 1 before = 6 participations voted.
    assert Participation.objects.filter(ballot=motion.ballot, has_voted=True).count() == 6
    resolution = Resolution.objects.get(motion=motion)
    assert "more than half" in resolution.rule_applied
    services.meeting_close(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    assert "Living wage" in meeting.minutes.body
    assert "from April" in meeting.minutes.body
