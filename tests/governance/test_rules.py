"""The pure rules of general meetings, checked by hand: clear days at month ends, in leap
years and across the clock change, deemed delivery by email and post, motion deadlines,
quorum, requisition thresholds, the s.111 confirmation window and carried amendments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from governance import rules
from governance.models import Meeting
from governance.selectors import meeting_day

D = dt.date
LONDON = ZoneInfo("Europe/London")
#: Typical rules: 14 clear days; email deemed delivered the next day, post two days after.
TYPICAL = {"clear_days": 14, "email_days": 1, "post_days": 2}


# --- Deemed delivery -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "channel", "delivered"),
    [
        (D(2026, 1, 17), "email", D(2026, 1, 18)),
        (D(2026, 1, 17), "post", D(2026, 1, 19)),
        (D(2026, 1, 31), "email", D(2026, 2, 1)),
        (D(2026, 1, 30), "post", D(2026, 2, 1)),
        (D(2026, 12, 31), "email", D(2027, 1, 1)),
        (D(2028, 2, 28), "email", D(2028, 2, 29)),
        (D(2027, 2, 28), "email", D(2027, 3, 1)),
    ],
)
def test_notice_is_deemed_delivered_after_the_rules_days(given, channel, delivered):
    assert rules.deemed_delivered_on(given, channel, email_days=1, post_days=2) == delivered


def test_a_rule_of_48_hours_for_post_and_same_day_email():
    assert rules.deemed_delivered_on(D(2026, 3, 6), "post", email_days=0, post_days=2) == D(
        2026, 3, 8
    )
    assert rules.deemed_delivered_on(D(2026, 3, 6), "email", email_days=0, post_days=2) == D(
        2026, 3, 6
    )


def test_the_slowest_channel_decides_when_any_notice_goes_by_post():
    assert rules.slowest_channel(["email"]) == "email"
    assert rules.slowest_channel(["email", "post", "email"]) == "post"
    assert rules.slowest_channel(["post"]) == "post"
    assert rules.slowest_channel([]) == "email"


# --- Clear days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "channel", "earliest", "why"),
    [
        # 17 Jan by email: delivered 18 Jan; clear days 19 Jan .. 1 Feb; meeting 2 Feb.
        (D(2026, 1, 17), "email", D(2026, 2, 2), "month end"),
        # By post: delivered 19 Jan; clear days 20 Jan .. 2 Feb; meeting 3 Feb.
        (D(2026, 1, 17), "post", D(2026, 2, 3), "post"),
        # 31 Jan by email: delivered 1 Feb; clear days 2 .. 15 Feb; meeting 16 Feb.
        (D(2026, 1, 31), "email", D(2026, 2, 16), "31 January"),
        # Leap year: 14 Feb 2028 → delivered 15 Feb; clear 16 .. 29 Feb; meeting 1 March.
        (D(2028, 2, 14), "email", D(2028, 3, 1), "leap February"),
        # Not a leap year: 16 .. 28 Feb and 1 March are the 14; meeting 2 March.
        (D(2027, 2, 14), "email", D(2027, 3, 2), "common February"),
        # 30-day April: delivered 17 Apr; clear 18 .. 30 Apr and 1 May; meeting 2 May.
        (D(2026, 4, 16), "email", D(2026, 5, 2), "30-day month"),
        # 31-day May: delivered 17 May; clear 18 .. 31 May; meeting 1 June.
        (D(2026, 5, 16), "email", D(2026, 6, 1), "31-day month"),
        # Across the year end by post: delivered 21 Dec; clear 22 Dec .. 4 Jan; meeting 5 Jan.
        (D(2026, 12, 19), "post", D(2027, 1, 5), "year end"),
        # Across the clock change (29 March 2026): dates only, so no hour is lost.
        (D(2026, 3, 14), "email", D(2026, 3, 30), "spring forward"),
        (D(2026, 10, 9), "email", D(2026, 10, 25), "fall back"),
    ],
)
def test_the_earliest_meeting_day_leaves_the_clear_days(given, channel, earliest, why):
    assert rules.earliest_meeting_on(given, channel, **TYPICAL) == earliest, why
    delivered = rules.deemed_delivered_on(given, channel, email_days=1, post_days=2)
    assert rules.clear_days_between(delivered, earliest) == 14
    assert rules.clear_days_between(delivered, earliest - dt.timedelta(days=1)) == 13


def test_clear_days_count_neither_the_delivery_day_nor_the_meeting_day():
    assert rules.clear_days_between(D(2026, 1, 18), D(2026, 2, 2)) == 14
    assert rules.clear_days_between(D(2026, 1, 18), D(2026, 1, 19)) == 0
    assert rules.clear_days_between(D(2026, 1, 18), D(2026, 1, 18)) == 0
    assert rules.clear_days_between(D(2026, 1, 18), D(2026, 1, 10)) == 0


def test_other_clear_day_rules():
    seven = {"clear_days": 7, "email_days": 0, "post_days": 2}
    assert rules.earliest_meeting_on(D(2026, 2, 27), "email", **seven) == D(2026, 3, 7)
    assert rules.earliest_meeting_on(D(2026, 2, 27), "post", **seven) == D(2026, 3, 9)
    twenty_one = {"clear_days": 21, "email_days": 1, "post_days": 2}
    assert rules.earliest_meeting_on(D(2028, 2, 8), "email", **twenty_one) == D(2028, 3, 2)


@pytest.mark.parametrize(
    ("meeting", "channel", "latest"),
    [
        (D(2026, 2, 2), "email", D(2026, 1, 17)),
        (D(2026, 2, 3), "post", D(2026, 1, 17)),
        (D(2028, 3, 1), "email", D(2028, 2, 14)),
        (D(2027, 3, 2), "email", D(2027, 2, 14)),
        (D(2026, 3, 1), "email", D(2026, 2, 13)),
    ],
)
def test_the_latest_day_to_give_notice(meeting, channel, latest):
    assert rules.latest_notice_on(meeting, channel, **TYPICAL) == latest
    assert rules.earliest_meeting_on(latest, channel, **TYPICAL) == meeting
    # A day later is too late.
    assert rules.earliest_meeting_on(latest + dt.timedelta(days=1), channel, **TYPICAL) > meeting


@pytest.mark.parametrize("channel", ["email", "post"])
def test_latest_notice_is_the_inverse_of_earliest_meeting_for_every_day_of_two_years(channel):
    day = D(2027, 1, 1)
    while day < D(2029, 1, 1):  # 2028 is a leap year
        assert (
            rules.latest_notice_on(
                rules.earliest_meeting_on(day, channel, **TYPICAL), channel, **TYPICAL
            )
            == day
        )
        assert (
            rules.earliest_meeting_on(
                rules.latest_notice_on(day, channel, **TYPICAL), channel, **TYPICAL
            )
            == day
        )
        day += dt.timedelta(days=1)


# --- The meeting's day is its local date -------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "day"),
    [
        # 00:30 BST on Monday 30 March 2026 (the day after the clocks go forward) is 23:30 UTC
        # on Sunday 29 March: the meeting is held on the 30th.
        (dt.datetime(2026, 3, 30, 0, 30, tzinfo=LONDON), D(2026, 3, 30)),
        (dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC), D(2026, 3, 30)),
        # 00:30 GMT on Monday 26 October 2026 (the day after the clocks go back).
        (dt.datetime(2026, 10, 26, 0, 30, tzinfo=LONDON), D(2026, 10, 26)),
        # 00:30 BST on Sunday 25 October, before the clocks go back at 02:00 (23:30 UTC on
        # the 24th): held on the 25th.
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON), D(2026, 10, 25)),
        (dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC), D(2026, 10, 25)),
        # Winter: UTC and London agree.
        (dt.datetime(2026, 1, 15, 0, 30, tzinfo=LONDON), D(2026, 1, 15)),
    ],
)
def test_the_meeting_day_is_the_local_date(starts_at, day):
    assert meeting_day(Meeting(starts_at=starts_at)) == day


def test_the_meeting_day_ignores_the_time_zone_a_page_activated(settings):
    from django.utils import timezone

    with timezone.override(ZoneInfo("America/New_York")):
        assert meeting_day(Meeting(starts_at=dt.datetime(2026, 3, 30, 0, 30, tzinfo=LONDON))) == D(
            2026, 3, 30
        )


# --- Motion deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "days", "deadline"),
    [
        (D(2026, 4, 2), 21, D(2026, 3, 12)),
        (D(2028, 3, 1), 21, D(2028, 2, 9)),  # through 29 February
        (D(2027, 3, 1), 21, D(2027, 2, 8)),
        (D(2026, 1, 10), 28, D(2025, 12, 13)),
        (D(2026, 5, 1), 0, D(2026, 5, 1)),
    ],
)
def test_members_motions_are_due_days_before_the_meeting(meeting, days, deadline):
    assert rules.motion_deadline_on(meeting, days) == deadline


# --- Quorum ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "n", "percent", "quorum"),
    [
        (25, 3, "10", 3),  # 2.5 → 3; max(3, 3)
        (30, 3, "10", 3),  # exactly 3: not rounded up further
        (31, 3, "10", 4),  # 3.1 → 4
        (41, 3, "10", 5),  # 4.1 → 5
        (100, 10, "10", 10),
        (250, 10, "10", 25),  # the percentage is greater
        (7, 0, "33.33", 3),  # 2.3331 → 3
        (9, 0, "33.34", 4),  # 3.0006 → 4
        (0, 3, "10", 3),  # no members: the number still applies
        (12, 20, "50", 20),  # a quorum larger than the membership is what the rules say
    ],
)
def test_quorum_is_the_greater_of_a_number_and_a_percentage_rounded_up(members, n, percent, quorum):
    assert (
        rules.quorum_required(members, quorum_members=n, quorum_percent=Decimal(percent)) == quorum
    )


# --- Requisitions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "n", "percent", "threshold"),
    [
        (500, 100, "10", 50),  # 10% is fewer
        (2000, 100, "10", 100),  # the number is fewer
        (41, 100, "10", 5),  # 4.1 → 5
        (40, 100, "10", 4),
        (5, 100, "10", 1),  # 0.5 → 1
        (0, 100, "10", 1),  # never less than one
        (1000, 0, "10", 1),
        (3, 2, "100", 2),
    ],
)
def test_requisition_threshold_is_the_lesser_of_a_number_and_a_percentage_at_least_one(
    members, n, percent, threshold
):
    assert rules.requisition_threshold(members, members=n, percent=Decimal(percent)) == threshold


# --- Calendar months and the s.111 window ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 12, 31), 1, D(2027, 1, 31)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
    ],
)
def test_adding_calendar_months_clamps_to_the_month_end(day, months, result):
    assert rules.add_months(day, months) == result


@pytest.mark.parametrize(
    ("first", "window"),
    [
        (D(2026, 1, 31), (D(2026, 2, 14), D(2026, 2, 28))),
        (D(2028, 1, 31), (D(2028, 2, 14), D(2028, 2, 29))),
        (D(2026, 1, 30), (D(2026, 2, 13), D(2026, 2, 28))),
        (D(2026, 3, 15), (D(2026, 3, 29), D(2026, 4, 15))),
        (D(2026, 3, 31), (D(2026, 4, 14), D(2026, 4, 30))),
        (D(2026, 12, 31), (D(2027, 1, 14), D(2027, 1, 31))),
    ],
)
def test_the_confirming_meeting_is_14_days_to_one_month_after(first, window):
    """CCBS Act 2014 s.111(2)(b)."""
    assert rules.confirmation_window(first) == window
    start, end = window
    assert rules.in_confirmation_window(first, start)
    assert rules.in_confirmation_window(first, end)
    assert not rules.in_confirmation_window(first, start - dt.timedelta(days=1))
    assert not rules.in_confirmation_window(first, end + dt.timedelta(days=1))
    assert not rules.in_confirmation_window(first, first)


# --- Carried amendments --------------------------------------------------------------------------

BASE = "Pay every worker the real living wage."


def test_an_amendment_to_the_text_as_it_stands_is_taken_whole():
    amended = "Pay every worker the real living wage from April."
    assert rules.merge_amendment(BASE, BASE, amended) == amended


def test_a_later_amendment_applies_its_change_to_the_motion_as_amended():
    after_first = "Pay every care worker the real living wage."
    second = "Pay every worker the real living wage from April."
    assert (
        rules.merge_amendment(BASE, after_first, second)
        == "Pay every care worker the real living wage from April."
    )


def test_amendments_that_change_the_same_words_clash():
    after_first = "Pay every worker the London living wage."
    second = "Pay every worker the Welsh living wage."
    assert rules.merge_amendment(BASE, after_first, second) is None


def test_an_amendment_written_to_the_amended_text_is_taken_whole():
    after_first = "Pay every care worker the real living wage."
    second = "Pay every care worker the real living wage from April."
    assert rules.merge_amendment(after_first, after_first, second) == second


def test_an_amendment_that_changes_nothing_leaves_the_motion_as_it_stands():
    after_first = "Pay every care worker the real living wage."
    assert rules.merge_amendment(BASE, after_first, BASE) == after_first


def test_a_welsh_reader_sees_the_amended_text_not_the_stale_welsh_original():
    from django.utils import translation

    from governance.models import Motion

    motion = Motion(text="That we pay the living wage.", text_cy="Ein bod yn talu'r cyflog byw.")
    with translation.override("cy"):
        assert motion.display_text == "Ein bod yn talu'r cyflog byw."
        motion.final_text = "That we pay the living wage from April."
        assert motion.display_text == "That we pay the living wage from April."
        motion.final_text_cy = "Ein bod yn talu'r cyflog byw o fis Ebrill."
        assert motion.display_text == "Ein bod yn talu'r cyflog byw o fis Ebrill."
    with translation.override("en-gb"):
        assert motion.display_text == "That we pay the living wage from April."
