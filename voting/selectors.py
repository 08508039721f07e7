"""Reads of voting for pages, exports and the API."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from coop.core.models import AuditEvent, User
from membership.models import Member, MemberClass, Organisation, Representative
from voting import counting, rules
from voting.blt import BltElection, write_blt
from voting.models import Ballot, BallotPaper, Option, Participation, Proxy, Question, Receipt
from voting.services.casting import ineligible_message


def ballots_for_organisation(
    organisation: Organisation, *, include_drafts: bool
) -> QuerySet[Ballot]:
    ballots = Ballot.objects.filter(organisation=organisation)
    if not include_drafts:
        ballots = ballots.visible_to_members()
    return ballots.annotate(
        voted_count=Count("participations", filter=Q(participations__has_voted=True)),
    ).order_by("-created_at")


def ballot_questions(ballot: Ballot) -> list[Question]:
    """The ballot's questions with their options (and reserved seats, for STV elections)."""
    questions = list(
        ballot.questions.select_related("resolution_type").prefetch_related(
            Prefetch("options", queryset=Option.objects.select_related("member_class"))
        )
    )
    # Only an STV election has reserved seats: no query for them otherwise.
    prefetch_related_objects(
        [q for q in questions if q.kind == Question.Kind.STV], "reservations__member_class"
    )
    return questions


def members_user_may_vote_for(user: User, organisation: Organisation) -> list[Member]:
    """The members a signed-in user votes for: themselves, and organisations they
    currently represent (or are an alternate for)."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    represents = (
        Representative.objects.filter(user=user, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .values("member_id")
    )
    # One query: their own membership first, then the organisations they represent.
    return list(
        Member.objects.filter(organisation=organisation)
        .filter(Q(user=user) | Q(kind=Member.Kind.ORGANISATION, pk__in=represents))
        .annotate(is_own=Case(When(user=user, then=Value(0)), default=Value(1)))
        .order_by("is_own", "number")
    )


@dataclass(frozen=True)
class VoterStatus:
    member: Member
    on_roll: bool
    may_vote: bool
    reason: str
    has_voted: bool
    channel: str


def voter_status(ballot: Ballot, member: Member) -> VoterStatus:
    """Whether a member may vote in a ballot, and why not (in words)."""
    participation = (
        Participation.objects.filter(ballot=ballot, member=member).select_related("member").first()
    )
    if participation is None:
        if ballot.status == Ballot.Status.DRAFT:
            return VoterStatus(member, False, False, "", False, "")
        return VoterStatus(member, False, False, ineligible_message(rules.NOT_A_MEMBER), False, "")
    reason = (
        "" if participation.is_eligible else ineligible_message(participation.ineligible_reason)
    )
    status = participation.member.status  # as it is now, not as the caller last read it
    if participation.is_eligible and status != Member.Status.ACTIVE:
        reason = ineligible_message(
            rules.CEASED if status == Member.Status.CEASED else rules.SUSPENDED
        )
    return VoterStatus(
        member,
        True,
        participation.is_eligible and not reason,
        reason,
        participation.has_voted,
        participation.get_channel_display(),
    )


@dataclass(frozen=True)
class ClassTurnout:
    member_class: MemberClass
    voted: int
    electorate: int
    shown: bool

    @property
    def percent(self) -> str:
        return counting.fraction_text(rules.turnout_percent(self.voted, self.electorate), 1)


@dataclass(frozen=True)
class Turnout:
    voted: int
    electorate: int
    by_class: list[ClassTurnout]

    @property
    def percent(self) -> str:
        return counting.fraction_text(rules.turnout_percent(self.voted, self.electorate), 1)


def turnout(ballot: Ballot) -> Turnout:
    """Turnout, overall and by class; a class of fewer than 5 voters shows no breakdown."""
    voted, electorate, by_class = counting.turnout_by_class(ballot)
    classes = {c.pk: c for c in MemberClass.objects.filter(organisation_id=ballot.organisation_id)}
    rows = [
        ClassTurnout(classes[k], v, e, rules.may_show_breakdown(e))
        for k, (v, e) in sorted(by_class.items(), key=lambda kv: classes[kv[0]].position)
        if k in classes
    ]
    return Turnout(voted, electorate, rows)


def receipts_published(ballot: Ballot) -> list[str]:
    """After close, the receipt codes of every vote counted (sorted, no link to papers)."""
    if not ballot.results_visible:
        return []
    return sorted(Receipt.objects.filter(ballot=ballot).values_list("code", flat=True))


def proxies(ballot: Ballot) -> QuerySet[Proxy]:
    return ballot.proxies.select_related("member", "holder").order_by("member__number")


def ballot_audit(ballot: Ballot) -> QuerySet[AuditEvent]:
    """The ballot's audit trail: its own events and the casts (who voted, never what)."""
    return (
        AuditEvent.objects.filter(organisation_id=ballot.organisation_id)
        .filter(
            Q(object_type="voting.ballot", object_id=str(ballot.pk))
            | Q(action="ballot.cast", after__ballot=ballot.pk)
        )
        .order_by("created_at", "id")
    )


