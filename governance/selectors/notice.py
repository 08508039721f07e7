"""Notice of a meeting: who it goes to, the channel its period is counted from, the notice
arithmetic of the rules, and how far the mail-out has gone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from governance import rules
from governance.models import Meeting, NoticeDispatch, NoticeRun
from governance.selectors.calendar import meeting_day, rules_for, today
from membership.models import Member


def notice_recipients(meeting: Meeting) -> QuerySet[Member]:
    """Members the notice goes to: active members (of the class, for a class meeting)."""
    members = Member.objects.filter(organisation=meeting.organisation).active()
    if meeting.member_class_id:
        members = members.filter(member_class_id=meeting.member_class_id)
    return members


def _by_post(members: QuerySet[Member]) -> QuerySet[Member]:
    return members.filter(Q(email="") | Q(email_for_notices=False))


def notice_channel_for(meeting: Meeting) -> str:
    """The channel the notice period is counted from: post if the meeting's notice goes by
    post or any member it goes to gave no email address for notices (their notice is
    posted, and deemed delivered later); email otherwise. Once notice has gone, the channels
    it actually went by."""
    channels = [meeting.notice_channel]
    if meeting.pk and meeting.dispatches.exists():
        channels += list(meeting.dispatches.values_list("channel", flat=True).distinct())
    elif _by_post(notice_recipients(meeting)).exists():
        channels.append(rules.POST)
    return rules.slowest_channel(channels)


@dataclass(frozen=True)
class NoticeFacts:
    given_on: dt.date
    deemed_delivered_on: dt.date
    earliest_meeting_on: dt.date
    clear_days: int
    rule: str
    motion_deadline_on: dt.date
    channel: str = "email"  # the channel the notice period is counted from


def notice_facts(meeting: Meeting, given_on: dt.date | None = None) -> NoticeFacts:
    """The notice arithmetic for a meeting with notice given on `given_on` (by default when
    it was given, or today): clear days, deemed delivery and the motions deadline (rules
    version: notice_clear_days, email_deemed_delivery_days, post_deemed_delivery_days,
    motion_deadline_days)."""
    given_on = given_on or meeting.notice_given_on or today()
    version = meeting.rules_version or rules_for(meeting.organisation, given_on)
    channel = notice_channel_for(meeting)
    return NoticeFacts(
        given_on=given_on,
        deemed_delivered_on=rules.deemed_delivered_on(
            given_on,
            channel,
            email_days=version.email_deemed_delivery_days,
            post_days=version.post_deemed_delivery_days,
        ),
        earliest_meeting_on=rules.earliest_meeting_on(
            given_on,
            channel,
            clear_days=version.notice_clear_days,
            email_days=version.email_deemed_delivery_days,
            post_days=version.post_deemed_delivery_days,
        ),
        clear_days=version.notice_clear_days,
        rule=version.cite("notice_clear_days"),
        motion_deadline_on=rules.motion_deadline_on(
            meeting_day(meeting), version.motion_deadline_days
        ),
        channel=channel,
    )


def notice_facts_or_none(meeting: Meeting, given_on: dt.date | None = None) -> NoticeFacts | None:
    """The notice arithmetic, or None where no rules are recorded for the organisation (the
    services then refuse with their message)."""
    try:
        return notice_facts(meeting, given_on)
    except ValidationError:
        return None


def date_is_lawful(meeting: Meeting, facts: NoticeFacts | None) -> bool:
    """Whether the meeting's day leaves the notice period (clear days) of `facts`."""
    return facts is not None and meeting_day(meeting) >= facts.earliest_meeting_on


def notice_dispatches(meeting: Meeting) -> QuerySet[NoticeDispatch]:
    return meeting.dispatches.select_related("member").order_by("member__number")


def notice_run(meeting: Meeting) -> NoticeRun | None:
    """How far the mail-out of the meeting's notice has gone (None before notice)."""
    return NoticeRun.objects.filter(meeting=meeting).first()
