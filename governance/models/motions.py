"""Motions, their amendments, and the register of resolutions."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.i18n import is_welsh
from coop.core.models import TimeStampedModel
from governance import limits
from governance.models.meetings import AgendaItem, Meeting
from membership.models import Member, Organisation, ResolutionType
from voting.models import Ballot


class Motion(TimeStampedModel):
    """A motion to a general meeting: proposed by a member and seconded, or by the board."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a seconder")
        SECONDED = "seconded", _("Seconded: waiting for the board")
        ADMISSIBLE = "admissible", _("On the agenda")
        INADMISSIBLE = "inadmissible", _("Not admissible")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CARRIED = "carried", _("Carried")
        LOST = "lost", _("Not carried")
        PROVISIONAL = "provisional", _("Carried, to be confirmed at a second meeting")
        CONFIRMED = "confirmed", _("Confirmed")
        NOT_CONFIRMED = "not_confirmed", _("Not confirmed")

    DECIDED: ClassVar[frozenset[str]] = frozenset(
        {"carried", "lost", "provisional", "confirmed", "not_confirmed"}
    )
    OPEN: ClassVar[frozenset[str]] = frozenset({"submitted", "seconded", "admissible"})

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="motions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="motions")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="motion"
    )
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("Welsh title"), max_length=200, blank=True)
    text = models.TextField(_("the motion"), validators=[MaxLengthValidator(limits.MOTION_TEXT)])
    text_cy = models.TextField(
        _("the motion (Welsh)"), blank=True, validators=[MaxLengthValidator(limits.MOTION_TEXT)]
    )
    supporting_statement = models.TextField(
        _("supporting statement"), blank=True, validators=[MaxLengthValidator(limits.STATEMENT)]
    )
    supporting_statement_cy = models.TextField(
        _("supporting statement (Welsh)"),
        blank=True,
        validators=[MaxLengthValidator(limits.STATEMENT)],
    )
    is_board_motion = models.BooleanField(_("proposed by the board"), default=False)
    proposer = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="motions_proposed"
    )
    seconder = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="motions_seconded"
    )
    submitted_on = models.DateField(_("received on"))
    seconded_on = models.DateField(_("seconded on"), null=True, blank=True)
    resolution_type = models.ForeignKey(
        ResolutionType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type of resolution"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    admissibility_reason = models.TextField(
        _("the board's reason"), blank=True, validators=[MaxLengthValidator(limits.REASON)]
    )
    admissibility_decided_on = models.DateField(_("board decided on"), null=True, blank=True)
    final_text = models.TextField(_("text as amended"), blank=True)
    final_text_cy = models.TextField(_("text as amended (Welsh)"), blank=True)
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirms = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmation",
        verbose_name=_("confirms the resolution of"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    result_summary = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ("meeting", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(is_board_motion=True) | Q(proposer__isnull=False),
                name="motion_member_motion_has_proposer",
            ),
            models.CheckConstraint(
                condition=Q(seconder__isnull=True) | ~Q(seconder=models.F("proposer")),
                name="motion_seconder_not_proposer",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_cy if is_welsh() and self.title_cy else self.title

    @property
    def substantive_text(self) -> str:
        return self.final_text or self.text

    @property
    def display_text(self) -> str:
        """The text in the reader's language. Once an amendment has changed the motion, the
        Welsh original is out of date: without a Welsh amended text, the English one shows."""
        if is_welsh():
            if self.final_text:
                return self.final_text_cy or self.final_text
            if self.text_cy:
                return self.text_cy
        return self.substantive_text


class Amendment(TimeStampedModel):
    """An amendment to a motion: the motion's full text as it would read if carried."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a seconder")
        SECONDED = "seconded", _("Seconded")
        INADMISSIBLE = "inadmissible", _("Not admissible")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CARRIED = "carried", _("Carried")
        LOST = "lost", _("Not carried")

    OPEN: ClassVar[frozenset[str]] = frozenset({"submitted", "seconded"})

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="amendments")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(
        _("the motion as amended"), validators=[MaxLengthValidator(limits.MOTION_TEXT)]
    )
    text_cy = models.TextField(
        _("the motion as amended (Welsh)"),
        blank=True,
        validators=[MaxLengthValidator(limits.MOTION_TEXT)],
    )
    base_text = models.TextField(
        _("the motion's text it amends"),
        blank=True,
        help_text=_(
            "The substantive text when the amendment was proposed: its change is applied to "
            "the motion as it stands when it is carried."
        ),
    )
    summary = models.CharField(_("what it changes"), max_length=300, blank=True)
    proposer = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="amendments_proposed"
    )
    seconder = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="amendments_seconded"
    )
    is_board_amendment = models.BooleanField(_("proposed by the board"), default=False)
    submitted_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_summary = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ("motion", "position", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(seconder__isnull=True) | ~Q(seconder=models.F("proposer")),
                name="amendment_seconder_not_proposer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.motion}: {self.summary or self.text[:60]}"


class Resolution(TimeStampedModel):
    """The register of resolutions: each decided motion with its text, type, result and the
    rule applied."""

    class Status(models.TextChoices):
        PASSED = "passed", _("Passed")
        PROVISIONAL = "provisional", _("Passed, awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        NOT_CONFIRMED = "not_confirmed", _("Not confirmed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="resolutions"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    motion = models.OneToOneField(Motion, on_delete=models.PROTECT, related_name="resolution")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    text_cy = models.TextField(_("Welsh text"), blank=True)
    resolution_type = models.ForeignKey(ResolutionType, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    result = models.JSONField(_("result"), default=dict)
    rule_applied = models.TextField(_("rule applied"))
    passed_on = models.DateField(_("passed on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ("organisation", "-passed_on", "-number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="resolution_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"
