"""The work of a bid: capacity, prices, answers (with versions and limits), the answer
library, evidence, social value figures and sign-off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from membership.models import Member, Organisation
from tendering import rules
from tendering.models import (
    Answer,
    AnswerVersion,
    BidParticipant,
    CapacityDeclaration,
    Commitment,
    Evidence,
    JointBid,
    LibraryAnswer,
    Lot,
    PriceLine,
    SignOff,
    SocialValueFigure,
    TenderQuestion,
)
from tendering.services._common import check_editable, check_hours, check_pence, fail, lock_bid


@transaction.atomic
def capacity_declare(
    *, consortium: Organisation, member: Member, hours_per_week: Decimal | str, actor: User | None
) -> CapacityDeclaration:
    """A member co-op declares the care hours a week it can deliver across all bids."""
    if member.organisation_id != consortium.pk:
        raise fail("member", _("Choose a member co-op of the consortium."))
    hours = check_hours(hours_per_week, "hours_per_week")
    declaration = CapacityDeclaration.objects.create(
        consortium=consortium, member=member, hours_per_week=hours, declared_on=timezone.localdate()
    )
    audit(
        actor=actor,
        action="bid.capacity_declare",
        obj=member,
        organisation_id=consortium.pk,
        after={"hours_per_week": hours},
    )
    return declaration


def _approved(participant: BidParticipant) -> None:
    if participant.status != BidParticipant.Status.APPROVED:
        raise fail(
            "participant",
            _("%(name)s has not approved the bid.") % {"name": participant.member.name},
        )
    if participant.member.status != Member.Status.ACTIVE:
        raise fail(
            "participant",
            _("%(name)s is not a member in good standing.") % {"name": participant.member.name},
        )


@transaction.atomic
def commitment_set(
    *,
    participant: BidParticipant,
    lot: Lot,
    hours_per_week: Decimal | str,
    role: str = Lot.Role.PRIMARY,
    staff_count: int = 0,
    base: str = "",
    ciw_registration: str = "",
    actor: User | None,
) -> Commitment:
    """A member co-op commits hours a week to a lot (replacing an earlier commitment). Refused
    for a lot not in the tender, beyond the lots one bidder may bid for, outside the co-op's
    approved lots or above its approved hours."""
    bid = lock_bid(participant.bid)
    participant = (
        BidParticipant.objects.select_for_update().select_related("member").get(pk=participant.pk)
    )
    check_editable(bid)
    _approved(participant)
    if lot.opportunity_id != bid.opportunity_id:
        raise fail("lot", _("Lot %(n)s is not in this tender.") % {"n": lot.number})
    hours = check_hours(hours_per_week, "hours_per_week")
    if role not in Lot.Role.values:
        raise fail("role", _("Choose primary or secondary provider."))
    allowed = set(participant.allowed_lots.values_list("pk", flat=True))
    if allowed and lot.pk not in allowed:
        raise fail(
            "lot",
            _("%(name)s approved the bid only for other lots (its conditions: %(conditions)s).")
            % {"name": participant.member.name, "conditions": participant.conditions or "–"},
        )
    others = Commitment.objects.filter(participant=participant).exclude(lot=lot)
    total = sum((c.hours_per_week for c in others), Decimal(0)) + hours
    if participant.max_hours_per_week is not None and total > participant.max_hours_per_week:
        raise fail(
            "hours_per_week",
            _("%(name)s approved at most %(max)s hours a week; this makes %(total)s.")
            % {
                "name": participant.member.name,
                "max": participant.max_hours_per_week,
                "total": total,
            },
        )
    limit = bid.opportunity.max_lots_per_bidder
    lots_bid = set(bid.commitments.values_list("lot_id", flat=True)) | {lot.pk}
    if limit is not None and len(lots_bid) > limit:
        raise fail("lot", _("The tender allows a bidder at most %(n)s lots.") % {"n": limit})
    commitment, created = Commitment.objects.update_or_create(
        participant=participant,
        lot=lot,
        defaults={
            "bid": bid,
            "hours_per_week": hours,
            "role": role,
            "staff_count": staff_count,
            "base": base.strip(),
            "ciw_registration": ciw_registration.strip(),
        },
    )
    audit(
        actor=actor,
        action="bid.commitment_set",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={
            "member": participant.member.name,
            "lot": lot.number,
            "hours": hours,
            "role": role,
            "created": created,
        },
    )
    return commitment


@transaction.atomic
def commitment_remove(*, commitment: Commitment, actor: User | None) -> None:
    bid = lock_bid(commitment.bid)
    check_editable(bid)
    audit(
        actor=actor,
        action="bid.commitment_remove",
        obj=bid,
        organisation_id=bid.consortium_id,
        before={
            "member": commitment.participant.member.name,
            "lot": commitment.lot.number,
            "hours": commitment.hours_per_week,
        },
    )
    commitment.delete()


@transaction.atomic
def price_line_set(
    *,
    participant: BidParticipant,
    lot: Lot,
    pay_pence: int,
    on_costs_pence: int = 0,
    travel_pence: int = 0,
    overhead_pence: int = 0,
    margin_pence: int = 0,
    rate_type: str = PriceLine.RateType.STANDARD,
    actor: User | None,
) -> PriceLine:
    """A member's cost build-up for a lot (pence an hour). Pay below the bid's floor is
    refused; the consolidated rate is checked against the lot's ceiling at the gates."""
    bid = lock_bid(participant.bid)
    participant = BidParticipant.objects.select_related("member").get(pk=participant.pk)
    check_editable(bid)
    _approved(participant)
    if lot.opportunity_id != bid.opportunity_id:
        raise fail("lot", _("Lot %(n)s is not in this tender.") % {"n": lot.number})
    if rate_type not in PriceLine.RateType.values:
        raise fail("rate_type", _("Choose a rate type."))
    values = {
        name: check_pence(value, name, allow_zero=name != "pay_pence")
        for name, value in (
            ("pay_pence", pay_pence),
            ("on_costs_pence", on_costs_pence),
            ("travel_pence", travel_pence),
            ("overhead_pence", overhead_pence),
            ("margin_pence", margin_pence),
        )
    }
    if values["pay_pence"] < bid.pay_floor_pence:
        raise fail(
            "pay_pence",
            _("Pay of %(pay)sp an hour is below the bid's floor of %(floor)sp.")
            % {"pay": values["pay_pence"], "floor": bid.pay_floor_pence},
        )
    line, _created = PriceLine.objects.update_or_create(
        participant=participant, lot=lot, rate_type=rate_type, defaults={"bid": bid, **values}
    )
    rate = line.rate_pence
    if lot.rate_ceiling_pence is not None and rate > lot.rate_ceiling_pence:
        raise fail(
            "margin_pence",
            _("This member's rate (%(rate)sp an hour) is above the lot's ceiling of %(ceiling)sp.")
            % {"rate": rate, "ceiling": lot.rate_ceiling_pence},
        )
    # Member costs are private to the lead and that member: the audit keeps only the total.
    audit(
        actor=actor,
        action="bid.price_set",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={
            "member": participant.member.name,
            "lot": lot.number,
            "rate_type": rate_type,
            "rate_pence": rate,
        },
    )
    return line


