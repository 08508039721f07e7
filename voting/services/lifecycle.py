"""A ballot's life after it is set up: opening it (freezing the electorate from the register),
publishing its results, or cancelling it. Closing and counting are in `closing`."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_lengths
from coop.core.models import User
from coop.core.validation import fail
from membership.models import Member
from membership.selectors import holdings_for_members, rules_in_force_on
from voting import rules
from voting.limits import LIMITS
from voting.models import Ballot, Participation, Question
from voting.services import papers as paper_store
from voting.services._common import check_ballot_transition, lock_ballot


def _check_ready(ballot: Ballot) -> None:
    questions = list(ballot.questions.prefetch_related("options", "reservations"))
    if not questions:
        raise fail("questions", _("Add at least one question before opening the ballot."))
    for question in questions:
        live = [o for o in question.options.all() if not o.is_withdrawn]
        if question.kind != Question.Kind.RESOLUTION and len(live) < 2:
            raise fail(
                "questions",
                _("Question %(n)s needs at least two choices or candidates.")
                % {"n": question.position},
            )
        if question.kind == Question.Kind.STV and question.seats >= len(live):
            raise fail(
                "questions",
                _(
                    "Question %(n)s has %(c)s candidates for %(s)s seats: "
                    "there is no contest to count."
                )
                % {"n": question.position, "c": len(live), "s": question.seats},
            )


def _electorate(ballot: Ballot) -> list[Participation]:
    """One participation per member on the register at the record date, or a member now:
    eligible or not, with the reason (frozen when the ballot opens)."""
    organisation = ballot.organisation
    day = ballot.record_date
    version = ballot.rules_version
    assert version is not None
    qualifying = list(organisation.share_classes.filter(qualifies_for_membership=True))
    required = version.minimum_shares * min((c.nominal_value_pence for c in qualifying), default=0)
    qualifying_ids = {c.pk for c in qualifying}
    holdings = holdings_for_members(organisation, None, day)
    allowed = set(ballot.eligible_classes.values_list("pk", flat=True))
    members = (
        Member.objects.filter(organisation=organisation).filter(
            pk__in=Member.objects.filter(organisation=organisation).members_on(day).values("pk")
        )
        | Member.objects.filter(organisation=organisation).current()
    )
    rows = []
    for member in members.distinct().order_by("number"):
        paid = sum(
            h.paid_pence for cls, h in holdings.get(member.pk, {}).items() if cls in qualifying_ids
        )
        facts = rules.VoterFacts(
            entered_by_record_date=member.entered_on <= day,
            ceased_by_record_date=(member.ceased_on is not None and member.ceased_on <= day)
            or member.status == Member.Status.CEASED,
            suspended=member.status == Member.Status.SUSPENDED,
            paid_qualifying_pence=paid,
            required_paid_pence=required,
            age=member.age_on(day) if member.kind == Member.Kind.PERSON else None,
            minimum_age=version.minimum_age,
            class_may_vote=not allowed or member.member_class_id in allowed,
        )
        reason = rules.ineligibility(facts)
        rows.append(
            Participation(
                ballot=ballot,
                member=member,
                member_class_id=member.member_class_id,
                is_eligible=not reason,
                ineligible_reason=reason,
            )
        )
    return rows


@transaction.atomic
def ballot_open(*, ballot: Ballot, actor: User | None) -> Ballot:
    """Open the ballot: fix the rules and the seed for lots, and freeze the electorate from
    the register as at the record date."""
    from voting.tasks import send_ballot_open_emails

    ballot = lock_ballot(ballot.pk)
    check_ballot_transition(ballot, Ballot.Status.OPEN)
    if ballot.record_date > timezone.localdate():
        raise fail(
            "record_date",
            _(
                "The record date (%(day)s) is in the future: the "
                "electorate can be taken only from the register as it "
                "stands."
            )
            % {"day": date_format(ballot.record_date)},
        )
    _check_ready(ballot)
    version = rules_in_force_on(ballot.organisation, ballot.record_date)
    if version is None:
        raise fail("record_date", _("No rules are recorded for the record date."))
    if ballot.allow_proxy and not version.proxies_allowed:
        raise fail(
            "allow_proxy",
            _("The rules do not allow proxy votes (%(rule)s).")
            % {"rule": version.cite("proxies_allowed")},
        )
    ballot.rules_version = version
    ballot.stv_seed = ballot.stv_seed or secrets.token_hex(8)
    electorate = _electorate(ballot)
    Participation.objects.bulk_create(electorate, batch_size=2000)
    ballot.electorate_count = sum(1 for p in electorate if p.is_eligible)
    ballot.status = Ballot.Status.OPEN
    ballot.opened_at = timezone.now()
    ballot.save()
    if ballot.is_secret:
        paper_store.issue_key(ballot)
    audit(
        actor=actor,
        action="ballot.open",
        obj=ballot,
        after={
            "status": ballot.status,
            "electorate": ballot.electorate_count,
            "rules_version": version.pk,
            "seed": ballot.stv_seed,
        },
    )
    transaction.on_commit(lambda: send_ballot_open_emails.enqueue(ballot.pk))
    return ballot


@transaction.atomic
def ballot_publish(*, ballot: Ballot, actor: User | None) -> Ballot:
    """Publish the results of a closed ballot to the members."""
    from voting.tasks import send_results_emails

    ballot = lock_ballot(ballot.pk)
    check_ballot_transition(ballot, Ballot.Status.PUBLISHED)
    waiting = [
        q.position
        for q in ballot.questions.all()
        if (q.result or {}).get("outcome") == rules.AWAITING_CASTING_VOTE
    ]
    if waiting:
        raise fail(
            "casting_vote",
            _("Question %(n)s is tied: record the chair's casting vote first.") % {"n": waiting[0]},
        )
    ballot.status = Ballot.Status.PUBLISHED
    ballot.published_at = timezone.now()
    ballot.save(update_fields=["status", "published_at", "updated_at"])
    audit(actor=actor, action="ballot.publish", obj=ballot, after={"status": ballot.status})
    transaction.on_commit(lambda: send_results_emails.enqueue(ballot.pk))
    return ballot


@transaction.atomic
def ballot_cancel(*, ballot: Ballot, reason: str, actor: User | None) -> Ballot:
    """Cancel a ballot being prepared or open (no results are counted)."""
    ballot = lock_ballot(ballot.pk)
    check_ballot_transition(ballot, Ballot.Status.CANCELLED)
    if not reason.strip():
        raise fail("reason", _("Give the reason the ballot is cancelled."))
    check_lengths({"reason": reason}, LIMITS)
    before = snapshot(ballot, ["status"])
    ballot.status = Ballot.Status.CANCELLED
    ballot.save(update_fields=["status", "updated_at"])
    if ballot.is_secret:
        paper_store.destroy(ballot)  # no count will ever open its papers
    audit(
        actor=actor,
        action="ballot.cancel",
        obj=ballot,
        before=before,
        after={"status": ballot.status},
        reason=reason,
    )
    return ballot
