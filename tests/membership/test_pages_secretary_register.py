"""The register list (search, filters, pages, "as at"), the organisation hub, the share
classes, officers and nominations pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coop.core.models import AuditEvent
from membership import services
from membership.models import Member, Officer, ShareClass
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import World, build_world, counts, text


@pytest.fixture
def world(organisation, member_record) -> World:
    return build_world(organisation)


def _register(client, organisation, **params):
    return client.get(reverse("membership:register", args=[organisation.slug]), params)


def _numbers(html: str) -> list[int]:
    return [
        int(n) for n in re.findall(r'<td class="govuk-table__cell cyd-num">(\d+)</td>\s*<th', html)
    ]


def test_register_lists_members_with_class_status_dates_and_total_shares(
    client, secretary, organisation
):
    investor = mf.member(organisation, name="Iolo Investor", investor_shares=25)
    client.force_login(secretary)
    response = _register(client, organisation)
    assert response.status_code == 200
    html = text(response)
    row = html[html.index(">Iolo Investor<") :].split("</tr>")[0]
    assert "Service users and carers" in row
    assert "Active" in row
    assert "6 Jan 2020" in row
    assert '<td class="govuk-table__cell cyd-num">26</td>' in row
    assert reverse("membership:member", args=[organisation.slug, investor.number]) in html


def test_register_search_by_name_number_email_and_postcode(client, secretary, organisation):
    ann = mf.member(organisation, name="Ann Aberaeron")
    bob = mf.member(organisation, name="Bob Bala")
    # No digits in Ann's details, so a search by her number finds her number only.
    services.member_update(
        member=ann, changes={"email": "ann@example.org", "postcode": ""}, actor=None
    )
    services.member_update(
        member=bob, changes={"email": "bob@example.org", "postcode": "LL23 7AA"}, actor=None
    )
    assert (ann.number, bob.number) == (1, 2)
    client.force_login(secretary)
    assert _numbers(text(_register(client, organisation, q="aberaeron"))) == [ann.number]
    assert _numbers(text(_register(client, organisation, q="1"))) == [ann.number]
    assert _numbers(text(_register(client, organisation, q="BOB@example"))) == [bob.number]
    assert _numbers(text(_register(client, organisation, q="ll23"))) == [bob.number]


def test_register_filters_by_status_and_member_class(client, secretary, organisation):
    user = mf.member(organisation, name="Una User")
    worker = mf.member(organisation, name="Wil Worker", cls="workers")
    services.member_suspend(member=worker, reason="Rule 20", actor=None)
    client.force_login(secretary)
    assert _numbers(text(_register(client, organisation, status="suspended"))) == [worker.number]
    assert _numbers(text(_register(client, organisation, member_class="users"))) == [user.number]


def test_register_bad_filter_is_refused_with_the_field_named(client, secretary, organisation):
    client.force_login(secretary)
    response = _register(client, organisation, member_class="nonsense")
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)


def test_register_pages_by_fifty_and_keeps_the_query_string(client, secretary, organisation):
    for i in range(55):
        mf.member(organisation, name=f"Page Member {i:02d}")
    client.force_login(secretary)
    first = text(_register(client, organisation, q="Page Member"))
    assert len(_numbers(first)) == 50
    assert "Page 1 of 2" in first
    assert "?q=Page+Member&amp;page=2" in first
    second = text(_register(client, organisation, q="Page Member", page="2"))
    assert len(_numbers(second)) == 5


def test_register_as_at_a_past_date_is_derived_from_the_ledger(client, secretary, organisation):
    early = mf.member(organisation, name="Early Member", investor_shares=10)
    late = mf.member(organisation, name="Late Member", entered_on=dt.date(2023, 5, 1))
    services.shares_allot(
        member=early,
        share_class=mf.share_class(organisation, "investor"),
        shares=30,
        effective_on=dt.date(2024, 1, 1),
        actor=None,
    )
    client.force_login(secretary)
    html = text(_register(client, organisation, as_of="2022-12-31"))
    assert "The register as at 31 December 2022" in html
    assert _numbers(html) == [early.number]
    row = html[html.index(">Early Member<") :].split("</tr>")[0]
    assert '<td class="govuk-table__cell cyd-num">11</td>' in row
    now = text(_register(client, organisation))
    assert sorted(_numbers(now)) == [early.number, late.number]
    row_now = now[now.index(">Early Member<") :].split("</tr>")[0]
    assert '<td class="govuk-table__cell cyd-num">41</td>' in row_now


def test_register_as_at_a_future_date_is_refused(client, secretary, organisation):
    client.force_login(secretary)
    response = _register(client, organisation, as_of="2999-01-01")
    assert response.status_code == 400
    assert "The date cannot be in the future." in text(response)


def test_register_as_at_shows_former_members_as_ceased(client, secretary, organisation):
    leaver = mf.member(organisation, name="Lowri Leaver")
    services.shares_cancel(
        member=leaver,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=dt.date(2021, 6, 1),
        reason="Leaving",
        actor=None,
    )
    services.member_cease(
        member=leaver,
        ceased_on=dt.date(2021, 6, 1),
        reason=Member.CeasedReason.WITHDRAWAL,
        actor=None,
    )
    client.force_login(secretary)
    before = text(_register(client, organisation, as_of="2021-05-31"))
    after = text(_register(client, organisation, as_of="2021-06-30", status="ceased"))
    assert "Active" in before[before.index(">Lowri Leaver<") :].split("</tr>")[0]
    row = after[after.index(">Lowri Leaver<") :].split("</tr>")[0]
    assert "Ceased" in row
    assert "1 Jun 2021" in row


def _queries_for_register(client, organisation) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _register(client, organisation)
    assert response.status_code == 200
    return len(queries)


def test_register_list_query_count_does_not_grow_with_members(
    client, secretary, organisation, django_assert_max_num_queries
):
    client.force_login(secretary)
    for _ in range(10):
        mf.member(organisation, investor_shares=3)
    small = _queries_for_register(client, organisation)
    for _ in range(50):
        mf.member(organisation, investor_shares=3)
    large = _queries_for_register(client, organisation)
    assert small == large
    with django_assert_max_num_queries(8):
        _register(client, organisation)


def test_hub_links_by_role(client, world, secretary, scrutineer, member):
    slug = world.organisation.slug
    client.force_login(secretary)
    html = text(client.get(reverse("membership:organisation", args=[slug])))
    for name in (
        "register",
        "applications",
        "withdrawals",
        "officers",
        "nominations",
        "share_classes",
        "exports",
        "audit_log",
    ):
        assert reverse(f"membership:{name}", args=[slug]) in html
    assert "1 waiting" in html
    assert "1 open" in html
    assert reverse("membership:import_start", args=[slug]) in html
    assert reverse("membership:join", args=[slug]) in html
    client.force_login(scrutineer)
    html = text(client.get(reverse("membership:organisation", args=[slug])))
    assert reverse("membership:register", args=[slug]) in html
    assert reverse("membership:exports", args=[slug]) in html
    assert reverse("membership:import_start", args=[slug]) not in html
    client.force_login(member)
    html = text(client.get(reverse("membership:organisation", args=[slug])))
    assert reverse("membership:register", args=[slug]) not in html
    assert reverse("membership:exports", args=[slug]) not in html
    assert reverse("membership:audit_log", args=[slug]) not in html
    assert reverse("membership:my_account", args=[slug]) in html
    assert reverse("membership:duplicate_register", args=[slug]) in html
    assert reverse("membership:join", args=[slug]) in html


def test_hub_for_a_board_member_has_no_export_or_audit_links(client, world, board_member):
    slug = world.organisation.slug
    client.force_login(board_member)
    html = text(client.get(reverse("membership:organisation", args=[slug])))
    assert reverse("membership:withdrawals", args=[slug]) in html
    assert reverse("membership:exports", args=[slug]) not in html
    assert reverse("membership:audit_log", args=[slug]) not in html


def test_share_classes_page_shows_terms_and_suspension(client, world, secretary, scrutineer):
    investor = mf.share_class(world.organisation, "investor")
    services.share_class_set_withdrawals_suspended(
        share_class=investor, suspended=True, reason="Cash flow review", actor=None
    )
    client.force_login(secretary)
    html = text(client.get(reverse("membership:share_classes", args=[world.organisation.slug])))
    assert "Suspended by the board" in html
    assert "Cash flow review" in html
    assert (
        reverse("membership:share_class_resume", args=[world.organisation.slug, "investor"]) in html
    )
    client.force_login(scrutineer)
    html = text(client.get(reverse("membership:share_classes", args=[world.organisation.slug])))
    assert "Cash flow review" in html
    assert "/resume/" not in html


def test_share_class_suspend_and_resume_through_the_pages(client, world, board_member):
    slug = world.organisation.slug
    client.force_login(board_member)
    url = reverse("membership:share_class_suspend", args=[slug, "investor"])
    response = client.post(url, {"reason": "Solvency review"})
    assert response.status_code == 302
    investor = ShareClass.objects.get(organisation=world.organisation, code="investor")
    assert investor.withdrawals_suspended
    assert investor.withdrawals_suspended_reason == "Solvency review"
    event = AuditEvent.objects.filter(action="share_class.suspend_withdrawals").get()
    assert event.actor == board_member
    response = client.post(reverse("membership:share_class_resume", args=[slug, "investor"]), {})
    assert response.status_code == 302
    investor.refresh_from_db()
    assert not investor.withdrawals_suspended


def test_share_class_suspend_without_reason_is_refused(client, world, secretary):
    client.force_login(secretary)
    before = counts()
    response = client.post(
        reverse("membership:share_class_suspend", args=[world.organisation.slug, "investor"]),
        {"reason": ""},
    )
    assert response.status_code == 400
    assert "Enter the board&#x27;s reason." in text(response)
    assert counts() == before
    assert not ShareClass.objects.get(
        organisation=world.organisation, code="investor"
    ).withdrawals_suspended


def test_share_class_of_another_organisation_is_not_found(
    client, world, secretary, other_organisation
):
    client.force_login(secretary)
    response = client.get(
        reverse("membership:share_class_suspend", args=[other_organisation.slug, "investor"])
    )
    assert response.status_code == 404


def test_officers_page_appoint_and_end_a_term(client, world, secretary):
    slug = world.organisation.slug
    client.force_login(secretary)
    response = client.post(
        reverse("membership:officer_appoint", args=[slug]),
        {
            "name": "Tomos Treasurer",
            "office": Officer.Office.TREASURER,
            "member_number": str(world.investor.number),
            "appointment": Officer.Appointment.CO_OPTED,
            "appointed_on": "2024-09-01",
        },
    )
    assert response.status_code == 302
    officer = Officer.objects.get(name="Tomos Treasurer")
    assert officer.member == world.investor
    assert AuditEvent.objects.filter(action="officer.appoint", object_id=str(officer.pk)).exists()
    response = client.post(
        reverse("membership:officer_end", args=[slug, officer.pk]),
        {"ended_on": "2025-03-31", "reason": "Resigned"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.ended_on == dt.date(2025, 3, 31)
    html = text(client.get(reverse("membership:officers", args=[slug])))
    former = html[html.index("Former officers") :]
    assert "Tomos Treasurer" in former
    assert "Resigned" in former
    current = html[html.index("Current officers") : html.index("Former officers")]
    assert "Olwen Other" in current


def test_officer_appoint_bad_input_names_the_field_and_writes_nothing(client, world, secretary):
    slug = world.organisation.slug
    client.force_login(secretary)
    before = counts(), Officer.objects.count()
    response = client.post(
        reverse("membership:officer_appoint", args=[slug]),
        {
            "name": "Tomos Treasurer",
            "office": Officer.Office.TREASURER,
            "member_number": "9999",
            "appointment": Officer.Appointment.ELECTED,
            "appointed_on": "2024-09-01",
        },
    )
    assert response.status_code == 400
    assert "There is no member number 9999 in this register." in text(response)
    response = client.post(
        reverse("membership:officer_end", args=[slug, world.officer.pk]),
        {"ended_on": "2020-01-01"},
    )
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_ended_on_error"' in html
    assert "The term cannot end before it started" in html
    assert (counts(), Officer.objects.count()) == before


def test_nominations_book_shows_revoked_nominations(client, world, scrutineer):
    services.nomination_revoke(
        nomination=world.nomination, revoked_on=dt.date(2023, 3, 3), actor=None
    )
    client.force_login(scrutineer)
    html = text(client.get(reverse("membership:nominations", args=[world.organisation.slug])))
    assert "Nia Nominee" in html
    assert "Revoked 3 Mar 2023" in html


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_register_shows_class_names_in_the_page_language(client, secretary, organisation, language):
    mf.member(organisation, name="Iaith Member")
    secretary.preferred_language = language
    secretary.save()
    client.force_login(secretary)
    html = text(_register(client, organisation))
    expected = (
        "Defnyddwyr gwasanaeth a gofalwyr" if language == "cy" else "Service users and carers"
    )
    assert expected in html
