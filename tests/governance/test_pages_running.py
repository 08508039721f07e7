"""The secretary runs the meeting on the day: check-in, the quorum, starting, moving through
the agenda, taking the votes (with the chair's casting vote on a tie, or by a show of hands),
adjourning and closing; then the minutes and confirmation at a second meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from coop.core.models import AuditEvent, User
from coop.core.permissions import Role
from coop.core.services import role_grant
from governance import services
from governance.models import Attendance, Motion, Resolution
from membership import services as membership_services
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.factories import voting as vf
from tests.governance.test_pages_setup import (
    AMENDED_TEXT,
    amend,
    called_agm,
    counts,
    member_motion,
    on_the_day,
    plan_agm,
    start,
    text,
    url,
    vote,
)


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


def _secretary_of(organisation: Organisation, client: Client) -> Client:
    user = User.objects.create_user(
        email=f"sec@{organisation.slug}.org", password="x", full_name="Sec Retary"
    )
    role_grant(organisation=organisation, user=user, role=Role.SECRETARY, actor=None)
    client.force_login(user)
    return client


# --- Check-in and the quorum -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_checks_members_in(secretary_client, organisation):
    agm = called_agm(organisation)
    meeting = on_the_day(agm.meeting)
    slug = organisation.slug
    first, second, third = agm.members[:3]
    found = text(secretary_client.get(url("check_in", slug, meeting.pk), {"q": first.name}))
    assert f'id="door-{first.number}"' in found
    door = secretary_client.post(
        url("check_in", slug, meeting.pk), {"member_number": first.number, "action": "door"}
    )
    assert door.status_code == 302
    secretary_client.post(
        url("check_in", slug, meeting.pk), {"member_number": second.number, "action": "online"}
    )
    secretary_client.post(
        url("check_in", slug, meeting.pk), {"member_number": third.number, "action": "apologies"}
    )
    assert sorted(
        Attendance.objects.filter(meeting=meeting).values_list(
            "member__number", "status", "channel"
        )
    ) == [
        (first.number, "present", "door"),
        (second.number, "present", "online"),
        (third.number, "apologies", ""),
    ]
    page = text(secretary_client.get(url("check_in", slug, meeting.pk)))
    assert '<dd class="govuk-summary-list__value" id="quorum-present">2</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="quorum-required">3</dd>' in page
    assert "No: not quorate" in page
    assert "http-equiv" not in page  # forms never reload themselves


@pytest.mark.django_db
def test_checking_in_from_a_search_returns_to_the_same_search(secretary_client, organisation):
    """The search went back into the address as typed: "Jones & Sons" came back as a search
    for "Jones " (the rest read as another parameter)."""
    agm = called_agm(organisation)
    meeting = on_the_day(agm.meeting)
    target = url("check_in", organisation.slug, meeting.pk)
    response = secretary_client.post(
        f"{target}?q=Jones+%26+Sons",
        {"member_number": agm.members[0].number, "action": "door"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{target}?q=Jones+%26+Sons"


@pytest.mark.django_db
def test_attendance_for_a_non_member_is_refused(secretary_client, organisation):
    agm = called_agm(organisation)
    meeting = on_the_day(agm.meeting)
    before = counts()
    response = secretary_client.post(
        url("check_in", organisation.slug, meeting.pk), {"member_number": 999, "action": "door"}
    )
    assert response.status_code == 400
    assert "999 is not a member of Dyfi Care Co-operative: check the number." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_attendance_for_a_ceased_member_is_refused(secretary_client, organisation):
    agm = called_agm(organisation)
    former = mf.member(organisation, name="Ffion Former")
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
    before = counts()
    response = secretary_client.post(
        url("check_in", organisation.slug, agm.meeting.pk),
        {"member_number": former.number, "action": "door"},
    )
    assert response.status_code == 400
    assert f"Member {former.number} has ceased to be a member." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_the_quorum_display_reloads_itself_only_when_asked_and_the_run_page_never(
    secretary_client, organisation
):
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:3])
    plain = text(secretary_client.get(url("quorum", organisation.slug, meeting.pk)))
    assert "http-equiv" not in plain  # no unasked reload (WCAG 2.2.1)
    assert "Update this display every 10 seconds" in plain
    address = url("quorum", organisation.slug, meeting.pk) + "?updates=on"
    quorum = text(secretary_client.get(address))
    assert '<meta http-equiv="refresh" content="10">' in quorum
    assert "Stop updating this display" in quorum
    assert "3 present of 3 needed" in quorum
    assert "Yes: quorate" in quorum
    run = text(secretary_client.get(url("run", organisation.slug, meeting.pk)))
    assert "http-equiv" not in run
    assert "Yes: quorate" in run


# --- Starting ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_starts_the_meeting(secretary_client, organisation):
    agm = called_agm(organisation)
    meeting = on_the_day(agm.meeting)
    for m in agm.members[:3]:
        services.attendance_record(meeting=meeting, member=m, actor=None)
    page = text(secretary_client.get(url("run", organisation.slug, meeting.pk)))
    assert 'id="start-meeting"' in page
    response = secretary_client.post(
        url("meeting_start", organisation.slug, meeting.pk), {"chair_name": "Ceri Chair"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.chair_name, meeting.quorum_required) == (
        "in_progress",
        "Ceri Chair",
        3,
    )
    assert f'id="take-vote-motion-{agm.motion.pk}"' in text(
        secretary_client.get(url("run", organisation.slug, meeting.pk))
    )


@pytest.mark.django_db
def test_an_inquorate_meeting_cannot_start(secretary_client, organisation):
    agm = called_agm(organisation)
    meeting = on_the_day(agm.meeting)
    for m in agm.members[:2]:
        services.attendance_record(meeting=meeting, member=m, actor=None)
    before = counts()
    response = secretary_client.post(
        url("meeting_start", organisation.slug, meeting.pk), {"chair_name": "Ceri Chair"}
    )
    assert response.status_code == 400
    assert "The meeting is not quorate: 2 members present, 3 needed (rule 33)." in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_the_secretary_moves_through_the_agenda(secretary_client, organisation):
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:3])
    item = meeting.agenda.get(position=1)
    response = secretary_client.post(
        url("agenda_item_progress", organisation.slug, meeting.pk, item.pk),
        {"status": "done", "note": "The minutes of the last AGM were approved."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.note) == ("done", "The minutes of the last AGM were approved.")
    event = AuditEvent.objects.filter(action="meeting.agenda_progress").get()
    assert event.after == {
        "item": item.pk,
        "status": "done",
        "note": "The minutes of the last AGM were approved.",
    }
    run = text(secretary_client.get(url("run", organisation.slug, meeting.pk)))
    assert "The minutes of the last AGM were approved." in run


# --- Votes -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_takes_the_vote(secretary_client, member, member_record, organisation):
    agm = called_agm(organisation)
    ballot = agm.motion.ballot
    assert ballot is not None
    vote(ballot, member_record, "for", channel="online", actor=member)  # in advance
    meeting = start(agm.meeting, agm.members[:4])
    for m, choice in zip(agm.members[:4], ["for", "for", "for", "against"], strict=True):
        vote(ballot, m, choice)
    page = text(secretary_client.get(url("motion_vote", organisation.slug, agm.motion.pk)))
    assert "5 of 6 members" in page
    assert f'href="/o/{organisation.slug}/ballots/{ballot.pk}/room/"' in page
    response = secretary_client.post(url("motion_vote", organisation.slug, agm.motion.pk))
    assert response.status_code == 302
    agm.motion.refresh_from_db()
    assert agm.motion.status == Motion.Status.CARRIED
    assert "more than half of the votes cast" in agm.motion.result_summary
    assert Resolution.objects.get(motion=agm.motion).rule_applied == agm.motion.result_summary
    shown = text(secretary_client.get(response["Location"]))
    assert agm.motion.result_summary in shown
    assert meeting.pk == agm.meeting.pk


@pytest.mark.django_db
def test_a_vote_taken_in_welsh_is_recorded_in_the_registers_language(
    secretary_client, secretary, organisation
):
    """The record (result, rule applied) is kept in one language whoever takes the vote."""
    secretary.preferred_language = "cy"
    secretary.save(update_fields=["preferred_language"])
    agm = called_agm(organisation)
    ballot = agm.motion.ballot
    assert ballot is not None
    start(agm.meeting, agm.members[:4])
    for m in agm.members[:4]:
        vote(ballot, m, "for")
    response = secretary_client.post(
        url("motion_vote", organisation.slug, agm.motion.pk), HTTP_ACCEPT_LANGUAGE="cy"
    )
    assert response.status_code == 302
    agm.motion.refresh_from_db()
    assert "more than half of the votes cast" in agm.motion.result_summary


@pytest.mark.django_db
def test_no_vote_while_inquorate(secretary_client, organisation):
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:3])
    for m in agm.members[:2]:
        services.attendance_record(meeting=meeting, member=m, status="left", actor=None)
    page = text(secretary_client.get(url("motion_vote", organisation.slug, agm.motion.pk)))
    assert "not quorate: no vote can be taken" in page
    before = counts()
    response = secretary_client.post(url("motion_vote", organisation.slug, agm.motion.pk))
    assert response.status_code == 400
    assert "The meeting is not quorate: 1 members present, 3 needed (rule 33)." in text(response)
    hands = secretary_client.post(
        url("motion_hands", organisation.slug, agm.motion.pk),
        {"count_for": 1, "count_against": 0, "count_abstain": 0},
    )
    assert hands.status_code == 400
    assert "No vote can be taken." in text(hands)
    assert counts() == before


@pytest.mark.django_db
def test_amendments_are_decided_first_and_change_the_motion(secretary_client, organisation):
    members = [mf.member(organisation) for _ in range(5)]
    meeting = plan_agm(organisation)
    motion = member_motion(meeting, members[0], members[1], admit=False)
    amendment = amend(motion, members[2], members[3])
    services.motion_decide_admissibility(motion=motion, admissible=True, reason="OK", actor=None)
    services.meeting_give_notice(meeting=meeting, actor=None)
    start(meeting, members[:4])
    motion.refresh_from_db()
    amendment.refresh_from_db()
    before = counts()
    early = secretary_client.post(url("motion_vote", organisation.slug, motion.pk))
    assert early.status_code == 400
    assert "Amendments are decided before the motion: decide amendment 1 first." in text(early)
    assert counts() == before
    assert amendment.ballot is not None
    for m in members[:3]:
        vote(amendment.ballot, m, "for")
    taken = secretary_client.post(url("amendment_vote", organisation.slug, amendment.pk))
    assert taken.status_code == 302
    motion.refresh_from_db()
    assert motion.final_text == AMENDED_TEXT
    page = text(secretary_client.get(url("motion", organisation.slug, motion.pk)))
    assert "The motion as amended" in page
    assert '<span class="govuk-visually-hidden">deleted: </span>wage.</del>' in page
    assert '<span class="govuk-visually-hidden">added: </span>wage from April.</ins>' in page


@pytest.mark.django_db
def test_a_tie_asks_for_the_chairs_casting_vote(client, db):
    plain = vf.unweighted_cooperative()
    agm = called_agm(plain, member_count=10)
    meeting = start(agm.meeting, agm.members)
    ballot = agm.motion.ballot
    assert ballot is not None
    for i, m in enumerate(agm.members):
        vote(ballot, m, "for" if i % 2 else "against")
    _secretary_of(plain, client)
    before = counts()
    tied = client.post(url("motion_vote", plain.slug, agm.motion.pk))
    assert tied.status_code == 400
    html = text(tied)
    assert "The votes are tied and the rules give the chair a casting vote" in html
    assert 'type="radio" name="casting_vote" value="for"' in html
    assert counts() == before
    decided = client.post(url("motion_vote", plain.slug, agm.motion.pk), {"casting_vote": "for"})
    assert decided.status_code == 302
    agm.motion.refresh_from_db()
    assert agm.motion.status == Motion.Status.CARRIED
    assert "the chair's casting vote decided it" in agm.motion.result_summary
    assert meeting.status == "in_progress"


@pytest.mark.django_db
def test_a_show_of_hands_is_refused_where_classes_are_weighted(secretary_client, organisation):
    agm = called_agm(organisation)
    start(agm.meeting, agm.members[:3])
    before = counts()
    response = secretary_client.post(
        url("motion_hands", organisation.slug, agm.motion.pk),
        {"count_for": 2, "count_against": 1, "count_abstain": 0},
    )
    assert response.status_code == 400
    html = text(response)
    assert "The rules weigh the vote by member class: a show of hands cannot" in html
    assert f'href="/o/{organisation.slug}/ballots/{agm.motion.ballot_id}/room/"' in html
    assert counts() == before


@pytest.mark.django_db
def test_a_show_of_hands_decides_the_vote(client, db):
    plain = vf.unweighted_cooperative()
    agm = called_agm(plain, member_count=10)
    start(agm.meeting, agm.members)
    _secretary_of(plain, client)
    response = client.post(
        url("motion_hands", plain.slug, agm.motion.pk),
        {"count_for": 6, "count_against": 3, "count_abstain": 1},
    )
    assert response.status_code == 302
    agm.motion.refresh_from_db()
    assert agm.motion.status == Motion.Status.CARRIED
    assert "66.67% of the votes cast were for" in agm.motion.result_summary
