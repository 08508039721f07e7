"""A ballot and its paper: the questions, their options, and seats reserved by class."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.i18n import is_welsh
from coop.core.models import TimeStampedModel
from membership.models import MemberClass, Organisation, ResolutionType, RulesVersion


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
        return self.title_cy if is_welsh() and self.title_cy else self.title

    @property
    def display_description(self) -> str:
        return self.description_cy if is_welsh() and self.description_cy else self.description

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
        return self.text_cy if is_welsh() and self.text_cy else self.text


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
        return self.label_cy if is_welsh() and self.label_cy else self.label

    @property
    def display_statement(self) -> str:
        return self.statement_cy if is_welsh() and self.statement_cy else self.statement


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
