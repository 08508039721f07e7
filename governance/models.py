"""General meetings: notice, agenda, attendance, motions, amendments, resolutions,
requisitions and minutes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coop.core.models import TimeStampedModel
from membership.models import Member, MemberClass, Organisation, ResolutionType, RulesVersion
from voting.models import Ballot


def _welsh() -> bool:
    return (get_language() or "").startswith("cy")


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
    place = models.TextField(_("place"), blank=True)
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
        return self.title_cy if _welsh() and self.title_cy else self.title

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
    body = models.TextField(_("details"), blank=True)
    body_cy = models.TextField(_("Welsh details"), blank=True)
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
    note = models.TextField(_("what happened"), blank=True)

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
        return self.title_cy if _welsh() and self.title_cy else self.title


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
    text = models.TextField(_("the motion"))
    text_cy = models.TextField(_("the motion (Welsh)"), blank=True)
    supporting_statement = models.TextField(_("supporting statement"), blank=True)
    supporting_statement_cy = models.TextField(_("supporting statement (Welsh)"), blank=True)
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
    admissibility_reason = models.TextField(_("the board's reason"), blank=True)
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
        return self.title_cy if _welsh() and self.title_cy else self.title

    @property
    def substantive_text(self) -> str:
        return self.final_text or self.text

    @property
    def display_text(self) -> str:
        """The text in the reader's language. Once an amendment has changed the motion, the
        Welsh original is out of date: without a Welsh amended text, the English one shows."""
        if _welsh():
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
    text = models.TextField(_("the motion as amended"))
    text_cy = models.TextField(_("the motion as amended (Welsh)"), blank=True)
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


class Requisition(TimeStampedModel):
    """Members' request for a general meeting (threshold from the rules)."""

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting signatures")
        REACHED = "reached", _("Threshold reached: the board must call the meeting")
        CALLED = "called", _("Meeting called")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requisitions"
    )
    purpose = models.TextField(_("business the meeting is asked to consider"))
    purpose_cy = models.TextField(_("business (Welsh)"), blank=True)
    started_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    threshold = models.PositiveIntegerField(_("signatures needed"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.COLLECTING
    )
    reached_on = models.DateField(_("threshold reached on"), null=True, blank=True)
    call_by = models.DateField(_("the board must call the meeting by"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="requisitions"
    )

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ("organisation", "-created_at")

    def __str__(self) -> str:
        return self.purpose[:80]


class RequisitionSignature(TimeStampedModel):
    requisition = models.ForeignKey(
        Requisition, on_delete=models.PROTECT, related_name="signatures"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["requisition", "member"], name="requisitionsignature_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requisition_id}: {self.member}"


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


class Minutes(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    body = models.TextField(_("minutes"))
    body_cy = models.TextField(_("minutes (Welsh)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved at the meeting"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"
