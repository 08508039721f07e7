"""The member's own pages: my account (and its PDF), contact details, share certificate.

Persona matrix for `my_account`: only the user whose member record it is sees it; everyone
else gets 404 (signed in) or the sign-in page (anonymous).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from coop.core.models import AuditEvent, User
from membership import services
from membership.models import Member, RegisterInspection, ShareCertificate
from tests.factories import membership as mf


def account_url(org) -> str:
    return reverse("membership:my_account", args=[org.slug])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def other_member(organisation) -> Member:
    """Another member of the same co-op, with investor shares and a sign-in account."""
    user = User.objects.create_user(
        email="gwyn@example.org", password="correct horse battery", full_name="Gwyn Other"
    )
    return mf.member(
        organisation, name="Gwyn Otherperson", user=user, investor_shares=4321, phone="07700 900999"
    )


# --- who may see my account -----------------------------------------------------------------


def test_member_sees_their_own_account(client, member, member_record, organisation):
    client.force_login(member)

    response = client.get(account_url(organisation))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your account</h1>' in html
    assert "Meinir Member" in html
    assert f'<dd class="govuk-summary-list__value">{member_record.number}</dd>' in html
    assert member_record.email in html
    assert "Service users and carers" in html
    assert "6 January 2020" in html
    assert "Notices of general meetings" in html
    assert "Voting in ballots" in html
    assert "Membership shares" in html
    assert "1 new share issued to you" in html


@pytest.mark.parametrize("persona", ["secretary", "board_member", "scrutineer", "outsider"])
def test_signed_in_user_without_a_member_record_gets_not_found(
    client, request, persona, organisation
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(account_url(organisation)).status_code == 404
    assert (
        client.get(reverse("membership:my_account_pdf", args=[organisation.slug])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("membership:my_certificate", args=[organisation.slug, "membership"])
        ).status_code
        == 404
    )
    assert RegisterInspection.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["my_account", "my_account_pdf", "my_details", "my_withdrawal", "duplicate_register"]
)
def test_anonymous_visitor_is_sent_to_sign_in(client, organisation, name):
    response = client.get(reverse(f"membership:{name}", args=[organisation.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_anonymous_visitor_gets_no_certificate(client, organisation, member_record):
    response = client.get(
        reverse("membership:my_certificate", args=[organisation.slug, "membership"])
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert ShareCertificate.objects.count() == 0


def test_member_of_one_coop_has_no_account_at_another(
    client, member, organisation, other_organisation
):
    client.force_login(member)

    assert client.get(account_url(other_organisation)).status_code == 404
    assert client.get(account_url(organisation)).status_code == 200


def test_unknown_organisation_is_not_found(client, member):
    client.force_login(member)

    assert client.get(reverse("membership:my_account", args=["no-such-coop"])).status_code == 404


def test_another_members_data_never_appears_on_my_account(
    client, member, organisation, other_member
):
    client.force_login(member)

    html = client.get(account_url(organisation)).content.decode()

    assert "Gwyn Otherperson" not in html
    assert other_member.email not in html
    assert "4321" not in html
    assert "£43.21" not in html
    assert "07700 900999" not in html


def test_each_member_sees_only_their_own_account(client, other_member, organisation):
    client.force_login(other_member.user)

    html = client.get(account_url(organisation)).content.decode()

    assert "Gwyn Otherperson" in html
    assert "Investor shares" in html
    assert "4321" in html
    assert "Meinir Member" not in html


def test_former_member_still_sees_their_own_account_without_changes(
    client, organisation, member, member_record
):
    services.shares_cancel(
        member=member_record,
        share_class=mf.share_class(organisation),
        shares=1,
        effective_on=dt.date(2024, 1, 10),
        reason="Left",
        actor=None,
    )
    services.member_cease(
        member=member_record,
        ceased_on=dt.date(2024, 1, 10),
        reason=Member.CeasedReason.WITHDRAWAL,
        actor=None,
    )
    client.force_login(member)

    response = client.get(account_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "10 January 2024" in html
    assert reverse("membership:my_details", args=[organisation.slug]) not in html
    # They may see their account but not change it: refused (403), not "not found".
    assert client.get(reverse("membership:my_details", args=[organisation.slug])).status_code == 403
    assert (
        client.get(reverse("membership:my_withdrawal", args=[organisation.slug])).status_code == 403
    )


# --- what the account shows ---------------------------------------------------------------------


def test_account_shows_ledger_in_plain_words_nominations_and_open_withdrawals(
    client, organisation, member, member_record
):
    investor = mf.share_class(organisation, "investor")
    services.shares_allot(
        member=member_record,
        share_class=investor,
        shares=25,
        effective_on=dt.date(2021, 3, 1),
        paid_pence=2500,
        actor=None,
    )
    services.nomination_record(
        member=member_record,
        nominee_name="Dafydd Nominee",
        nominee_address="2 Ffordd y Môr",
        relationship="child",
        received_on=dt.date(2022, 5, 4),
        actor=None,
    )
    services.withdrawal_request(
        member=member_record,
        share_class=investor,
        shares=10,
        requested_on=timezone.localdate(),
        actor=None,
    )
    client.force_login(member)

    html = client.get(account_url(organisation)).content.decode()

    assert "25 new shares issued to you" in html
    assert "1 March 2021" in html
    assert "+25" in html
    assert "+£25.00" in html
    assert "Dafydd Nominee" in html
    assert "Child" in html
    assert "up to £5,000.00" in html
    assert "Your notices to withdraw shares" in html
    assert "Notice running" in html
    assert reverse("membership:my_withdrawal", args=[organisation.slug]) in html
    assert reverse("membership:my_certificate", args=[organisation.slug, "investor"]) in html


def test_transfers_and_corrections_are_said_in_plain_words(
    client, organisation, member, member_record, other_member
):
    investor = mf.share_class(organisation, "investor")
    services.shares_transfer(
        from_member=other_member,
        to_member=member_record,
        share_class=investor,
        shares=7,
        effective_on=dt.date(2022, 6, 1),
        actor=None,
    )
    mistaken = services.shares_allot(
        member=member_record,
        share_class=investor,
        shares=3,
        effective_on=dt.date(2022, 7, 1),
        actor=None,
    )
    services.ledger_correct(entry=mistaken, reason="Allotted to the wrong member", actor=None)
    client.force_login(member)

    html = client.get(account_url(organisation)).content.decode()

    assert "7 shares transferred to you from Gwyn Otherperson" in html
    assert "3 new shares issued to you" in html
    assert "Correction: the entry of 1 July 2022 is reversed" in html
    assert "Allotted to the wrong member" in html
    assert "-3" in html


def test_account_page_query_count_does_not_grow_with_history(
    client, organisation, member, member_record, django_assert_max_num_queries
):
    investor = mf.share_class(organisation, "investor")
    for day in range(1, 21):
        services.shares_allot(
            member=member_record,
            share_class=investor,
            shares=day,
            effective_on=dt.date(2021, 3, day),
            paid_pence=day * 100,
            actor=None,
        )
    client.force_login(member)

    with django_assert_max_num_queries(11):
        response = client.get(account_url(organisation))

    assert response.status_code == 200


# --- inspections -------------------------------------------------------------------------------


def test_each_view_of_my_account_is_logged_as_an_inspection(
    client, organisation, member, member_record
):
    client.force_login(member)

    client.get(account_url(organisation))
    client.get(account_url(organisation))

    inspections = RegisterInspection.objects.filter(organisation=organisation)
    assert inspections.count() == 2
    first = inspections.first()
    assert first.kind == RegisterInspection.Kind.OWN_ACCOUNT
    assert first.user == member
    assert first.member == member_record
    assert first.as_of == timezone.localdate()


# --- the account as PDF ------------------------------------------------------------------------


def test_account_pdf_is_a_pdf_of_my_account(client, organisation, member, member_record):
    client.force_login(member)

    response = client.get(reverse("membership:my_account_pdf", args=[organisation.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="account-{organisation.slug}-{member_record.number}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Meinir Member" in text
    assert "Member account" in text
    assert (
        RegisterInspection.objects.filter(
            kind=RegisterInspection.Kind.OWN_ACCOUNT, member=member_record
        ).count()
        == 1
    )


# --- Welsh ---------------------------------------------------------------------------------------


def test_account_renders_in_welsh_for_a_member_who_prefers_welsh(client, organisation, member):
    User.objects.filter(pk=member.pk).update(preferred_language="cy")
    member.refresh_from_db()
    client.force_login(member)

    response = client.get(account_url(organisation))

    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert "Dyfi Care Co-operative (cy)" in html
    assert "Defnyddwyr gwasanaeth a gofalwyr" in html
    assert "Cyfranddaliadau aelodaeth" in html


# --- changing my contact details -----------------------------------------------------------------


def details_url(org) -> str:
    return reverse("membership:my_details", args=[org.slug])


VALID_DETAILS = {
    "postal_address": "7 Heol Newydd\nAberaeron",
    "postcode": "sa46 0aa",
    "email": "Meinir.New@Example.org",
    "email_purposes": ["notices", "news"],
    "phone": "01970 000000",
    "preferred_language": "cy",
}


def test_details_form_starts_with_what_the_register_holds(
    client, organisation, member, member_record
):
    client.force_login(member)

    response = client.get(details_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert member_record.email in html
    assert "SY23 1AA" in html
    assert (
        '<input type="checkbox" name="email_purposes" value="notices" '
        'class="govuk-checkboxes__input" id="id_email_purposes_0" checked>'
    ) in html
    assert 'id="id_email_purposes_1" checked>' in html
    assert 'id="id_email_purposes_2">' in html


def test_member_updates_their_own_contact_details(client, organisation, member, member_record):
    client.force_login(member)
    events_before = AuditEvent.objects.filter(action="member.update").count()

    response = client.post(details_url(organisation), VALID_DETAILS)

    assert response.status_code == 302
    assert response["Location"] == account_url(organisation)
    member_record.refresh_from_db()
    assert member_record.postal_address == "7 Heol Newydd\nAberaeron"
    assert member_record.postcode == "SA46 0AA"
    assert member_record.email == "meinir.new@example.org"
    assert (
        member_record.email_for_notices,
        member_record.email_for_ballots,
        member_record.email_for_news,
    ) == (True, False, True)
    assert member_record.phone == "01970 000000"
    assert member_record.preferred_language == "cy"
    event = AuditEvent.objects.filter(action="member.update").latest("id")
    assert AuditEvent.objects.filter(action="member.update").count() == events_before + 1
    assert event.actor == member
    assert event.after["email"] == "meinir.new@example.org"


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        (
            {"email": "not-an-email"},
            "id_email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"postal_address": "  "}, "id_postal_address", "Enter your postal address."),
        (
            {"email": "", "email_purposes": ["ballots"]},
            "id_email",
            "Give an email address for the purposes ticked, or untick them.",
        ),
        ({"preferred_language": "fr"}, "id_preferred_language_0", "Select a valid choice."),
    ],
)
def test_bad_contact_details_are_refused_and_nothing_changes(
    client, organisation, member, member_record, change, field_id, message
):
    client.force_login(member)
    before = Member.objects.filter(pk=member_record.pk).values().get()
    events_before = AuditEvent.objects.count()

    response = client.post(details_url(organisation), {**VALID_DETAILS, **change})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'<a href="#{field_id}">{message}' in html
    assert Member.objects.filter(pk=member_record.pk).values().get() == before
    assert AuditEvent.objects.count() == events_before


def test_member_cannot_change_their_name_or_class_through_the_details_form(
    client, organisation, member, member_record
):
    client.force_login(member)

    client.post(
        details_url(organisation),
        {
            **VALID_DETAILS,
            "name": "Somebody Else",
            "member_class": mf.member_class(organisation, "workers").pk,
        },
    )

    member_record.refresh_from_db()
    assert member_record.name == "Meinir Member"
    assert member_record.member_class.code == "users"


# --- my share certificate ---------------------------------------------------------------------


def certificate_url(org, code: str = "membership") -> str:
    return reverse("membership:my_certificate", args=[org.slug, code])


def test_certificate_is_issued_as_a_pdf_then_served_again_without_a_new_number(
    client, organisation, member, member_record
):
    client.force_login(member)

    first = client.get(certificate_url(organisation))

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    text = pdf_text(first.content)
    assert "Meinir Member" in text
    assert "Share certificate" in text
    certificate = ShareCertificate.objects.get()
    assert (certificate.member, certificate.shares, certificate.paid_pence) == (
        member_record,
        1,
        100,
    )
    assert certificate.issued_by == member
    assert (
        f"certificate-{organisation.slug}-{certificate.number}.pdf" in first["Content-Disposition"]
    )

    second = client.get(certificate_url(organisation))

    assert second.status_code == 200
    assert second.content.startswith(b"%PDF")
    assert ShareCertificate.objects.count() == 1
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 1
    assert (
        f"certificate-{organisation.slug}-{certificate.number}.pdf" in second["Content-Disposition"]
    )


def test_a_changed_holding_gets_a_new_certificate(client, organisation, member, member_record):
    investor = mf.share_class(organisation, "investor")
    services.shares_allot(
        member=member_record,
        share_class=investor,
        shares=10,
        effective_on=dt.date(2021, 1, 4),
        paid_pence=1000,
        actor=None,
    )
    client.force_login(member)
    client.get(certificate_url(organisation, "investor"))
    services.shares_allot(
        member=member_record,
        share_class=investor,
        shares=5,
        effective_on=dt.date(2022, 1, 4),
        paid_pence=500,
        actor=None,
    )

    response = client.get(certificate_url(organisation, "investor"))

    assert response.status_code == 200
    numbers = list(ShareCertificate.objects.order_by("number").values_list("number", "shares"))
    assert numbers == [(1, 10), (2, 15)]


@pytest.mark.parametrize("code", ["investor", "no-such-class"])
def test_certificate_of_a_class_not_held_is_not_found(client, organisation, member, code):
    client.force_login(member)

    assert client.get(certificate_url(organisation, code)).status_code == 404
    assert ShareCertificate.objects.count() == 0


def test_certificate_is_in_welsh_when_the_page_is(client, organisation, member):
    User.objects.filter(pk=member.pk).update(preferred_language="cy")
    member.refresh_from_db()
    client.force_login(member)

    response = client.get(certificate_url(organisation))

    assert response.status_code == 200
    assert "Cyfranddaliadau aelodaeth" in pdf_text(response.content)