def _version(answer: Answer, actor: User | None, note: str = "") -> AnswerVersion:
    number = (answer.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return AnswerVersion.objects.create(
        answer=answer,
        number=number,
        text=answer.text,
        text_cy=answer.text_cy,
        status=answer.status,
        saved_by=actor if actor and actor.pk else None,
        note=note[:300],
    )


def _applies(question: TenderQuestion, participant: BidParticipant | None) -> None:
    if question.answered_by == TenderQuestion.AnsweredBy.EACH_MEMBER and participant is None:
        raise fail("participant", _("Each member co-op answers this question: choose which."))
    if question.answered_by != TenderQuestion.AnsweredBy.EACH_MEMBER and participant is not None:
        raise fail("participant", _("The consortium answers this question once."))


@transaction.atomic
def answer_assign(
    *,
    bid: JointBid,
    question: TenderQuestion,
    author: User | None,
    due_on: dt.date | None = None,
    participant: BidParticipant | None = None,
    actor: User | None,
) -> Answer:
    """Give a question (for a member co-op, where each answers) to an author with a due date."""
    bid = lock_bid(bid)
    if question.opportunity_id != bid.opportunity_id:
        raise fail("question", _("That question is not in this tender."))
    _applies(question, participant)
    if participant is not None and participant.bid_id != bid.pk:
        raise fail("participant", _("Choose a co-op taking part in this bid."))
    if due_on is not None and due_on > timezone.localdate(bid.opportunity.submission_deadline):
        raise fail("due_on", _("The due date must be before the buyer's deadline."))
    answer, _created = Answer.objects.select_for_update().get_or_create(
        bid=bid, question=question, participant=participant
    )
    before = snapshot(answer, ["author", "due_on"])
    answer.author = author
    answer.due_on = due_on
    answer.save()
    audit(
        actor=actor,
        action="bid.answer_assign",
        obj=bid,
        organisation_id=bid.consortium_id,
        before=before,
        after={
            "question": question.number,
            "author": author.email if author else None,
            "due_on": due_on,
        },
    )
    return answer


@transaction.atomic
def answer_save(
    *, answer: Answer, text: str, text_cy: str = "", pages: int | None = None, actor: User | None
) -> Answer:
    """Save a draft (a new version). Refused over the question's limit, or on an approved
    answer that has not been reopened."""
    answer = Answer.objects.select_for_update().select_related("question", "bid").get(pk=answer.pk)
    check_editable(lock_bid(answer.bid))
    if answer.status == Answer.Status.APPROVED:
        raise fail("text", _("This answer has been approved: reopen it before editing."))
    if answer.status == Answer.Status.IN_REVIEW:
        raise fail("text", _("This answer is in review: send it back to draft before editing."))
    question = answer.question
    for field, value in (("text", text), ("text_cy", text_cy)):
        if value and not rules.within_limit(value, question.limit_kind, question.limit, pages):
            raise fail(
                field,
                _("This answer is %(count)s %(unit)s; the limit is %(limit)s.")
                % {
                    "count": rules.measure(value, question.limit_kind, pages),
                    "unit": question.get_limit_kind_display().lower(),
                    "limit": question.limit,
                },
            )
    answer.text, answer.text_cy, answer.pages = text, text_cy, pages
    answer.status = Answer.Status.DRAFT
    answer.author = answer.author or actor
    answer.save()
    _version(answer, actor)
    audit(
        actor=actor,
        action="bid.answer_save",
        obj=answer.bid,
        organisation_id=answer.bid.consortium_id,
        after={"question": question.number, "words": rules.word_count(text)},
    )
    return answer


def _answer_transition(answer: Answer, to: str, actor: User | None, note: str = "") -> Answer:
    if to not in Answer.TRANSITIONS[answer.status]:
        raise fail(
            "status",
            _("An answer that is “%(now)s” cannot become “%(to)s”.")
            % {"now": answer.get_status_display(), "to": Answer.Status(to).label},
        )
    before = answer.status
    answer.status = to
    answer.save(update_fields=["status", "reopened_reason", "updated_at"])
    _version(answer, actor, note)
    audit(
        actor=actor,
        action=f"bid.answer_{to}",
        obj=answer.bid,
        organisation_id=answer.bid.consortium_id,
        before={"status": before},
        after={"question": answer.question.number, "status": to},
        reason=note,
    )
    return answer


@transaction.atomic
def answer_submit_for_review(*, answer: Answer, actor: User | None) -> Answer:
    answer = Answer.objects.select_for_update().select_related("question", "bid").get(pk=answer.pk)
    check_editable(lock_bid(answer.bid))
    if not answer.text.strip() and answer.question.kind != TenderQuestion.Kind.UPLOAD:
        raise fail("text", _("Write the answer before sending it for review."))
    if (
        answer.bid.opportunity.needs_welsh
        and not answer.text_cy.strip()
        and answer.question.kind != TenderQuestion.Kind.UPLOAD
    ):
        raise fail("text_cy", _("The buyer needs answers in Welsh too."))
    return _answer_transition(answer, Answer.Status.IN_REVIEW, actor)


@transaction.atomic
def answer_review(*, answer: Answer, approve: bool, note: str = "", actor: User | None) -> Answer:
    """Approve an answer, or send it back to draft with a note."""
    answer = Answer.objects.select_for_update().select_related("question", "bid").get(pk=answer.pk)
    check_editable(lock_bid(answer.bid))
    if not approve and not note.strip():
        raise fail("note", _("Say what needs changing."))
    return _answer_transition(
        answer, Answer.Status.APPROVED if approve else Answer.Status.DRAFT, actor, note
    )


@transaction.atomic
def answer_reopen(*, answer: Answer, reason: str, actor: User | None) -> Answer:
    """Reopen an approved answer for editing; every sign-off of the bid stops being valid."""
    answer = Answer.objects.select_for_update().select_related("bid").get(pk=answer.pk)
    bid = lock_bid(answer.bid)
    if bid.status not in JointBid.EDITABLE | {"final_signoff", "ready"}:
        raise fail("bid", _("This bid can no longer be changed."))
    if not reason.strip():
        raise fail("reason", _("Give the reason for reopening."))
    answer.reopened_reason = reason.strip()
    _answer_transition(answer, Answer.Status.DRAFT, actor, reason)
    SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
        invalidated_at=timezone.now(), invalidated_reason=_("An answer was reopened")
    )
    if bid.status in (JointBid.Status.FINAL_SIGNOFF, JointBid.Status.READY):
        from tendering.services.bids import _set_status

        _set_status(bid, JointBid.Status.DRAFTING, actor, reason)
    return answer


