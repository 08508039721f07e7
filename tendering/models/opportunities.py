"""Opportunities (a buyer's tender): lots, award criteria, questions, documents and
addenda."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models import Organisation


def _welsh() -> bool:
    return (get_language() or "").startswith("cy")


class Opportunity(TimeStampedModel):
    """A public-service contract a consortium may bid for."""

    class Regime(models.TextChoices):
        LIGHT_TOUCH = "light_touch", _("Light-touch regime")
        BELOW_THRESHOLD = "below_threshold", _("Below threshold")
        ABOVE_THRESHOLD = "above_threshold", _("Above threshold")

    class Procedure(models.TextChoices):
        OPEN = "open", _("Open")
        COMPETITIVE_FLEXIBLE = "competitive_flexible", _("Competitive flexible")
        RESTRICTED = "restricted", _("Restricted")
        DIRECT = "direct", _("Direct award")

    class Languages(models.TextChoices):
        ENGLISH = "en", _("English")
        WELSH = "cy", _("Welsh")
        BOTH = "both", _("English and Welsh")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("tracked by"),
    )
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_identifier = models.CharField(_("buyer's identifier"), max_length=100, blank=True)
    reference = models.CharField(_("buyer's reference"), max_length=100)
    ocid = models.CharField(_("OCDS ocid"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    title_cy = models.CharField(_("Welsh title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    regime = models.CharField(
        _("regime"), max_length=30, choices=Regime.choices, default=Regime.LIGHT_TOUCH
    )
    procedure = models.CharField(
        _("procedure"), max_length=30, choices=Procedure.choices, default=Procedure.OPEN
    )
    clarification_deadline = models.DateTimeField(
        _("clarification questions by"), null=True, blank=True
    )
    submission_deadline = models.DateTimeField(_("bids must be submitted by"))
    bid_validity_days = models.PositiveIntegerField(_("bids valid for (days)"), default=90)
    languages = models.CharField(
        _("languages of the bid"),
        max_length=5,
        choices=Languages.choices,
        default=Languages.ENGLISH,
    )
    max_lots_per_bidder = models.PositiveSmallIntegerField(
        _("most lots one bidder may win"), null=True, blank=True
    )
    source_release = models.JSONField(_("OCDS release imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ("organisation", "submission_deadline")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "buyer_name", "reference"],
                name="opportunity_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(clarification_deadline__isnull=True)
                | Q(clarification_deadline__lte=models.F("submission_deadline")),
                name="opportunity_clarifications_before_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title_cy if _welsh() and self.title_cy else self.title

    @property
    def needs_welsh(self) -> bool:
        return self.languages in (self.Languages.WELSH, self.Languages.BOTH)


class Lot(TimeStampedModel):
    """A lot: a zone and a role, with the buyer's estimate of hours and a value ceiling."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary provider")
        SECONDARY = "secondary", _("Secondary provider")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("lot number"))
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("Welsh title"), max_length=200, blank=True)
    zone = models.CharField(_("zone"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRIMARY)
    estimated_hours_per_week = models.DecimalField(
        _("estimated hours a week"), max_digits=9, decimal_places=2
    )
    rate_ceiling_pence = models.PositiveIntegerField(
        _("highest hourly rate (pence)"), null=True, blank=True
    )
    value_ceiling_pence = models.PositiveBigIntegerField(
        _("highest value a year (pence)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ("opportunity", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["opportunity", "number"], name="lot_number_unique"),
            models.CheckConstraint(
                condition=Q(estimated_hours_per_week__gt=0), name="lot_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Lot')} {self.number}: {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title_cy if _welsh() and self.title_cy else self.title


class AwardCriterion(TimeStampedModel):
    class Kind(models.TextChoices):
        QUALITY = "quality", _("Quality")
        PRICE = "price", _("Price")
        SOCIAL_VALUE = "social_value", _("Social value")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))

    class Meta:
        verbose_name = _("award criterion")
        verbose_name_plural = _("award criteria")
        ordering = ("opportunity", "id")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(weight__lte=100), name="awardcriterion_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class TenderQuestion(TimeStampedModel):
    """A question of the tender, with its limit, weight and who answers it."""

    class Kind(models.TextChoices):
        SCORED = "scored", _("Scored text")
        PASS_FAIL = "pass_fail", _("Pass or fail")
        DECLARATION = "declaration", _("Declaration")
        PRICE = "price", _("Price")
        UPLOAD = "upload", _("Upload")

    class LimitKind(models.TextChoices):
        NONE = "none", _("No limit")
        WORDS = "words", _("Words")
        CHARACTERS = "characters", _("Characters")
        PAGES = "pages", _("Pages")

    class AnsweredBy(models.TextChoices):
        CONSORTIUM = "consortium", _("The consortium")
        EACH_MEMBER = "each_member", _("Each member co-op")
        LEAD = "lead", _("The lead only")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="questions")
    section = models.CharField(_("section"), max_length=100)
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("question"))
    text_cy = models.TextField(_("question (Welsh)"), blank=True)
    lots = models.ManyToManyField(
        Lot, blank=True, related_name="questions", verbose_name=_("lots it applies to (none: all)")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SCORED)
    limit_kind = models.CharField(
        _("limit"), max_length=20, choices=LimitKind.choices, default=LimitKind.WORDS
    )
    limit = models.PositiveIntegerField(
        _("limit (words, characters or pages)"), null=True, blank=True
    )
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2, default=0)
    answered_by = models.CharField(
        _("answered by"), max_length=20, choices=AnsweredBy.choices, default=AnsweredBy.CONSORTIUM
    )
    is_mandatory = models.BooleanField(_("must be answered"), default=True)
    criterion = models.ForeignKey(
        AwardCriterion, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )

    class Meta:
        verbose_name = _("tender question")
        verbose_name_plural = _("tender questions")
        ordering = ("opportunity", "section", "number", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["opportunity", "number"], name="tenderquestion_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(limit_kind="none") | Q(limit__gt=0), name="tenderquestion_limit_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    @property
    def display_text(self) -> str:
        return self.text_cy if _welsh() and self.text_cy else self.text


class OpportunityDocument(TimeStampedModel):
    """A tender document, or an addendum that reopens the answers it touches."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), blank=True)
    file = models.FileField(_("file"), upload_to="tender-documents/", blank=True)
    is_addendum = models.BooleanField(_("addendum"), default=False)
    published_on = models.DateField(_("published on"))
    summary = models.TextField(_("what it changes"), blank=True)
    affects = models.ManyToManyField(
        TenderQuestion, blank=True, related_name="addenda", verbose_name=_("questions it changes")
    )

    class Meta:
        verbose_name = _("tender document")
        verbose_name_plural = _("tender documents")
        ordering = ("opportunity", "published_on", "id")

    def __str__(self) -> str:
        return self.title
