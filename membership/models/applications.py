"""Applications to join, and uploaded register imports."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop.core.limits import length_limits, limited_text
from coop.core.models import TimeStampedModel
from membership.models.classes import MemberClass, ShareClass
from membership.models.members import LANGUAGE_CHOICES, Member
from membership.models.organisations import Organisation
from membership.models.text import ADDRESS_MAX_LENGTH, NOTE_MAX_LENGTH


class Application(TimeStampedModel):
    """An application to join, decided by the board."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the board")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    kind = models.CharField(
        _("applying as"), max_length=20, choices=Member.Kind.choices, default=Member.Kind.PERSON
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    postal_address = limited_text(_("postal address"), ADDRESS_MAX_LENGTH)
    postcode = models.CharField(_("postcode"), max_length=10)
    phone = models.CharField(_("phone (optional)"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth (optional)"), null=True, blank=True)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("member class"),
    )
    share_class = models.ForeignKey(
        ShareClass,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("share class"),
    )
    shares_requested = models.PositiveIntegerField(_("number of shares"))
    amount_paid_pence = models.PositiveBigIntegerField(_("amount paid (pence)"), default=0)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGE_CHOICES, default="en-gb"
    )
    email_for_notices = models.BooleanField(_("send notices of meetings by email"), default=True)
    email_for_ballots = models.BooleanField(_("send ballots by email"), default=True)
    email_for_news = models.BooleanField(_("send news by email"), default=False)
    declaration = models.BooleanField(_("declaration accepted"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    board_minute_reference = models.CharField(
        _("board minute reference"), max_length=100, blank=True
    )
    decision_reason = limited_text(_("reason"), NOTE_MAX_LENGTH, blank=True)
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="application"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("organisation", "-submitted_at")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "approved", "rejected", "withdrawn"]),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(shares_requested__gte=1), name="application_shares_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(member__isnull=False),
                name="application_approved_has_member",
            ),
            *length_limits(
                "application", postal_address=ADDRESS_MAX_LENGTH, decision_reason=NOTE_MAX_LENGTH
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class ImportBatch(TimeStampedModel):
    """An uploaded register spreadsheet: previewed, then committed all-or-nothing."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, not imported")
        COMMITTED = "committed", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ("organisation", "-created_at")

    def __str__(self) -> str:
        return self.filename
