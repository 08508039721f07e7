"""The secretary's share ledger actions through the pages: each happy path leaves its ledger
entries and audit events; each bad input answers 400 with the error on the field and writes
nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coop.core.models import AuditEvent
from membership import services
from membership.models import Member, ShareCertificate, ShareTransaction, Withdrawal
from tests.factories import membership as mf
from tests.membership.test_pages_secretary_setup import World, build_world, counts, text


@pytest.fixture
def world(organisation, member_record) -> World:
    return build_world(organisation)


Kind = ShareTransaction.Kind


def _url(w: World, name: str, member: Member | None = None, *extra: int) -> str:
    return reverse(
        f"membership:{name}", args=[w.organisation.slug, (member or w.investor).number, *extra]
    )


def _investor_class(w: World) -> int:
    return mf.share_class(w.organisation, "investor").pk


def _membership_class(w: World) -> int:
    return mf.share_class(w.organisation).pk


def _refused(response, field: str, message: str) -> None:
    """A 400 page with `message` shown on `field` (or above the form for '__all__')."""
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    if field == "__all__":
        assert 'id="non-field-errors"' in html
    else:
        assert f'id="id_{field}_error"' in html
    assert message in html


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


def test_allot_shares_with_payment(secretary_client, world, secretary):
    response = secretary_client.post(
        _url(world, "member_allot"),
        {
            "share_class": _investor_class(world),
            "shares": "5",
            "paid": "5.00",
            "effective_on": "2025-02-01",
            "reason": "Share offer 2025",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world, "member")
    allotment, payment = ShareTransaction.objects.filter(member=world.investor).order_by("-id")[:2][
        ::-1
    ]
    assert (allotment.kind, allotment.shares, allotment.paid_pence) == (Kind.ALLOTMENT, 5, 0)
    assert (payment.kind, payment.shares, payment.paid_pence) == (Kind.PAYMENT, 0, 500)
    assert allotment.recorded_by == secretary
    event = AuditEvent.objects.filter(action="ledger.allotment").latest("id")
    assert event.actor == secretary
    assert event.after["shares"] == 55
    page = text(secretary_client.get(response["Location"]))
    assert "5 Investor shares allotted." in page
    assert "Share offer 2025" in page


def test_allot_above_the_class_maximum_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_allot"),
        {"share_class": _membership_class(world), "shares": "1", "effective_on": "2025-02-01"},
    )
    _refused(response, "shares", "above the maximum of 1 (share class terms)")
    assert counts() == before


def test_allot_zero_or_fractional_shares_is_refused(secretary_client, world):
    before = counts()
    for shares in ("0", "1.5", "-2"):
        response = secretary_client.post(
            _url(world, "member_allot"),
            {"share_class": _investor_class(world), "shares": shares, "effective_on": "2025-02-01"},
        )
        assert response.status_code == 400
        assert 'id="id_shares_error"' in text(response)
    assert counts() == before


def test_allot_paid_more_than_the_shares_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_allot"),
        {
            "share_class": _investor_class(world),
            "shares": "2",
            "paid": "2.01",
            "effective_on": "2025-02-01",
        },
    )
    _refused(response, "paid", "The amount paid must be between nothing and the full value")
    assert counts() == before


def test_record_payment_in_pounds_is_stored_in_pence(secretary_client, world, secretary):
    services.shares_allot(
        member=world.investor,
        share_class=mf.share_class(world.organisation, "investor"),
        shares=10,
        effective_on=dt.date(2025, 1, 1),
        actor=None,
    )
    response = secretary_client.post(
        _url(world, "member_payment"),
        {"share_class": _investor_class(world), "amount": "2.50", "effective_on": "2025-03-01"},
    )
    assert response.status_code == 302
    entry = ShareTransaction.objects.latest("id")
    assert (entry.kind, entry.shares, entry.paid_pence) == (Kind.PAYMENT, 0, 250)
    assert AuditEvent.objects.filter(action="ledger.payment").latest("id").actor == secretary


def test_payment_above_what_is_owed_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_payment"),
        {"share_class": _investor_class(world), "amount": "1.00", "effective_on": "2025-03-01"},
    )
    _refused(response, "amount", "Only £0.00 is unpaid on these shares")
    assert counts() == before


def test_transfer_shares_to_a_member_number(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_transfer"),
        {
            "share_class": _investor_class(world),
            "to_member_number": str(world.other.number),
            "shares": "5",
            "effective_on": "2025-02-01",
        },
    )
    assert response.status_code == 302
    out, into = ShareTransaction.objects.order_by("-id")[:2][::-1]
    assert (out.member, out.kind, out.shares, out.paid_pence) == (
        world.investor,
        Kind.TRANSFER_OUT,
        -5,
        -500,
    )
    assert (into.member, into.kind, into.shares, into.counterparty) == (
        world.other,
        Kind.TRANSFER_IN,
        5,
        world.investor,
    )
    assert (
        AuditEvent.objects.filter(action__in=["ledger.transfer_out", "ledger.transfer_in"]).count()
        == 2
    )


def test_transfer_to_an_unknown_member_number_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_transfer"),
        {
            "share_class": _investor_class(world),
            "to_member_number": "9999",
            "shares": "5",
            "effective_on": "2025-02-01",
        },
    )
    _refused(response, "to_member_number", "There is no member number 9999 in this register.")
    assert counts() == before


def test_transfer_of_non_transferable_shares_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_transfer"),
        {
            "share_class": _membership_class(world),
            "to_member_number": str(world.other.number),
            "shares": "1",
            "effective_on": "2025-02-01",
        },
    )
    _refused(response, "share_class", "Membership shares are not transferable")
    assert counts() == before


def test_transfer_to_oneself_is_refused_on_the_recipient_field(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_transfer"),
        {
            "share_class": _investor_class(world),
            "to_member_number": str(world.investor.number),
            "shares": "1",
            "effective_on": "2025-02-01",
        },
    )
    _refused(response, "to_member_number", "Choose a different member")
    assert counts() == before


def test_cancel_shares_with_a_reason(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_cancel"),
        {
            "share_class": _investor_class(world),
            "shares": "4",
            "effective_on": "2025-02-01",
            "reason": "Expelled under rule 21",
        },
    )
    assert response.status_code == 302
    entry = ShareTransaction.objects.latest("id")
    assert (entry.kind, entry.shares, entry.reason) == (
        Kind.CANCELLATION,
        -4,
        "Expelled under rule 21",
    )
    assert AuditEvent.objects.filter(action="ledger.cancellation").count() == 1


def test_cancel_more_than_held_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_cancel"),
        {
            "share_class": _investor_class(world),
            "shares": "51",
            "effective_on": "2025-02-01",
            "reason": "Error",
        },
    )
    _refused(response, "shares", "Member 2 holds only 50 Investor shares.")
    assert counts() == before


def test_credit_interest_as_shares(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_interest"),
        {"share_class": _investor_class(world), "shares": "2", "effective_on": "2025-04-05"},
    )
    assert response.status_code == 302
    entry = ShareTransaction.objects.latest("id")
    assert (entry.kind, entry.shares, entry.paid_pence) == (Kind.INTEREST, 2, 200)


def test_credit_interest_in_the_future_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_interest"),
        {"share_class": _investor_class(world), "shares": "2", "effective_on": "2999-04-05"},
    )
    _refused(response, "effective_on", "The date cannot be in the future.")
    assert counts() == before


def test_transfer_on_death_from_a_ceased_member(secretary_client, world):
    services.member_cease(
        member=world.investor,
        ceased_on=dt.date(2025, 6, 1),
        reason=Member.CeasedReason.DEATH,
        actor=None,
    )
    response = secretary_client.post(
        _url(world, "member_death_transfer"),
        {
            "share_class": _investor_class(world),
            "to_member_number": str(world.other.number),
            "shares": "40",
            "effective_on": "2025-07-01",
            "reason": "Nominee",
        },
    )
    assert response.status_code == 302
    out, into = ShareTransaction.objects.order_by("-id")[:2][::-1]
    # 10 of the 50 shares are being withdrawn, so 40 pass on death.
    assert (out.kind, out.shares, into.kind, into.member) == (
        Kind.DEATH_OUT,
        -40,
        Kind.DEATH_IN,
        world.other,
    )


def test_transfer_on_death_to_a_ceased_member_is_refused(secretary_client, world, organisation):
    gone = mf.member(organisation, name="Gone Member")
    services.shares_cancel(
        member=gone,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=dt.date(2024, 1, 1),
        reason="Leaving",
        actor=None,
    )
    services.member_cease(
        member=gone, ceased_on=dt.date(2024, 1, 1), reason=Member.CeasedReason.OTHER, actor=None
    )
    before = counts()
    response = secretary_client.post(
        _url(world, "member_death_transfer"),
        {
            "share_class": _investor_class(world),
            "to_member_number": str(gone.number),
            "shares": "5",
            "effective_on": "2025-07-01",
        },
    )
    _refused(response, "to_member_number", "nothing more can be recorded on their account")
    assert counts() == before


def test_correct_a_ledger_entry(secretary_client, world, secretary):
    page = text(secretary_client.get(_url(world, "member")))
    correct_url = _url(world, "member_ledger_correct", None, world.entry.pk)
    assert correct_url in page
    response = secretary_client.post(correct_url, {"reason": "Allotted to the wrong member"})
    assert response.status_code == 302
    correction = ShareTransaction.objects.latest("id")
    assert correction.kind == Kind.CORRECTION
    assert correction.reverses == world.entry
    assert (correction.shares, correction.paid_pence) == (
        -world.entry.shares,
        -world.entry.paid_pence,
    )
    assert correction.reason == "Allotted to the wrong member"
    page = text(secretary_client.get(_url(world, "member")))
    assert correct_url not in page
    assert "Corrected" in page


def test_correcting_twice_is_refused_on_the_reason_field(secretary_client, world):
    services.ledger_correct(entry=world.entry, reason="Wrong", actor=None)
    before = counts()
    response = secretary_client.post(
        _url(world, "member_ledger_correct", None, world.entry.pk), {"reason": "Again"}
    )
    _refused(response, "reason", "This entry has already been corrected.")
    assert counts() == before


def test_correction_without_reason_is_refused(secretary_client, world):
    before = counts()
    response = secretary_client.post(
        _url(world, "member_ledger_correct", None, world.entry.pk), {"reason": ""}
    )
    _refused(response, "reason", "Enter what was wrong with this entry.")
    assert counts() == before


def test_issue_a_certificate_and_download_its_pdf(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_certificate_issue"), {"share_class": _investor_class(world)}
    )
    assert response.status_code == 302
    certificate = ShareCertificate.objects.get(member=world.investor)
    assert (certificate.number, certificate.shares, certificate.paid_pence) == (1, 50, 5000)
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 1
    page = text(secretary_client.get(_url(world, "member")))
    pdf_url = _url(world, "member_certificate_pdf", None, certificate.number)
    assert pdf_url in page
    pdf = secretary_client.get(pdf_url, {"language": "en-gb"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "Iolo Investor" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_certificate_for_a_class_not_held_is_refused(secretary_client, world, member_record):
    before = counts(), ShareCertificate.objects.count()
    response = secretary_client.post(
        _url(world, "member_certificate_issue", member_record),
        {"share_class": _investor_class(world)},
    )
    _refused(response, "share_class", "holds no Investor shares")
    assert (counts(), ShareCertificate.objects.count()) == before


def test_certificate_pdf_of_another_member_is_not_found(secretary_client, world):
    certificate = services.certificate_issue(
        member=world.investor,
        share_class=mf.share_class(world.organisation, "investor"),
        actor=None,
    )
    response = secretary_client.get(
        _url(world, "member_certificate_pdf", world.other, certificate.number)
    )
    assert response.status_code == 404


def test_request_a_withdrawal_on_the_members_behalf(secretary_client, world):
    response = secretary_client.post(
        _url(world, "member_withdrawal_request"),
        {"share_class": _investor_class(world), "shares": "5", "requested_on": "2025-06-01"},
    )
    assert response.status_code == 302
    withdrawal = Withdrawal.objects.latest("id")
    assert (withdrawal.member, withdrawal.shares, withdrawal.notice_ends_on) == (
        world.investor,
        5,
        dt.date(2025, 8, 30),
    )
    assert AuditEvent.objects.filter(
        action="withdrawal.request", object_id=str(withdrawal.pk)
    ).exists()


def test_withdrawal_of_more_than_available_is_refused(secretary_client, world):
    before = counts(), Withdrawal.objects.count()
    response = secretary_client.post(
        _url(world, "member_withdrawal_request"),
        {"share_class": _investor_class(world), "shares": "45", "requested_on": "2025-06-01"},
    )
    _refused(response, "shares", "can withdraw at most 40 shares")
    assert (counts(), Withdrawal.objects.count()) == before


def test_member_page_shows_details_holdings_ledger_and_links(secretary_client, world):
    html = text(secretary_client.get(_url(world, "member")))
    assert html.count("<h1") == 1
    for expected in (
        "Iolo Investor",
        "Investor shares",
        "Membership shares",
        "£50.00",
        "Allotment",
        "Nia Nominee",
        "Notice running",
        "Allot shares",
        "Record that membership ceased",
    ):
        assert expected in html


def test_member_page_for_the_scrutineer_has_no_actions(client, world, scrutineer):
    client.force_login(scrutineer)
    html = text(client.get(_url(world, "member")))
    assert "Iolo Investor" in html
    assert _url(world, "member_allot") not in html
    assert _url(world, "member_ledger_correct", None, world.entry.pk) not in html
