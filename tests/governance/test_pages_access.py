"""Who may reach which governance page: a persona × page matrix, board meetings hidden
from members, other organisations' meetings and motions answering 404,
and members refused the secretary's actions (403) with nothing written."""

from __future__ import annotations

import pytest
from django.test import Client

from governance import services
from governance.models import Meeting
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    PERSONAS,
    amend,
    called_agm,
    counts,
    expected,
    plan_agm,
    signed_in,
    start,
    url,
)

# Codes by persona, in the order of PERSONAS: secretary, board member, scrutineer, member,
# bid manager (a role in the co-op, but not in its governance: nothing to see), outsider,
# anonymous (sent to sign in).
ALL = (200, 200, 200, 200, 404, 404, 302)
SECRETARY_READ = (200, 404, 404, 404, 404, 404, 302)
SECRETARY_ACTION = (200, 403, 403, 403, 404, 404, 302)
BOARD_ACTION = (200, 200, 403, 403, 404, 404, 302)

ORGANISATION_PAGES = {
    "meetings": ALL,
    "meeting_plan": SECRETARY_ACTION,
    "motions_to_second": ALL,
    "requisitions": ALL,
    "requisition_start": ALL,
    "resolutions": ALL,
}
MEETING_PAGES = {
    "meeting": ALL,
    "meeting_cancel": SECRETARY_ACTION,
    "motion_submit": ALL,
    "board_motion_add": SECRETARY_ACTION,
    "proxy_appoint": ALL,
    "agenda": SECRETARY_ACTION,
    "agenda_add": SECRETARY_ACTION,
    "notice_give": SECRETARY_ACTION,
    "notice_progress": SECRETARY_READ,
    "notice_resend": SECRETARY_ACTION,
    "run": SECRETARY_READ,
    "check_in": SECRETARY_ACTION,
    "quorum": SECRETARY_READ,
    "meeting_start": SECRETARY_ACTION,
    "meeting_adjourn": SECRETARY_ACTION,
    "meeting_resume": SECRETARY_ACTION,
    "meeting_close": SECRETARY_ACTION,
}
MOTION_PAGES = {
    "motion": ALL,
    "motion_second": ALL,
    "motion_withdraw": ALL,
    "motion_admissibility": BOARD_ACTION,
    "confirmation_propose": SECRETARY_ACTION,
    "amendment_submit": ALL,
    "motion_vote": SECRETARY_ACTION,
    "motion_hands": SECRETARY_ACTION,
}
AMENDMENT_PAGES = {
    "amendment_second": ALL,
    "amendment_withdraw": ALL,
    "amendment_rule_out": SECRETARY_ACTION,
    "amendment_vote": SECRETARY_ACTION,
    "amendment_hands": SECRETARY_ACTION,
}
MINUTES_PAGES = {
    "minutes": ALL,
    "minutes_edit": SECRETARY_ACTION,
    "minutes_approve": SECRETARY_ACTION,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_reach_the_pages_of_a_meeting_under_notice(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    organisation: Organisation,
    member_record: Member,
) -> None:
    agm = called_agm(organisation)
    amendment = amend(agm.motion, agm.members[2])
    slug = organisation.slug
    signed_in(client, request, persona)
    seen, wanted = {}, {}
    for name, codes in ORGANISATION_PAGES.items():
        seen[name] = client.get(url(name, slug)).status_code
        wanted[name] = expected(codes, persona)
    for name, codes in MEETING_PAGES.items():
        seen[name] = client.get(url(name, slug, agm.meeting.pk)).status_code
        wanted[name] = expected(codes, persona)
    for name, codes in MOTION_PAGES.items():
        seen[name] = client.get(url(name, slug, agm.motion.pk)).status_code
        wanted[name] = expected(codes, persona)
    for name, codes in AMENDMENT_PAGES.items():
        seen[name] = client.get(url(name, slug, amendment.pk)).status_code
        wanted[name] = expected(codes, persona)
    assert seen == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_reach_the_minutes(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    organisation: Organisation,
    member_record: Member,
) -> None:
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:3])
    services.meeting_close(meeting=meeting, actor=None)
    signed_in(client, request, persona)
    seen = {
        name: client.get(url(name, organisation.slug, meeting.pk)).status_code
        for name in MINUTES_PAGES
    }
    assert seen == {name: expected(codes, persona) for name, codes in MINUTES_PAGES.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_planned_general_meeting_and_its_motions_are_open_to_members_before_notice(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    organisation: Organisation,
    member_record: Member,
) -> None:
    """Members need the date and the deadline for motions before notice is given (rules
    often close motions before notice must go), so a planned AGM shows to them; its agenda
    and notice stay the secretary's, and people of other organisations see nothing."""
    meeting = plan_agm(organisation)
    motion = services.motion_submit(
        meeting=meeting,
        proposer=mf.member(organisation),
        title="Early motion",
        text="That we plant trees.",
        actor=None,
    )
    signed_in(client, request, persona)
    slug = organisation.slug
    seen = {
        "meeting": client.get(url("meeting", slug, meeting.pk)).status_code,
        "motion_submit": client.get(url("motion_submit", slug, meeting.pk)).status_code,
        "motion": client.get(url("motion", slug, motion.pk)).status_code,
        "motion_second": client.get(url("motion_second", slug, motion.pk)).status_code,
        "agenda": client.get(url("agenda", slug, meeting.pk)).status_code,
        "notice_give": client.get(url("notice_give", slug, meeting.pk)).status_code,
    }
    assert seen == {
        "meeting": expected(ALL, persona),
        "motion_submit": expected(ALL, persona),
        "motion": expected(ALL, persona),
        "motion_second": expected(ALL, persona),
        "agenda": expected(SECRETARY_ACTION, persona),
        "notice_give": expected(SECRETARY_ACTION, persona),
    }
    listed = client.get(url("meetings", slug))
    if listed.status_code == 200:
        assert "AGM 2026" in listed.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("secretary", 200),
        ("board_member", 200),
        ("scrutineer", 200),
        ("member", 404),
        ("bid_manager", 404),
        ("outsider", 404),
    ],
)
def test_a_board_meeting_is_hidden_from_members(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    code: int,
    organisation: Organisation,
    member_record: Member,
) -> None:
    meeting = services.meeting_plan(
        organisation=organisation,
        kind="board",
        title="Board, June",
        starts_at=plan_agm(organisation).starts_at,
        place="Office",
        actor=None,
    )
    services.meeting_give_notice(meeting=meeting, actor=None)
    signed_in(client, request, persona)
    assert client.get(url("meeting", organisation.slug, meeting.pk)).status_code == code
    listing = client.get(url("meetings", organisation.slug))
    if listing.status_code == 200:
        assert ("Board, June" in listing.content.decode()) is (code == 200)


