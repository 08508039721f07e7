"""Secret papers: sealed while the ballot is open, counted as a multiset once it closes
(docs/threat-model.md).

- `BallotKey`: the ballot's own data key, wrapped by the key-encryption key of the
  environment; set to NULL (destroyed) when the ballot closes or is cancelled.
- `SealedPaper`: one ciphertext per vote cast, nothing else in clear (no question, class,
  channel or member). On PostgreSQL the table is partitioned by ballot: each secret ballot
  gets its own partition when it opens, dropped when it closes.
- `CountedPaper`: what the count and a recount need, written by the closing transaction in
  random order: each distinct content of a paper on a question, and how many papers had it.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from membership.models import MemberClass
from voting.models.ballots import Ballot, Question


class BallotKey(models.Model):
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, primary_key=True, related_name="sealing_key"
    )
    wrapped = models.BinaryField(_("wrapped data key"), null=True, editable=False)
    kek = models.CharField(_("fingerprint of the key that wrapped it"), max_length=16)
    carries_class = models.BooleanField(
        _("papers carry the member class"),
        help_text=_("Only where the ballot weighs member classes (fixed when it opens)."),
    )
    paper_length = models.PositiveIntegerField(
        _("length every paper is padded to"),
        help_text=_("So that a sealed paper's length says nothing of the choices."),
    )
    destroyed_at = models.DateTimeField(_("key destroyed"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot key")
        verbose_name_plural = _("ballot keys")

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.kek}"


class SealedPaper(models.Model):
    # In the database (PostgreSQL) the table is partitioned by ballot and has no primary key
    # constraint: rows are only ever read and dropped a ballot at a time.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    sealed = models.BinaryField(_("sealed paper"))

    class Meta:
        verbose_name = _("sealed paper")
        verbose_name_plural = _("sealed papers")

    def __str__(self) -> str:
        return str(self.id)


class CountedPaper(models.Model):
    ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, related_name="counted_papers", db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    member_class = models.ForeignKey(
        MemberClass, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choices = models.JSONField(_("choices"), default=list)
    count = models.PositiveIntegerField(_("papers"))

    class Meta:
        verbose_name = _("counted paper")
        verbose_name_plural = _("counted papers")
        indexes: ClassVar = [
            models.Index(fields=["ballot", "question"], name="countedpaper_ballot_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choices} × {self.count}"
