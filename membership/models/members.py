"""Members, joint holders, representatives, officers, applications, nominations, imports."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models.organisations import MemberClass, Organisation, ShareClass

LANGUAGE_CHOICES = [("en-gb", "English"), ("cy", "Cymraeg")]


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> MemberQuerySet:
        return self.filter(status=Member.Status.ACTIVE)

    def current(self) -> MemberQuerySet:
        """Not ceased (active or suspended)."""
        return self.exclude(status=Member.Status.CEASED)

    def on_register_on(self, day: dt.date) -> MemberQuerySet:
        """Members whose entry on the register exists on `day` (former members included)."""
        return self.filter(entered_on__lte=day)

    def members_on(self, day: dt.date) -> MemberQuerySet:
        """Members who were members on `day` (entered, and not yet ceased)."""
        return self.filter(entered_on__lte=day).filter(
            Q(ceased_on__isnull=True) | Q(ceased_on__gt=day)
        )


class Member(TimeStampedModel):
    """An entry on the register of members (CCBS Act 2014 s.30).

    A member who leaves is never deleted: `ceased_on` is filled in. Statutory fields (name,
    postal address, electronic address, dates) stay while the law needs them; the fields
    marked optional may be erased at the member's request.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CEASED = "ceased", _("Ceased")

    class CeasedReason(models.TextChoices):
        WITHDRAWAL = "withdrawal", _("Withdrew from membership")
        DEATH = "death", _("Died")
        EXPULSION = "expulsion", _("Expelled")
        INELIGIBLE = "ineligible", _("No longer eligible")
        NO_SHARES = "no_shares", _("Holds no qualifying share")
        DISSOLVED = "dissolved", _("Organisation dissolved")
        OTHER = "other", _("Other")

    STATUTORY_FIELDS: ClassVar[tuple[str, ...]] = (
        "number",
        "name",
        "postal_address",
        "postcode",
        "email",
        "entered_on",
        "ceased_on",
    )
    OPTIONAL_FIELDS: ClassVar[tuple[str, ...]] = ("phone", "date_of_birth")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation"),
    )
    number = models.PositiveIntegerField(_("member number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("member class"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    entered_on = models.DateField(_("date entered on the register"))
    ceased_on = models.DateField(_("date ceased to be a member"), null=True, blank=True)
    ceased_reason = models.CharField(
        _("why membership ceased"), max_length=20, choices=CeasedReason.choices, blank=True
    )
    ceased_note = models.TextField(_("note on ceasing"), blank=True)
    postal_address = models.TextField(_("postal address"))
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    email_for_notices = models.BooleanField(
        _("email address given for notices of meetings"), default=False
    )
    email_for_ballots = models.BooleanField(_("email address given for voting"), default=False)
    email_for_news = models.BooleanField(_("email address given for news"), default=False)
    phone = models.CharField(_("phone (optional)"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth (optional)"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGE_CHOICES, default="en-gb"
    )
    is_registered_society = models.BooleanField(
        _("is a registered society"),
        default=False,
        help_text=_("Registered societies are not subject to the £100,000 cap (s.24)."),
    )
    member_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation that is the member"),
        help_text=_("For a consortium: the member co-op, if it uses Cyd too."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("sign-in account"),
    )
    suspended_reason = models.TextField(_("reason for suspension"), blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ("organisation", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="member_number_unique_in_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="member_one_membership_per_user",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="member_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "ceased"]),
                name="member_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="ceased") & Q(ceased_on__isnull=False))
                | (~Q(status="ceased") & Q(ceased_on__isnull=True)),
                name="member_ceased_on_iff_ceased",
            ),
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | Q(ceased_on__gte=models.F("entered_on")),
                name="member_ceased_after_entered",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "status"], name="member_org_status"),
            models.Index(fields=["organisation", "name"], name="member_org_name"),
            models.Index(fields=["organisation", "entered_on"], name="member_org_entered"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_ceased(self) -> bool:
        return self.status == self.Status.CEASED

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class JointHolder(TimeStampedModel):
    """A further named holder of a joint membership; one of them is designated to vote."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="joint_holders")
    name = models.CharField(_("name"), max_length=200)
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("email address"), blank=True)
    is_designated_voter = models.BooleanField(_("votes for the joint holding"), default=False)

    class Meta:
        verbose_name = _("joint holder")
        verbose_name_plural = _("joint holders")
        ordering = ("member", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(is_designated_voter=True),
                name="jointholder_one_designated_voter",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Representative(TimeStampedModel):
    """A person who votes for a member organisation (a consortium's member co-op)."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Representative")
        ALTERNATE = "alternate", _("Alternate")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRIMARY)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ("member", "role", "name")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(role="primary", ended_on__isnull=True),
                name="representative_one_current_primary",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="representative_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


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


class Application(TimeStampedModel):
    """An application to join, decided by the board."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the board")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    kind = models.CharField(
        _("applying as"), max_length=20, choices=Member.Kind.choices, default=Member.Kind.PERSON
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    postal_address = models.TextField(_("postal address"))
    postcode = models.CharField(_("postcode"), max_length=10)
    phone = models.CharField(_("phone (optional)"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth (optional)"), null=True, blank=True)
    member_class = models.ForeignKey(
        MemberClass,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("member class"),
    )
    share_class = models.ForeignKey(
        ShareClass,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("share class"),
    )
    shares_requested = models.PositiveIntegerField(_("number of shares"))
    amount_paid_pence = models.PositiveBigIntegerField(_("amount paid (pence)"), default=0)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGE_CHOICES, default="en-gb"
    )
    email_for_notices = models.BooleanField(_("send notices of meetings by email"), default=True)
    email_for_ballots = models.BooleanField(_("send ballots by email"), default=True)
    email_for_news = models.BooleanField(_("send news by email"), default=False)
    declaration = models.BooleanField(_("declaration accepted"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    board_minute_reference = models.CharField(
        _("board minute reference"), max_length=100, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="application"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("organisation", "-submitted_at")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "approved", "rejected", "withdrawn"]),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(shares_requested__gte=1), name="application_shares_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(member__isnull=False),
                name="application_approved_has_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


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
    nominee_address = models.TextField(_("nominee's address"))
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
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.nominee_name}"


class ImportBatch(TimeStampedModel):
    """An uploaded register spreadsheet: previewed, then committed all-or-nothing."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, not imported")
        COMMITTED = "committed", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ("organisation", "-created_at")

    def __str__(self) -> str:
        return self.filename