def question_blt(question: Question) -> str:
    """An STV question's papers as a BLT file, for an independent scrutineer."""
    candidates, ballots = counting.stv_ballots(question)
    options = {o.pk: o for o in question.options.all()}
    election = BltElection(
        candidates=tuple(options[pk].label for pk in candidates),
        seats=question.seats,
        ballots=tuple(ballots),
        withdrawn=tuple(i for i, pk in enumerate(candidates) if options[pk].is_withdrawn),
        title=f"{question.ballot.title} – {question.text}"[:200],
    )
    return write_blt(election)


def papers_csv(ballot: Ballot) -> str:
    """Every paper (random order, no voter) with its choices by label, for a recount."""
    labels = {o.pk: o.label for o in Option.objects.filter(question__ballot=ballot)}
    classes = dict(
        MemberClass.objects.filter(organisation_id=ballot.organisation_id).values_list("pk", "code")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["paper", "question", "member_class", "channel", "choices"])
    papers = BallotPaper.objects.filter(ballot=ballot).select_related("question").order_by("id")
    for paper in papers.iterator(chunk_size=5000):
        writer.writerow(
            [
                paper.id,
                paper.question.position,
                classes.get(paper.member_class_id or 0, ""),
                paper.channel,
                " > ".join(labels.get(int(c), "?") for c in paper.choices),
            ]
        )
    return out.getvalue()


def rules_applied(ballot: Ballot) -> dict[str, Any]:
    """The rules the count applied, as data (for the recount kit)."""
    version = ballot.rules_version
    classes = MemberClass.objects.filter(organisation_id=ballot.organisation_id)
    return {
        "ballot": ballot.title,
        "organisation": ballot.organisation.name,
        "rules_version": version.title if version else None,
        "effective_from": version.effective_from.isoformat() if version else None,
        "chair_casting_vote": version.chair_casting_vote if version else None,
        "seed": ballot.stv_seed,
        "is_secret": ballot.is_secret,
        "class_weights": [
            {
                "class": c.code,
                "fixed_share_percent": str(c.vote_share_percent)
                if c.vote_share_percent is not None
                else None,
                "cap_percent": str(c.vote_cap_percent) if c.vote_cap_percent is not None else None,
            }
            for c in classes
        ],
        "questions": [
            {
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "seats": q.seats,
                "method": q.method,
                "resolution_type": {
                    "code": q.resolution_type.code,
                    "threshold": q.resolution_type.threshold,
                    "abstentions_in_base": q.resolution_type.abstentions_in_base,
                    "turnout_floor_percent": str(q.resolution_type.turnout_floor_percent)
                    if q.resolution_type.turnout_floor_percent is not None
                    else None,
                    "majority_in_every_class": q.resolution_type.majority_in_every_class,
                    "rule_number": q.resolution_type.rule_number,
                }
                if q.resolution_type
                else None,
                "reserved": {r.member_class.code: r.seats for r in q.reservations.all()},
                "result": q.result,
            }
            for q in ballot_questions(ballot)
        ],
    }


def rules_applied_json(ballot: Ballot) -> str:
    return json.dumps(rules_applied(ballot), indent=2, ensure_ascii=False)
