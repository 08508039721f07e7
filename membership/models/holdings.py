"""Current holdings: each member's holding of each share class now, kept beside the ledger."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from membership.models.classes import ShareClass
from membership.models.members import Member
from membership.models.organisations import Organisation


class CurrentHolding(models.Model):
    """A member's holding of one share class: the sum of every ledger entry of theirs in
    that class (whatever its date), in shares and in pence paid.

    The ledger stays the record: this table is derived from it and written only by the
    ledger services (`membership.services._holdings`), in the transaction that writes the
    entries. A row exists for every member and class with any ledger entry, even once the
    holding is back to nothing, so the register as at a date can work back from today's
    holdings. `manage.py check_holdings` compares it with the ledger.
    """

    # The covering index below starts with the organisation and the unique constraint with
    # the member: neither foreign key needs an index of its own.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="current_holdings", db_index=False
    )
    share_class = models.ForeignKey(ShareClass, on_delete=models.PROTECT, related_name="+")
    shares = models.BigIntegerField(_("shares"))
    paid_pence = models.BigIntegerField(_("amount paid (pence)"))

    class Meta:
        verbose_name = _("current holding")
        verbose_name_plural = _("current holdings")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "share_class"], name="currentholding_member_class_unique"
            ),
        ]
        indexes: ClassVar = [
            # Covers the register as at a date (every holding of an organisation).
            models.Index(
                fields=["organisation", "member", "share_class"],
                include=["shares", "paid_pence"],
                name="currentholding_org_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.share_class_id}: {self.shares} ({self.paid_pence}p)"