@pytest.mark.django_db
def test_another_organisations_meeting_and_motion_answer_404(
    client: Client, secretary, organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = called_agm(other_organisation)
    ours = called_agm(organisation)
    client.force_login(secretary)
    slug = organisation.slug
    assert client.get(url("meeting", slug, theirs.meeting.pk)).status_code == 404
    assert client.get(url("motion", slug, theirs.motion.pk)).status_code == 404
    assert client.get(url("run", slug, theirs.meeting.pk)).status_code == 404
    cancel = client.post(url("meeting_cancel", slug, theirs.meeting.pk), {"reason": "x"})
    assert cancel.status_code == 404
    # Our own meeting under another organisation's address is not found either.
    other = other_organisation.slug
    assert client.get(url("meeting", other, ours.meeting.pk)).status_code == 404
    assert client.get(url("motion", other, ours.motion.pk)).status_code == 404
    assert Meeting.objects.get(pk=theirs.meeting.pk).status == Meeting.Status.CALLED


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "member"])
def test_members_and_the_board_cannot_run_the_meeting(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    organisation: Organisation,
    member_record: Member,
) -> None:
    agm = called_agm(organisation)
    slug, pk = organisation.slug, agm.meeting.pk
    signed_in(client, request, persona)
    before = counts()
    posts = {
        "meeting_plan": (url("meeting_plan", slug), {"kind": "agm", "title": "X"}),
        "check_in": (url("check_in", slug, pk), {"member_number": agm.members[0].number}),
        "meeting_start": (url("meeting_start", slug, pk), {"chair_name": "Me"}),
        "meeting_cancel": (url("meeting_cancel", slug, pk), {"reason": "No"}),
        "board_motion_add": (url("board_motion_add", slug, pk), {"title": "T", "text": "X"}),
        "motion_vote": (url("motion_vote", slug, agm.motion.pk), {}),
        "agenda_add": (url("agenda_add", slug, pk), {"kind": "report", "title": "R"}),
    }
    seen = {name: client.post(target, data).status_code for name, (target, data) in posts.items()}
    assert seen == dict.fromkeys(posts, 403)
    assert counts() == before
