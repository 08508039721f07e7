"""Applications to join and the withdrawals queue: the board's decisions through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from coop.core.models import AuditEvent
from coop.core.permissions import Role, has_role
from membership import services
from membership.models import Application, Member, ShareTransaction, Withdrawal
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import World, build_world, counts, text


@pytest.fixture
def world(organisation, member_record) -> World:
    return build_world(organisation)


def _app_url(w: World, name: str) -> str:
    return reverse(f"membership:{name}", args=[w.organisation.slug, w.application.pk])


def _wd_url(w: World, name: str, withdrawal: Withdrawal | None = None) -> str:
    return reverse(
        f"membership:{name}", args=[w.organisation.slug, (withdrawal or w.withdrawal).pk]
    )


def test_applications_list_shows_those_waiting(client, world, board_member):
    client.force_login(board_member)
    html = text(client.get(reverse("membership:applications", args=[world.organisation.slug])))
    assert "Alys Applicant" in html
    assert _app_url(world, "application_decide") in html


def test_applicants_details_are_for_the_board_only(client, world, scrutineer):
    """Applicants are not members yet: their details are for the board, who decides (the
    scrutineer reads the register, not the applications), on the page as in the API."""
    client.force_login(scrutineer)
    url = reverse("membership:applications", args=[world.organisation.slug])
    assert client.get(url).status_code == 404


def test_board_member_admits_an_applicant(client, world, board_member, applicant):
    client.force_login(board_member)
    page = text(client.get(_app_url(world, "application_decide")))
    assert "alys@example.org" in page
    response = client.post(
        _app_url(world, "application_approve"),
        {
            "approve-decided_on": "2025-10-01",
            "approve-board_minute_reference": "BM 2025/10/3",
            "approve-user": applicant.email,
        },
    )
    new = Member.objects.get(name="Alys Applicant")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "membership:member", args=[world.organisation.slug, new.number]
    )
    assert (new.entered_on, new.user) == (dt.date(2025, 10, 1), applicant)
    assert has_role(applicant, world.organisation, Role.MEMBER)
    entry = ShareTransaction.objects.get(member=new)
    assert (entry.kind, entry.shares) == (ShareTransaction.Kind.ALLOTMENT, 1)
    world.application.refresh_from_db()
    assert (world.application.status, world.application.board_minute_reference) == (
        Application.Status.APPROVED,
        "BM 2025/10/3",
    )
    assert AuditEvent.objects.filter(action="application.approve").get().actor == board_member
    member_page = text(client.get(response["Location"]))
    assert "board minute BM 2025/10/3" in member_page


def test_admission_dated_in_the_future_is_refused(client, world, secretary):
    client.force_login(secretary)
    before = counts(), Member.objects.count()
    response = client.post(
        _app_url(world, "application_approve"), {"approve-decided_on": "2999-01-01"}
    )
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_approve-decided_on_error"' in html
    assert "The date cannot be in the future." in html
    assert (counts(), Member.objects.count()) == before
    world.application.refresh_from_db()
    assert world.application.status == Application.Status.SUBMITTED


def test_admission_linking_an_unknown_account_is_refused(client, world, secretary):
    client.force_login(secretary)
    before = counts(), Member.objects.count()
    response = client.post(
        _app_url(world, "application_approve"),
        {"approve-decided_on": "2025-10-01", "approve-user": "nobody@example.org"},
    )
    assert response.status_code == 400
    assert 'id="id_approve-user_error"' in text(response)
    assert (counts(), Member.objects.count()) == before


def test_board_declines_an_application(client, world, secretary):
    client.force_login(secretary)
    response = client.post(
        _app_url(world, "application_reject"),
        {"reject-reason": "Lives outside the area of benefit", "reject-board_minute_reference": ""},
    )
    assert response.status_code == 302
    world.application.refresh_from_db()
    assert (world.application.status, world.application.decision_reason) == (
        Application.Status.REJECTED,
        "Lives outside the area of benefit",
    )
    assert AuditEvent.objects.filter(action="application.reject").count() == 1


def test_declining_without_a_reason_is_refused(client, world, secretary):
    client.force_login(secretary)
    before = counts()
    response = client.post(_app_url(world, "application_reject"), {"reject-reason": ""})
    assert response.status_code == 400
    assert 'id="id_reject-reason_error"' in text(response)
    assert counts() == before


def test_deciding_an_application_twice_is_refused(client, world, secretary):
    services.application_reject(application=world.application, reason="No", actor=None)
    client.force_login(secretary)
    before = counts(), Member.objects.count()
    response = client.post(
        _app_url(world, "application_approve"), {"approve-decided_on": "2025-10-01"}
    )
    assert response.status_code == 400
    assert "This application has already been decided (Not approved)." in text(response)
    assert (counts(), Member.objects.count()) == before


def test_withdrawals_queue_shows_notice_running_and_ready(client, world, secretary):
    running = services.withdrawal_request(
        member=world.investor,
        share_class=mf.share_class(world.organisation, "investor"),
        shares=5,
        requested_on=dt.date(2026, 11, 1),
        actor=None,
    )
    client.force_login(secretary)
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False):
        html = text(client.get(reverse("membership:withdrawals", args=[world.organisation.slug])))
    assert html.index(f"withdrawal-{world.withdrawal.pk}") < html.index(f"withdrawal-{running.pk}")
    ready_row = html[html.index(f"withdrawal-{world.withdrawal.pk}") :].split("</tr>")[0]
    running_row = html[html.index(f"withdrawal-{running.pk}") :].split("</tr>")[0]
    assert "Ready for the board" in ready_row
    assert _wd_url(world, "withdrawal_decide") in ready_row
    assert "Notice running until 30 Jan 2027" in running_row


def test_board_approves_then_secretary_pays_a_withdrawal(client, world, board_member, secretary):
    client.force_login(board_member)
    response = client.post(
        _wd_url(world, "withdrawal_decide"),
        {
            "decision": "approve",
            "solvency_considered": "on",
            "decided_on": "2025-05-01",
            "board_minute_reference": "BM 25/5",
        },
    )
    assert response.status_code == 302
    world.withdrawal.refresh_from_db()
    assert (world.withdrawal.status, world.withdrawal.solvency_considered) == ("approved", True)
    assert world.withdrawal.decided_by == board_member
    client.force_login(secretary)
    response = client.post(_wd_url(world, "withdrawal_pay"), {"paid_on": "2025-05-10"})
    assert response.status_code == 302
    world.withdrawal.refresh_from_db()
    assert (world.withdrawal.status, world.withdrawal.amount_pence) == ("paid", 1000)
    entry = ShareTransaction.objects.get(withdrawal=world.withdrawal)
    assert (entry.kind, entry.shares, entry.paid_pence) == ("withdrawal", -10, -1000)
    assert list(
        AuditEvent.objects.filter(
            object_id=str(world.withdrawal.pk), object_type="membership.withdrawal"
        )
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["withdrawal.request", "withdrawal.approve", "withdrawal.pay"]


def test_approving_without_considering_solvency_is_refused(client, world, board_member):
    client.force_login(board_member)
    before = counts()
    response = client.post(
        _wd_url(world, "withdrawal_decide"), {"decision": "approve", "decided_on": "2025-05-01"}
    )
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_solvency_considered_error"' in html
    assert "the board must consider whether paying keeps the society solvent" in html
    assert counts() == before
    world.withdrawal.refresh_from_db()
    assert world.withdrawal.status == "requested"


def test_deciding_before_the_notice_ends_is_refused(client, world, board_member):
    client.force_login(board_member)
    before = counts()
    response = client.post(
        _wd_url(world, "withdrawal_decide"),
        {"decision": "refuse", "decided_on": "2025-02-01"},
    )
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_decided_on_error"' in html
    assert "The notice period runs until 10 Apr 2025" in html
    assert counts() == before


def test_approving_while_withdrawals_are_suspended_is_refused(client, world, secretary):
    services.share_class_set_withdrawals_suspended(
        share_class=mf.share_class(world.organisation, "investor"),
        suspended=True,
        reason="Review",
        actor=None,
    )
    client.force_login(secretary)
    before = counts()
    response = client.post(
        _wd_url(world, "withdrawal_decide"),
        {"decision": "approve", "solvency_considered": "on", "decided_on": "2025-05-01"},
    )
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_decision_error"' in html
    assert "The board has suspended withdrawals of Investor shares: Review" in html
    assert counts() == before


def test_paying_before_the_decision_is_refused(client, world, secretary):
    services.withdrawal_decide(
        withdrawal=world.withdrawal,
        approve=True,
        decided_on=dt.date(2025, 5, 1),
        solvency_considered=True,
        actor=None,
    )
    client.force_login(secretary)
    before = counts()
    response = client.post(_wd_url(world, "withdrawal_pay"), {"paid_on": "2025-04-30"})
    assert response.status_code == 400
    assert 'id="id_paid_on_error"' in text(response)
    assert "Payment cannot be before the board&#x27;s decision (1 May 2025)." in text(response)
    assert counts() == before


def test_paying_a_withdrawal_not_yet_approved_is_refused_above_the_form(client, world, secretary):
    client.force_login(secretary)
    before = counts()
    response = client.post(_wd_url(world, "withdrawal_pay"), {"paid_on": "2025-05-10"})
    assert response.status_code == 400
    html = text(response)
    assert 'id="non-field-errors"' in html
    assert "cannot become" in html
    assert counts() == before


def test_cancel_a_withdrawal(client, world, secretary):
    client.force_login(secretary)
    response = client.post(_wd_url(world, "withdrawal_cancel"), {"reason": "Changed her mind"})
    assert response.status_code == 302
    world.withdrawal.refresh_from_db()
    assert (world.withdrawal.status, world.withdrawal.decision_note) == (
        "cancelled",
        "Changed her mind",
    )
    html = text(client.get(reverse("membership:withdrawals", args=[world.organisation.slug])))
    assert "No withdrawals are open." in html


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancel_without_reason_is_refused(client, world, secretary, reason):
    client.force_login(secretary)
    before = counts()
    response = client.post(_wd_url(world, "withdrawal_cancel"), {"reason": reason})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in text(response)
    assert counts() == before
    world.withdrawal.refresh_from_db()
    assert world.withdrawal.status == "requested"


def test_board_member_may_decide_but_not_pay(client, world, board_member):
    client.force_login(board_member)
    html = text(client.get(reverse("membership:withdrawals", args=[world.organisation.slug])))
    assert _wd_url(world, "withdrawal_decide") in html
    assert _wd_url(world, "withdrawal_cancel") not in html
    before = counts()
    assert client.post(_wd_url(world, "withdrawal_cancel"), {"reason": "x"}).status_code == 403
    assert counts() == before


def test_deciding_without_choosing_is_refused(client, world, board_member):
    client.force_login(board_member)
    before = counts()
    response = client.post(_wd_url(world, "withdrawal_decide"), {"decided_on": "2025-05-01"})
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_decision_error"' in html
    assert "Choose whether the board approves or refuses." in html
    assert counts() == before
