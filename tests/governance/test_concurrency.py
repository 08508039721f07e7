"""One member, one vote at a meeting on PostgreSQL: a member who voted online in advance is
refused in the room and by proxy; simultaneous attempts online, on paper in the room and by
proxy give one vote; taking the vote while a paper vote comes in counts each member once.

Each thread has its own database connection (Django's are per thread) and closes it when
done. Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cyd .venv/bin/python -m pytest
tests/governance/test_concurrency.py
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from coop.core.models import User
from governance import services
from governance.models import Amendment, Meeting, MeetingProxy, Motion
from membership.models import Member, Organisation
from tests.factories import governance as gf
from tests.factories import voting as vf
from voting import services as voting
from voting.models import Participation, Proxy, Receipt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5  # attempts by each channel


def run_together(jobs: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Start every job at the same moment (a barrier); each returns ('ok', value),
    ('refused', the ValidationError) or ('error', any other exception)."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[tuple[str, Any]] = [("error", None)] * len(jobs)

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", jobs[i]())
        except ValidationError as error:
            outcomes[i] = ("refused", error)
        except Exception as error:
            outcomes[i] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


class Scene:
    """A hybrid AGM of a co-op allowing proxies: the member `voter` (who signs in) has given
    a proxy to `holder`; `clerk` enters paper votes in the room."""

    def __init__(self, *, kind: str = "discretionary") -> None:
        self.org: Organisation = gf.plain_coop(proxies_allowed=True, proxy_limit=2)
        self.people: list[Member] = gf.members(self.org, 4)
        self.holder = self.people[0]
        self.voter, self.user = gf.member_with_login(self.org)
        self.clerk = User.objects.create_user(
            email=f"clerk@{self.org.slug}.example.org",
            password="correct horse battery",
            full_name="Clerk",
        )
        meeting = gf.plan(self.org, format="hybrid")
        self.motion: Motion = gf.motion(meeting, self.people[1], self.people[2])
        self.meeting: Meeting = gf.give_notice(meeting)
        self.proxy: MeetingProxy = services.meeting_proxy_appoint(
            meeting=self.meeting,
            member=self.voter,
            kind=kind,
            holder=self.holder,
            directions={str(self.motion.pk): "against"} if kind == "directed" else None,
            actor=None,
        )

    def start(self) -> None:
        self.meeting = gf.start(self.meeting, self.people[:3])

    def selections(self, choice: str) -> dict[int, list[int]]:
        question = gf.ballot_of(self.motion).questions.get()
        return {question.pk: [question.options.get(code=choice).pk]}

    def online(self) -> str:
        return voting.ballot_cast(
            ballot=gf.ballot_of(self.motion),
            member=self.voter,
            selections=self.selections("for"),
            channel="online",
            actor=self.user,
        )

    def room(self) -> str:
        return voting.ballot_cast(
            ballot=gf.ballot_of(self.motion),
            member=self.voter,
            selections=self.selections("against"),
            channel="room",
            actor=self.clerk,
        )

    def by_proxy(self) -> str:
        proxy = Proxy.objects.get(ballot=gf.ballot_of(self.motion), member=self.voter)
        return voting.ballot_cast_proxy(
            proxy=proxy, selections=self.selections("abstain"), actor=self.clerk
        )

    def take_vote(self) -> Motion | Amendment:
        return services.vote_take(item=self.motion, actor=None)

    def voter_papers(self) -> int:
        return vf.paper_count(gf.ballot_of(self.motion))


@gf.at(gf.NOTICE_AT)
def test_a_member_who_voted_online_in_advance_is_refused_in_the_room_and_by_proxy():
    scene = Scene()
    scene.online()
    with gf.at(gf.DURING):
        scene.start()
        ballot = gf.ballot_of(scene.motion)
        # No proxy is put on the ballot for a member who has voted.
        assert not Proxy.objects.filter(ballot=ballot, member=scene.voter).exists()
        with gf.refused(
            "member",
            f"A vote has already been recorded for member {scene.voter.number} (Online). "
            "Each member votes once.",
        ):
            scene.room()
        with gf.refused("member", f"Member {scene.voter.number} has already voted"):
            voting.proxy_appoint(
                ballot=ballot,
                member=scene.voter,
                kind="discretionary",
                holder=scene.holder,
                actor=None,
            )
        gf.poll(scene.motion, [(p, "against") for p in scene.people[:3]])
        services.vote_take(item=scene.motion, actor=None)
    result = gf.ballot_of(scene.motion).questions.get().result
    assert result is not None
    assert result["votes"] == {"for": 1, "against": 3, "abstain": 0, "blank": 0}
    assert result["turnout"]["voted"] == 4


@gf.at(gf.NOTICE_AT)
def test_simultaneous_votes_online_in_the_room_and_by_proxy_give_one_vote():
    scene = Scene()
    with gf.at(gf.DURING):
        scene.start()
        ballot = gf.ballot_of(scene.motion)
        proxy = Proxy.objects.get(ballot=ballot, member=scene.voter)
        assert (proxy.status, proxy.holder_present) == ("appointed", True)
        jobs = [scene.online, scene.room, scene.by_proxy] * ROUNDS
        outcomes = run_together(jobs)

        assert [v for kind, v in outcomes if kind == "error"] == []
        codes = [v for kind, v in outcomes if kind == "ok"]
        refusals = [v for kind, v in outcomes if kind == "refused"]
        assert len(codes) == 1
        assert len(refusals) == 3 * ROUNDS - 1
        participation = Participation.objects.get(ballot=ballot, member=scene.voter)
        assert participation.has_voted is True
        allowed = {
            (
                "member",
                f"A vote has already been recorded for member {scene.voter.number} "
                f"({participation.get_channel_display()}). Each member votes once.",
            ),
            ("proxy", "This proxy has already been used to vote."),
            # The voter is not in the room (their proxy holder is): no paper vote for them.
            (
                "member",
                f"Member {scene.voter.number}, {scene.voter.name}, is not checked in at "
                f"“{scene.meeting.title}”. A vote in the room is taken only for a member "
                "checked in at the meeting, or through the proxy of a member held by someone "
                "checked in.",
            ),
        }
        for refusal in refusals:
            ((field, messages),) = refusal.message_dict.items()
            assert (field, messages[0]) in allowed, refusal.message_dict
        assert Participation.objects.filter(ballot=ballot, has_voted=True).count() == 1
        assert participation.channel in ("online", "proxy")
        assert scene.voter_papers() == 1
        assert Receipt.objects.filter(ballot=ballot).count() == 1
        assert list(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True)) == codes

        gf.poll(scene.motion, [(p, "for") for p in scene.people[:3]])
        services.vote_take(item=scene.motion, actor=None)
    result = gf.ballot_of(scene.motion).questions.get().result
    assert result is not None
    assert sum(result["votes"].values()) == 4
    assert result["turnout"]["voted"] == 4
    assert result["votes"]["for"] == 3 + (participation.channel == "online")


@gf.at(gf.NOTICE_AT)
def test_taking_the_vote_while_a_paper_vote_comes_in_counts_each_member_once():
    """The chair takes the vote (casting the directed proxy of a member not present) just as
    that member's own paper vote is entered: either way, one vote."""
    for _ in range(3):
        scene = Scene(kind="directed")
        with gf.at(gf.DURING):
            scene.start()
            gf.poll(scene.motion, [(p, "for") for p in scene.people[:3]])
            outcomes = run_together([scene.take_vote, scene.room])
        assert [v for kind, v in outcomes if kind == "error"] == []
        assert outcomes[0][0] == "ok"  # the vote is always taken
        ballot = gf.ballot_of(scene.motion)
        participation = Participation.objects.get(ballot=ballot, member=scene.voter)
        assert participation.has_voted is True
        if outcomes[1][0] == "ok":
            assert participation.channel == "room"
        else:
            assert participation.channel == "proxy"
        result = ballot.questions.get().result
        assert result is not None
        # Three for in the room; the member's one vote against (by proxy or on paper).
        assert result["votes"] == {"for": 3, "against": 1, "abstain": 0, "blank": 0}
        assert vf.paper_count(ballot) == 4
