"""The share ledger and what is derived from it: withdrawals, certificates, inspections,
register exports."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop.core.limits import length_limits, limited_text
from coop.core.models import AppendOnlyModel, AppendOnlyQuerySet, TimeStampedModel
from membership.models.classes import ShareClass
from membership.models.members import Member
from membership.models.organisations import Organisation
from membership.models.text import NOTE_MAX_LENGTH


class Withdrawal(TimeStampedModel):
    """A request to withdraw shares: requested → notice running → board decision → paid.

    The board decides only once the notice has run, and records that it considered the
    solvency test; the payment writes a WITHDRAWAL entry to the ledger.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Notice running")
        APPROVED = "approved", _("Approved by the board")
        REFUSED = "refused", _("Refused by the board")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    #: The allowed transitions; anything else is refused.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        "requested": frozenset({"approved", "refused", "cancelled"}),
        "approved": frozenset({"paid", "cancelled"}),
        "refused": frozenset(),
        "paid": frozenset(),
        "cancelled": frozenset(),
    }
    OPEN: ClassVar[frozenset[str]] = frozenset({"requested", "approved"})

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="withdrawals"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="withdrawals")
    share_class = models.ForeignKey(
        ShareClass, on_delete=models.PROTECT, related_name="withdrawals"
    )
    shares = models.PositiveIntegerField(_("shares to withdraw"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    notice_ends_on = models.DateField(_("notice ends on"))
    is_membership_ending = models.BooleanField(
        _("the member is leaving"),
        default=False,
        help_text=_("Withdrawing every share ends the membership when paid."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    solvency_considered = models.BooleanField(
        _("the board considered whether paying keeps the society solvent"), default=False
    )
    board_minute_reference = models.CharField(
        _("board minute reference"), max_length=100, blank=True
    )
    decision_note = limited_text(_("note on the decision"), NOTE_MAX_LENGTH, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    amount_pence = models.PositiveBigIntegerField(_("amount paid (pence)"), null=True, blank=True)

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        ordering = ("organisation", "notice_ends_on", "id")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(shares__gte=1), name="withdrawal_shares_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "approved", "refused", "paid", "cancelled"]),
                name="withdrawal_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(solvency_considered=True),
                name="withdrawal_approval_considers_solvency",
            ),
            models.CheckConstraint(
                condition=Q(notice_ends_on__gte=models.F("requested_on")),
                name="withdrawal_notice_after_request",
            ),
            *length_limits("withdrawal", decision_note=NOTE_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.shares} × {self.share_class}"


class ShareTransactionQuerySet(AppendOnlyQuerySet):
    def as_of(self, day: object) -> ShareTransactionQuerySet:
        return self.filter(effective_on__lte=day)


class ShareTransaction(AppendOnlyModel):
    """One entry of the append-only share ledger.

    `shares` and `paid_pence` are signed changes; a holding is the sum of its entries up to a
    date. A mistake is corrected by a CORRECTION entry that reverses it, with a reason.
    """

    class Kind(models.TextChoices):
        ALLOTMENT = "allotment", _("Allotment")
        PAYMENT = "payment", _("Payment")
        TRANSFER_OUT = "transfer_out", _("Transfer out")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        CANCELLATION = "cancellation", _("Cancellation")
        INTEREST = "interest", _("Interest credited as shares")
        DEATH_OUT = "death_out", _("Transfer on death (from)")
        DEATH_IN = "death_in", _("Transfer on death (to)")
        CORRECTION = "correction", _("Correction")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="share_transactions"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="share_transactions")
    share_class = models.ForeignKey(
        ShareClass, on_delete=models.PROTECT, related_name="share_transactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    shares = models.BigIntegerField(_("change in shares"))
    paid_pence = models.BigIntegerField(_("change in amount paid (pence)"), default=0)
    effective_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = limited_text(_("reason"), NOTE_MAX_LENGTH, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    counterparty = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other member"),
    )
    transfer_group = models.UUIDField(_("transfer"), null=True, blank=True)
    withdrawal = models.ForeignKey(
        Withdrawal, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )

    objects = ShareTransactionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("share ledger entry")
        verbose_name_plural = _("share ledger entries")
        ordering = ("effective_on", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "allotment",
                        "payment",
                        "transfer_out",
                        "transfer_in",
                        "withdrawal",
                        "cancellation",
                        "interest",
                        "death_out",
                        "death_in",
                        "correction",
                    ]
                ),
                name="sharetransaction_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(shares=0) | ~Q(paid_pence=0), name="sharetransaction_changes_something"
            ),
            models.CheckConstraint(
                condition=(Q(kind="correction") & Q(reverses__isnull=False))
                | (~Q(kind="correction") & Q(reverses__isnull=True)),
                name="sharetransaction_correction_reverses",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["allotment", "transfer_in", "interest", "death_in"])
                | Q(shares__gt=0),
                name="sharetransaction_additions_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["transfer_out", "withdrawal", "cancellation", "death_out"])
                | Q(shares__lt=0),
                name="sharetransaction_removals_negative",
            ),
            *length_limits("sharetransaction", reason=NOTE_MAX_LENGTH),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["member", "share_class", "effective_on"], name="sharetx_member_class_day"
            ),
            # Covers the entries of an organisation after a date, which the register as at
            # that date takes away from the current holdings (`selectors.holding_values`).
            models.Index(
                fields=["organisation", "effective_on"],
                include=["member", "share_class", "shares", "paid_pence"],
                name="sharetx_org_day_cover",
            ),
            # Covers the register-as-at aggregate (group by member and class up to a date).
            models.Index(
                fields=["organisation", "member", "share_class"],
                include=["effective_on", "shares", "paid_pence"],
                name="sharetx_org_member_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.get_kind_display()} {self.shares:+d}"


class ShareCertificate(TimeStampedModel):
    """A share certificate issued to a member (numbered per organisation)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="certificates"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="certificates")
    share_class = models.ForeignKey(ShareClass, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("certificate number"))
    shares = models.PositiveBigIntegerField(_("shares"))
    paid_pence = models.PositiveBigIntegerField(_("amount paid (pence)"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("share certificate")
        verbose_name_plural = _("share certificates")
        ordering = ("organisation", "-number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="sharecertificate_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"No. {self.number}: {self.member}"


class RegisterInspection(AppendOnlyModel):
    """A logged inspection of the register (CCBS Act 2014 s.103)."""

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate register (s.103)")
        OWN_ACCOUNT = "own_account", _("Own account")
        FULL = "full", _("Full register")
        EXPORT = "export", _("Export of the register")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="inspections"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an export made with the command line."),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    as_of = models.DateField(_("register as at"))
    inspected_at = models.DateTimeField(_("inspected"), default=timezone.now)

    class Meta:
        verbose_name = _("register inspection")
        verbose_name_plural = _("register inspections")
        ordering = ("organisation", "-inspected_at")

    def __str__(self) -> str:
        return f"{self.inspected_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class RegisterExport(TimeStampedModel):
    """A register export built in the background, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        CSV = "csv", "CSV"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="register_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("register as at"))
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    language = models.CharField(_("language"), max_length=5, default="en-gb")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="register-exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("register export")
        verbose_name_plural = _("register exports")
        ordering = ("organisation", "-created_at")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="registerexport_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.as_of} {self.format}"
