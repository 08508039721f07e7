"""The register of officers (s.30(3)) and the book of nominations (s.37)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.limits import length_limits, limited_text
from coop.core.models import TimeStampedModel
from membership.models.classes import MemberClass
from membership.models.members import Member
from membership.models.organisations import Organisation
from membership.models.text import ADDRESS_MAX_LENGTH


class Officer(TimeStampedModel):
    """A term of office (register of officers); ended terms stay as history."""

    class Office(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        DIRECTOR = "director", _("Director (board member)")
        SECRETARY = "secretary", _("Secretary")
        TREASURER = "treasurer", _("Treasurer")

    class Appointment(models.TextChoices):
        ELECTED = "elected", _("Elected at a general meeting")
        CO_OPTED = "co_opted", _("Co-opted by the board")
        APPOINTED = "appointed", _("Appointed by the board")
        NOMINATED = "nominated", _("Nominated by a member organisation")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="officers"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=20, choices=Office.choices)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("seat reserved for class"),
    )
    appointed_on = models.DateField(_("appointed on"))
    term_ends_on = models.DateField(_("term due to end"), null=True, blank=True)
    ended_on = models.DateField(_("left office on"), null=True, blank=True)
    appointment = models.CharField(
        _("how appointed"), max_length=20, choices=Appointment.choices, default=Appointment.ELECTED
    )
    end_reason = models.CharField(_("why the term ended"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ("organisation", "ended_on", "office", "name")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                name="officer_ends_after_appointed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.get_office_display()}"


class Nomination(TimeStampedModel):
    """An entry in the book of nominations (CCBS Act 2014 s.37): who receives up to £5,000 of
    the member's property in the society on their death."""

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Husband, wife or civil partner")
        PARENT = "parent", _("Father or mother")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Brother or sister")
        NEPHEW_NIECE = "nephew_niece", _("Nephew or niece")
        OTHER = "other", _("Other")

    FAMILY: ClassVar[frozenset[str]] = frozenset(
        {"spouse", "parent", "child", "sibling", "nephew_niece"}
    )
    STATUTORY_MAXIMUM_PENCE: ClassVar[int] = 500_000

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nominations"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="nominations")
    nominee_name = models.CharField(_("nominee's name"), max_length=200)
    nominee_address = limited_text(_("nominee's address"), ADDRESS_MAX_LENGTH)
    relationship = models.CharField(
        _("relationship to the member"), max_length=20, choices=Relationship.choices
    )
    nominee_is_officer_or_employee = models.BooleanField(
        _("the nominee is an officer or employee of the society"), default=False
    )
    maximum_pence = models.PositiveIntegerField(_("up to (pence)"), default=500_000)
    received_on = models.DateField(_("received in writing on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ("organisation", "member", "-received_on")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(maximum_pence__gt=0, maximum_pence__lte=500_000),
                name="nomination_within_statutory_maximum",
            ),
            *length_limits("nomination", nominee_address=ADDRESS_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.nominee_name}"
