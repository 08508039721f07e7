"""Pure rules of general meetings: notice in clear days, deadlines, quorum, requisitions,
confirmation windows. No database access.

Sources: the organisation's registered rules (a rules version) and the CCBS Act 2014.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

EMAIL = "email"
POST = "post"


def deemed_delivered_on(
    given_on: dt.date, channel: str, *, email_days: int, post_days: int
) -> dt.date:
    """The day a notice is deemed delivered: the rules add a number of days after sending
    (e.g. 48 hours after posting; the next day for email)."""
    return given_on + dt.timedelta(days=post_days if channel == POST else email_days)


def slowest_channel(channels: Iterable[str]) -> str:
    """The channel whose notice is deemed delivered last: post if any notice goes by post.

    Every member entitled to notice must have the clear days, so the notice period runs
    from the latest deemed delivery."""
    return POST if POST in set(channels) else EMAIL


def earliest_meeting_on(
    given_on: dt.date, channel: str, *, clear_days: int, email_days: int, post_days: int
) -> dt.date:
    """The earliest lawful meeting day for notice given on `given_on`.

    "Clear days" exclude both the day the notice is given or deemed delivered and the day of
    the meeting: with delivery on day D, the meeting may be held on D + clear_days + 1 at the
    earliest. Dates are calendar dates in Europe/London, so month ends and the clock change
    need no special handling.
    """
    delivered = deemed_delivered_on(given_on, channel, email_days=email_days, post_days=post_days)
    return delivered + dt.timedelta(days=clear_days + 1)


def clear_days_between(delivered_on: dt.date, meeting_on: dt.date) -> int:
    """Whole days strictly between delivery and the meeting."""
    return max(0, (meeting_on - delivered_on).days - 1)


def latest_notice_on(
    meeting_on: dt.date, channel: str, *, clear_days: int, email_days: int, post_days: int
) -> dt.date:
    """The last day notice can be given for a meeting on `meeting_on`."""
    days = post_days if channel == POST else email_days
    return meeting_on - dt.timedelta(days=clear_days + 1 + days)


def motion_deadline_on(meeting_on: dt.date, deadline_days: int) -> dt.date:
    """Members' motions must be received by this day (inclusive)."""
    return meeting_on - dt.timedelta(days=deadline_days)


def quorum_required(member_count: int, *, quorum_members: int, quorum_percent: Decimal) -> int:
    """The greater of a number of members and a percentage of the membership (rounded up)."""
    by_percent = int(
        (Decimal(member_count) * quorum_percent / 100).to_integral_value(rounding=ROUND_CEILING)
    )
    return max(quorum_members, by_percent)


def requisition_threshold(member_count: int, *, members: int, percent: Decimal) -> int:
    """Signatures needed to requisition a general meeting: the lesser of a number of members
    and a percentage of the membership (rounded up), never less than one."""
    by_percent = int(
        (Decimal(member_count) * percent / 100).to_integral_value(rounding=ROUND_CEILING)
    )
    return max(1, min(members, by_percent))


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def confirmation_window(first_meeting_on: dt.date) -> tuple[dt.date, dt.date]:
    """CCBS Act 2014 s.111(2)(b): the confirming meeting is held not less than 14 days and not
    more than one month after the first."""
    return first_meeting_on + dt.timedelta(days=14), add_months(first_meeting_on, 1)


def in_confirmation_window(first_meeting_on: dt.date, second_meeting_on: dt.date) -> bool:
    start, end = confirmation_window(first_meeting_on)
    return start <= second_meeting_on <= end


_TOKEN = re.compile(r"\s+|[^\s]+")


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """The edits turning `base` into `other`: (start, end, replacement) over base tokens."""
    matcher = difflib.SequenceMatcher(a=base, b=other, autojunk=False)
    return [(a0, a1, other[b0:b1]) for op, a0, a1, b0, b1 in matcher.get_opcodes() if op != "equal"]


