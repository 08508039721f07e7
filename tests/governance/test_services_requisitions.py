"""Members requisition a general meeting: the threshold from the rules, each member signing
once, the board told by email when it is reached and the clock to call the meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from coop.core.models import User
from coop.core.permissions import Role
from coop.core.services import role_grant
from governance import services
from governance.models import Requisition, RequisitionSignature
from membership.models import Organisation
from tests.factories import governance as gf
from tests.factories import membership as mf

pytestmark = pytest.mark.django_db

D = dt.date


def _person(org: Organisation, email: str, role: Role) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery", full_name=email)
    role_grant(organisation=org, user=user, role=role, actor=None)
    return user


@pytest.fixture
def org(db) -> Organisation:
    """Requisition by the lesser of 3 members or 50%; the board calls within 21 days."""
    return gf.plain_coop(
        requisition_members=3, requisition_percent=Decimal("50"), requisition_call_days=21
    )


def _start(org, member):
    return services.requisition_start(
        organisation=org,
        member=member,
        purpose="To remove the treasurer",
        purpose_cy="I ddiswyddo'r trysorydd",
        actor=None,
    )


@gf.at(gf.NOTICE_AT)
def test_reaching_the_threshold_starts_the_clock_and_tells_the_board(
    org, django_capture_on_commit_callbacks
):
    people = gf.members(org, 10)  # 50% is 5, so 3 signatures are needed
    secretary = _person(org, "sec@plain.example.org", Role.SECRETARY)
    board = _person(org, "board@plain.example.org", Role.BOARD_MEMBER)
    _person(org, "member@plain.example.org", Role.MEMBER)
    requisition = _start(org, people[0])
    assert (requisition.threshold, requisition.status, requisition.signatures.count()) == (
        3,
        "collecting",
        1,
    )
    services.requisition_sign(requisition=requisition, member=people[1], actor=None)
    requisition.refresh_from_db()
    assert (requisition.status, requisition.call_by) == ("collecting", None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.requisition_sign(requisition=requisition, member=people[2], actor=None)
    requisition.refresh_from_db()
    assert (requisition.status, requisition.reached_on, requisition.call_by) == (
        Requisition.Status.REACHED,
        D(2026, 3, 2),
        D(2026, 3, 23),
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([secretary.email, board.email])
    message = mail.outbox[0]
    assert message.subject == (
        f"A requisition of a general meeting of {org.name} has reached its threshold"
    )
    assert "it has reached the 3 signatures the rules require" in message.body
    assert "Under the rules the board must call the meeting by 23 March 2026." in message.body
    assert "To remove the treasurer" in message.body


@gf.at(gf.NOTICE_AT)
def test_the_threshold_is_the_lesser_of_the_number_and_the_percentage(org):
    people = gf.members(org, 4)  # 50% of 4 is 2: fewer than 3
    assert _start(org, people[0]).threshold == 2


@gf.at(gf.NOTICE_AT)
def test_signing_a_requisition_twice_is_refused(org):
    people = gf.members(org, 10)
    requisition = _start(org, people[0])
    services.requisition_sign(requisition=requisition, member=people[1], actor=None)
    with gf.refused("member", f"Member {people[1].number} has already signed this requisition."):
        services.requisition_sign(requisition=requisition, member=people[1], actor=None)
    with gf.refused("member", f"Member {people[0].number} has already signed this requisition."):
        services.requisition_sign(requisition=requisition, member=people[0], actor=None)
    assert RequisitionSignature.objects.filter(requisition=requisition).count() == 2


@gf.at(gf.NOTICE_AT)
def test_only_current_members_sign(org, organisation):
    people = gf.members(org, 10)
    requisition = _start(org, people[0])
    stranger = mf.member(organisation)
    former = gf.cease(mf.member(org))
    suspended = gf.suspend(mf.member(org))
    with gf.refused("member", f"Only a member of {org.name} can do this."):
        services.requisition_sign(requisition=requisition, member=stranger, actor=None)
    with gf.refused("member", f"Member {former.number} has ceased to be a member."):
        services.requisition_sign(requisition=requisition, member=former, actor=None)
    with gf.refused("member", f"Member {suspended.number} is suspended."):
        services.requisition_sign(requisition=requisition, member=suspended, actor=None)
    with gf.refused("member", f"Only a member of {org.name} can do this."):
        _start(org, stranger)
    with gf.refused("purpose", "Say what business the meeting is asked to consider."):
        services.requisition_start(organisation=org, member=people[1], purpose=" ", actor=None)


@gf.at(gf.NOTICE_AT)
def test_once_reached_the_board_records_the_meeting_it_called(org):
    people = gf.members(org, 4)
    requisition = _start(org, people[0])
    meeting = gf.plan(org, kind="general", title="Requisitioned meeting")
    with gf.refused("requisition", "The requisition has not reached its threshold."):
        services.requisition_mark_called(requisition=requisition, meeting=meeting, actor=None)
    services.requisition_sign(requisition=requisition, member=people[1], actor=None)
    with gf.refused("requisition", "This requisition is no longer collecting signatures."):
        services.requisition_sign(requisition=requisition, member=people[2], actor=None)
    board_meeting = gf.plan(org, kind="board", title="Board")
    with gf.refused("meeting", "Choose a general meeting of this organisation."):
        services.requisition_mark_called(requisition=requisition, meeting=board_meeting, actor=None)
    requisition = services.requisition_mark_called(
        requisition=requisition, meeting=meeting, actor=None
    )
    assert (requisition.status, requisition.meeting) == ("called", meeting)
