"""Requisitions of a general meeting and minutes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from governance import limits
from governance.models.meetings import Meeting
from membership.models import Member, Organisation


class Requisition(TimeStampedModel):
    """Members' request for a general meeting (threshold from the rules)."""

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting signatures")
        REACHED = "reached", _("Threshold reached: the board must call the meeting")
        CALLED = "called", _("Meeting called")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requisitions"
    )
    purpose = models.TextField(
        _("business the meeting is asked to consider"),
        validators=[MaxLengthValidator(limits.PURPOSE)],
    )
    purpose_cy = models.TextField(
        _("business (Welsh)"), blank=True, validators=[MaxLengthValidator(limits.PURPOSE)]
    )
    started_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    threshold = models.PositiveIntegerField(_("signatures needed"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.COLLECTING
    )
    reached_on = models.DateField(_("threshold reached on"), null=True, blank=True)
    call_by = models.DateField(_("the board must call the meeting by"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="requisitions"
    )

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ("organisation", "-created_at")

    def __str__(self) -> str:
        return self.purpose[:80]


class RequisitionSignature(TimeStampedModel):
    requisition = models.ForeignKey(
        Requisition, on_delete=models.PROTECT, related_name="signatures"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["requisition", "member"], name="requisitionsignature_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requisition_id}: {self.member}"


class Minutes(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    body = models.TextField(_("minutes"), validators=[MaxLengthValidator(limits.MINUTES)])
    body_cy = models.TextField(
        _("minutes (Welsh)"), blank=True, validators=[MaxLengthValidator(limits.MINUTES)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved at the meeting"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"
