"""Setting up a ballot while it is being prepared: the ballot, its questions, their options
and reserved seats, and when it opens and closes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_lengths
from coop.core.models import User
from coop.core.validation import fail
from membership.models import MemberClass, Organisation, ResolutionType
from membership.selectors import rules_in_force_on
from voting import rules
from voting.limits import LIMITS
from voting.models import Ballot, Option, Question, Reservation
from voting.services._common import lock_ballot

RESOLUTION_OPTIONS = (
    (rules.FOR, "For", "O blaid"),
    (rules.AGAINST, "Against", "Yn erbyn"),
    (rules.ABSTAIN, "Abstain", "Ymatal"),
)


def _draft(ballot: Ballot) -> Ballot:
    ballot = lock_ballot(ballot.pk)
    if ballot.status != Ballot.Status.DRAFT:
        raise fail(
            "status", _("The ballot is no longer being prepared: its questions cannot change.")
        )
    return ballot


@transaction.atomic
def ballot_create(
    *,
    organisation: Organisation,
    title: str,
    record_date: dt.date,
    title_cy: str = "",
    description: str = "",
    description_cy: str = "",
    is_secret: bool = True,
    eligible_classes: Iterable[MemberClass] = (),
    allow_online: bool = True,
    allow_in_room: bool = False,
    allow_proxy: bool = False,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    actor: User | None,
) -> Ballot:
    """Prepare a ballot (draft): questions are added next, then it opens."""
    if not title.strip():
        raise fail("title", _("Give the ballot a title."))
    check_lengths(
        {
            "title": title.strip(),
            "title_cy": title_cy.strip(),
            "description": description,
            "description_cy": description_cy,
        },
        LIMITS,
    )
    if record_date < organisation.registered_on:
        raise fail(
            "record_date", _("The record date cannot be before the organisation was registered.")
        )
    classes = list(eligible_classes)
    for member_class in classes:
        if member_class.organisation_id != organisation.pk:
            raise fail("eligible_classes", _("Choose member classes of this organisation."))
    if allow_proxy:
        version = rules_in_force_on(organisation, record_date)
        if version is None or not version.proxies_allowed:
            raise fail(
                "allow_proxy",
                _("The rules do not allow proxy votes (%(rule)s).")
                % {"rule": version.cite("proxies_allowed") if version else "–"},
            )
    if opens_at and closes_at and closes_at <= opens_at:
        raise fail("closes_at", _("The ballot must close after it opens."))
    ballot = Ballot(
        organisation=organisation,
        title=title.strip(),
        title_cy=title_cy.strip(),
        description=description,
        description_cy=description_cy,
        is_secret=is_secret,
        record_date=record_date,
        allow_online=allow_online,
        allow_in_room=allow_in_room,
        allow_proxy=allow_proxy,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor if actor is not None and actor.pk else None,
    )
    ballot.full_clean()
    ballot.save()
    ballot.eligible_classes.set(classes)
    audit(
        actor=actor,
        action="ballot.create",
        obj=ballot,
        after={**snapshot(ballot), "eligible_classes": [c.code for c in classes]},
    )
    return ballot


@transaction.atomic
def question_add(
    *,
    ballot: Ballot,
    kind: str,
    text: str,
    text_cy: str = "",
    resolution_type: ResolutionType | None = None,
    seats: int = 1,
    method: str = Question.Method.PLURALITY,
    actor: User | None,
) -> Question:
    """Add a question. A resolution gets its three options (for, against, abstain)."""
    ballot = _draft(ballot)
    if kind not in Question.Kind.values:
        raise fail("kind", _("Choose a kind of question."))
    if not text.strip():
        raise fail("text", _("Enter the question."))
    check_lengths({"text": text.strip(), "text_cy": text_cy.strip()}, LIMITS)
    if kind == Question.Kind.RESOLUTION:
        if resolution_type is None:
            raise fail("resolution_type", _("Choose the type of resolution the rules define."))
        if resolution_type.rules_version.organisation_id != ballot.organisation_id:
            raise fail(
                "resolution_type", _("Choose a resolution type of this organisation's rules.")
            )
        seats = 1
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise fail("seats", _("Enter the number of places to fill: 1 or more."))
    position = ballot.questions.count() + 1
    question = Question(
        ballot=ballot,
        position=position,
        kind=kind,
        text=text.strip(),
        text_cy=text_cy.strip(),
        resolution_type=resolution_type,
        seats=seats,
        method=method,
    )
    question.full_clean()
    question.save()
    if kind == Question.Kind.RESOLUTION:
        Option.objects.bulk_create(
            [
                Option(question=question, position=i, code=code, label=label, label_cy=label_cy)
                for i, (code, label, label_cy) in enumerate(RESOLUTION_OPTIONS, start=1)
            ]
        )
    audit(actor=actor, action="ballot.question_add", obj=ballot, after=snapshot(question))
    return question


@transaction.atomic
def option_add(
    *,
    question: Question,
    label: str,
    label_cy: str = "",
    member_class: MemberClass | None = None,
    statement: str = "",
    statement_cy: str = "",
    actor: User | None,
) -> Option:
    """Add a choice or a candidate to a question (not to a resolution)."""
    _draft(question.ballot)
    if question.kind == Question.Kind.RESOLUTION:
        raise fail("question", _("A resolution's options are fixed: for, against, abstain."))
    if not label.strip():
        raise fail("label", _("Enter the name of the choice or candidate."))
    check_lengths(
        {
            "label": label.strip(),
            "label_cy": label_cy.strip(),
            "statement": statement,
            "statement_cy": statement_cy,
        },
        LIMITS,
    )
    if question.options.filter(label__iexact=label.strip()).exists():
        raise fail("label", _("This name is already on the list."))
    if member_class is not None and member_class.organisation_id != question.ballot.organisation_id:
        raise fail("member_class", _("Choose a member class of this organisation."))
    option = Option(
        question=question,
        position=question.options.count() + 1,
        label=label.strip(),
        label_cy=label_cy.strip(),
        member_class=member_class,
        statement=statement,
        statement_cy=statement_cy,
    )
    option.full_clean()
    option.save()
    audit(actor=actor, action="ballot.option_add", obj=question.ballot, after=snapshot(option))
    return option


@transaction.atomic
def reservation_set(
    *, question: Question, member_class: MemberClass, seats: int, actor: User | None
) -> Reservation:
    """Reserve seats of an STV election for candidates of a member class."""
    _draft(question.ballot)
    if question.kind != Question.Kind.STV:
        raise fail("question", _("Seats can be reserved only in an STV election."))
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise fail("seats", _("Reserve 1 or more seats."))
    others = sum(r.seats for r in question.reservations.exclude(member_class=member_class))
    if others + seats > question.seats:
        raise fail(
            "seats",
            _("Reserved seats (%(total)s) cannot be more than the seats to fill (%(seats)s).")
            % {"total": others + seats, "seats": question.seats},
        )
    reservation, _created = Reservation.objects.update_or_create(
        question=question, member_class=member_class, defaults={"seats": seats}
    )
    audit(
        actor=actor,
        action="ballot.reservation_set",
        obj=question.ballot,
        after={"question": question.pk, "member_class": member_class.code, "seats": seats},
    )
    return reservation


@transaction.atomic
def ballot_schedule(
    *,
    ballot: Ballot,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    actor: User | None,
) -> Ballot:
    """Set when the ballot opens and closes by itself (background tasks do it)."""
    from voting.tasks import schedule_ballot

    ballot = lock_ballot(ballot.pk)
    if ballot.status not in (Ballot.Status.DRAFT, Ballot.Status.OPEN):
        raise fail("status", _("Only a ballot being prepared or open can be rescheduled."))
    if ballot.status == Ballot.Status.OPEN and opens_at != ballot.opens_at:
        raise fail("opens_at", _("The ballot is already open."))
    now = timezone.now()
    if opens_at is not None and ballot.status == Ballot.Status.DRAFT and opens_at < now:
        raise fail("opens_at", _("The opening time is in the past."))
    if closes_at is not None and closes_at <= now:
        raise fail("closes_at", _("The closing time is in the past."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise fail("closes_at", _("The ballot must close after it opens."))
    before = snapshot(ballot, ["opens_at", "closes_at"])
    ballot.opens_at, ballot.closes_at = opens_at, closes_at
    ballot.save(update_fields=["opens_at", "closes_at", "updated_at"])
    audit(
        actor=actor,
        action="ballot.schedule",
        obj=ballot,
        before=before,
        after=snapshot(ballot, ["opens_at", "closes_at"]),
    )
    transaction.on_commit(lambda: schedule_ballot(ballot.pk))
    return ballot
