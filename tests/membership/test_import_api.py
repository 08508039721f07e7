"""The import API: upload (problems by row and column), commit all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from membership.models import ImportBatch, Member
from membership.services.imports import import_preview
from tests.membership.test_imports import counts, csv_bytes, row


def _api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _upload(client: APIClient, organisation, content: bytes, name: str = "register.csv"):
    return client.post(
        f"/api/v1/organisations/{organisation.slug}/imports/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def _commit(client: APIClient, batch: ImportBatch, slug: str | None = None):
    slug = slug or batch.organisation.slug
    return client.post(f"/api/v1/organisations/{slug}/imports/{batch.pk}/commit/")


def test_upload_lists_every_problem_and_imports_nothing(secretary, organisation):
    before = counts(organisation)
    content = csv_bytes([row(shares="0"), row(name="", email="b@example.org", amount_paid="9")])
    response = _upload(_api(secretary), organisation, content)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "previewed"
    assert body["row_count"] == 2
    assert body["problem_count"] == 3
    assert [(p["row"], p["column"]) for p in body["problems"]] == [
        (2, "shares"),
        (3, "name"),
        (3, "amount_paid"),
    ]
    batch = ImportBatch.objects.get(pk=body["id"])
    refused = _commit(_api(secretary), batch)
    assert refused.status_code == 400
    assert refused.json() == {
        "file": [
            "This file has 3 problems: fix them and upload the file again. Nothing was imported."
        ]
    }
    assert counts(organisation) == before


def test_a_clean_upload_is_committed(secretary, organisation):
    response = _upload(_api(secretary), organisation, csv_bytes([row(member_number="321")]))
    assert response.status_code == 201
    assert response.json()["problems"] == []
    batch = ImportBatch.objects.get(pk=response.json()["id"])

    committed = _commit(_api(secretary), batch)

    assert committed.status_code == 200
    assert committed.json() == {"id": batch.pk, "status": "committed", "imported": 1}
    assert Member.objects.get(organisation=organisation, number=321).name == "Gwen Jones"
    detail = _api(secretary).get(f"/api/v1/organisations/{organisation.slug}/imports/{batch.pk}/")
    assert detail.json()["status"] == "committed"
    again = _commit(_api(secretary), batch)
    assert again.status_code == 400
    assert list(again.json()) == ["status"]


def test_commit_refuses_when_the_register_changed_and_returns_the_problems(secretary, organisation):
    batch = import_preview(
        organisation=organisation,
        filename="r.csv",
        content=csv_bytes([row(member_number="50")]),
        actor=None,
    )
    from tests.factories import membership as mf

    mf.member(organisation, number=50)
    before = counts(organisation)
    response = _commit(_api(secretary), batch)
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == [
        {
            "row": 2,
            "column": "member_number",
            "message": "Member number 50 is already used in Dyfi Care Co-operative; member "
            "numbers are never reused.",
        }
    ]
    assert counts(organisation)[:2] == before[:2]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.pdf", b"%PDF-1.4", "The file must be a CSV (.csv) or Excel workbook (.xlsx)"),
        ("register.csv", b"", "The file is empty: choose the spreadsheet with your register."),
    ],
)
def test_a_bad_file_answers_400_under_file(secretary, organisation, name, content, message):
    response = _upload(_api(secretary), organisation, content, name)
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert response.json()["file"][0].startswith(message)
    assert ImportBatch.objects.count() == 0


def test_no_file_answers_400(secretary, organisation):
    response = _api(secretary).post(
        f"/api/v1/organisations/{organisation.slug}/imports/", {}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["Choose the spreadsheet to upload."]}


def test_an_outsider_gets_404_for_upload_detail_and_commit(outsider, organisation, secretary):
    batch = import_preview(
        organisation=organisation, filename="r.csv", content=csv_bytes([row()]), actor=None
    )
    client = _api(outsider)
    assert _upload(client, organisation, csv_bytes([row()])).status_code == 404
    assert (
        client.get(f"/api/v1/organisations/{organisation.slug}/imports/{batch.pk}/").status_code
        == 404
    )
    assert _commit(client, batch).status_code == 404
    assert ImportBatch.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_batch_of_another_organisation_is_not_found(outsider, organisation, other_organisation):
    batch = import_preview(
        organisation=organisation, filename="r.csv", content=csv_bytes([row()]), actor=None
    )
    response = _commit(_api(outsider), batch, slug=other_organisation.slug)
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


@pytest.mark.parametrize("persona", ["board_member", "member", "scrutineer"])
def test_other_roles_may_not_import(request, persona, organisation):
    batch = import_preview(
        organisation=organisation, filename="r.csv", content=csv_bytes([row()]), actor=None
    )
    client = _api(request.getfixturevalue(persona))
    before = counts(organisation)
    assert _upload(client, organisation, csv_bytes([row()])).status_code == 403
    assert _commit(client, batch).status_code == 403
    assert (
        client.get(f"/api/v1/organisations/{organisation.slug}/imports/{batch.pk}/").status_code
        == 404
    )
    assert counts(organisation) == before
    assert ImportBatch.objects.count() == 1


def test_anonymous_is_refused(organisation):
    response = _upload(_api(None), organisation, csv_bytes([row()]))
    assert response.status_code == 401
    assert ImportBatch.objects.count() == 0


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    upload = schema["paths"]["/api/v1/organisations/{slug}/imports/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    commit = schema["paths"]["/api/v1/organisations/{slug}/imports/{id}/commit/"]["post"]
    assert set(commit["responses"]) >= {"200", "400", "403", "404"}
