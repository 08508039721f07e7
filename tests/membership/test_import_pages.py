"""The import pages: secretary only; upload → preview (problems or summary) → commit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coop.core.models import AuditEvent
from membership.models import ImportBatch, Member
from membership.services.imports import import_preview
from tests.membership.test_imports import counts, csv_bytes, row


def _start(organisation) -> str:
    return reverse("membership:import_start", args=[organisation.slug])


def _preview(batch: ImportBatch) -> str:
    return reverse("membership:import_preview", args=[batch.organisation.slug, batch.pk])


def _commit(batch: ImportBatch) -> str:
    return reverse("membership:import_commit", args=[batch.organisation.slug, batch.pk])


def _upload(client, organisation, content: bytes, name: str = "register.csv"):
    return client.post(_start(organisation), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def clean_batch(organisation) -> ImportBatch:
    content = csv_bytes([row(name="Nia Morgan", email="nia@example.org")])
    return import_preview(
        organisation=organisation, filename="register.csv", content=content, actor=None
    )


@pytest.mark.parametrize(
    ("persona", "reads", "actions"),
    [
        ("secretary", 200, 200),
        ("board_member", 404, 403),
        ("scrutineer", 404, 403),
        ("member", 404, 403),
        ("bid_manager", 404, 403),
        ("outsider", 404, 404),
        ("applicant", 404, 404),
    ],
)
def test_only_the_secretary_reaches_the_import_pages(
    request, client, organisation, clean_batch, persona, reads, actions
):
    """The one rule: reads answer 404 to anyone but the secretary; the upload form and the
    commit (actions) answer 403 to those with another role, 404 to those with none."""
    client.force_login(request.getfixturevalue(persona))
    before = counts(organisation)
    assert client.get(_start(organisation)).status_code == actions
    assert client.get(_preview(clean_batch)).status_code == reads
    template = reverse("membership:import_template", args=[organisation.slug])
    assert client.get(template).status_code == reads
    if persona != "secretary":
        assert client.post(_commit(clean_batch)).status_code == actions
        response = _upload(client, organisation, csv_bytes([row()]))
        assert response.status_code == actions
        assert counts(organisation) == before
        assert ImportBatch.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client, organisation):
    response = client.get(_start(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_batch_of_another_organisation_answers_404_under_this_one(
    client, secretary, organisation, other_organisation
):
    theirs = import_preview(
        organisation=other_organisation, filename="r.csv", content=csv_bytes([row()]), actor=None
    )
    client.force_login(secretary)
    url = reverse("membership:import_preview", args=[organisation.slug, theirs.pk])
    assert client.get(url).status_code == 404
    commit = reverse("membership:import_commit", args=[organisation.slug, theirs.pk])
    assert client.post(commit).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ImportBatch.Status.PREVIEWED


def test_the_upload_page_has_the_form_and_the_columns(client, secretary, organisation):
    client.force_login(secretary)
    response = client.get(_start(organisation))
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".csv,.xlsx"' in html
    assert "<code>member_number</code>" in html
    assert "<code>amount_paid</code>" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.txt", b"name\nA\n", "The file must be a CSV (.csv) or Excel workbook (.xlsx)"),
        ("register.csv", b"", "The file is empty: choose the spreadsheet with your register."),
        ("register", b"name\n", "The file must be a CSV (.csv) or Excel workbook (.xlsx)"),
    ],
)
def test_a_bad_file_is_refused_with_a_field_error(
    client, secretary, organisation, name, content, message
):
    client.force_login(secretary)
    response = _upload(client, organisation, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="govuk-error-summary' in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_no_file_at_all_is_refused(client, secretary, organisation):
    client.force_login(secretary)
    response = client.post(_start(organisation), {})
    assert response.status_code == 400
    assert "Choose the spreadsheet to upload." in response.content.decode()


def test_a_file_with_problems_shows_them_all_by_row_and_column(client, secretary, organisation):
    client.force_login(secretary)
    before = counts(organisation)
    content = csv_bytes(
        [row(), row(name="Second", email="2@example.org", shares="x", date_entered="soon")]
    )
    response = _upload(client, organisation, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _preview(batch)
    assert batch.uploaded_by == secretary

    page = client.get(_preview(batch))
    html = page.content.decode()
    assert "This file has 2 problems. Nothing has been imported." in html
    assert "Problems, in 1 row" in html
    assert html.count('<th scope="row" class="govuk-table__header cyd-num">3</th>') == 2
    assert "<code>date_entered</code>" in html
    assert "<code>shares</code>" in html
    assert "Enter a whole number of shares, 1 or more." in html
    assert "Import 2 members" not in html

    refused = client.post(_commit(batch))
    assert refused.status_code == 400
    assert "The file was not imported" in refused.content.decode()
    assert "This file has 2 problems" in refused.content.decode()
    assert counts(organisation) == before


def test_a_clean_file_shows_a_summary_then_commits(client, secretary, organisation):
    client.force_login(secretary)
    content = csv_bytes(
        [
            row(name="Nia Morgan", email="nia@example.org"),
            row(member_number="40", name="Ifor Bach", email="ifor@example.org"),
            row(
                member_number="40",
                name="Ifor Bach",
                email="ifor@example.org",
                share_class="investor",
                shares="20",
                amount_paid="20",
            ),
        ]
    )
    _upload(client, organisation, content)
    batch = ImportBatch.objects.get()
    page = client.get(_preview(batch))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd class="govuk-summary-list__value" id="member-count">2</dd>' in html
    assert "Import 2 members" in html
    assert "Nia Morgan" in html
    assert "Ifor Bach" in html
    assert "£20.00" in html

    done = client.post(_commit(batch), follow=True)
    html = done.content.decode()
    assert done.status_code == 200
    assert "2 members were added to the register." in html
    assert "Go to the register of members" in html
    assert Member.objects.filter(organisation=organisation, number=40).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED

    before = counts(organisation)
    again = client.post(_commit(batch))
    assert again.status_code == 400
    assert "This file has already been dealt with (Imported)" in again.content.decode()
    assert counts(organisation) == before


def test_a_clean_preview_shows_problems_when_the_register_changed(
    client, secretary, organisation, clean_batch
):
    from membership import services
    from tests.factories import membership as mf

    services.member_register(
        organisation=organisation,
        name="Nia Morgan",
        member_class=mf.member_class(organisation),
        entered_on=clean_batch.created_at.date(),
        postal_address="1 Ffordd",
        email="nia@example.org",
        actor=secretary,
    )
    client.force_login(secretary)
    html = client.get(_preview(clean_batch)).content.decode()
    assert "The register has changed since the file was checked" in html
    assert "Import 1 member" not in html
    response = client.post(_commit(clean_batch))
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="member.import").exists()
    clean_batch.refresh_from_db()
    assert [p["column"] for p in clean_batch.problems] == ["email"]


def test_the_template_has_every_column(client, secretary, organisation):
    client.force_login(secretary)
    response = client.get(reverse("membership:import_template", args=[organisation.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="register-import-dyfi-care.csv"'
    )
    assert response.content.decode("utf-8-sig").strip() == (
        "member_number,name,kind,member_class,email,email_for_notices,email_for_ballots,"
        "email_for_news,postal_address,postcode,date_entered,share_class,shares,amount_paid,"
        "phone,date_of_birth,preferred_language,is_registered_society"
    )


def test_the_preview_of_many_problems_is_paged(
    client, secretary, organisation, django_assert_max_num_queries
):
    content = csv_bytes(
        [row(name=f"M{i}", email=f"m{i}@example.org", shares="0") for i in range(450)]
    )
    batch = import_preview(organisation=organisation, filename="r.csv", content=content, actor=None)
    client.force_login(secretary)
    with django_assert_max_num_queries(12):
        page = client.get(_preview(batch) + "?page=3")
    html = page.content.decode()
    assert "Page 3 of 3" in html
    assert "This file has 450 problems." in html


def test_the_import_page_leads_back_to_earlier_uploads_of_this_organisation_only(
    client, secretary, organisation, other_organisation, clean_batch
):
    """A secretary who uploaded a file and left finds its check again from the import page
    (it was reached only by the redirect after the upload)."""
    theirs = import_preview(
        organisation=other_organisation,
        filename="theirs.csv",
        content=csv_bytes([row()]),
        actor=None,
    )
    client.force_login(secretary)

    page = client.get(_start(organisation)).content.decode()

    assert f'href="{_preview(clean_batch)}"' in page
    assert "register.csv" in page
    assert _preview(theirs) not in page
    assert "theirs.csv" not in page
