"""Browser tests of general meetings: a member seconds another member's motion and then votes
on it online; the secretary runs the AGM on the day — check-in, start, the vote — to the
minutes and their PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from governance import services
from governance.models import Attendance, Meeting, Minutes, Motion
from tests.governance.test_pages_setup import (
    called_agm,
    member_motion,
    on_the_day,
    url,
    vote,
)
from voting.models import Participation

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_seconds_a_motion_and_votes_on_it_online(
    page, sign_in, axe_check, console_errors, organisation, member, member_record
):
    agm = called_agm(organisation)
    garden = member_motion(
        agm.meeting,
        agm.members[2],
        title="Community garden",
        text="That the co-operative opens a community garden for the people we support.",
    )
    sign_in(member.email)

    # The member finds the motion waiting for a seconder from the meeting's page.
    page.goto(url("meeting", organisation.slug, agm.meeting.pk))
    assert page.get_by_role("heading", level=1).inner_text() == "AGM 2026"
    axe_check(page)
    page.locator("#member-links").get_by_role("link", name="Motions waiting for a seconder").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Motions waiting for a seconder"
    axe_check(page)
    page.locator(f"#second-{garden.pk}").click()
    page.wait_for_load_state()

    # Check the motion, then second it.
    assert page.get_by_role("heading", level=1).inner_text() == "Second this motion"
    assert "opens a community garden" in page.locator("#summary").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Yes, second this motion").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Community garden"
    assert "You have seconded the motion." in page.content()
    axe_check(page)
    garden.refresh_from_db()
    assert (garden.status, garden.seconder) == (Motion.Status.SECONDED, member_record)

    # The board admits it: online voting on it opens (the meeting is under notice).
    services.motion_decide_admissibility(
        motion=garden, admissible=True, reason="In order", actor=None
    )
    garden.refresh_from_db()
    assert garden.ballot is not None

    # Back on the motion's page, the way in to vote leads to the voting pages.
    page.reload()
    page.locator(f"#vote-motion-{garden.pk}").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/o/{organisation.slug}/ballots/{garden.ballot_id}/")
    page.locator("#start-voting").click()
    page.wait_for_load_state()
    assert "opens a community garden" in page.locator("#question-text").inner_text()
    axe_check(page)
    page.get_by_label("For", exact=True).check()
    page.locator("#continue").click()
    page.wait_for_load_state()
    assert "For" in page.locator("#answers").inner_text()
    page.locator("#cast").click()
    page.wait_for_load_state()

    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    axe_check(page)
    participation = Participation.objects.get(ballot=garden.ballot, member=member_record)
    assert (participation.has_voted, participation.channel) == (True, "online")
    assert console_errors == []


def test_a_secretary_runs_the_agm_to_the_minutes(
    page, sign_in, axe_check, console_errors, organisation, secretary, member, member_record
):
    agm = called_agm(organisation)
    motion = agm.motion
    assert motion.ballot is not None
    vote(motion.ballot, member_record, "for", channel="online", actor=member)  # in advance
    meeting = on_the_day(agm.meeting)
    first, second, third, fourth = agm.members[:4]
    sign_in(secretary.email)

    # The meeting's page, then check-in.
    page.goto(url("meeting", organisation.slug, meeting.pk))
    assert "If notice is given today" not in page.content()
    assert page.locator("#notice-facts").is_visible()
    axe_check(page)
    page.locator("#secretary-links #check-in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check members in"
    axe_check(page)
    for m in (first, second, third):
        page.locator("#id_member_number").fill(str(m.number))
        page.locator("#door-number").click()
        page.wait_for_load_state()
        assert f"Member {m.number}, {m.name}: At the door." in page.content()
    # One more by searching for their name, checked in as online.
    page.locator("#q").fill(fourth.name)
    page.locator("#search").click()
    page.wait_for_load_state()
    page.locator(f"#online-{fourth.number}").click()
    page.wait_for_load_state()
    assert page.locator("#quorum-present").inner_text() == "4"
    assert page.locator("#quorate").inner_text() == "Yes: quorate"
    axe_check(page)
    # A number that is no member's is refused.
    page.locator("#id_member_number").fill("999")
    page.locator("#door-number").click()
    page.wait_for_load_state()
    assert (
        "999 is not a member of Dyfi Care Co-operative"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 4

    # Start the meeting.
    page.get_by_role("link", name="Run the meeting").first.click()
    page.wait_for_load_state()
    axe_check(page)
    page.locator("#id_chair_name").fill("Ceri Chair")
    page.locator("#start-meeting").click()
    page.wait_for_load_state()
    assert Meeting.objects.get(pk=meeting.pk).status == "in_progress"

    # Paper votes handed in at the meeting.
    for m, choice in ((first, "for"), (second, "for"), (third, "against")):
        vote(motion.ballot, m, choice)

    # Take the vote.
    page.locator(f"#take-vote-motion-{motion.pk}").click()
    page.wait_for_load_state()
    assert "4 of 6 members" in page.locator("#votes-so-far").inner_text()
    axe_check(page)
    page.locator("#take-vote").click()
    page.wait_for_load_state()
    motion.refresh_from_db()
    assert motion.status == Motion.Status.CARRIED
    result = page.locator(f"#motion-{motion.pk}-result").inner_text()
    assert result.startswith("Carried: 75.00% of the votes cast were for.")
    assert "It needed more than half of the votes cast" in result
    axe_check(page)

    # Close the meeting: the draft minutes, from the record.
    page.goto(url("run", organisation.slug, meeting.pk))
    page.locator("#close-meeting").click()
    page.wait_for_load_state()
    page.locator("#submit").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Minutes"
    minutes = page.locator("#minutes-en").inner_text()
    assert "Living wage" in minutes
    assert "Carried: 75.00% of the votes cast were for." in minutes
    assert "It needed more than half of the votes cast" in minutes
    assert page.locator("#minutes-cy").is_visible()
    axe_check(page)
    assert Minutes.objects.filter(meeting=meeting, status="draft").count() == 1

    # The minutes as a PDF, English then Welsh.
    with page.expect_download() as download:
        page.locator("#minutes-pdf").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Minutes of the AGM 2026" in text
    assert "It needed more than half of the votes cast" in text
    assert text.index("Minutes of the AGM 2026") < text.index("Cyfarfod Cyffredinol Blynyddol")
    assert console_errors == []
