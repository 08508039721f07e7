"""Who is at a meeting, their proxies, and the notice sent to each member."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from governance.models.meetings import Meeting
from membership.models import Member


class Attendance(TimeStampedModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Sent apologies")
        LEFT = "left", _("Left the meeting")

    class Channel(models.TextChoices):
        DOOR = "door", _("At the door")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, blank=True)
    representative_name = models.CharField(
        _("attending for the organisation"), max_length=200, blank=True
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ("meeting", "member__number")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_status_display()}"


class MeetingProxy(TimeStampedModel):
    """A member's proxy for a meeting (where the rules allow proxies). Governance turns it
    into a proxy on each ballot taken at the meeting."""

    class Kind(models.TextChoices):
        DIRECTED = "directed", _("Directed: the proxy votes as I say")
        DISCRETIONARY = "discretionary", _("At the proxy's discretion")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="proxies")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    holder_name = models.CharField(_("proxy's name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    directions = models.JSONField(
        _("directions"),
        default=dict,
        blank=True,
        help_text=_("motion id → for, against or abstain"),
    )
    received_on = models.DateField(_("received on"))
    is_revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("proxy for a meeting")
        verbose_name_plural = _("proxies for a meeting")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(is_revoked=False),
                name="meetingproxy_one_live_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.holder_name}"


class NoticeDispatch(TimeStampedModel):
    """When notice of a meeting went to a member, by which channel, in which language."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="dispatches")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        _("channel"), max_length=10, choices=[("email", _("email")), ("post", _("post"))]
    )
    language = models.CharField(_("language"), max_length=5)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        ordering = ("meeting", "member__number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="noticedispatch_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.member}"


class NoticeRun(TimeStampedModel):
    """Progress of sending a meeting's notice in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Sending")
        DONE = "done", _("Sent")
        FAILED = "failed", _("Failed")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="notice_run")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("notices to send"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("notice run")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.sent}/{self.total}"
