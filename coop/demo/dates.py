"""The demo's days: counted from today, so that the coming AGM is always in its notice period
and last year's is always past."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


def aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`day` at `hour:minute`, Europe/London."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@dataclass(frozen=True)
class Calendar:
    """The days the demo's meetings and ballots fall on, counted from today so that the
    coming AGM is always in its notice period and last year's is always past."""

    today: dt.date

    @property
    def coming_agm_on(self) -> dt.date:
        """The first Saturday at least 24 days ahead: notice (posted to members without an
        email address, so deemed delivered two days later, then 14 clear days) can be given
        today, and members' motions (21 days before) are still open for a few days."""
        earliest = self.today + dt.timedelta(days=24)
        return earliest + dt.timedelta(days=(5 - earliest.weekday()) % 7)

    @property
    def past_agm_on(self) -> dt.date:
        """Last year's AGM: the same Saturday 52 weeks earlier."""
        return self.coming_agm_on - dt.timedelta(weeks=52)

    @property
    def past_notice_on(self) -> dt.date:
        return self.past_agm_on - dt.timedelta(days=24)

    @property
    def past_motions_on(self) -> dt.date:
        return self.past_agm_on - dt.timedelta(days=35)
