"""Answers to the tender's questions: assignment, drafts with limits and versions, review,
reopening; the answer library and evidence."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_length
from coop.core.models import User
from coop.core.spreadsheets import MAX_DOCUMENT_BYTES, check_upload_size
from coop.core.validation import check_transition, fail
from membership.models import Organisation
from tendering import rules
from tendering.models import (
    Answer,
    AnswerVersion,
    BidParticipant,
    Evidence,
    JointBid,
    LibraryAnswer,
    SignOff,
    TenderQuestion,
)
from tendering.services._common import (
    LONDON,
    check_changeable,
    check_editable,
    lock_bid,
    lock_participant,
    today,
)
from tendering.services.bids import set_status

#: Fields saved without `full_clean` (`objects.create`): their model lengths, checked first.
LIBRARY_TITLE_LENGTH = LibraryAnswer._meta.get_field("title").max_length or 200
LIBRARY_TAGS_LENGTH = LibraryAnswer._meta.get_field("tags").max_length or 300
EVIDENCE_TITLE_LENGTH = Evidence._meta.get_field("title").max_length or 200


def record_version(answer: Answer, actor: User | None, note: str = "") -> AnswerVersion:
    """Append the answer as it now stands to its version history."""
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


def _taking_part(participant: BidParticipant | None) -> None:
    if participant is not None and participant.status not in (
        BidParticipant.Status.INVITED,
        BidParticipant.Status.APPROVED,
    ):
        raise fail(
            "participant",
            _("%(name)s is no longer taking part.") % {"name": participant.member.name},
        )


def _lock_answer(answer: Answer) -> tuple[JointBid, Answer]:
    """The answer's bid, then the answer, locked (bid first, as every service does)."""
    bid = lock_bid(JointBid(pk=Answer.objects.values_list("bid_id", flat=True).get(pk=answer.pk)))
    locked = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("question", "participant__member")
        .get(pk=answer.pk)
    )
    locked.bid = bid
    return bid, locked


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
    """Give a question (for a member co-op, where each answers) to an author with a due date
    on or before the buyer's deadline day."""
    bid = lock_bid(bid)
    check_changeable(bid)
    if question.opportunity_id != bid.opportunity_id:
        raise fail("question", _("That question is not in this tender."))
    _applies(question, participant)
    if participant is not None and participant.bid_id != bid.pk:
        raise fail("participant", _("Choose a co-op taking part in this bid."))
    if participant is not None:
        participant = lock_participant(participant)
    _taking_part(participant)
    if due_on is not None and due_on > timezone.localdate(
        bid.opportunity.submission_deadline, LONDON
    ):
        raise fail("due_on", _("The due date must be before the buyer's deadline."))
    answer, _created = Answer.objects.select_for_update().get_or_create(
        bid=bid, question=question, participant=participant
    )
    before = snapshot(answer, ["author", "due_on"])
    answer.author = author
    answer.due_on = due_on
    answer.full_clean()
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


def _check_limit(question: TenderQuestion, field: str, text: str, pages: int | None) -> None:
    if not rules.within_limit(text, question.limit_kind, question.limit, pages):
        raise fail(
            field,
            _("This answer is %(count)s %(unit)s; the limit is %(limit)s.")
            % {
                "count": rules.measure(text, question.limit_kind, pages),
                "unit": question.get_limit_kind_display().lower(),
                "limit": question.limit,
            },
        )


@transaction.atomic
def answer_save(
    *, answer: Answer, text: str, text_cy: str = "", pages: int | None = None, actor: User | None
) -> Answer:
    """Save a draft (a new version). Refused over the question's limit (words or
    characters, counted by `rules.measure`, in English and in Welsh; pages of an upload), on
    an answer in review or approved (reopen it first: editing after sign-off needs that),
    for a co-op no longer taking part, and once the bid is signed off."""
    check_length("text", text, rules.MAX_ANSWER, _("The answer"))
    check_length("text_cy", text_cy, rules.MAX_ANSWER, _("The answer in Welsh"))
    bid, answer = _lock_answer(answer)
    check_editable(bid)
    if answer.status == Answer.Status.APPROVED:
        raise fail("text", _("This answer has been approved: reopen it before editing."))
    if answer.status == Answer.Status.IN_REVIEW:
        raise fail("text", _("This answer is in review: send it back to draft before editing."))
    _taking_part(answer.participant)
    if pages is not None and (isinstance(pages, bool) or not isinstance(pages, int) or pages < 0):
        raise fail("pages", _("Give the number of pages, a whole number."))
    question = answer.question
    if question.limit_kind == TenderQuestion.LimitKind.PAGES:
        _check_limit(question, "pages", "", pages)
    else:
        for field, value in (("text", text), ("text_cy", text_cy)):
            if value:
                _check_limit(question, field, value, pages)
    answer.text, answer.text_cy, answer.pages = text, text_cy, pages
    answer.status = Answer.Status.DRAFT
    answer.author = answer.author or (actor if actor and actor.pk else None)
    answer.full_clean()
    answer.save()
    record_version(answer, actor)
    audit(
        actor=actor,
        action="bid.answer_save",
        obj=bid,
        organisation_id=bid.consortium_id,
        after={"question": question.number, "words": rules.word_count(text)},
    )
    return answer


