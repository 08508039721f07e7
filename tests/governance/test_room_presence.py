"""Votes in the room at a meeting are taken only for members checked in, or through the
proxy of a member held by someone checked in (issue 15, case 2). Every refusal names the
member, the meeting and the rule, and writes nothing; a ballot taken at no meeting still
takes paper votes handed in at the office."""

from __future__ import annotations

import html as htmllib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from coop.core.permissions import Role
from coop.core.services import role_grant
from governance import services
from governance.models import Meeting, Motion
from membership.models import Member, Organisation
from tests.factories import governance as gf
from voting.models import BallotPaper, Participation, Proxy

pytestmark = pytest.mark.django_db

RULE = (
    "A vote in the room is taken only for a member checked in at the meeting, or through the "
    "proxy of a member held by someone checked in."
)


@pytest.fixture
def org(db) -> Organisation:
    return gf.plain_coop(proxies_allowed=True, proxy_limit=2)


@pytest.fixture
def clerk_client(client: Client, org: Organisation) -> Client:
    user = get_user_model().objects.create_user(
        email="clerk@example.org", password="correct horse battery", full_name="Clerk"
    )
    role_grant(organisation=org, user=user, role=Role.SECRETARY, actor=None)
    client.force_login(user)
    return client


def _meeting(org: Organisation, people: list[Member]) -> tuple[Meeting, Motion]:
    meeting = gf.plan(org)
    motion = gf.motion(meeting, people[0], people[1])
    return gf.give_notice(meeting), motion


def _url(name: str, motion: Motion, *args: object) -> str:
    ballot = gf.ballot_of(motion)
    return reverse(f"voting:{name}", args=[ballot.organisation.slug, ballot.pk, *args])


def _voted(motion: Motion, member: Member) -> bool:
    return Participation.objects.get(ballot=gf.ballot_of(motion), member=member).has_voted


@gf.at(gf.NOTICE_AT)
def test_a_paper_vote_for_a_member_not_checked_in_is_refused_naming_the_rule(org):
    people = gf.members(org, 5)
    meeting, motion = _meeting(org, people)
    absent = people[4]
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        with gf.refused(
            "member",
            f"Member {absent.number}, {absent.name}, is not checked in at “{meeting.title}”.",
            RULE,
        ):
            gf.cast(motion, absent, "for")
        assert not _voted(motion, absent)
        # Once checked in, they vote.
        gf.check_in(meeting, [absent])
        gf.cast(motion, absent, "for")
        assert _voted(motion, absent)
        # A member who has left the room is no longer in it.
        gf.check_in(meeting, [people[2]], status="left")
        with gf.refused("member", "is not checked in", RULE):
            gf.cast(motion, people[2], "against")


@gf.at(gf.NOTICE_AT)
def test_the_room_paper_page_refuses_a_member_not_checked_in_and_writes_nothing(org, clerk_client):
    people = gf.members(org, 5)
    meeting, motion = _meeting(org, people)
    absent = people[4]
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        question = gf.ballot_of(motion).questions.get()
        option = question.options.get(code="for").pk
        papers = BallotPaper.objects.count()
        response = clerk_client.post(
            _url("room_paper", motion), {"member_number": absent.number, "question_1": option}
        )
        page = htmllib.unescape(response.content.decode())
        assert response.status_code == 400
        assert f"Member {absent.number}, {absent.name}, is not checked in" in page
        assert RULE in page
        assert BallotPaper.objects.count() == papers
        assert not _voted(motion, absent)
        present = clerk_client.post(
            _url("room_paper", motion),
            {"member_number": people[0].number, "question_1": option},
        )
        assert present.status_code == 302
        assert _voted(motion, people[0])


@gf.at(gf.NOTICE_AT)
def test_a_proxy_votes_in_the_room_only_while_its_holder_is_checked_in(org, clerk_client):
    people = gf.members(org, 6)
    meeting, motion = _meeting(org, people)
    holder, giver = people[3], people[5]
    services.meeting_proxy_appoint(
        meeting=meeting, member=giver, kind="discretionary", holder=holder, actor=None
    )
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])  # the holder is not checked in
        proxy = Proxy.objects.get(ballot=gf.ballot_of(motion), member=giver)
        assert proxy.holder_present is False
        # Marking the proxy present by hand does not put its holder in the room.
        response = clerk_client.post(_url("proxy_present", motion, proxy.pk), {"present": "yes"})
        page = htmllib.unescape(response.content.decode())
        assert response.status_code == 400
        assert f"The proxy, {holder.name}, is not checked in at “{meeting.title}”." in page
        assert RULE in page
        proxy.refresh_from_db()
        assert proxy.holder_present is False
        # Checked in, the holder casts the member's vote.
        gf.check_in(meeting, [holder])
        proxy.refresh_from_db()
        assert proxy.holder_present is True
        gf.check_in(meeting, [holder], status="left")
        # Left again: a proxy still marked present (say, by a stale flag) is refused.
        Proxy.objects.filter(pk=proxy.pk).update(holder_present=True)
        question = gf.ballot_of(motion).questions.get()
        from voting import services as voting

        with gf.refused("proxy", f"The proxy, {holder.name}, is not checked in", RULE):
            voting.ballot_cast_proxy(
                proxy=proxy,
                selections={question.pk: [question.options.get(code="for").pk]},
                actor=None,
            )
        assert not _voted(motion, giver)


@gf.at(gf.NOTICE_AT)
def test_a_show_of_hands_counts_only_members_checked_in(org, clerk_client):
    people = gf.members(org, 5)
    meeting, motion = _meeting(org, people)
    absent = people[4]
    with gf.at(gf.DURING):
        gf.start(meeting, people[:3])
        numbers = " ".join(str(p.number) for p in [*people[:3], absent])
        response = clerk_client.post(
            _url("room_hands", motion),
            {"present": numbers, "count_for": 2, "count_against": 1, "count_abstain": 0},
        )
        page = htmllib.unescape(response.content.decode())
        assert response.status_code == 400
        assert f"Member {absent.number}, {absent.name}, is not checked in" in page
        assert RULE in page
        assert not BallotPaper.objects.filter(ballot=gf.ballot_of(motion)).exists()
        assert not _voted(motion, people[0])
