"""Members of a society, their joint holders and representatives (CCBS Act 2014 s.30)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.limits import length_limits, limited_text
from coop.core.models import TimeStampedModel
from membership.models.classes import MemberClass
from membership.models.organisations import Organisation
from membership.models.text import ADDRESS_MAX_LENGTH, NOTE_MAX_LENGTH

LANGUAGE_CHOICES = [("en-gb", "English"), ("cy", "Cymraeg")]


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> MemberQuerySet:
        return self.filter(status=Member.Status.ACTIVE)

    def current(self) -> MemberQuerySet:
        """Not ceased (active or suspended)."""
        return self.exclude(status=Member.Status.CEASED)

    def on_register_on(self, day: dt.date) -> MemberQuerySet:
        """Members whose entry on the register exists on `day` (former members included)."""
        return self.filter(entered_on__lte=day)

    def members_on(self, day: dt.date) -> MemberQuerySet:
        """Members who were members on `day` (entered, and not yet ceased)."""
        return self.filter(entered_on__lte=day).filter(
            Q(ceased_on__isnull=True) | Q(ceased_on__gt=day)
        )


class Member(TimeStampedModel):
    """An entry on the register of members (CCBS Act 2014 s.30).

    A member who leaves is never deleted: `ceased_on` is filled in. Statutory fields (name,
    postal address, electronic address, dates) stay while the law needs them; the fields
    marked optional may be erased at the member's request.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CEASED = "ceased", _("Ceased")

    class CeasedReason(models.TextChoices):
        WITHDRAWAL = "withdrawal", _("Withdrew from membership")
        DEATH = "death", _("Died")
        EXPULSION = "expulsion", _("Expelled")
        INELIGIBLE = "ineligible", _("No longer eligible")
        NO_SHARES = "no_shares", _("Holds no qualifying share")
        DISSOLVED = "dissolved", _("Organisation dissolved")
        OTHER = "other", _("Other")

    STATUTORY_FIELDS: ClassVar[tuple[str, ...]] = (
        "number",
        "name",
        "postal_address",
        "postcode",
        "email",
        "entered_on",
        "ceased_on",
    )
    OPTIONAL_FIELDS: ClassVar[tuple[str, ...]] = ("phone", "date_of_birth")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation"),
    )
    number = models.PositiveIntegerField(_("member number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("member class"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    entered_on = models.DateField(_("date entered on the register"))
    ceased_on = models.DateField(_("date ceased to be a member"), null=True, blank=True)
    ceased_reason = models.CharField(
        _("why membership ceased"), max_length=20, choices=CeasedReason.choices, blank=True
    )
    ceased_note = limited_text(_("note on ceasing"), NOTE_MAX_LENGTH, blank=True)
    postal_address = limited_text(_("postal address"), ADDRESS_MAX_LENGTH)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    email_for_notices = models.BooleanField(
        _("email address given for notices of meetings"), default=False
    )
    email_for_ballots = models.BooleanField(_("email address given for voting"), default=False)
    email_for_news = models.BooleanField(_("email address given for news"), default=False)
    phone = models.CharField(_("phone (optional)"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth (optional)"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGE_CHOICES, default="en-gb"
    )
    is_registered_society = models.BooleanField(
        _("is a registered society"),
        default=False,
        help_text=_("Registered societies are not subject to the £100,000 cap (s.24)."),
    )
    member_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation that is the member"),
        help_text=_("For a consortium: the member co-op, if it uses Cyd too."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("sign-in account"),
    )
    suspended_reason = limited_text(_("reason for suspension"), NOTE_MAX_LENGTH, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ("organisation", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="member_number_unique_in_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="member_one_membership_per_user",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="member_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "ceased"]),
                name="member_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="ceased") & Q(ceased_on__isnull=False))
                | (~Q(status="ceased") & Q(ceased_on__isnull=True)),
                name="member_ceased_on_iff_ceased",
            ),
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | Q(ceased_on__gte=models.F("entered_on")),
                name="member_ceased_after_entered",
            ),
            *length_limits(
                "member",
                ceased_note=NOTE_MAX_LENGTH,
                postal_address=ADDRESS_MAX_LENGTH,
                suspended_reason=NOTE_MAX_LENGTH,
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "status"], name="member_org_status"),
            models.Index(fields=["organisation", "name"], name="member_org_name"),
            models.Index(fields=["organisation", "entered_on"], name="member_org_entered"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_ceased(self) -> bool:
        return self.status == self.Status.CEASED

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class JointHolder(TimeStampedModel):
    """A further named holder of a joint membership; one of them is designated to vote."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="joint_holders")
    name = models.CharField(_("name"), max_length=200)
    postal_address = limited_text(_("postal address"), ADDRESS_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    is_designated_voter = models.BooleanField(_("votes for the joint holding"), default=False)

    class Meta:
        verbose_name = _("joint holder")
        verbose_name_plural = _("joint holders")
        ordering = ("member", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(is_designated_voter=True),
                name="jointholder_one_designated_voter",
            ),
            *length_limits("jointholder", postal_address=ADDRESS_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.name


class Representative(TimeStampedModel):
    """A person who votes for a member organisation (a consortium's member co-op)."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Representative")
        ALTERNATE = "alternate", _("Alternate")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRIMARY)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ("member", "role", "name")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(role="primary", ended_on__isnull=True),
                name="representative_one_current_primary",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="representative_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
