"""The one policy of governance: its predicates, persona by persona; that nothing else in
governance or its API decides (no roles checked outside `governance/permissions.py`, and
selectors that never import services); and the wrong access it closed."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import permissions, services
from governance.models import Amendment, Meeting, MeetingProxy, Motion, Requisition
from membership.models import Member, Organisation
from tests.factories import membership as mf
from tests.governance.test_pages_setup import (
    PERSONAS,
    amend,
    called_agm,
    counts,
    member_motion,
    plan_agm,
    text,
    url,
)

ROOT = Path(__file__).resolve().parents[2]

S, B, SC, M, _BM, _OUT, A = PERSONAS
TAKING_PART = {S, B, SC, M}
OVERSEEING = {S, B, SC}
BOARD = {S, B}
SECRETARY = {S}


@pytest.fixture
def organisation(db) -> Organisation:
    return mf.cooperative(proxies_allowed=True, proxy_limit=2)


Question = tuple[Callable[[Any, Any], bool], Any, set[str]]


def _subjects(organisation: Organisation, member_record: Member) -> SimpleNamespace:
    """One of each thing the predicates are asked about."""
    agm = called_agm(organisation)
    planned = plan_agm(organisation, title="Special", days=60)
    board = services.meeting_plan(
        organisation=organisation,
        kind="board",
        title="Board, June",
        starts_at=planned.starts_at,
        place="Office",
        actor=None,
    )
    board_motion = services.board_motion_add(
        meeting=agm.meeting, title="Accounts", text="Adopt them.", actor=None
    )
    amendment = amend(agm.motion, agm.members[2])
    board_amendment = services.amendment_submit(
        motion=agm.motion, text="Something else.", by_board=True, actor=None
    )
    requisition = services.requisition_start(
        organisation=organisation, member=agm.members[3], purpose="Merger", actor=None
    )
    own_proxy = services.meeting_proxy_appoint(
        meeting=agm.meeting,
        member=member_record,
        kind="discretionary",
        holder_name="The chair of the meeting",
        actor=None,
    )
    someone_elses = services.meeting_proxy_appoint(
        meeting=agm.meeting,
        member=agm.members[4],
        kind="discretionary",
        holder_name="The chair of the meeting",
        actor=None,
    )
    return SimpleNamespace(
        organisation=organisation,
        agm=agm,
        planned=planned,
        board=board,
        board_motion=board_motion,
        amendment=amendment,
        board_amendment=board_amendment,
        requisition=requisition,
        own_proxy=own_proxy,
        someone_elses=someone_elses,
    )


def _questions(organisation: Organisation, member_record: Member) -> dict[str, Question]:
    """Each predicate, what it is asked about, and the personas it answers yes for."""
    w = _subjects(organisation, member_record)
    agm, planned, board = w.agm, w.planned, w.board
    board_motion, amendment, board_amendment = w.board_motion, w.amendment, w.board_amendment
    requisition, own_proxy, someone_elses = w.requisition, w.own_proxy, w.someone_elses
    questions: dict[str, Question] = {
        "can_view_meetings": (permissions.can_view_meetings, organisation, TAKING_PART),
        "can_view_board_meetings": (permissions.can_view_board_meetings, organisation, OVERSEEING),
        "can_plan_meeting": (permissions.can_plan_meeting, organisation, SECRETARY),
        "can_act_for_member": (permissions.can_act_for_member, organisation, SECRETARY),
        "can_decide_as_board": (permissions.can_decide_as_board, organisation, BOARD),
        "can_view_resolutions": (permissions.can_view_resolutions, organisation, TAKING_PART),
        "can_view_requisitions": (permissions.can_view_requisitions, organisation, TAKING_PART),
        "can_start_requisition": (permissions.can_start_requisition, organisation, TAKING_PART),
        "can_view_meeting": (permissions.can_view_meeting, agm.meeting, TAKING_PART),
        "can_view_meeting board": (permissions.can_view_meeting, board, OVERSEEING),
        "can_run_meeting": (permissions.can_run_meeting, agm.meeting, SECRETARY),
        "can_view_notice_pack": (permissions.can_view_notice_pack, agm.meeting, TAKING_PART),
        "can_view_notice_pack planned": (permissions.can_view_notice_pack, planned, SECRETARY),
        "can_submit_motion": (permissions.can_submit_motion, agm.meeting, TAKING_PART),
        "can_appoint_proxy": (permissions.can_appoint_proxy, agm.meeting, TAKING_PART),
        "can_revoke_proxy own": (permissions.can_revoke_proxy, own_proxy, {S, M}),
        "can_revoke_proxy other": (permissions.can_revoke_proxy, someone_elses, SECRETARY),
        "can_view_motion": (permissions.can_view_motion, agm.motion, TAKING_PART),
        "can_second_motion": (permissions.can_second_motion, agm.motion, TAKING_PART),
        "can_amend_motion": (permissions.can_amend_motion, agm.motion, TAKING_PART),
        "can_withdraw_motion": (permissions.can_withdraw_motion, agm.motion, TAKING_PART),
        "can_withdraw_motion board": (permissions.can_withdraw_motion, board_motion, SECRETARY),
        "can_decide_admissibility": (permissions.can_decide_admissibility, agm.motion, BOARD),
        "can_take_vote": (permissions.can_take_vote, agm.motion, SECRETARY),
        "can_take_vote amendment": (permissions.can_take_vote, amendment, SECRETARY),
        "can_propose_confirmation": (permissions.can_propose_confirmation, agm.motion, SECRETARY),
        "can_propose_board_amendment": (
            permissions.can_propose_board_amendment,
            agm.motion,
            SECRETARY,
        ),
        "can_view_amendment": (permissions.can_view_amendment, amendment, TAKING_PART),
        "can_second_amendment": (permissions.can_second_amendment, amendment, TAKING_PART),
        "can_withdraw_amendment": (permissions.can_withdraw_amendment, amendment, TAKING_PART),
        "can_withdraw_amendment board": (
            permissions.can_withdraw_amendment,
            board_amendment,
            SECRETARY,
        ),
        "can_rule_out_amendment": (permissions.can_rule_out_amendment, amendment, SECRETARY),
        "can_view_requisition": (permissions.can_view_requisition, requisition, TAKING_PART),
        "can_sign_requisition": (permissions.can_sign_requisition, requisition, TAKING_PART),
        "can_record_requisition_called": (
            permissions.can_record_requisition_called,
            requisition,
            SECRETARY,
        ),
        "can_view_minutes": (permissions.can_view_minutes, agm.meeting, TAKING_PART),
    }
    return questions


@pytest.mark.django_db
def test_the_predicates_persona_by_persona(
    request: pytest.FixtureRequest, organisation: Organisation, member_record: Member
) -> None:
    questions = _questions(organisation, member_record)
    users = {p: None if p == A else request.getfixturevalue(p) for p in PERSONAS}
    answers = {
        name: {p for p, user in users.items() if predicate(user, subject)}
        for name, (predicate, subject, _who) in questions.items()
    }
    assert answers == {name: who for name, (_p, _s, who) in questions.items()}
    every_predicate = {name for name in dir(permissions) if name.startswith("can_")}
    assert {predicate.__name__ for predicate, _s, _w in questions.values()} == every_predicate


# --- nothing else decides ----------------------------------------------------------------


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def test_no_role_is_checked_outside_the_policy():
    """Views, forms, tasks, selectors, services and the API name predicates: no role
    tuple, no `has_role`, no look-up of who holds a role, anywhere but permissions.py."""
    found = []
    for path in _python_files("governance", "api/governance"):
        if path.name == "permissions.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "coop.core.permissions",
                "api.permissions",
            ):
                names = {a.name for a in node.names} - {"AnyUser", "Predicate"}
                if names:
                    found.append(f"{path.relative_to(ROOT)} imports {sorted(names)}")
            if isinstance(node, ast.Name) and node.id in ("has_role", "Role", "roles_of"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {node.id}")
    assert found == []


def test_selectors_never_import_services_or_the_api():
    found = []
    for path in _python_files("governance/selectors"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if module and (".services" in module or module.startswith("api")):
                    found.append(f"{path.relative_to(ROOT)} imports {module}")
    assert found == []
    assert not (ROOT / "api/governance/reads.py").exists()


# --- what the policy closed --------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_cannot_withdraw_the_boards_amendment(
    client: Client, member, member_record: Member, secretary, organisation: Organisation
) -> None:
    """Any member could withdraw the board's amendment from its page (the service took any
    withdrawal of a board amendment); now only the secretary does."""
    agm = called_agm(organisation)
    board_amendment = services.amendment_submit(
        motion=agm.motion, text="That the co-operative pays more.", by_board=True, actor=None
    )
    target = url("amendment_withdraw", organisation.slug, board_amendment.pk)
    client.force_login(member)
    before = counts()
    assert client.get(target).status_code == 403
    assert client.post(target).status_code == 403
    assert counts() == before
    assert Amendment.objects.get(pk=board_amendment.pk).status == Amendment.Status.SECONDED
    with pytest.raises(ValidationError) as refused:
        services.amendment_withdraw(amendment=board_amendment, by=member_record, actor=member)
    assert refused.value.message_dict == {
        "amendment": ["Only the secretary can withdraw a board amendment."]
    }
    assert Amendment.objects.get(pk=board_amendment.pk).status == Amendment.Status.SECONDED
    client.force_login(secretary)
    assert client.post(target).status_code == 302
    assert Amendment.objects.get(pk=board_amendment.pk).status == Amendment.Status.WITHDRAWN


@pytest.mark.django_db
def test_the_notice_pack_of_a_planned_meeting_is_the_secretarys(
    client: Client, member, member_record: Member, secretary, organisation: Organisation
) -> None:
    """Before notice is given the pack is a draft: members reached it by its address though
    no page linked it."""
    planned = plan_agm(organisation)
    target = url("notice_pack_pdf", organisation.slug, planned.pk)
    client.force_login(member)
    assert client.get(url("meeting", organisation.slug, planned.pk)).status_code == 200
    assert client.get(target).status_code == 404
    client.force_login(secretary)
    response = client.get(target)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.django_db
def test_members_see_motions_to_second_at_a_planned_meeting(
    client: Client, member, member_record: Member, organisation: Organisation
) -> None:
    """The home page counts motions waiting for a seconder at planned meetings too, and a
    member may second them; the list the home page links to left them out."""
    meeting = plan_agm(organisation)
    proposer = mf.member(organisation, name="Pedr Proposer")
    member_motion(meeting, proposer, title="Plant trees")
    client.force_login(member)
    page = text(client.get(url("motions_to_second", organisation.slug)))
    assert "Plant trees" in page
    assert url("motion_second", organisation.slug, Motion.objects.get().pk) in page


@pytest.mark.django_db
def test_the_requisitions_page_makes_a_fixed_number_of_queries(
    client: Client,
    member,
    member_record: Member,
    organisation: Organisation,
    django_assert_max_num_queries,
) -> None:
    """Whether the member has signed was asked once per requisition."""
    people = [mf.member(organisation) for _ in range(6)]
    client.force_login(member)
    target = url("requisitions", organisation.slug)

    def start(n: int) -> None:
        for person in people[:n]:
            services.requisition_start(
                organisation=organisation,
                member=person,
                purpose=f"Business {person.pk}",
                actor=None,
            )
        people[:n] = []

    start(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    start(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(target))
    assert page.count('id="requisition-') >= 5
    assert Requisition.objects.count() == 5


@pytest.mark.django_db
def test_a_bid_manager_sees_none_of_the_co_ops_governance(
    client: Client, bid_manager, organisation: Organisation
) -> None:
    """The list of meetings, the motions to second, requisitions and resolutions answered a
    bid manager (200) while every meeting on them answered 404, and the API 404 for the
    list: the pages and the API now give one answer."""
    agm = called_agm(organisation)
    client.force_login(bid_manager)
    answers = {
        name: client.get(url(name, organisation.slug)).status_code
        for name in ("meetings", "motions_to_second", "requisitions", "resolutions")
    }
    answers["meeting"] = client.get(url("meeting", organisation.slug, agm.meeting.pk)).status_code
    assert answers == dict.fromkeys(answers, 404)
    assert MeetingProxy.objects.count() == 0
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_the_home_page_announces_a_board_meeting_only_to_those_who_may_see_it(
    client: Client, member, member_record: Member, board_member, organisation: Organisation
) -> None:
    """A plain member's home page said "Coming up: Board, June" with the date, linking to a
    page that answers 404; now only the board (and the secretary and scrutineers) are told."""
    board = services.meeting_plan(
        organisation=organisation,
        kind="board",
        title="Board, June",
        starts_at=plan_agm(organisation).starts_at,
        place="Office",
        actor=None,
    )
    services.meeting_give_notice(meeting=board, actor=None)
    general = called_agm(organisation).meeting
    mf.member(organisation, name="Bryn Board", user=board_member)
    seen = {}
    for persona, user in (("member", member), ("board_member", board_member)):
        client.force_login(user)
        page = text(client.get(reverse("home")))
        seen[persona] = ("Board, June" in page, general.title in page)
    assert seen == {"member": (False, True), "board_member": (True, True)}
