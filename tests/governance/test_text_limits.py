"""Free text has a limit everywhere it comes in: a requisition's business of 100,000
characters (and an over-long motion, amendment, reason, place, title, name or minutes) is
refused by the service and by the page with a message naming the field and the limit, and
nothing is written."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from governance import services
from governance.models import Meeting, Requisition
from membership.models import Member, Organisation
from tests.factories import governance as gf
from tests.governance.test_pages_setup import called_agm, counts, plan_agm, start

LONG_PURPOSE = "Discuss the merger. " * 5_000  # 100,000 characters


# --- services ----------------------------------------------------------------------------


@gf.at(gf.NOTICE_AT)
def test_a_requisition_of_100000_characters_is_refused(organisation):
    member = gf.members(organisation, 1)[0]
    assert len(LONG_PURPOSE) == 100_000
    with gf.refused("purpose", "must be 5,000 characters or fewer"):
        services.requisition_start(
            organisation=organisation, member=member, purpose=LONG_PURPOSE, actor=None
        )
    with gf.refused("purpose_cy", "must be 5,000 characters or fewer"):
        services.requisition_start(
            organisation=organisation,
            member=member,
            purpose="Merger",
            purpose_cy="x" * 5_001,
            actor=None,
        )


@gf.at(gf.NOTICE_AT)
def test_a_meeting_with_an_over_long_place_or_title_is_refused(organisation):
    with gf.refused("place", "Place must be 1,000 characters or fewer."):
        gf.plan(organisation, place="x" * 1_001)
    with gf.refused("title", "Title must be 200 characters or fewer."):
        gf.plan(organisation, title="x" * 201)
    meeting = gf.plan(organisation)
    with gf.refused("place", "Place must be 1,000 characters or fewer."):
        services.meeting_update(meeting=meeting, place="x" * 1_001, actor=None)
    with gf.refused("reason", "The reason must be 2,000 characters or fewer."):
        services.meeting_cancel(meeting=meeting, reason="x" * 2_001, actor=None)
    assert Meeting.objects.get(pk=meeting.pk).place == "Y Plas, Machynlleth"


@gf.at(gf.NOTICE_AT)
def test_over_long_motions_amendments_and_reasons_are_refused(organisation):
    people = gf.members(organisation, 4)
    meeting = gf.plan(organisation)
    with gf.refused("text", "The motion must be 20,000 characters or fewer."):
        services.motion_submit(
            meeting=meeting, proposer=people[0], title="T", text="x" * 20_001, actor=None
        )
    with gf.refused("supporting_statement", "must be 10,000 characters or fewer."):
        services.board_motion_add(
            meeting=meeting,
            title="T",
            text="That.",
            supporting_statement="x" * 10_001,
            actor=None,
        )
    seconded = gf.motion(meeting, people[0], people[1], admit=False)
    with gf.refused("reason", "The board's reason must be 2,000 characters or fewer."):
        services.motion_decide_admissibility(
            motion=seconded, admissible=False, reason="x" * 2_001, actor=None
        )
    admitted = gf.motion(meeting, people[1], people[2], title="Solar")
    with gf.refused("text", "must be 20,000 characters or fewer."):
        services.amendment_submit(
            motion=admitted, proposer=people[3], text="x" * 20_001, actor=None
        )
    amendment = gf.amendment(admitted, people[3])
    with gf.refused("reason", "The reason must be 2,000 characters or fewer."):
        services.amendment_rule_out(amendment=amendment, reason="x" * 2_001, actor=None)


@gf.at(gf.NOTICE_AT)
def test_over_long_agenda_text_is_refused(organisation):
    meeting = gf.plan(organisation)
    with gf.refused("body", "Details must be 10,000 characters or fewer."):
        services.agenda_item_add(
            meeting=meeting, kind="report", title="Report", body="x" * 10_001, actor=None
        )
    item = meeting.agenda.get()
    with gf.refused("note", "must be 5,000 characters or fewer."):
        services.agenda_item_mark(item=item, status="done", note="x" * 5_001, actor=None)


@gf.at(gf.DURING)
def test_over_long_names_and_reasons_on_the_day_are_refused(organisation):
    """A chair's name longer than its column was a database error on PostgreSQL (a 500) and
    stored whole on SQLite."""
    people = gf.members(organisation, 5)
    with gf.at(gf.NOTICE_AT):
        meeting = gf.give_notice(gf.plan(organisation))
    gf.check_in(meeting, people[:3])
    with gf.refused("chair_name", "The chair's name must be 200 characters or fewer."):
        services.meeting_start(meeting=meeting, chair_name="x" * 201, actor=None)
    meeting = gf.start(meeting, [])
    with gf.refused("reason", "The reason must be 2,000 characters or fewer."):
        services.meeting_adjourn(meeting=meeting, reason="x" * 2_001, actor=None)


@gf.at(gf.DURING)
def test_over_long_minutes_are_refused(organisation):
    people = gf.members(organisation, 3)
    with gf.at(gf.NOTICE_AT):
        meeting = gf.give_notice(gf.plan(organisation))
    meeting = gf.start(meeting, people)
    services.meeting_close(meeting=meeting, actor=None)
    minutes = meeting.minutes
    with gf.refused("body", "must be 200,000 characters or fewer."):
        services.minutes_edit(minutes=minutes, body="x" * 200_001, body_cy="", actor=None)


# --- pages -------------------------------------------------------------------------------


def _error_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_the_requisition_page_refuses_100000_characters(
    client: Client, member, member_record: Member, organisation: Organisation
) -> None:
    client.force_login(member)
    before = counts()
    response = client.post(
        reverse("governance:requisition_start", args=[organisation.slug]),
        {"purpose": LONG_PURPOSE},
    )
    assert response.status_code == 400
    assert "The business must be 5,000 characters or fewer." in _error_of(response)
    assert 'href="#id_purpose"' in _error_of(response)  # the summary links to the field
    assert counts() == before
    assert not Requisition.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "on", "data", "message"),
    [
        (
            "motion_submit",
            "meeting",
            {"title": "T", "text": "x" * (20_001), "resolution_type": "ordinary"},
            "The motion must be 20,000 characters or fewer.",
        ),
        (
            "amendment_submit",
            "motion",
            {"text": "x" * (20_001)},
            "The motion as amended must be 20,000 characters or fewer.",
        ),
        (
            "meeting_cancel",
            "meeting",
            {"reason": "x" * (2_001)},
            "The reason must be 2,000 characters or fewer.",
        ),
        (
            "meeting_change",
            "meeting",
            {"place": "x" * (1_001)},
            "The place must be 1,000 characters or fewer.",
        ),
        (
            "motion_admissibility",
            "motion",
            {"admissible": "no", "reason": "x" * (2_001)},
            "The board&#x27;s reason must be 2,000 characters or fewer.",
        ),
        (
            "agenda_add",
            "meeting",
            {"kind": "report", "title": "R", "body": "x" * (10_001)},
            "The details must be 10,000 characters or fewer.",
        ),
        (
            "board_motion_add",
            "meeting",
            {"title": "x" * 201, "text": "That.", "resolution_type": "ordinary"},
            "The short title must be 200 characters or fewer.",
        ),
    ],
)
def test_pages_refuse_over_long_text_naming_the_field_and_the_limit(
    client: Client,
    secretary,
    organisation: Organisation,
    name: str,
    on: str,
    data: dict[str, str],
    message: str,
) -> None:
    agm = called_agm(organisation)
    target = agm.meeting.pk if on == "meeting" else agm.motion.pk
    client.force_login(secretary)
    before = counts()
    response = client.post(reverse(f"governance:{name}", args=[organisation.slug, target]), data)
    assert response.status_code == 400
    assert message in _error_of(response)
    assert counts() == before


@pytest.mark.django_db
def test_the_minutes_page_refuses_over_long_minutes(
    client: Client, secretary, organisation: Organisation
) -> None:
    agm = called_agm(organisation)
    meeting = start(agm.meeting, agm.members[:3])
    services.meeting_close(meeting=meeting, actor=None)
    body = meeting.minutes.body
    client.force_login(secretary)
    response = client.post(
        reverse("governance:minutes_edit", args=[organisation.slug, meeting.pk]),
        {"body": "x" * (200_001)},
    )
    assert response.status_code == 400
    assert "The minutes in English must be 200,000 characters or fewer." in _error_of(response)
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.body == body


@pytest.mark.django_db
def test_the_start_page_refuses_an_over_long_chair(
    client: Client, secretary, organisation: Organisation
) -> None:
    agm = called_agm(organisation)
    client.force_login(secretary)
    response = client.post(
        reverse("governance:meeting_start", args=[organisation.slug, agm.meeting.pk]),
        {"chair_name": "x" * 201},
    )
    assert response.status_code == 400
    assert "The chair&#x27;s name must be 200 characters or fewer." in _error_of(response)
    assert Meeting.objects.get(pk=agm.meeting.pk).status == Meeting.Status.CALLED


@pytest.mark.django_db
def test_a_planned_meetings_place_is_limited_on_the_plan_page(
    client: Client, secretary, organisation: Organisation
) -> None:
    plan_agm(organisation)  # rules in force
    client.force_login(secretary)
    before = counts()
    response = client.post(
        reverse("governance:meeting_plan", args=[organisation.slug]),
        {
            "kind": "agm",
            "title": "AGM",
            "format": "in_person",
            "starts_on": "2099-01-01",
            "starts_time": "18:30",
            "place": "x" * (1_001),
            "notice_channel": "email",
        },
    )
    assert response.status_code == 400
    assert "The place must be 1,000 characters or fewer." in _error_of(response)
    assert counts() == before
