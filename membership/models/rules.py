"""The registered rules of a society, versioned by the date they take effect, and the kinds of
resolution they provide for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models.organisations import PERCENT, BilingualNameMixin, Organisation


class Threshold(models.TextChoices):
    """Resolution thresholds as fractions of the base (see `membership.rules.threshold_met`)."""

    MORE_THAN_HALF = "more_than_half", _("more than half")
    TWO_THIRDS = "two_thirds", _("at least two thirds")
    THREE_QUARTERS = "three_quarters", _("at least three quarters")


class RulesVersionQuerySet(models.QuerySet["RulesVersion"]):
    def in_force_on(self, day: dt.date) -> RulesVersionQuerySet:
        return self.filter(effective_from__lte=day).order_by("-effective_from")


class RulesVersion(TimeStampedModel):
    """The settings of an organisation's registered rules from a date.

    Each setting cites the rule it comes from in `rule_numbers` (setting name → rule number);
    validation errors quote it.
    """

    class Delivery(models.TextChoices):
        EMAIL = "email", _("email")
        POST = "post", _("post")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="rules_versions",
        verbose_name=_("organisation"),
    )
    effective_from = models.DateField(_("in force from"))
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example, “Rules as registered 12 May 2021”.")
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age of members"), default=16)
    minimum_shares = models.PositiveIntegerField(
        _("shares needed to be a member"),
        default=1,
        help_text=_("Of the share class that qualifies for membership."),
    )
    maximum_holding_pence = models.PositiveBigIntegerField(
        _("maximum holding of one member (pence)"), null=True, blank=True
    )
    individual_cap_pence = models.PositiveBigIntegerField(
        _("cap on withdrawable shares of an individual (pence)"),
        default=10_000_000,
        help_text=_(
            "CCBS Act 2014 s.24: £100,000; not applied to members that are registered societies."
        ),
    )
    withdrawal_notice_days = models.PositiveIntegerField(_("withdrawal notice (days)"), default=90)
    lock_in_days = models.PositiveIntegerField(_("lock-in after allotment (days)"), default=0)
    notice_clear_days = models.PositiveSmallIntegerField(
        _("notice of general meetings (clear days)"), default=14
    )
    email_deemed_delivery_days = models.PositiveSmallIntegerField(
        _("days after sending when an emailed notice is deemed delivered"), default=1
    )
    post_deemed_delivery_days = models.PositiveSmallIntegerField(
        _("days after posting when a posted notice is deemed delivered"), default=2
    )
    motion_deadline_days = models.PositiveSmallIntegerField(
        _("members' motions: days before the meeting they must be received"), default=21
    )
    quorum_members = models.PositiveIntegerField(_("quorum: number of members"), default=10)
    quorum_percent = models.DecimalField(
        _("quorum: percentage of members"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=PERCENT,
    )
    proxies_allowed = models.BooleanField(_("proxy voting allowed"), default=False)
    proxy_limit = models.PositiveSmallIntegerField(_("most proxies one person may hold"), default=2)
    chair_casting_vote = models.BooleanField(_("the chair has a casting vote"), default=False)
    requisition_members = models.PositiveIntegerField(
        _("requisition of a general meeting: number of members"), default=100
    )
    requisition_percent = models.DecimalField(
        _("requisition of a general meeting: percentage of members"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=PERCENT,
    )
    requisition_call_days = models.PositiveSmallIntegerField(
        _("days within which the board must call a requisitioned meeting"), default=28
    )
    date_windows_overridable = models.BooleanField(
        _("the board may move a meeting outside a legal window, giving its reason"),
        default=False,
        help_text=_(
            "Only where the rules allow it: a meeting's date may then be changed outside the "
            "notice period, a motion deadline or a requisition's deadline, with the reason "
            "recorded; never outside an s.111 confirmation window, which the Act sets."
        ),
    )
    rule_numbers = models.JSONField(_("rule numbers"), default=dict, blank=True)

    objects = RulesVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rules version")
        verbose_name_plural = _("rules versions")
        ordering = ("organisation", "-effective_from")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="rulesversion_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0, quorum_percent__lte=100),
                name="rulesversion_quorum_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(requisition_percent__gte=0, requisition_percent__lte=100),
                name="rulesversion_requisition_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.title} ({self.effective_from:%d/%m/%Y})"

    def cite(self, setting: str) -> str:
        """The rule a setting comes from, e.g. 'rule 14'; falls back to the rules' title."""
        number = (self.rule_numbers or {}).get(setting)
        return str(_("rule %(number)s") % {"number": number}) if number else str(self.title)


class ResolutionType(BilingualNameMixin, TimeStampedModel):
    """A kind of resolution the rules define, with how it is decided."""

    rules_version = models.ForeignKey(
        RulesVersion, on_delete=models.CASCADE, related_name="resolution_types"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True)
    threshold = models.CharField(
        _("threshold"), max_length=20, choices=Threshold.choices, default=Threshold.MORE_THAN_HALF
    )
    abstentions_in_base = models.BooleanField(
        _("abstentions count in the base"),
        default=False,
        help_text=_("Normally abstentions are left out of the votes cast."),
    )
    turnout_floor_percent = models.DecimalField(
        _("minimum turnout (% of the electorate)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    majority_in_every_class = models.BooleanField(
        _("needs the threshold in every member class"), default=False
    )
    requires_confirmation = models.BooleanField(
        _("needs confirmation at a second meeting"),
        default=False,
        help_text=_(
            "CCBS Act 2014 s.111: two thirds, then more than half at a meeting 14 days "
            "to one month later."
        ),
    )
    rule_number = models.CharField(_("rule number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("resolution type")
        verbose_name_plural = _("resolution types")
        ordering = ("rules_version", "code")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["rules_version", "code"], name="resolutiontype_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(threshold__in=["more_than_half", "two_thirds", "three_quarters"]),
                name="resolutiontype_threshold_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name
