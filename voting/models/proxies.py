"""A member's appointment of a proxy for a ballot."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models import Member
from voting.models.ballots import Ballot


class Proxy(TimeStampedModel):
    """A member's appointment of a proxy for a ballot, where the rules allow proxies."""

    class Kind(models.TextChoices):
        DIRECTED = "directed", _("Directed: the proxy votes as I say")
        DISCRETIONARY = "discretionary", _("At the proxy's discretion")

    class Status(models.TextChoices):
        APPOINTED = "appointed", _("Appointed")
        USED = "used", _("Vote cast")
        REVOKED = "revoked", _("Revoked")

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="proxies")
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="proxies_given",
        verbose_name=_("member appointing"),
    )
    holder = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies_held",
        verbose_name=_("proxy (a member)"),
    )
    holder_name = models.CharField(
        _("proxy's name"), max_length=200, help_text=_("Or the chair of the meeting.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    directions = models.JSONField(
        _("directions"), default=dict, blank=True, help_text=_("Question id → list of option ids.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPOINTED
    )
    holder_present = models.BooleanField(_("the proxy is present"), default=False)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["ballot", "member"],
                condition=~Q(status="revoked"),
                name="proxy_one_live_per_member",
            ),
            models.CheckConstraint(condition=~Q(member=models.F("holder")), name="proxy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.holder_name}"