@transaction.atomic
def library_add(
    *,
    organisation: Organisation,
    title: str,
    text: str,
    review_by: dt.date,
    text_cy: str = "",
    tags: str = "",
    actor: User | None,
) -> LibraryAnswer:
    if not title.strip():
        raise fail("title", _("Give the entry a title."))
    if not text.strip():
        raise fail("text", _("Write the text."))
    if review_by <= timezone.localdate():
        raise fail("review_by", _("The review date must be in the future."))
    entry = LibraryAnswer.objects.create(
        organisation=organisation,
        title=title.strip(),
        text=text.strip(),
        text_cy=text_cy.strip(),
        tags=tags.strip(),
        review_by=review_by,
        owner=actor if actor and actor.pk else None,
    )
    audit(
        actor=actor,
        action="library.add",
        obj=entry,
        organisation_id=organisation.pk,
        after={"title": entry.title, "review_by": review_by},
    )
    return entry


@transaction.atomic
def library_use(*, answer: Answer, entry: LibraryAnswer, actor: User | None) -> Answer:
    """Start (or replace) a draft answer from a library entry still in date."""
    if entry.review_by < timezone.localdate():
        raise fail(
            "entry",
            _("“%(title)s” was due for review on %(day)s: review it before reusing it.")
            % {"title": entry.title, "day": entry.review_by},
        )
    if entry.organisation_id not in (
        answer.bid.consortium_id,
        *answer.bid.participants.filter(member__member_organisation__isnull=False).values_list(
            "member__member_organisation_id", flat=True
        ),
    ):
        raise fail("entry", _("Choose an entry of the consortium's or a member co-op's library."))
    return answer_save(answer=answer, text=entry.text, text_cy=entry.text_cy, actor=actor)


