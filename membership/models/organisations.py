"""Organisations, the versions of their registered rules, member classes and share classes."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from coop.core.limits import length_limits, limited_text
from coop.core.models import TimeStampedModel
from coop.core.permissions import ROLE_PERMISSIONS
from membership.models.text import (
    ADDRESS_MAX_LENGTH,
    PAGE_TEXT_MAX_LENGTH,
)

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
    registered_office = limited_text(_("registered office"), ADDRESS_MAX_LENGTH)
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
    join_intro = limited_text(_("introduction on the join page"), PAGE_TEXT_MAX_LENGTH, blank=True)
    join_intro_cy = limited_text(
        _("introduction on the join page (Welsh)"), PAGE_TEXT_MAX_LENGTH, blank=True
    )
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
            *length_limits(
                "organisation",
                registered_office=ADDRESS_MAX_LENGTH,
                join_intro=PAGE_TEXT_MAX_LENGTH,
                join_intro_cy=PAGE_TEXT_MAX_LENGTH,
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
