"""List endpoints of the meetings API make the same number of queries whatever the size of
the list: each pinned at a small and a large size with the same bound."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from governance import services
from governance.models import Meeting
from governance.tasks import send_notices
from membership.models import Member, Organisation
from tests.api.governance.conftest import (
    AMENDED_TEXT,
    client_for,
    give_notice,
    motion,
    on_the_day,
    plan,
    start,
    url,
)
from tests.factories import membership as mf
from voting import services as voting


def _members(org: Organisation, size: int) -> list[Member]:
    return [mf.member(org, cls=("users", "workers", "supporters")[n % 3]) for n in range(size)]


def with_meetings(org: Organisation, size: int) -> dict[str, Any]:
    for n in range(size):
        plan(org, title=f"Meeting {n}", days=30 + n)
    return {}


def with_agenda(org: Organisation, size: int) -> dict[str, Any]:
    meeting = plan(org)
    for n in range(size):
        services.agenda_item_add(meeting=meeting, kind="report", title=f"Report {n}", actor=None)
    return {"pk": meeting.pk}


def with_attendance(org: Organisation, size: int) -> dict[str, Any]:
    members = _members(org, size)
    meeting = on_the_day(give_notice(plan(org)))
    for member in members:
        services.attendance_record(meeting=meeting, member=member, actor=None)
    return {"pk": meeting.pk}


def with_proxies(org: Organisation, size: int) -> dict[str, Any]:
    members = _members(org, size)
    meeting = plan(org)
    for n, member in enumerate(members):
        services.meeting_proxy_appoint(
            meeting=meeting,
            member=member,
            kind="discretionary",
            holder_name=f"Proxy {n}",
            actor=None,
        )
    return {"pk": meeting.pk}


def with_dispatches(org: Organisation, size: int) -> dict[str, Any]:
    _members(org, size)
    meeting = give_notice(plan(org))
    send_notices.call(meeting.pk)
    return {"pk": meeting.pk}


def with_motions(org: Organisation, size: int) -> dict[str, Any]:
    members = _members(org, max(size, 2))
    meeting = give_notice(plan(org))
    for n in range(size):
        submitted = motion(meeting, members[n], title=f"Motion {n}")
        services.amendment_submit(
            motion=submitted, proposer=members[n - 1], text=AMENDED_TEXT, actor=None
        )
    return {"pk": meeting.pk}


def with_requisitions(org: Organisation, size: int) -> dict[str, Any]:
    for member in _members(org, size):
        services.requisition_start(organisation=org, member=member, purpose="Merger", actor=None)
    return {}


def with_resolutions(org: Organisation, size: int) -> dict[str, Any]:
    members = _members(org, 3)
    meeting = give_notice(plan(org))
    for n in range(size):
        services.board_motion_add(meeting=meeting, title=f"Motion {n}", text="That.", actor=None)
    meeting = start(meeting, members)
    for carried in Meeting.objects.get(pk=meeting.pk).motions.select_related("ballot"):
        assert carried.ballot is not None
        question = carried.ballot.questions.get()
        voting.ballot_cast(
            ballot=carried.ballot,
            member=members[0],
            selections={question.pk: [question.options.get(code="for").pk]},
            channel="room",
            actor=None,
        )
        services.vote_take(item=carried, actor=None)
    return {}


PINS: list[tuple[str, Callable[[Organisation, int], dict[str, Any]], int, str, tuple[int, int]]] = [
    ("meetings", with_meetings, 4, "secretary", (5, 60)),
    ("meeting-agenda", with_agenda, 5, "secretary", (5, 60)),
    ("meeting-attendance", with_attendance, 5, "secretary", (5, 60)),
    ("meeting-proxies", with_proxies, 5, "secretary", (5, 60)),
    ("meeting-notice-dispatches", with_dispatches, 5, "secretary", (5, 60)),
    ("meeting-motions", with_motions, 6, "member", (5, 60)),
    ("requisitions", with_requisitions, 6, "member", (5, 60)),
    ("resolutions", with_resolutions, 4, "member", (2, 7)),
]


@pytest.mark.parametrize("which", [0, 1], ids=["small", "large"])
@pytest.mark.parametrize(
    ("name", "build", "bound", "persona", "sizes"), PINS, ids=[p[0] for p in PINS]
)
def test_list_queries_do_not_grow_with_the_list(
    organisation,
    member,
    request,
    django_assert_max_num_queries,
    name,
    build,
    bound,
    persona,
    sizes,
    which,
):
    size = sizes[which]
    kwargs = build(organisation, size)
    client = client_for(request.getfixturevalue(persona))

    with django_assert_max_num_queries(bound):
        response = client.get(url(name, **kwargs))

    assert response.status_code == 200
    assert response.json()["count"] >= size
    assert len(response.json()["results"]) == min(response.json()["count"], 50)


@pytest.mark.parametrize("size", [1, 6])
def test_a_motion_and_its_amendments_do_not_grow_with_the_amendments(
    organisation, member, django_assert_max_num_queries, size
):
    members = _members(organisation, size + 2)
    meeting = give_notice(plan(organisation))
    amended = motion(meeting, members[0], members[1])
    for n in range(size):
        services.amendment_submit(
            motion=amended, proposer=members[n + 2], text=f"{AMENDED_TEXT} ({n})", actor=None
        )

    with django_assert_max_num_queries(6):
        response = client_for(member).get(url("motion", pk=amended.pk))

    assert len(response.json()["amendments"]) == size
