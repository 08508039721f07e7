"""Ballots: questions and options, the frozen electorate, participation, secret papers.

Who voted (`Participation`) is kept apart from what was chosen (`BallotPaper`): in a secret
ballot a paper carries no member, no time and no sequential id, receipts live in a table of
their own with no link to papers, and at close the papers are rewritten in random order with
new ids (see `voting.services.closing`).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models import Member, MemberClass, Organisation, ResolutionType, RulesVersion


def _welsh() -> bool:
    return (get_language() or "").startswith("cy")


class BallotQuerySet(models.QuerySet["Ballot"]):
    def open(self) -> BallotQuerySet:
        return self.filter(status=Ballot.Status.OPEN)

    def visible_to_members(self) -> BallotQuerySet:
        return self.exclude(status=Ballot.Status.DRAFT)


class Ballot(TimeStampedModel):
    """A vote of an organisation's members on one or more questions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open for voting")
        CLOSED = "closed", _("Closed: being checked")
        PUBLISHED = "published", _("Results published")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        "draft": frozenset({"open", "cancelled"}),
        "open": frozenset({"closed", "cancelled"}),
        "closed": frozenset({"published"}),
        "published": frozenset(),
        "cancelled": frozenset(),
    }

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("Welsh title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_cy = models.TextField(_("Welsh description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_secret = models.BooleanField(
        _("secret ballot"),
        default=True,
        help_text=_(
            "Untick for a recorded (named) vote, where the rules or the meeting ask for one."
        ),
    )
    record_date = models.DateField(
        _("record date"),
        help_text=_(
            "The electorate is taken from the register as at this "
            "date and frozen when the ballot opens."
        ),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    eligible_classes = models.ManyToManyField(
        MemberClass,
        blank=True,
        related_name="ballots",
        verbose_name=_("member classes that may vote"),
        help_text=_("Leave empty for every class."),
    )
    allow_online = models.BooleanField(_("members may vote online"), default=True)
    allow_in_room = models.BooleanField(_("votes may be taken in the room"), default=False)
    allow_proxy = models.BooleanField(_("proxy votes"), default=False)
    rules_version = models.ForeignKey(
        RulesVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The rules in force, fixed when it opens."),
    )
    stv_seed = models.CharField(
        _("seed for drawing lots"),
        max_length=64,
        blank=True,
        help_text=_("Fixed when the ballot opens, before anyone votes; printed in the report."),
    )
    electorate_count = models.PositiveIntegerField(_("electorate"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ("organisation", "-created_at")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "closed", "published", "cancelled"]),
                name="ballot_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="ballot_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_cy if _welsh() and self.title_cy else self.title

    @property
    def display_description(self) -> str:
        return self.description_cy if _welsh() and self.description_cy else self.description

    @property
    def results_visible(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)


class Question(TimeStampedModel):
    """One question on a ballot: a resolution, a choice of k from n, or an STV election."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution (for, against, abstain)")
        CHOICE = "choice", _("Choice of some from a list")
        STV = "stv", _("Election by single transferable vote")

    class Method(models.TextChoices):
        PLURALITY = "plurality", _("Each voter chooses up to the number of places")
        APPROVAL = "approval", _("Each voter chooses as many as they approve of")

    class Casting(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("question"))
    text_cy = models.TextField(_("question (Welsh)"), blank=True)
    resolution_type = models.ForeignKey(
        ResolutionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolution type"),
    )
    seats = models.PositiveSmallIntegerField(_("places to fill"), default=1)
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.PLURALITY
    )
    casting_vote = models.CharField(
        _("chair's casting vote"), max_length=10, choices=Casting.choices, blank=True
    )
    result = models.JSONField(_("result"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("ballot", "position", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["ballot", "position"], name="question_position_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["resolution", "choice", "stv"]), name="question_kind_valid"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="question_seats_positive"),
            models.CheckConstraint(
                condition=~Q(kind="resolution") | Q(resolution_type__isnull=False),
                name="question_resolution_has_type",
            ),
        ]

    def __str__(self) -> str:
        return self.display_text[:80]

    @property
    def display_text(self) -> str:
        return self.text_cy if _welsh() and self.text_cy else self.text


class Option(TimeStampedModel):
    """A choice on a question: for/against/abstain, a listed choice, or a candidate."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    code = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("for, against or abstain on a resolution."),
    )
    label = models.CharField(_("label"), max_length=200)
    label_cy = models.CharField(_("Welsh label"), max_length=200, blank=True)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidate's member class"),
    )
    statement = models.TextField(_("candidate's statement"), blank=True)
    statement_cy = models.TextField(_("candidate's statement (Welsh)"), blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ("question", "position", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["question", "position"], name="option_position_unique"),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return self.label_cy if _welsh() and self.label_cy else self.label

    @property
    def display_statement(self) -> str:
        return self.statement_cy if _welsh() and self.statement_cy else self.statement


class Reservation(TimeStampedModel):
    """Seats of an STV election reserved for candidates of a member class."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reservations")
    member_class = models.ForeignKey(MemberClass, on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveSmallIntegerField(_("seats reserved"))

    class Meta:
        verbose_name = _("reserved seats")
        verbose_name_plural = _("reserved seats")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["question", "member_class"], name="reservation_one_per_class"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="reservation_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_class}: {self.seats}"


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


class Proxy(TimeStampedModel):
    """A member's appointment of a proxy for a ballot, where the rules allow proxies."""

    class Kind(models.TextChoices):
        DIRECTED = "directed", _("Directed: the proxy votes as I say")
        DISCRETIONARY = "discretionary", _("At the proxy's discretion")

    class Status(models.TextChoices):
        APPOINTED = "appointed", _("Appointed")
        USED = "used", _("Vote cast")
        REVOKED = "revoked", _("Revoked")

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="proxies")
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="proxies_given",
        verbose_name=_("member appointing"),
    )
    holder = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies_held",
        verbose_name=_("proxy (a member)"),
    )
    holder_name = models.CharField(
        _("proxy's name"), max_length=200, help_text=_("Or the chair of the meeting.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    directions = models.JSONField(
        _("directions"), default=dict, blank=True, help_text=_("Question id → list of option ids.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPOINTED
    )
    holder_present = models.BooleanField(_("the proxy is present"), default=False)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["ballot", "member"],
                condition=~Q(status="revoked"),
                name="proxy_one_live_per_member",
            ),
            models.CheckConstraint(condition=~Q(member=models.F("holder")), name="proxy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.holder_name}"
