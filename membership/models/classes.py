"""Share classes and member classes (a multi-stakeholder co-operative's constituencies)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.limits import length_limits, limited_text
from coop.core.models import TimeStampedModel
from membership.models.organisations import PERCENT, BilingualNameMixin, Organisation
from membership.models.text import (
    NOTE_MAX_LENGTH,
    PAGE_TEXT_MAX_LENGTH,
)


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
    withdrawals_suspended_reason = limited_text(
        _("reason for the suspension"), NOTE_MAX_LENGTH, blank=True
    )

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
            *length_limits("shareclass", withdrawals_suspended_reason=NOTE_MAX_LENGTH),
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
    eligibility = limited_text(_("who may join this class"), PAGE_TEXT_MAX_LENGTH, blank=True)
    eligibility_cy = limited_text(
        _("who may join this class (Welsh)"), PAGE_TEXT_MAX_LENGTH, blank=True
    )
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
            *length_limits(
                "memberclass", eligibility=PAGE_TEXT_MAX_LENGTH, eligibility_cy=PAGE_TEXT_MAX_LENGTH
            ),
        ]

    def __str__(self) -> str:
        return self.display_name