@transaction.atomic
def evidence_add(
    *,
    bid: JointBid,
    title: str,
    file: File,
    participant: BidParticipant | None = None,
    question: TenderQuestion | None = None,
    actor: User | None,
) -> Evidence:
    bid = lock_bid(bid)
    check_editable(bid)
    if not title.strip():
        raise fail("title", _("Give the evidence a title."))
    if file is None or not getattr(file, "size", 0):
        raise fail("file", _("Choose a file that is not empty."))
    if file.size > 20 * 1024 * 1024:
        raise fail("file", _("The file is larger than 20 MB."))
    evidence = Evidence(
        bid=bid,
        title=title.strip(),
        participant=participant,
        question=question,
        uploaded_by=actor if actor and actor.pk else None,
    )
    evidence.file.save(file.name or "evidence", file, save=False)
    evidence.save()
    audit(
        actor=actor,
        action="bid.evidence_add",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"title": evidence.title, "file": evidence.file.name},
    )
    return evidence


SOCIAL_VALUE_CLASSES = {
    "users": ("service_users", "Members who are service users or carers"),
    "workers": ("worker_members", "Members who are workers"),
}


@transaction.atomic
def social_value_compute(
    *, bid: JointBid, stated_on: dt.date, actor: User | None
) -> list[SocialValueFigure]:
    """Draw social value figures from each participating co-op's register as at a date:
    the share of members in each class, and board seats held by each class (with numerator
    and denominator). Co-ops whose register is not kept in Cyd are skipped."""
    from membership.selectors import officers_current, register_counts

    bid = lock_bid(bid)
    if stated_on > timezone.localdate():
        raise fail("stated_on", _("The date cannot be in the future."))
    SocialValueFigure.objects.filter(bid=bid).delete()
    made = []
    for participant in bid.participants.filter(
        status=BidParticipant.Status.APPROVED
    ).select_related("member__member_organisation"):
        coop = participant.member.member_organisation
        if coop is None:
            continue
        counts = register_counts(coop, stated_on)
        total = sum(counts.values())
        for member_class in coop.member_classes.all():
            made.append(
                SocialValueFigure(
                    bid=bid,
                    participant=participant,
                    code=f"members_{member_class.code}"[:50],
                    label=_("Members in the class “%(cls)s”") % {"cls": member_class.name},
                    numerator=counts.get(member_class.code, 0),
                    denominator=total,
                    stated_on=stated_on,
                    computed_by=actor if actor and actor.pk else None,
                )
            )
        officers = list(officers_current(coop, stated_on))
        board = [o for o in officers if o.office != "secretary"]
        for member_class in coop.member_classes.all():
            made.append(
                SocialValueFigure(
                    bid=bid,
                    participant=participant,
                    code=f"board_{member_class.code}"[:50],
                    label=_("Board seats held by the class “%(cls)s”") % {"cls": member_class.name},
                    numerator=sum(1 for o in board if o.member_class_id == member_class.pk),
                    denominator=len(board),
                    stated_on=stated_on,
                    computed_by=actor if actor and actor.pk else None,
                )
            )
    SocialValueFigure.objects.bulk_create(made)
    audit(
        actor=actor,
        action="bid.social_value",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"stated_on": stated_on, "figures": len(made)},
    )
    return made


@transaction.atomic
def signoff_record(*, bid: JointBid, participant: BidParticipant, actor: User) -> SignOff:
    """A participating co-op signs off the final bid (in final sign-off)."""
    bid = lock_bid(bid)
    participant = BidParticipant.objects.select_related("member").get(pk=participant.pk)
    if bid.status != JointBid.Status.FINAL_SIGNOFF:
        raise fail("status", _("Sign-off happens when the bid is in final sign-off."))
    if participant.bid_id != bid.pk:
        raise fail("participant", _("Choose a co-op taking part in this bid."))
    _approved(participant)
    if SignOff.objects.filter(
        bid=bid, participant=participant, invalidated_at__isnull=True
    ).exists():
        raise fail(
            "participant", _("%(name)s has already signed off.") % {"name": participant.member.name}
        )
    signoff = SignOff.objects.create(bid=bid, participant=participant, signed_by=actor)
    audit(
        actor=actor,
        action="bid.signoff",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"member": participant.member.name},
    )
    return signoff
