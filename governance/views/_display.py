"""How motions and amendments are shown: the text in the page's language, the changes an
amendment makes (marked word by word), the ballot to vote in, and what the signed-in person
may do with each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from coop.core.i18n import is_welsh
from coop.core.permissions import AnyUser
from governance import permissions, selectors
from governance.models import Amendment, Meeting, Motion
from membership.models import Member
from voting.models import Ballot


def motion_texts(motion: Motion) -> tuple[str, str]:
    """(the motion as proposed, the motion as amended) in the page's language. The Welsh
    text is used only where it is complete (an amended motion needs its amended Welsh text,
    otherwise both are shown in English)."""
    amended = bool(motion.final_text)
    if is_welsh() and motion.text_cy and (not amended or motion.final_text_cy):
        return motion.text_cy, motion.final_text_cy or motion.text_cy
    return motion.text, motion.final_text or motion.text


def statement(motion: Motion) -> str:
    if is_welsh() and motion.supporting_statement_cy:
        return motion.supporting_statement_cy
    return motion.supporting_statement


def _ballot_open_online(ballot: Ballot | None) -> bool:
    return ballot is not None and ballot.status == Ballot.Status.OPEN and ballot.allow_online


@dataclass
class AmendmentView:
    amendment: Amendment
    text: str
    changes: list[tuple[str, str]]
    vote_url: str = ""
    may_second: bool = False
    may_withdraw: bool = False
    may_rule_out: bool = False
    may_take_vote: bool = False


@dataclass
class MotionView:
    motion: Motion
    original: str
    text: str
    changes: list[tuple[str, str]]
    statement: str
    amendments: list[AmendmentView] = field(default_factory=list)
    vote_url: str = ""
    may_second: bool = False
    may_withdraw: bool = False
    may_amend: bool = False
    may_decide: bool = False
    may_take_vote: bool = False
    may_propose_confirmation: bool = False

    @property
    def is_amended(self) -> bool:
        return self.original != self.text


def _amendment_text(amendment: Amendment, motion: Motion) -> tuple[str, str]:
    """(the text it amends, the text it proposes), both in Welsh where both exist. An open
    amendment is compared with the motion as it stood when it was proposed, a decided one
    with the motion as first proposed."""
    if is_welsh() and amendment.text_cy and motion.text_cy:
        original, current = motion.text_cy, motion.final_text_cy or motion.text_cy
        proposed = amendment.text_cy
    else:
        original = motion.text
        current = amendment.base_text or motion.final_text or motion.text
        proposed = amendment.text
    return (current if amendment.status in Amendment.OPEN else original), proposed


def _amendment_view(
    amendment: Amendment,
    motion: Motion,
    *,
    user: AnyUser | None,
    member: Member | None,
    under_way: bool,
    voting_links: bool,
) -> AmendmentView:
    base, proposed = _amendment_text(amendment, motion)
    amendment_open = amendment.status in Amendment.OPEN
    slug = motion.meeting.organisation.slug
    return AmendmentView(
        amendment=amendment,
        text=proposed,
        changes=selectors.text_changes(base, proposed),
        vote_url=reverse("voting:ballot", args=[slug, amendment.ballot_id])
        if voting_links and _ballot_open_online(amendment.ballot)
        else "",
        may_second=amendment.status == Amendment.Status.SUBMITTED
        and motion.status in Motion.OPEN
        and member is not None
        and member.pk != amendment.proposer_id,
        may_withdraw=amendment_open
        and member is not None
        and not amendment.is_board_amendment
        and member.pk == amendment.proposer_id,
        may_rule_out=amendment_open and permissions.can_rule_out_amendment(user, amendment),
        may_take_vote=under_way
        and amendment.status == Amendment.Status.SECONDED
        and motion.status == Motion.Status.ADMISSIBLE
        and permissions.can_take_vote(user, amendment),
    )


def motion_view(
    motion: Motion,
    *,
    user: AnyUser | None,
    member: Member | None,
    meeting: Meeting,
    voting_links: bool = True,
) -> MotionView:
    """The motion as the page shows it to this user (with the ways in to vote online unless
    `voting_links` is false, as on the secretary's running page). Uses only what
    `meeting_motions` prefetched (no queries)."""
    motion.meeting = meeting  # the predicates below read the meeting: no query per motion
    original, text = motion_texts(motion)
    slug = meeting.organisation.slug
    under_way = meeting.status == Meeting.Status.IN_PROGRESS
    is_open = motion.status in Motion.OPEN
    view = MotionView(
        motion=motion,
        original=original,
        text=text,
        changes=selectors.text_changes(original, text) if original != text else [],
        statement=statement(motion),
        vote_url=reverse("voting:ballot", args=[slug, motion.ballot_id])
        if voting_links and _ballot_open_online(motion.ballot)
        else "",
        may_second=motion.status == Motion.Status.SUBMITTED
        and member is not None
        and member.pk != motion.proposer_id,
        may_withdraw=is_open
        and member is not None
        and not motion.is_board_motion
        and member.pk == motion.proposer_id,
        may_amend=is_open and member is not None,
        may_decide=motion.status == Motion.Status.SECONDED
        and permissions.can_decide_admissibility(user, motion),
        may_take_vote=under_way
        and motion.status == Motion.Status.ADMISSIBLE
        and permissions.can_take_vote(user, motion),
        may_propose_confirmation=motion.status == Motion.Status.PROVISIONAL
        and permissions.can_propose_confirmation(user, motion),
    )
    view.amendments = [
        _amendment_view(
            amendment,
            motion,
            user=user,
            member=member,
            under_way=under_way,
            voting_links=voting_links,
        )
        for amendment in motion.amendments.all()
    ]
    return view


def motion_views(
    motions: Iterable[Motion],
    *,
    user: AnyUser | None,
    member: Member | None,
    meeting: Meeting,
    voting_links: bool = True,
) -> list[MotionView]:
    return [
        motion_view(m, user=user, member=member, meeting=meeting, voting_links=voting_links)
        for m in motions
    ]
