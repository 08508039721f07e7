"""Valid voting objects, built through the services (so they obey every rule), and helpers
for tests of refusals: `refused()` checks the field, the message and that nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from coop.core.models import AuditEvent, User
from membership import services as membership_services
from membership.models import Member, Organisation, ResolutionType
from tests.factories import membership as mf
from voting import sealing, services
from voting.models import (
    Ballot,
    BallotKey,
    BallotPaper,
    CountedPaper,
    HandCount,
    Option,
    Participation,
    Proxy,
    Question,
    Receipt,
    SealedPaper,
)

#: Members made by `tests.factories.membership.member` entered on 2020-01-06.
RECORD_DATE = dt.date(2024, 1, 1)


def resolution_type(org: Organisation, code: str = "ordinary") -> ResolutionType:
    """The resolution type `code` of the organisation's latest rules version."""
    return (
        ResolutionType.objects.filter(rules_version__organisation=org, code=code)
        .order_by("-rules_version__effective_from")[:1]
        .get()
    )


def ballot(
    org: Organisation,
    *,
    title: str = "Annual ballot",
    record_date: dt.date = RECORD_DATE,
    actor: User | None = None,
    **kwargs: Any,
) -> Ballot:
    """A draft ballot (add questions, then open it)."""
    return services.ballot_create(
        organisation=org, title=title, record_date=record_date, actor=actor, **kwargs
    )


def resolution(b: Ballot, *, code: str = "ordinary", text: str = "Adopt the accounts?") -> Question:
    return services.question_add(
        ballot=b,
        kind=Question.Kind.RESOLUTION,
        text=text,
        resolution_type=resolution_type(b.organisation, code),
        actor=None,
    )


def choice(
    b: Ballot,
    *,
    labels: Sequence[str] = ("Ash", "Birch", "Cedar"),
    seats: int = 1,
    method: str = Question.Method.PLURALITY,
    text: str = "Which tree?",
) -> Question:
    question = services.question_add(
        ballot=b, kind=Question.Kind.CHOICE, text=text, seats=seats, method=method, actor=None
    )
    for label in labels:
        services.option_add(question=question, label=label, actor=None)
    return question


def stv(
    b: Ballot,
    *,
    candidates: Sequence[str] = ("Alaw", "Bryn", "Cai", "Dewi"),
    seats: int = 2,
    text: str = "Elect the board",
    classes: Sequence[str] = (),
) -> Question:
    """An STV election; `classes` gives each candidate's member class code (optional)."""
    question = services.question_add(
        ballot=b, kind=Question.Kind.STV, text=text, seats=seats, actor=None
    )
    for i, name in enumerate(candidates):
        member_class = mf.member_class(b.organisation, classes[i]) if classes else None
        services.option_add(question=question, label=name, member_class=member_class, actor=None)
    return question


def open_ballot(b: Ballot) -> Ballot:
    services.ballot_open(ballot=b, actor=None)
    b.refresh_from_db()
    return b


def resolution_ballot(
    org: Organisation, *, code: str = "ordinary", is_open: bool = True, **kwargs: Any
) -> tuple[Ballot, Question]:
    """A ballot of one resolution, open unless `is_open=False`."""
    kwargs.setdefault("allow_in_room", True)
    b = ballot(org, **kwargs)
    question = resolution(b, code=code)
    if is_open:
        b = open_ballot(b)
    return b, question


def options(question: Question) -> dict[str, int]:
    """Option ids by code (resolutions) or by label (choices and candidates)."""
    return {(o.code or o.label): o.pk for o in Option.objects.filter(question=question)}


def vote(
    b: Ballot,
    member: Member,
    question: Question,
    *picks: str,
    channel: str = "room",
    actor: User | None = None,
) -> str:
    """Cast one member's vote on one question by option codes/labels (in the room unless
    `channel` says otherwise); returns the receipt code."""
    ids = options(question)
    return services.ballot_cast(
        ballot=b,
        member=member,
        selections={question.pk: [ids[p] for p in picks]},
        channel=channel,
        actor=actor,
    )


def unweighted_cooperative(slug: str = "plain-coop") -> Organisation:
    """A co-op whose rules give no class a fixed share or a cap (a show of hands can decide
    its votes), with proxies allowed (at most 2 per holder)."""
    org = membership_services.organisation_create(
        slug=slug,
        name="Plain Co-operative",
        kind=Organisation.Kind.COOPERATIVE,
        registered_office="2 Heol y Bont\nMachynlleth",
        registered_on=mf.FOUNDED,
        registered_number=f"RS9{slug[:5]}",
        actor=None,
    )
    membership_services.rules_version_create(
        organisation=org,
        effective_from=mf.FOUNDED,
        title="Rules as registered",
        rule_numbers={"proxy_limit": "21", "proxies_allowed": "21"},
        proxies_allowed=True,
        proxy_limit=2,
        chair_casting_vote=True,
        actor=None,
    )
    share = membership_services.share_class_create(
        organisation=org,
        code="membership",
        name="Membership shares",
        nominal_value_pence=100,
        is_withdrawable=False,
        is_transferable=False,
        qualifies_for_membership=True,
        minimum_shares=1,
        maximum_shares=1,
        actor=None,
    )
    for position, code in enumerate(("users", "workers", "supporters")):
        membership_services.member_class_create(
            organisation=org,
            code=code,
            name=code.title(),
            position=position,
            share_classes=[share],
            actor=None,
        )
    return org