def _answer_transition(answer: Answer, to: str, actor: User | None, note: str = "") -> Answer:
    check_transition(
        answer.status,
        to,
        transitions=Answer.TRANSITIONS,
        labels=Answer.Status,
        message=_("An answer that is “%(now)s” cannot become “%(to)s”."),
    )
    before = answer.status
    answer.status = to
    answer.save(update_fields=["status", "reopened_reason", "updated_at"])
    record_version(answer, actor, note)
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


def _ready_for_review(answer: Answer) -> None:
    """Written (or uploaded), within the limit, in Welsh too where the buyer needs it."""
    question = answer.question
    upload = question.kind == TenderQuestion.Kind.UPLOAD
    if not upload and not answer.text.strip():
        raise fail("text", _("Write the answer before sending it for review."))
    if upload and not (answer.file or answer.pages or answer.text.strip()):
        raise fail("pages", _("Upload the answer (or say how many pages it has) first."))
    if answer.bid.opportunity.needs_welsh and not upload and not answer.text_cy.strip():
        raise fail("text_cy", _("The buyer needs answers in Welsh too."))
    if question.limit_kind == TenderQuestion.LimitKind.PAGES:
        _check_limit(question, "pages", "", answer.pages)
    else:
        _check_limit(question, "text", answer.text, answer.pages)
        if answer.text_cy:
            _check_limit(question, "text_cy", answer.text_cy, answer.pages)


@transaction.atomic
def answer_submit_for_review(*, answer: Answer, actor: User | None) -> Answer:
    """Send a draft for review: it must be written, within its limit and, where the buyer
    needs Welsh, in Welsh too."""
    bid, answer = _lock_answer(answer)
    check_editable(bid)
    _taking_part(answer.participant)
    _ready_for_review(answer)
    return _answer_transition(answer, Answer.Status.IN_REVIEW, actor)


@transaction.atomic
def answer_review(*, answer: Answer, approve: bool, note: str = "", actor: User | None) -> Answer:
    """Approve an answer in review, or send it back to draft with a note."""
    bid, answer = _lock_answer(answer)
    check_editable(bid)
    if not approve and not note.strip():
        raise fail("note", _("Say what needs changing."))
    check_length("note", note.strip(), rules.MAX_REVIEW_NOTE, _("The note"))
    if approve and answer.status == Answer.Status.IN_REVIEW:
        _ready_for_review(answer)
    return _answer_transition(
        answer, Answer.Status.APPROVED if approve else Answer.Status.DRAFT, actor, note.strip()
    )


@transaction.atomic
def answer_reopen(*, answer: Answer, reason: str, actor: User | None) -> Answer:
    """Reopen an approved (or in-review) answer for editing, with the reason: every sign-off
    of the bid stops being valid, and a bid in final sign-off or ready goes back to
    drafting."""
    bid, answer = _lock_answer(answer)
    if bid.status not in JointBid.EDITABLE | {"final_signoff", "ready"}:
        raise fail("bid", _("This bid can no longer be changed."))
    if not reason.strip():
        raise fail("reason", _("Give the reason for reopening."))
    check_length("reason", reason.strip(), rules.MAX_NOTE, _("The reason"))
    answer.reopened_reason = reason.strip()
    _answer_transition(answer, Answer.Status.DRAFT, actor, reason.strip())
    SignOff.objects.filter(bid=bid, invalidated_at__isnull=True).update(
        invalidated_at=timezone.now(), invalidated_reason=_("An answer was reopened")
    )
    if bid.status in (JointBid.Status.FINAL_SIGNOFF, JointBid.Status.READY):
        set_status(bid, JointBid.Status.DRAFTING, actor, reason.strip())
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
    check_length("title", title.strip(), LIBRARY_TITLE_LENGTH, _("The title"))
    check_length("text", text.strip(), rules.MAX_ANSWER, _("The text"))
    check_length("text_cy", text_cy.strip(), rules.MAX_ANSWER, _("The Welsh text"))
    check_length("tags", tags.strip(), LIBRARY_TAGS_LENGTH, _("The tags"))
    if review_by <= today():
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
    if entry.review_by < today():
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
    """Add a file of evidence to the bid pack (for a co-op of this bid, a question of this
    tender), while the bid is being put together."""
    bid = lock_bid(bid)
    check_editable(bid)
    if not title.strip():
        raise fail("title", _("Give the evidence a title."))
    check_length("title", title.strip(), EVIDENCE_TITLE_LENGTH, _("The title"))
    if participant is not None and participant.bid_id != bid.pk:
        raise fail("participant", _("Choose a co-op taking part in this bid."))
    if question is not None and question.opportunity_id != bid.opportunity_id:
        raise fail("question", _("That question is not in this tender."))
    if file is None or not getattr(file, "size", 0):
        raise fail("file", _("Choose a file that is not empty."))
    check_upload_size("file", file.size, MAX_DOCUMENT_BYTES)
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
