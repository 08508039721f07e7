"""Meetings and their agendas."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.i18n import is_welsh
from coop.core.models import TimeStampedModel
from governance import limits
from membership.models import MemberClass, Organisation, RulesVersion
from voting.models import Ballot


class Meeting(TimeStampedModel):
    """A general meeting (AGM, general, class) or a board meeting."""

    class Kind(models.TextChoices):
        AGM = "agm", _("Annual general meeting")
        GENERAL = "general", _("General meeting")
        CLASS = "class", _("Class meeting")
        BOARD = "board", _("Board meeting")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Being planned")
        CALLED = "called", _("Notice given")
        IN_PROGRESS = "in_progress", _("Under way")
        ADJOURNED = "adjourned", _("Adjourned")
        CLOSED = "closed", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        "planned": frozenset({"called", "cancelled"}),
        # A meeting inquorate when due to start stands adjourned (rules on quorum).
        "called": frozenset({"in_progress", "adjourned", "cancelled"}),
        "in_progress": frozenset({"adjourned", "closed"}),
        # Closed once it has opened; called off if it never could (still inquorate).
        "adjourned": frozenset({"in_progress", "closed", "cancelled"}),
        "closed": frozenset(),
        "cancelled": frozenset(),
    }

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("Welsh title"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.TextField(_("place"), blank=True, validators=[MaxLengthValidator(limits.PLACE)])
    online_link = models.URLField(_("online link"), blank=True)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member class (class meetings)"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    notice_channel = models.CharField(
        _("notice sent by"),
        max_length=10,
        choices=[("email", _("email")), ("post", _("post"))],
        default="email",
    )
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    advance_voting = models.BooleanField(
        _("members may vote online before the meeting"),
        default=True,
        help_text=_(
            "Online voting on each motion opens with the notice and, for a meeting "
            "held only in person, closes when the meeting starts."
        ),
    )
    rules_version = models.ForeignKey(
        RulesVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quorum_required = models.PositiveIntegerField(_("quorum"), null=True, blank=True)
    member_count_at_start = models.PositiveIntegerField(
        _("members when it started"), null=True, blank=True
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    adjourned_to = models.DateTimeField(_("adjourned to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("organisation", "-starts_at")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(kind__in=["agm", "general", "class", "board"]),
                name="meeting_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "planned",
                        "called",
                        "in_progress",
                        "adjourned",
                        "closed",
                        "cancelled",
                    ]
                ),
                name="meeting_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_cy if is_welsh() and self.title_cy else self.title

    @property
    def is_general(self) -> bool:
        return self.kind != self.Kind.BOARD


class AgendaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        MOTION = "motion", _("Motion")
        ELECTION = "election", _("Election")
        MINUTES = "minutes", _("Minutes of the last meeting")
        OTHER = "other", _("Other business")

    class Status(models.TextChoices):
        PENDING = "pending", _("To come")
        CURRENT = "current", _("Being taken")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("Welsh title"), max_length=200, blank=True)
    body = models.TextField(
        _("details"), blank=True, validators=[MaxLengthValidator(limits.AGENDA_BODY)]
    )
    body_cy = models.TextField(
        _("Welsh details"), blank=True, validators=[MaxLengthValidator(limits.AGENDA_BODY)]
    )
    ballot = models.ForeignKey(
        Ballot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("election ballot"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(
        _("what happened"), blank=True, validators=[MaxLengthValidator(limits.NOTE)]
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ("meeting", "position")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agendaitem_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title_cy if is_welsh() and self.title_cy else self.title
