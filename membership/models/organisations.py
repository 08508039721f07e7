"""Organisations, the versions of their registered rules, member classes and share classes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from coop.core.models import TimeStampedModel
from coop.core.permissions import ROLE_PERMISSIONS

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class BilingualNameMixin:
    """`display_name` picks the Welsh name when Welsh is active and one is given."""

    name: str
    name_cy: str

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("cy") and self.name_cy:
            return self.name_cy
        return self.name


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def cooperatives(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.COOPERATIVE)

    def consortia(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.CONSORTIUM)


class Organisation(BilingualNameMixin, TimeStampedModel):
    """A co-operative or a consortium of co-operatives."""

    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Co-operative")
        CONSORTIUM = "consortium", _("Consortium")

    class LegalForm(models.TextChoices):
        REGISTERED_SOCIETY = "registered_society", _("Registered society (co-operative)")
        COMMUNITY_BENEFIT_SOCIETY = "cbs", _("Registered society (community benefit)")
        COMPANY_LIMITED_BY_GUARANTEE = "clg", _("Company limited by guarantee")
        CIC = "cic", _("Community interest company")

    slug = models.SlugField(_("short name for web addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_cy = models.CharField(_("Welsh name"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.COOPERATIVE
    )
    legal_form = models.CharField(
        _("legal form"),
        max_length=30,
        choices=LegalForm.choices,
        default=LegalForm.REGISTERED_SOCIETY,
    )
    registered_number = models.CharField(
        _("registered number"),
        max_length=20,
        blank=True,
        help_text=_("For a registered society, its number on the FCA Mutuals Public Register."),
    )
    registered_office = models.TextField(_("registered office"))
    registered_on = models.DateField(_("date registered"))
    financial_year_end_month = models.PositiveSmallIntegerField(
        _("financial year end (month)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    financial_year_end_day = models.PositiveSmallIntegerField(
        _("financial year end (day)"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_accepting_applications = models.BooleanField(
        _("accepting applications to join"), default=True
    )
    join_intro = models.TextField(_("introduction on the join page"), blank=True)
    join_intro_cy = models.TextField(_("introduction on the join page (Welsh)"), blank=True)
    next_member_number = models.PositiveIntegerField(
        _("next member number"),
        default=1,
        editable=False,
        help_text=_("Member numbers are never reused: this only ever goes up."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)
        permissions = ROLE_PERMISSIONS
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(kind__in=["cooperative", "consortium"]), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(next_member_number__gte=1),
                name="organisation_next_member_number_positive",
            ),
            models.CheckConstraint(
                condition=Q(
                    financial_year_end_month__gte=1,
                    financial_year_end_month__lte=12,
                    financial_year_end_day__gte=1,
                    financial_year_end_day__lte=31,
                ),
                name="organisation_financial_year_end_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_consortium(self) -> bool:
        return self.kind == self.Kind.CONSORTIUM

    @property
    def is_registered_society(self) -> bool:
        return self.legal_form in {
            self.LegalForm.REGISTERED_SOCIETY,
            self.LegalForm.COMMUNITY_BENEFIT_SOCIETY,
        }


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    """Roles of users in organisations (django-guardian, direct foreign key)."""

    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("role of a user")


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("role of a group")


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


class ShareClass(BilingualNameMixin, TimeStampedModel):
    """A class of shares: its value and the terms the rules attach to it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="share_classes"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True)
    nominal_value_pence = models.PositiveIntegerField(_("nominal value of one share (pence)"))
    is_withdrawable = models.BooleanField(_("withdrawable"), default=True)
    is_transferable = models.BooleanField(_("transferable"), default=False)
    qualifies_for_membership = models.BooleanField(
        _("qualifies for membership"),
        default=False,
        help_text=_("Holding the rules' minimum of this class makes a person a member."),
    )
    minimum_shares = models.PositiveIntegerField(_("minimum holding (shares)"), default=0)
    maximum_shares = models.PositiveIntegerField(
        _("maximum holding (shares)"), null=True, blank=True
    )
    lock_in_days = models.PositiveIntegerField(
        _("lock-in after allotment (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the rules' lock-in."),
    )
    withdrawal_notice_days = models.PositiveIntegerField(
        _("withdrawal notice (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the rules' notice period."),
    )
    withdrawals_suspended = models.BooleanField(
        _("withdrawals suspended by the board"), default=False
    )
    withdrawals_suspended_reason = models.TextField(_("reason for the suspension"), blank=True)

    class Meta:
        verbose_name = _("share class")
        verbose_name_plural = _("share classes")
        ordering = ("organisation", "name")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "code"], name="shareclass_code_unique"),
            models.CheckConstraint(
                condition=Q(nominal_value_pence__gt=0), name="shareclass_nominal_positive"
            ),
            models.CheckConstraint(
                condition=Q(maximum_shares__isnull=True)
                | Q(maximum_shares__gte=models.F("minimum_shares")),
                name="shareclass_max_at_least_min",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class MemberClass(BilingualNameMixin, TimeStampedModel):
    """A class of members (multi-stakeholder): who may join it and its weight in votes."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="member_classes"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True)
    eligibility = models.TextField(_("who may join this class"), blank=True)
    eligibility_cy = models.TextField(_("who may join this class (Welsh)"), blank=True)
    vote_share_percent = models.DecimalField(
        _("fixed share of every vote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("The class holds this share of the vote whatever its size."),
    )
    vote_cap_percent = models.DecimalField(
        _("cap on the class's share of the vote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    reserved_board_seats = models.PositiveSmallIntegerField(_("board seats reserved"), default=0)
    members_are_organisations = models.BooleanField(_("members are organisations"), default=False)
    share_classes = models.ManyToManyField(
        ShareClass,
        blank=True,
        related_name="member_classes",
        verbose_name=_("share classes its members may hold"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("member class")
        verbose_name_plural = _("member classes")
        ordering = ("organisation", "position", "name")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="memberclass_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(vote_share_percent__isnull=True) | Q(vote_cap_percent__isnull=True),
                name="memberclass_share_or_cap",
            ),
            models.CheckConstraint(
                condition=Q(vote_share_percent__isnull=True)
                | Q(vote_share_percent__gt=0, vote_share_percent__lte=100),
                name="memberclass_vote_share_range",
            ),
            models.CheckConstraint(
                condition=Q(vote_cap_percent__isnull=True)
                | Q(vote_cap_percent__gt=0, vote_cap_percent__lte=100),
                name="memberclass_vote_cap_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name
