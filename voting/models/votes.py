"""Votes: who may vote and who has voted (`Participation`), what was chosen (`BallotPaper`,
apart from any voter), the receipts, and the hands counted in the room."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models import Member, MemberClass
from voting.models.ballots import Ballot, Option, Question


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    ROOM = "room", _("Paper vote in the room")
    HANDS = "hands", _("Show of hands")
    PROXY = "proxy", _("By proxy")


class Participation(TimeStampedModel):
    """One row per (ballot, member) of the register at the record date, made when the
    ballot opens: whether they may vote (and why not), and whether they have voted.

    It records *that* a member voted, never *what* they chose.
    """

    # No index of its own: (ballot, member) leads with it.
    ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, related_name="participations", db_index=False
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="participations")
    member_class = models.ForeignKey(
        MemberClass, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    is_eligible = models.BooleanField(_("may vote"))
    ineligible_reason = models.CharField(_("why they may not vote"), max_length=40, blank=True)
    has_voted = models.BooleanField(_("has voted"), default=False)
    voted_on = models.DateField(_("voted on"), null=True, blank=True)
    channel = models.CharField(
        _("how they voted"), max_length=10, choices=Channel.choices, blank=True
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vote entered by"),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ("ballot", "member__number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["ballot", "member"], name="participation_one_per_member"
            ),
            models.CheckConstraint(
                condition=~Q(has_voted=True) | Q(is_eligible=True),
                name="participation_only_eligible_vote",
            ),
            models.CheckConstraint(
                condition=(Q(has_voted=True) & Q(voted_on__isnull=False) & ~Q(channel=""))
                | (Q(has_voted=False) & Q(voted_on__isnull=True) & Q(channel="")),
                name="participation_voted_fields_together",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["ballot", "is_eligible", "has_voted"], name="participation_turnout"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.member_id}"


class BallotPaper(models.Model):
    """What one voter chose on one question. A secret paper carries no member, no time and
    a random id; `member` is filled only on recorded (named) ballots.

    `choices` lists option ids: the one option chosen (resolution), the options chosen
    (choice of k from n), or the ranking in order of preference (STV). An empty list is a
    blank paper.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Papers are written once per vote and all rewritten at close, so they carry one index
    # besides the key: (ballot, question), which every read of papers goes through. Nor do
    # they carry foreign-key constraints in the database: rewriting a million papers at close
    # would re-check four million references one by one (two thirds of the time of closing).
    # The casting service writes only references it has checked, and closing checks them all
    # again in one query (`services.closing._check_references`) before counting.
    ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, related_name="papers", db_index=False, db_constraint=False
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="papers",
        db_index=False,
        db_constraint=False,
    )
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    option = models.ForeignKey(
        Option,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
        help_text=_("The single option chosen (resolutions)."),
    )
    choices = models.JSONField(_("choices"), default=list)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
        help_text=_("Recorded ballots only."),
    )

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        indexes: ClassVar = [
            models.Index(fields=["ballot", "question"], name="paper_ballot_question"),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Receipt(models.Model):
    """A voter's receipt code: published after close so each voter can see their vote was
    counted. No link to a member or to a paper."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the unique (ballot, code) leads with it.
    ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, related_name="receipts", db_index=False
    )
    code = models.CharField(_("receipt code"), max_length=20)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["ballot", "code"], name="receipt_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class HandCount(TimeStampedModel):
    """Show-of-hands totals entered by the secretary for those present who had not voted."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="hand_counts")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("hands"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("show of hands")
        verbose_name_plural = _("shows of hands")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["question", "option"], name="handcount_one_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.count}"