def _clash(one: tuple[int, int, list[str]], two: tuple[int, int, list[str]]) -> bool:
    """Two edits of the same base clash when they touch the same words (or insert at the
    same place)."""
    (a0, a1, _a), (b0, b1, _b) = one, two
    if a0 < b1 and b0 < a1:
        return True
    return a0 == b0 and (a0 == a1 or b0 == b1)


def merge_amendment(base: str, current: str, amended: str) -> str | None:
    """The motion's text once an amendment is carried.

    An amendment gives the full text as it would read if carried, written against `base`
    (the substantive text when it was proposed). If an earlier amendment has since changed
    the motion (`current`), the amendment's own change is applied to `current` word by word;
    None if the two changes touch the same words, so the later amendment cannot stand as
    written (it must be ruled out or re-proposed against the amended text).
    """
    if current == base:
        return amended
    if amended == base:
        return current
    base_tokens = _TOKEN.findall(base)
    edits = _changes(base_tokens, _TOKEN.findall(current))
    ours = _changes(base_tokens, _TOKEN.findall(amended))
    if any(_clash(mine, theirs) for mine in ours for theirs in edits):
        return None
    out: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits + ours, key=lambda e: (e[0], e[1])):
        out.extend(base_tokens[position:start])
        out.extend(replacement)
        position = end
    out.extend(base_tokens[position:])
    return "".join(out)


# --- Windows a meeting's date must fall in ----------------------------------------------------

CONFIRMATION = "confirmation"
NOTICE = "notice"
MOTION_DEADLINE = "motion_deadline"
REQUISITION = "requisition"


@dataclass(frozen=True)
class Window:
    """The days a meeting may lawfully be held on for one rule: from `earliest` to `latest`
    (either may be open). `code` names the rule (CONFIRMATION, NOTICE, MOTION_DEADLINE,
    REQUISITION); `subject` what it is about (a resolution's title, a motion, …)."""

    code: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    subject: str = ""

    def holds(self, day: dt.date) -> bool:
        return (self.earliest is None or day >= self.earliest) and (
            self.latest is None or day <= self.latest
        )


def confirmation_window_of(first_meeting_on: dt.date, subject: str = "") -> Window:
    """s.111(2)(b): the confirming meeting 14 days to one month after the first."""
    start, end = confirmation_window(first_meeting_on)
    return Window(CONFIRMATION, start, end, subject)


def notice_window_of(
    given_on: dt.date, channel: str, *, clear_days: int, email_days: int, post_days: int
) -> Window:
    """Notice given on `given_on` (today, for a meeting not yet called) allows a meeting from
    the first day the clear days have run."""
    earliest = earliest_meeting_on(
        given_on, channel, clear_days=clear_days, email_days=email_days, post_days=post_days
    )
    return Window(NOTICE, earliest)


def motion_deadline_window_of(
    received_on: dt.date, deadline_days: int, subject: str = ""
) -> Window:
    """A members' motion received on `received_on` stands only if the meeting is at least
    `deadline_days` later (its deadline is `motion_deadline_on` of the meeting day)."""
    return Window(MOTION_DEADLINE, received_on + dt.timedelta(days=deadline_days), None, subject)


def requisition_window_of(
    call_by: dt.date,
    channel: str,
    *,
    clear_days: int,
    email_days: int,
    post_days: int,
    subject: str = "",
) -> Window:
    """A requisitioned meeting must be called by `call_by`: it is held no later than the
    first day notice given on that day allows, so that a far date cannot defeat the
    requisition."""
    latest = earliest_meeting_on(
        call_by, channel, clear_days=clear_days, email_days=email_days, post_days=post_days
    )
    return Window(REQUISITION, None, latest, subject)


def broken_windows(windows: Iterable[Window], day: dt.date) -> list[Window]:
    """The windows a meeting on `day` falls outside of."""
    return [w for w in windows if not w.holds(day)]


def lawful_days(windows: Iterable[Window]) -> tuple[dt.date | None, dt.date | None]:
    """The days every window allows (earliest, latest), either open; (x, y) with x > y when
    no day satisfies them all."""
    starts = [w.earliest for w in windows if w.earliest is not None]
    ends = [w.latest for w in windows if w.latest is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)