def organisation_member(org: Organisation, name: str = "Cwmni Gofal") -> Member:
    """A member that is an organisation (a consortium's member co-op)."""
    return mf.member(org, name=name, kind=Member.Kind.ORGANISATION)


# --- Papers, as a test may read them -------------------------------------------------------


def opened_papers(b: Ballot) -> list[sealing.Content]:
    """An open secret ballot's sealed papers, opened with its key (as only closing does)."""
    wrapped = BallotKey.objects.get(ballot=b).wrapped
    assert wrapped is not None
    sealer = sealing.Sealer(b.pk, sealing.unwrap(b.pk, bytes(wrapped)))
    return [
        sealing.decode(sealer.open(bytes(s)))
        for s in SealedPaper.objects.filter(ballot=b).values_list("sealed", flat=True)
    ]


def slip_in(b: Ballot, content: sealing.Content) -> None:
    """A paper sealed with the ballot's key outside the services (as only someone holding both
    the key-encryption key and the database could)."""
    key = BallotKey.objects.get(ballot=b)
    assert key.wrapped is not None
    sealer = sealing.Sealer(b.pk, sealing.unwrap(b.pk, bytes(key.wrapped)))
    SealedPaper.objects.create(
        ballot_id=b.pk, sealed=sealer.seal(sealing.encode(content, key.paper_length))
    )


def sealed_rows(b: Ballot) -> list[bytes]:
    return sorted(
        bytes(s) for s in SealedPaper.objects.filter(ballot=b).values_list("sealed", flat=True)
    )


def choices_cast(b: Ballot, question: Question) -> list[list[int]]:
    """The choices on `question` of every paper cast so far (sealed or recorded), sorted."""
    if b.is_secret and BallotKey.objects.filter(ballot=b).exists():
        return sorted(list(p.choices[question.pk]) for p in opened_papers(b))
    return sorted(
        BallotPaper.objects.filter(ballot=b, question=question).values_list("choices", flat=True)
    )


def paper_count(b: Ballot) -> int:
    """How many papers (one per voter per question) the ballot holds: counted at close,
    sealed while open, or recorded."""
    counted = CountedPaper.objects.filter(ballot=b).values_list("count", flat=True)
    if counted:
        return sum(counted)
    if BallotKey.objects.filter(ballot=b, wrapped__isnull=False).exists():
        return sum(len(p.choices) for p in opened_papers(b))
    return BallotPaper.objects.filter(ballot=b).count()


def counted(b: Ballot, question: Question) -> dict[tuple[int | None, tuple[int, ...]], int]:
    """A closed ballot's multiset on `question`: (member class, choices) → papers."""
    return {
        (c, tuple(choices)): n
        for c, choices, n in CountedPaper.objects.filter(ballot=b, question=question).values_list(
            "member_class_id", "choices", "count"
        )
    }


# --- Refusals: the field, the message, and nothing changed ---------------------------------


def state(b: Ballot | None = None) -> dict[str, Any]:
    """Everything a refused voting call must leave as it was."""
    papers = BallotPaper.objects.all()
    sealed = SealedPaper.objects.all()
    counted = CountedPaper.objects.all()
    if b is not None:
        papers, sealed, counted = (
            papers.filter(ballot=b),
            sealed.filter(ballot=b),
            counted.filter(ballot=b),
        )
    return {
        "papers": sorted(str(pk) for pk in papers.values_list("id", flat=True)),
        "sealed": sorted(bytes(s) for s in sealed.values_list("sealed", flat=True)),
        "counted": sorted(counted.values_list("id", "count")),
        "keys": sorted(
            (k, bytes(w) if w is not None else None)
            for k, w in BallotKey.objects.values_list("ballot_id", "wrapped")
        ),
        "receipts": Receipt.objects.count(),
        "voted": Participation.objects.filter(has_voted=True).count(),
        "participations": Participation.objects.count(),
        "audit": AuditEvent.objects.count(),
        "proxies": sorted(Proxy.objects.values_list("id", "status", "holder_present")),
        "hands": HandCount.objects.count(),
        "ballots": sorted(Ballot.objects.values_list("id", "status")),
        "results": sorted((q.pk, repr(q.result), q.casting_vote) for q in Question.objects.all()),
        "questions": Question.objects.count(),
        "options": Option.objects.count(),
    }


@contextmanager
def refused(field: str, *fragments: str) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect the block to raise a ValidationError about `field` alone, whose message
    contains each of `fragments`, and to change nothing of voting or the audit trail."""
    before = state()
    with pytest.raises(ValidationError) as info:
        yield info
    errors = info.value.message_dict
    assert list(errors) == [field], errors
    message = " ".join(errors[field])
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert state() == before


def assert_cast_event(
    event: AuditEvent,
    *,
    ballot: Ballot,
    member: Member,
    channel: str,
    actor: User | None,
    secrets: Sequence[object] = (),
) -> None:
    """A cast's audit event says who voted, in which ballot, by which channel, and nothing
    else: no choice, no paper, no receipt (`secrets` are paper ids and receipt codes that
    must appear nowhere in it)."""
    assert event.action == "ballot.cast"
    assert event.after == {"ballot": ballot.pk, "member": member.number, "channel": channel}
    assert event.before is None
    assert event.reason == ""
    assert event.object_type == "voting.participation"
    assert event.actor_id == (actor.pk if actor is not None else None)
    assert event.organisation_id == ballot.organisation_id
    stored = json.dumps([event.before, event.after, event.object_id, event.object_repr])
    for secret in secrets:
        assert str(secret) not in stored, (secret, stored)
