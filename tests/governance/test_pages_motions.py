"""Members submit, second, amend and withdraw motions; the board decides admissibility; the
secretary adds the board's motions; members appoint proxies. Every refusal of the issue is
answered 400 with the rule's message, and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from governance.models import AgendaItem, Motion
from membership import services as membership_services
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    MOTION_TEXT,
    called_agm,
    counts,
    member_motion,
    plan_agm,
    text,
    url,
)


def motion_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "Four-day week",
        "text": "That the co-operative trials a four-day week for care workers.",
        "supporting_statement": "Rested carers give better care.",
        "resolution_type": "ordinary",
        "title_cy": "",
        "text_cy": "",
        "supporting_statement_cy": "",
    }
    data.update(changes)
    return data


def signed_in_member(client: Client, organisation: Organisation, name: str) -> Member:
    """Another member of the organisation with a sign-in account, signed in."""
    user = User.objects.create_user(
        email=f"{name.split()[0].lower()}@example.org",
        password="correct horse battery",
        full_name=name,
    )
    member = mf.member(organisation, name=name, user=user)
    client.force_login(user)
    return member


# --- Submitting a motion -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_submits_a_motion(client, member, member_record, organisation):
    agm = called_agm(organisation)
    client.force_login(member)
    page = client.get(url("motion_submit", organisation.slug, agm.meeting.pk))
    deadline = timezone.localtime(agm.meeting.starts_at).date() - dt.timedelta(days=21)
    assert f"Motions must be received by {deadline.day} {deadline:%B %Y}" in text(page)
    assert "Ordinary resolution" in text(page)
    response = client.post(url("motion_submit", organisation.slug, agm.meeting.pk), motion_data())
    motion = Motion.objects.get(title="Four-day week")
    assert response.status_code == 302
    assert response["Location"] == url("motion", organisation.slug, motion.pk)
    assert (motion.proposer, motion.status, motion.meeting) == (
        member_record,
        Motion.Status.SUBMITTED,
        agm.meeting,
    )
    assert motion.supporting_statement == "Rested carers give better care."
    assert motion.resolution_type.code == "ordinary"
    assert AuditEvent.objects.filter(action="motion.submit", actor=member).count() == 1
    html = text(client.get(response["Location"]))
    assert "Your motion is submitted." in html
    assert "Waiting for a seconder" in html


@pytest.mark.django_db
def test_a_motion_after_the_deadline_is_refused(client, member, member_record, organisation):
    agm = called_agm(organisation)
    # 19 days before the meeting: past the rules' 21 days.
    with time_machine.travel(agm.meeting.starts_at - dt.timedelta(days=19), tick=False):
        client.force_login(member)
        before = counts()
        response = client.post(
            url("motion_submit", organisation.slug, agm.meeting.pk), motion_data()
        )
        assert response.status_code == 400
        html = text(response)
        assert "Members&#x27; motions had to be received by" in html
        assert "21 days before the meeting (Rules as registered)." in html
        assert counts() == before


@pytest.mark.django_db
def test_a_motion_from_a_non_member_is_refused(client, board_member, organisation):
    agm = called_agm(organisation)
    client.force_login(board_member)
    page = text(client.get(url("motion_submit", organisation.slug, agm.meeting.pk)))
    assert "Only members can submit motions" in page
    before = counts()
    response = client.post(url("motion_submit", organisation.slug, agm.meeting.pk), motion_data())
    assert response.status_code == 400
    assert "Only a member of Dyfi Care Co-operative can do this." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_an_empty_motion_is_refused_on_its_fields(client, member, member_record, organisation):
    agm = called_agm(organisation)
    client.force_login(member)
    before = counts()
    response = client.post(
        url("motion_submit", organisation.slug, agm.meeting.pk), motion_data(title="", text="")
    )
    assert response.status_code == 400
    html = text(response)
    assert 'href="#id_title">Give the motion a short title.</a>' in html
    assert 'href="#id_text">Write the motion.</a>' in html
    assert counts() == before


# --- Seconding ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_seconds_a_motion_from_the_list(client, member, member_record, organisation):
    agm = called_agm(organisation)
    waiting = member_motion(agm.meeting, agm.members[2], title="Garden")
    mine = member_motion(agm.meeting, member_record, title="Minibus")
    client.force_login(member)
    listing = text(client.get(url("motions_to_second", organisation.slug)))
    assert f'id="second-{waiting.pk}"' in listing
    assert f'id="second-{mine.pk}"' not in listing
    assert "Your motion: another member must second it." in listing
    confirm = client.get(url("motion_second", organisation.slug, waiting.pk))
    assert confirm.status_code == 200
    assert MOTION_TEXT in text(confirm)
    assert "Yes, second this motion" in text(confirm)
    response = client.post(url("motion_second", organisation.slug, waiting.pk))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seconder) == (Motion.Status.SECONDED, member_record)
    assert waiting.seconded_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="motion.second", actor=member).count() == 1
    assert f'id="second-{waiting.pk}"' not in text(
        client.get(url("motions_to_second", organisation.slug))
    )


@pytest.mark.django_db
def test_the_proposer_cannot_second_their_own_motion(client, member, member_record, organisation):
    agm = called_agm(organisation)
    mine = member_motion(agm.meeting, member_record, title="Minibus")
    client.force_login(member)
    before = counts()
    response = client.post(url("motion_second", organisation.slug, mine.pk))
    assert response.status_code == 400
    assert "The proposer cannot second their own motion." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_non_member_cannot_second_a_motion(client, board_member, organisation):
    agm = called_agm(organisation)
    waiting = member_motion(agm.meeting, agm.members[2], title="Garden")
    client.force_login(board_member)
    before = counts()
    response = client.post(url("motion_second", organisation.slug, waiting.pk))
    assert response.status_code == 400
    assert "Only a member of Dyfi Care Co-operative can do this." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_ceased_member_cannot_second_a_motion(client, organisation):
    agm = called_agm(organisation)
    waiting = member_motion(agm.meeting, agm.members[2], title="Garden")
    former = signed_in_member(client, organisation, "Ffion Former")
    membership_services.shares_cancel(
        member=former,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=dt.date(2024, 3, 31),
        reason="Left",
        actor=None,
    )
    membership_services.member_cease(
        member=former,
        ceased_on=dt.date(2024, 3, 31),
        reason=Member.CeasedReason.WITHDRAWAL,
        actor=None,
    )
    # Ceasing ends the member role; still on the board, they can reach the page.
    assert former.user is not None
    role_grant(organisation=organisation, user=former.user, role=Role.BOARD_MEMBER, actor=None)
    before = counts()
    response = client.post(url("motion_second", organisation.slug, waiting.pk))
    assert response.status_code == 400
    assert f"Member {former.number} has ceased to be a member." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_a_motion_already_seconded_cannot_be_seconded_again(
    client, member, member_record, organisation
):
    agm = called_agm(organisation)
    client.force_login(member)
    before = counts()
    response = client.post(url("motion_second", organisation.slug, agm.motion.pk))
    assert response.status_code == 400
    assert "This motion is not waiting for a seconder." in text(response)
    assert counts() == before


# --- The board, the secretary ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_board_decides_a_motion_is_admissible(client, board_member, organisation):
    agm = called_agm(organisation)
    motion = member_motion(agm.meeting, agm.members[2], agm.members[3], admit=False)
    client.force_login(board_member)
    assert f'id="decide-motion-{motion.pk}"' in text(
        client.get(url("motion", organisation.slug, motion.pk))
    )
    response = client.post(
        url("motion_admissibility", organisation.slug, motion.pk),
        {"admissible": "yes", "reason": "Within the objects of the society"},
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == Motion.Status.ADMISSIBLE
    assert motion.admissibility_reason == "Within the objects of the society"
    assert motion.agenda_item is not None
    # The meeting is under notice: online voting on it opens at once.
    assert motion.ballot is not None
    assert motion.ballot.status == "open"


@pytest.mark.django_db
def test_the_board_must_give_its_reason(client, board_member, organisation):
    agm = called_agm(organisation)
    motion = member_motion(agm.meeting, agm.members[2], agm.members[3], admit=False)
    client.force_login(board_member)
    before = counts()
    response = client.post(
        url("motion_admissibility", organisation.slug, motion.pk), {"admissible": "no"}
    )
    assert response.status_code == 400
    assert "Record the board&#x27;s reason." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_the_secretary_adds_a_board_motion(client, secretary, organisation):
    meeting = plan_agm(organisation)
    client.force_login(secretary)
    response = client.post(
        url("board_motion_add", organisation.slug, meeting.pk),
        motion_data(title="Adopt the accounts", text="That the accounts are adopted."),
    )
    assert response.status_code == 302
    motion = Motion.objects.get(title="Adopt the accounts")
    assert (motion.is_board_motion, motion.status, motion.proposer) == (True, "admissible", None)
    assert AgendaItem.objects.filter(meeting=meeting, kind="motion").count() == 1


@pytest.mark.django_db
def test_the_proposer_withdraws_their_motion(client, member, member_record, organisation):
    agm = called_agm(organisation)
    mine = member_motion(agm.meeting, member_record, agm.members[0], title="Minibus")
    client.force_login(member)
    assert "Withdraw your motion" in text(client.get(url("motion", organisation.slug, mine.pk)))
    response = client.post(url("motion_withdraw", organisation.slug, mine.pk))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Motion.Status.WITHDRAWN
    assert mine.ballot is not None
    assert mine.ballot.status == "cancelled"


@pytest.mark.django_db
def test_only_the_proposer_withdraws(client, member, member_record, organisation):
    agm = called_agm(organisation)
    client.force_login(member)
    before = counts()
    response = client.post(url("motion_withdraw", organisation.slug, agm.motion.pk))
    assert response.status_code == 400
    assert "Only the proposer can withdraw the motion." in text(response)
    assert counts() == before
