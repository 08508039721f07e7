"""A joint bid: its state, participating member co-ops and their approvals, capacity
committed per lot, price build-ups, social value figures."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models import Member, Organisation
from tendering.models.opportunities import Lot, Opportunity
from voting.models import Ballot


class JointBid(TimeStampedModel):
    """One bid by a consortium, led by one of its member co-ops."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        QUALIFYING = "qualifying", _("Qualifying: go or no-go")
        CONSULTING = "consulting", _("Consulting member co-ops")
        DRAFTING = "drafting", _("Drafting")
        IN_REVIEW = "in_review", _("In review")
        FINAL_SIGNOFF = "final_signoff", _("Final sign-off")
        READY = "ready", _("Ready to submit")
        SUBMITTED = "submitted", _("Submitted")
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
        DECLINED = "declined", _("Declined (no-go)")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed")
        REPLANNING = "replanning", _("Re-planning after a member dropped out")

    #: The allowed transitions (a state history is kept in the audit trail).
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        "identified": frozenset({"qualifying", "declined", "lapsed"}),
        "qualifying": frozenset({"consulting", "declined", "lapsed"}),
        "consulting": frozenset({"drafting", "declined", "withdrawn", "lapsed", "replanning"}),
        "drafting": frozenset({"in_review", "withdrawn", "lapsed", "replanning"}),
        "in_review": frozenset({"drafting", "final_signoff", "withdrawn", "lapsed", "replanning"}),
        "final_signoff": frozenset({"drafting", "ready", "withdrawn", "lapsed", "replanning"}),
        "ready": frozenset({"drafting", "submitted", "withdrawn", "lapsed", "replanning"}),
        "submitted": frozenset({"awarded", "unsuccessful", "withdrawn"}),
        "replanning": frozenset({"consulting", "drafting", "withdrawn", "lapsed"}),
        "awarded": frozenset(),
        "unsuccessful": frozenset(),
        "declined": frozenset(),
        "withdrawn": frozenset(),
        "lapsed": frozenset(),
    }
    OPEN: ClassVar[frozenset[str]] = frozenset(
        {
            "identified",
            "qualifying",
            "consulting",
            "drafting",
            "in_review",
            "final_signoff",
            "ready",
            "submitted",
            "replanning",
        }
    )
    EDITABLE: ClassVar[frozenset[str]] = frozenset(
        {"consulting", "drafting", "in_review", "replanning"}
    )

    class Liability(models.TextChoices):
        JOINT_AND_SEVERAL = "joint_and_several", _("Joint and several")
        LEAD_ONLY = "lead_only", _("The lead carries the liability")
        PRIME = "prime", _("Consortium body as prime, members as subcontractors")

    class Decision(models.TextChoices):
        BOARD = "board", _("Consortium board")
        BALLOT = "ballot", _("Ballot of member co-ops")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="bids")
    consortium = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="joint_bids"
    )
    lead = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bids_led",
        verbose_name=_("lead member co-op"),
    )
    liability = models.CharField(
        _("liability"),
        max_length=30,
        choices=Liability.choices,
        default=Liability.JOINT_AND_SEVERAL,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    answers_due = models.DateTimeField(_("answers due"), null=True, blank=True)
    prices_due = models.DateTimeField(_("prices due"), null=True, blank=True)
    signoff_due = models.DateTimeField(_("sign-off due"), null=True, blank=True)
    pay_floor_pence = models.PositiveIntegerField(
        _("lowest hourly pay (pence)"),
        default=1345,
        help_text=_("No member's pay line may be below this (for example the Real Living Wage)."),
    )
    decision_method = models.CharField(
        _("go/no-go decided by"), max_length=10, choices=Decision.choices, blank=True
    )
    decision_ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    go_decided_on = models.DateField(_("go/no-go decided on"), null=True, blank=True)
    go_reference = models.CharField(
        _("board minute or ballot reference"), max_length=200, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint bid")
        verbose_name_plural = _("joint bids")
        ordering = ("consortium", "-created_at")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["opportunity", "consortium"], name="jointbid_one_per_opportunity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consortium} – {self.opportunity}"


class BidParticipant(TimeStampedModel):
    """A member co-op taking part, with its own democratic approval and conditions."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Dropped out")

    class Approval(models.TextChoices):
        BOARD = "board", _("Board resolution")
        BALLOT = "ballot", _("Member ballot")

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="participants")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="bid_roles", verbose_name=_("member co-op")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    approval_kind = models.CharField(
        _("approved by"), max_length=10, choices=Approval.choices, blank=True
    )
    approval_reference = models.CharField(
        _("resolution or ballot reference"), max_length=200, blank=True
    )
    approval_ballot = models.ForeignKey(
        Ballot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the co-op's ballot that approved"),
        help_text=_("One of the co-op's own ballots, closed, whose result carried."),
    )
    approval_delegated_on = models.DateField(
        _("approval delegated to the consortium on"), null=True, blank=True
    )
    approval_delegation_reference = models.CharField(
        _("written delegation (reference)"), max_length=200, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_expires_on = models.DateField(_("approval expires on"), null=True, blank=True)
    allowed_lots = models.ManyToManyField(
        Lot, blank=True, related_name="+", verbose_name=_("lots approved (none: all)")
    )
    max_hours_per_week = models.DecimalField(
        _("most hours a week approved"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    conditions = models.TextField(_("other conditions"), blank=True)
    authorised_lead = models.BooleanField(_("has authorised the lead in writing"), default=False)
    authorisation_signed_by = models.CharField(
        _("authorisation signed by"), max_length=200, blank=True
    )
    authorisation_on = models.DateField(_("authorisation dated"), null=True, blank=True)

    class Meta:
        verbose_name = _("participating co-op")
        verbose_name_plural = _("participating co-ops")
        ordering = ("bid", "member__name")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["bid", "member"], name="bidparticipant_once"),
        ]

    def __str__(self) -> str:
        return str(self.member.name)


class CapacityDeclaration(TimeStampedModel):
    """How many care hours a week a member co-op can deliver in all (across all bids)."""

    consortium = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="capacity")
    hours_per_week = models.DecimalField(
        _("hours a week it can deliver"), max_digits=9, decimal_places=2
    )
    declared_on = models.DateField(_("declared on"))

    class Meta:
        verbose_name = _("capacity declaration")
        verbose_name_plural = _("capacity declarations")
        ordering = ("member", "-declared_on")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0), name="capacitydeclaration_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.hours_per_week}"


class Commitment(TimeStampedModel):
    """Capacity a participating co-op commits to one lot."""

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="commitments")
    participant = models.ForeignKey(
        BidParticipant, on_delete=models.PROTECT, related_name="commitments"
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="commitments")
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=9, decimal_places=2)
    role = models.CharField(
        _("role"), max_length=20, choices=Lot.Role.choices, default=Lot.Role.PRIMARY
    )
    staff_count = models.PositiveIntegerField(_("care staff"), default=0)
    base = models.CharField(_("base (office)"), max_length=200, blank=True)
    ciw_registration = models.CharField(
        _("Care Inspectorate Wales registration"), max_length=50, blank=True
    )

    class Meta:
        verbose_name = _("capacity commitment")
        verbose_name_plural = _("capacity commitments")
        ordering = ("bid", "lot__number", "participant__member__name")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["participant", "lot"], name="commitment_one_per_lot"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0), name="commitment_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.lot}: {self.hours_per_week}"


class PriceLine(TimeStampedModel):
    """A member's cost build-up of an hourly rate for one lot and rate type (pence/hour).
    Visible only to the lead and that member."""

    class RateType(models.TextChoices):
        STANDARD = "standard", _("Standard hours")
        UNSOCIAL = "unsocial", _("Evenings and weekends")
        BANK_HOLIDAY = "bank_holiday", _("Bank holidays")

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="price_lines")
    participant = models.ForeignKey(
        BidParticipant, on_delete=models.PROTECT, related_name="price_lines"
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    rate_type = models.CharField(
        _("rate type"), max_length=20, choices=RateType.choices, default=RateType.STANDARD
    )
    pay_pence = models.PositiveIntegerField(_("care worker's pay an hour"))
    on_costs_pence = models.PositiveIntegerField(_("on-costs (NI, pension, holiday)"), default=0)
    travel_pence = models.PositiveIntegerField(_("travel"), default=0)
    overhead_pence = models.PositiveIntegerField(_("overheads"), default=0)
    margin_pence = models.PositiveIntegerField(_("margin"), default=0)

    class Meta:
        verbose_name = _("price build-up")
        verbose_name_plural = _("price build-ups")
        ordering = ("bid", "lot__number", "rate_type")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["participant", "lot", "rate_type"], name="priceline_one_per_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.lot} {self.rate_type}"

    @property
    def rate_pence(self) -> int:
        return (
            self.pay_pence
            + self.on_costs_pence
            + self.travel_pence
            + self.overhead_pence
            + self.margin_pence
        )


class SocialValueFigure(TimeStampedModel):
    """A social value figure drawn from a member co-op's register at a stated date."""

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="social_value")
    participant = models.ForeignKey(
        BidParticipant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.SlugField(_("figure"), max_length=50)
    label = models.CharField(_("what it measures"), max_length=200)
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    stated_on = models.DateField(_("register as at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("social value figure")
        verbose_name_plural = _("social value figures")
        ordering = ("bid", "participant", "code")

    def __str__(self) -> str:
        return f"{self.label}: {self.numerator}/{self.denominator}"

    @property
    def percent(self) -> str:
        if not self.denominator:
            return "–"
        return f"{self.numerator * 100 / self.denominator:.1f}"
