"""Answers to tender questions, their versions, the answer library, evidence, sign-off."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop.core.models import AppendOnlyModel, TimeStampedModel
from membership.models import Organisation
from tendering.models.bids import BidParticipant, JointBid
from tendering.models.opportunities import TenderQuestion


class Answer(TimeStampedModel):
    """The bid's answer to one question (per member co-op for 'each member' questions)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        "not_started": frozenset({"draft"}),
        "draft": frozenset({"in_review"}),
        "in_review": frozenset({"draft", "approved"}),
        "approved": frozenset({"draft"}),
    }

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(TenderQuestion, on_delete=models.PROTECT, related_name="answers")
    participant = models.ForeignKey(
        BidParticipant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("answering for member co-op"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    text = models.TextField(_("answer"), blank=True)
    text_cy = models.TextField(_("answer (Welsh)"), blank=True)
    pages = models.PositiveSmallIntegerField(_("pages (uploads)"), null=True, blank=True)
    file = models.FileField(_("uploaded answer"), upload_to="bid-answers/", blank=True)
    reopened_reason = models.TextField(_("why it was reopened"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ("bid", "question__section", "question__number", "participant")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["bid", "question", "participant"], name="answer_one_per_question_member"
            ),
            models.UniqueConstraint(
                fields=["bid", "question"],
                condition=Q(participant__isnull=True),
                name="answer_one_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.number} ({self.get_status_display()})"


class AnswerVersion(AppendOnlyModel):
    """Each saved version of an answer (append-only history)."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("answer"), blank=True)
    text_cy = models.TextField(_("answer (Welsh)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Answer.Status.choices)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer version")
        verbose_name_plural = _("answer versions")
        ordering = ("answer_id", "-number")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["answer", "number"], name="answerversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.number}"


class LibraryAnswer(TimeStampedModel):
    """A reusable answer or piece of evidence, with a date by which it must be reviewed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="answer_library"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    text_cy = models.TextField(_("Welsh text"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    review_by = models.DateField(_("review by"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("library answer")
        verbose_name_plural = _("answer library")
        ordering = ("organisation", "title")

    def __str__(self) -> str:
        return self.title


class Evidence(TimeStampedModel):
    """A file of evidence for the bid pack (policies, certificates, case studies)."""

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="evidence")
    participant = models.ForeignKey(
        BidParticipant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.ForeignKey(
        TenderQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="bid-evidence/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ("bid", "title")

    def __str__(self) -> str:
        return self.title


class SignOff(TimeStampedModel):
    """A participant's (or the lead's) final sign-off of the bid; an addendum or a reopened
    answer invalidates it."""

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="signoffs")
    participant = models.ForeignKey(
        BidParticipant, on_delete=models.PROTECT, related_name="signoffs"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    invalidated_at = models.DateTimeField(_("no longer valid since"), null=True, blank=True)
    invalidated_reason = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ("bid", "-signed_at")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["bid", "participant"],
                condition=Q(invalidated_at__isnull=True),
                name="signoff_one_valid_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.signed_at:%Y-%m-%d}"
