"""The secretary plans a meeting, changes it before notice and edits its agenda."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from coop.core.models import AuditEvent, User
from governance import services
from governance.models import Meeting
from tests.factories import voting as vf
from tests.governance.test_pages_setup import (
    counts,
    plan_agm,
    text,
    url,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def secretary_client(client: Client, secretary: User) -> Client:
    client.force_login(secretary)
    return client


def plan_data(**changes: str) -> dict[str, str]:
    data = {
        "kind": "agm",
        "title": "AGM 2026",
        "title_cy": "CCB 2026",
        "format": "in_person",
        "starts_on": "2026-04-02",
        "starts_time": "18:30",
        "place": "Y Plas, Machynlleth",
        "online_link": "",
        "notice_channel": "email",
        "advance_voting": "on",
    }
    data.update(changes)
    return data


# --- Planning ----------------------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=LONDON), tick=False)
def test_the_plan_page_shows_the_earliest_lawful_date(secretary_client, organisation):
    page = secretary_client.get(url("meeting_plan", organisation.slug))
    assert page.status_code == 200
    html = text(page)
    # Given on 20 February by email: deemed delivered on the 21st; 14 clear days; the 8th.
    assert "deemed delivered on 21 February 2026" in html
    assert "(rule 30)" in html
    assert "<strong>Sunday 8 March 2026</strong>" in html
    # By post (deemed delivered two days later): the 9th.
    assert "<strong>Monday 9 March 2026</strong>" in html


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=LONDON), tick=False)
def test_the_secretary_plans_a_meeting_at_uk_time_across_the_clock_change(
    secretary_client, secretary, organisation
):
    before = AuditEvent.objects.filter(action="meeting.plan").count()
    response = secretary_client.post(url("meeting_plan", organisation.slug), plan_data())
    meeting = Meeting.objects.get(title="AGM 2026")
    assert response.status_code == 302
    assert response["Location"] == url("meeting", organisation.slug, meeting.pk)
    # 18:30 on 2 April is British Summer Time: 17:30 UTC.
    assert meeting.starts_at == dt.datetime(2026, 4, 2, 17, 30, tzinfo=dt.UTC)
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "18:30"
    assert (meeting.kind, meeting.status, meeting.title_cy) == ("agm", "planned", "CCB 2026")
    assert meeting.advance_voting is True
    assert meeting.created_by == secretary
    assert AuditEvent.objects.filter(action="meeting.plan").count() == before + 1
    page = secretary_client.get(response["Location"])
    assert "Thursday 2 April 2026, 18:30" in text(page)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=LONDON), tick=False)
def test_a_meeting_inside_the_notice_period_is_refused_with_the_rule(
    secretary_client, organisation
):
    before = counts()
    response = secretary_client.post(
        url("meeting_plan", organisation.slug), plan_data(starts_on="2026-03-07")
    )
    assert response.status_code == 400
    html = text(response)
    assert "govuk-error-summary" in html
    assert "the rules need 14 clear days" in html
    assert "(rule 30)" in html
    assert "so the meeting can be held on 8 Mar 2026 at the earliest." in html
    assert 'href="#id_starts_on"' in html
    assert counts() == before


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=LONDON), tick=False)
def test_the_earliest_lawful_date_is_accepted(secretary_client, organisation):
    response = secretary_client.post(
        url("meeting_plan", organisation.slug), plan_data(starts_on="2026-03-08")
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(title="AGM 2026").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"place": ""}, "place", "Say where the meeting is held."),
        (
            {"format": "online", "place": ""},
            "online_link",
            "Give the link to join the meeting online.",
        ),
        ({"kind": "class"}, "member_class", "Choose the member class whose meeting this is."),
        ({"title": ""}, "title", "Give the meeting a title."),
        ({"starts_time": ""}, "starts_time", "Enter the time the meeting starts."),
    ],
)
@time_machine.travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=LONDON), tick=False)
def test_bad_meeting_plans_are_refused_on_the_field(
    secretary_client, organisation, changes, field, message
):
    before = counts()
    response = secretary_client.post(url("meeting_plan", organisation.slug), plan_data(**changes))
    assert response.status_code == 400
    html = text(response)
    assert f'href="#id_{field}">{message}</a>' in html
    assert counts() == before


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=LONDON), tick=False)
def test_the_secretary_changes_a_planned_meeting_and_not_one_under_notice(
    secretary_client, organisation
):
    meeting = plan_agm(organisation)
    page = secretary_client.get(url("meeting", organisation.slug, meeting.pk))
    assert url("meeting_change", organisation.slug, meeting.pk) in text(page)
    form = secretary_client.get(url("meeting_change", organisation.slug, meeting.pk))
    assert 'value="Y Plas, Machynlleth"' in text(form) or "Y Plas, Machynlleth</textarea>" in text(
        form
    )
    data = plan_data(starts_on="2026-04-09", place="Neuadd y Dref")
    response = secretary_client.post(url("meeting_change", organisation.slug, meeting.pk), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (timezone.localtime(meeting.starts_at).date(), meeting.place) == (
        dt.date(2026, 4, 9),
        "Neuadd y Dref",
    )
    assert AuditEvent.objects.filter(action="meeting.update", object_id=str(meeting.pk)).exists()

    before = counts()
    too_soon = plan_data(starts_on="2026-03-01")
    response = secretary_client.post(url("meeting_change", organisation.slug, meeting.pk), too_soon)
    assert response.status_code == 400
    assert 'href="#id_starts_on">' in text(response)
    assert "(rule 30)" in text(response)
    assert counts() == before

    services.meeting_give_notice(meeting=meeting, actor=None)
    before = counts()
    response = secretary_client.post(url("meeting_change", organisation.slug, meeting.pk), data)
    assert response.status_code == 400
    assert "Notice of this meeting has been given, so it cannot be changed" in text(response)
    assert counts() == before


@pytest.mark.django_db
def test_only_the_secretary_may_change_a_meeting(client, member, organisation, member_record):
    meeting = plan_agm(organisation)
    client.force_login(member)
    address = url("meeting_change", organisation.slug, meeting.pk)
    assert client.get(address).status_code == 403
    assert client.post(address, plan_data(place="Elsewhere")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.place == "Y Plas, Machynlleth"


# --- The agenda --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_adds_items_and_moves_them(secretary_client, organisation):
    meeting = plan_agm(organisation)
    ballot = vf.ballot(organisation, title="Board election 2026")
    slug = organisation.slug
    added = secretary_client.post(
        url("agenda_add", slug, meeting.pk),
        {"kind": "report", "title": "Annual report", "title_cy": "Adroddiad blynyddol"},
    )
    assert added.status_code == 302
    election = secretary_client.post(
        url("agenda_add", slug, meeting.pk),
        {"kind": "election", "title": "Election of the board", "ballot": ballot.pk},
    )
    assert election.status_code == 302
    titles = list(meeting.agenda.order_by("position").values_list("title", "kind", "ballot_id"))
    assert titles == [
        ("Minutes of the last meeting", "minutes", None),
        ("Annual report", "report", None),
        ("Election of the board", "election", ballot.pk),
    ]
    report = meeting.agenda.get(title="Annual report")
    page = secretary_client.get(url("agenda", slug, meeting.pk))
    assert f'id="up-{report.pk}"' in text(page)
    moved = secretary_client.post(url("agenda_move", slug, meeting.pk, report.pk), {"position": 1})
    assert moved.status_code == 302
    assert list(meeting.agenda.order_by("position").values_list("title", flat=True)) == [
        "Annual report",
        "Minutes of the last meeting",
        "Election of the board",
    ]
    assert AuditEvent.objects.filter(action="meeting.agenda_move").count() == 1


@pytest.mark.django_db
def test_an_election_needs_its_ballot_and_a_place_must_exist(secretary_client, organisation):
    meeting = plan_agm(organisation)
    slug = organisation.slug
    before = counts()
    response = secretary_client.post(
        url("agenda_add", slug, meeting.pk), {"kind": "election", "title": "Election"}
    )
    assert response.status_code == 400
    assert "Choose the ballot of the election." in text(response)
    item = meeting.agenda.get()
    moved = secretary_client.post(url("agenda_move", slug, meeting.pk, item.pk), {"position": 5})
    assert moved.status_code == 400
    assert "Choose a place between 1 and 1." in text(moved)
    assert counts() == before


@pytest.mark.django_db
def test_an_item_of_another_meeting_cannot_be_moved(secretary_client, organisation):
    first, second = plan_agm(organisation), plan_agm(organisation, title="GM")
    item = second.agenda.get()
    response = secretary_client.post(
        url("agenda_move", organisation.slug, first.pk, item.pk), {"position": 1}
    )
    assert response.status_code == 404
