"""axe-core on every main page of the membership, governance and voting apps, in English and
in Welsh: the secretary's pages and the member's, each with real data on it (a register with a
withdrawal, an application, an officer and a nomination; a meeting under notice with a motion
and an amendment, another run to its minutes; an open ballot and a published one with an STV
election). The tendering pages are swept in `test_tendering.py`."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coop.core.models import User
from governance import services as governance
from membership import services as membership
from tests.e2e.conftest import sign_in_on
from tests.governance.test_pages_setup import amend, called_agm, start
from tests.governance.test_pages_setup import vote as vote_on_motion
from tests.membership.test_pages_secretary_setup import build_world
from tests.voting.test_pages_results import counted_full_ballot
from tests.voting.test_pages_setup import full_ballot, resolution_ballot
from voting import services as voting

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en-gb", "cy"]


def _speaks(language: str, *users: User) -> None:
    User.objects.filter(pk__in=[u.pk for u in users]).update(preferred_language=language)


def _sweep(page, axe_check, language: str, addresses: list[str]) -> list[str]:
    """Visit each address and run axe-core on it; return what failed, each with its address."""
    failures = []
    for address in addresses:
        response = page.goto(address)
        status = response.status if response is not None else None
        if status != 200:
            failures.append(f"{address}: answered {status}")
            continue
        lang = page.locator("html").get_attribute("lang")
        if lang != language:
            failures.append(f"{address}: in {lang}, not {language}")
        try:
            axe_check(page)
        except AssertionError as error:
            failures.append(f"{address}: {error}")
    return failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_membership_page_passes_axe(
    page,
    new_context,
    axe_check,
    console_errors,
    language,
    organisation,
    secretary,
    member,
    member_record,
):
    world = build_world(organisation)
    export = membership.register_export_request(
        organisation=organisation,
        as_of=timezone.localdate(),
        format="csv",
        language="en-gb",
        actor=secretary,
    )
    _speaks(language, secretary, member)
    slug = organisation.slug
    o = f"/o/{slug}"
    investor = f"{o}/members/{world.investor.number}"
    sign_in_on(page, secretary.email)
    failures = _sweep(
        page,
        axe_check,
        language,
        [
            f"{o}/",
            f"{o}/register/",
            f"{investor}/",
            f"{investor}/contact/",
            f"{investor}/shares/allot/",
            f"{investor}/shares/withdraw/",
            f"{investor}/nominations/add/",
            f"{o}/applications/",
            f"{o}/applications/{world.application.pk}/",
            f"{o}/withdrawals/",
            f"{o}/withdrawals/{world.withdrawal.pk}/decide/",
            f"{o}/share-classes/",
            f"{o}/officers/",
            f"{o}/officers/appoint/",
            f"{o}/nominations/",
            f"{o}/exports/",
            f"{o}/exports/{export.pk}/",
            f"{o}/audit/",
            f"{o}/import/",
        ],
    )

    member_page = new_context().new_page()
    sign_in_on(member_page, member.email)
    failures += _sweep(
        member_page,
        axe_check,
        language,
        [
            f"{o}/my-account/",
            f"{o}/my-account/details/",
            f"{o}/duplicate-register/",
        ],
    )
    assert not failures, "\n".join(failures)
    assert console_errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_governance_page_passes_axe(
    page,
    new_context,
    axe_check,
    console_errors,
    language,
    organisation,
    secretary,
    member,
    member_record,
):
    # A meeting under notice: a member's motion (voting open on it) and an amendment to it.
    agm = called_agm(organisation)
    amendment = amend(agm.motion, agm.members[2], agm.members[3])
    governance.requisition_start(  # a requisition in the list, signed by its starter
        organisation=organisation,
        member=agm.members[4],
        purpose="To discuss the new rota.",
        actor=None,
    )
    # Another on its day, started with four members checked in.
    general_agm = called_agm(organisation, title="General meeting 2026", days=45)
    general = start(general_agm.meeting, general_agm.members[:4])
    general_motion = general_agm.motion
    _speaks(language, secretary, member)
    slug = organisation.slug
    o = f"/o/{slug}"
    meeting = f"{o}/meetings/{agm.meeting.pk}"
    running = f"{o}/meetings/{general.pk}"
    motion = f"{o}/motions/{agm.motion.pk}"
    sign_in_on(page, secretary.email)
    failures = _sweep(
        page,
        axe_check,
        language,
        [
            f"{o}/meetings/",
            f"{o}/meetings/new/",
            f"{meeting}/",
            f"{meeting}/agenda/",
            f"{meeting}/agenda/add/",
            f"{meeting}/notice/progress/",
            f"{meeting}/motions/board/",
            f"{motion}/",
            f"{motion}/admissibility/",
            f"{o}/amendments/{amendment.pk}/rule-out/",
            f"{running}/",
            f"{running}/run/",
            f"{running}/check-in/",
            f"{running}/quorum/",
            f"{o}/motions/{general_motion.pk}/vote/",
            f"{o}/requisitions/",
            f"{o}/resolutions/",
        ],
    )

    # The general meeting votes on its motion and closes: the minutes and a resolution.
    for person in general_agm.members[:3]:
        vote_on_motion(general_motion.ballot, person, "for")
    governance.vote_take(item=general_motion, actor=None)
    governance.meeting_close(meeting=general, actor=None)
    failures += _sweep(
        page,
        axe_check,
        language,
        [
            f"{running}/",
            f"{running}/minutes/",
            f"{running}/minutes/edit/",
            f"{o}/resolutions/",
        ],
    )

    member_page = new_context().new_page()
    sign_in_on(member_page, member.email)
    failures += _sweep(
        member_page,
        axe_check,
        language,
        [
            f"{o}/meetings/",
            f"{meeting}/",
            f"{meeting}/motions/new/",
            f"{motion}/",
            f"{motion}/amend/",
            f"{o}/motions/to-second/",
            f"{o}/amendments/{amendment.pk}/second/",
            f"{o}/requisitions/",
            f"{o}/requisitions/new/",
        ],
    )
    assert not failures, "\n".join(failures)
    assert console_errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_voting_page_passes_axe(
    page,
    new_context,
    axe_check,
    console_errors,
    language,
    organisation,
    secretary,
    scrutineer,
    member,
    member_record,
):
    # An open ballot of one resolution; an open one of three questions (the third STV); and
    # a published one of three questions, counted.
    plan = resolution_ballot(organisation)
    annual = full_ballot(organisation)
    counted, _codes = counted_full_ballot(organisation)
    published = voting.ballot_publish(ballot=counted, actor=None)
    _speaks(language, secretary, scrutineer, member)
    b = f"/o/{organisation.slug}/ballots"
    sign_in_on(page, secretary.email)
    failures = _sweep(
        page,
        axe_check,
        language,
        [
            f"{b}/",
            f"{b}/new/",
            f"{b}/{plan.pk}/",
            f"{b}/{plan.pk}/manage/",
            f"{b}/{plan.pk}/turnout/",
            f"{b}/{plan.pk}/room/",
            f"{b}/{plan.pk}/room/paper/",
            f"{b}/{annual.pk}/room/",
            f"{b}/{published.pk}/",
            f"{b}/{published.pk}/manage/",
            f"{b}/{published.pk}/results/",
            f"{b}/{published.pk}/turnout/",
        ],
    )

    member_page = new_context().new_page()
    sign_in_on(member_page, member.email)
    failures += _sweep(
        member_page,
        axe_check,
        language,
        [
            f"{b}/",
            f"{b}/{plan.pk}/",
            f"{b}/{plan.pk}/vote/1/",
            f"{b}/{annual.pk}/vote/1/",
            f"{b}/{annual.pk}/vote/2/",
            f"{b}/{annual.pk}/vote/3/",
            f"{b}/{published.pk}/results/",
        ],
    )

    scrutineer_page = new_context().new_page()
    sign_in_on(scrutineer_page, scrutineer.email)
    failures += _sweep(scrutineer_page, axe_check, language, [f"{b}/{published.pk}/scrutiny/"])
    assert not failures, "\n".join(failures)
    assert console_errors == []
