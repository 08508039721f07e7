"""A member gives notice to withdraw shares: choose, confirm, recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent, User
from membership import services
from membership.models import Member, Withdrawal
from tests.factories import membership as mf


@pytest.fixture
def investor(organisation) -> Member:
    """A member holding 50 withdrawable investor shares (out of their lock-in)."""
    user = User.objects.create_user(
        email="ifan@example.org", password="correct horse battery", full_name="Ifan Investor"
    )
    return mf.member(organisation, name="Ifan Investor", user=user, investor_shares=50)


def withdraw_url(org) -> str:
    return reverse("membership:my_withdrawal", args=[org.slug])


def test_withdraw_page_offers_only_shares_that_can_be_withdrawn(client, organisation, investor):
    client.force_login(investor.user)

    response = client.get(withdraw_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="investor"' in html
    assert "Investor shares (you hold 50)" in html
    assert 'value="membership"' not in html


def test_member_with_nothing_withdrawable_is_told_so(client, organisation, member):
    client.force_login(member)

    response = client.get(withdraw_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "You do not hold any shares that can be withdrawn at the moment." in html
    assert 'name="shares"' not in html


def test_first_step_asks_for_confirmation_and_writes_nothing(client, organisation, investor):
    client.force_login(investor.user)

    response = client.post(withdraw_url(organisation), {"share_class": "investor", "shares": "20"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Check your notice to withdraw shares" in html
    assert "£20.00" in html
    assert "90 days" in html
    expected_end = timezone.localdate() + dt.timedelta(days=90)
    assert f"{expected_end.day} {expected_end:%B %Y}" in html
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert Withdrawal.objects.count() == 0


def test_confirmed_notice_is_recorded(client, organisation, investor):
    client.force_login(investor.user)

    response = client.post(
        withdraw_url(organisation), {"share_class": "investor", "shares": "20", "confirm": "yes"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("membership:my_account", args=[organisation.slug])
    withdrawal = Withdrawal.objects.get()
    today = timezone.localdate()
    assert (withdrawal.member, withdrawal.share_class.code, withdrawal.shares) == (
        investor,
        "investor",
        20,
    )
    assert withdrawal.requested_on == today
    assert withdrawal.notice_ends_on == today + dt.timedelta(days=90)
    assert withdrawal.status == Withdrawal.Status.REQUESTED
    event = AuditEvent.objects.get(action="withdrawal.request")
    assert event.actor == investor.user
    page = client.get(response["Location"]).content.decode()
    assert "Your notice to withdraw 20 Investor shares has been recorded." in page


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        (
            {"share_class": "membership", "shares": "1", "confirm": "yes"},
            "id_share_class_0",
            "Membership shares cannot be withdrawn (share class terms).",
        ),
        (
            {"share_class": "investor", "shares": "51", "confirm": "yes"},
            "id_shares",
            "You hold 50 of these shares: you cannot withdraw more than that.",
        ),
        (
            {"share_class": "investor", "shares": "0", "confirm": "yes"},
            "id_shares",
            "Enter a whole number of shares, 1 or more.",
        ),
        (
            {"share_class": "investor", "shares": "2.5", "confirm": "yes"},
            "id_shares",
            "Enter a whole number of shares, like 1 or 10",
        ),
        (
            {"share_class": "no-such-class", "shares": "1", "confirm": "yes"},
            "id_share_class_0",
            "Choose one of the kinds of shares you hold.",
        ),
    ],
)
def test_refused_notice_writes_nothing(client, organisation, investor, data, field_id, message):
    client.force_login(investor.user)
    events_before = AuditEvent.objects.count()

    response = client.post(withdraw_url(organisation), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#{field_id}">{message}</a>' in html
    assert Withdrawal.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_refusal_by_the_service_is_shown_on_the_form(client, organisation, investor):
    services.withdrawal_request(
        member=investor,
        share_class=mf.share_class(organisation, "investor"),
        shares=40,
        requested_on=timezone.localdate(),
        actor=None,
    )
    client.force_login(investor.user)

    response = client.post(
        withdraw_url(organisation), {"share_class": "investor", "shares": "20", "confirm": "yes"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        f"Member {investor.number} can withdraw at most 10 shares of this class "
        "(50 held, 40 already being withdrawn)."
    ) in html
    assert Withdrawal.objects.count() == 1


def test_suspended_withdrawals_are_not_offered_and_refused(client, organisation, investor):
    services.share_class_set_withdrawals_suspended(
        share_class=mf.share_class(organisation, "investor"),
        suspended=True,
        reason="Cash flow",
        actor=None,
    )
    client.force_login(investor.user)

    page = client.get(withdraw_url(organisation)).content.decode()
    response = client.post(
        withdraw_url(organisation), {"share_class": "investor", "shares": "1", "confirm": "yes"}
    )

    assert 'value="investor"' not in page
    assert response.status_code == 400
    assert "The board has suspended withdrawals of Investor shares." in response.content.decode()
    assert Withdrawal.objects.count() == 0


def test_another_member_cannot_give_notice_on_my_shares(client, organisation, investor, member):
    client.force_login(member)

    response = client.post(
        withdraw_url(organisation), {"share_class": "investor", "shares": "1", "confirm": "yes"}
    )

    assert response.status_code == 400
    assert Withdrawal.objects.count() == 0


def test_outsider_gets_not_found(client, organisation, investor, outsider):
    client.force_login(outsider)

    response = client.post(
        withdraw_url(organisation), {"share_class": "investor", "shares": "1", "confirm": "yes"}
    )

    assert response.status_code == 404
    assert Withdrawal.objects.count() == 0
