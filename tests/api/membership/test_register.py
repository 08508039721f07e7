"""The register as at a date (JSON and CSV), the s.103 duplicate register, the member's own
account, register exports and the audit trail; every inspection is logged."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from coop.core.models import AuditEvent
from membership import services
from membership.models import RegisterExport, RegisterInspection
from tests.api.membership.conftest import World, client_for, counts, url
from tests.factories import membership as mf


@pytest.fixture
def history(world: World):
    """A member who joined in 2021 and left in 2023, and investor shares bought in 2022."""
    leaver = mf.member(world.organisation, name="Lowri Leaver", entered_on=dt.date(2021, 5, 1))
    services.shares_cancel(
        member=leaver,
        share_class=mf.share_class(world.organisation),
        shares=1,
        effective_on=dt.date(2023, 3, 1),
        reason="Left",
        actor=None,
    )
    services.member_cease(
        member=leaver, ceased_on=dt.date(2023, 3, 1), reason="withdrawal", actor=None
    )
    services.shares_allot(
        member=world.member,
        share_class=mf.share_class(world.organisation, "investor"),
        shares=50,
        effective_on=dt.date(2022, 6, 1),
        paid_pence=5_000,
        actor=None,
    )
    return leaver


def rows_by_name(response) -> dict[str, dict]:
    return {row["name"]: row for row in response.json()["results"]}


def test_the_register_as_at_a_date_is_derived_from_the_ledger(world, history, secretary):
    client = client_for(secretary)

    in_2022 = rows_by_name(client.get(url("register") + "?as_of=2022-01-01"))
    in_2024 = rows_by_name(client.get(url("register") + "?as_of=2024-01-01"))

    assert set(in_2022) == {"Meinir Member", "Ifan Investor", "Corwen Care Co-op", "Lowri Leaver"}
    assert in_2022["Meinir Member"]["holdings"] == [
        {"share_class": "membership", "shares": 1, "paid_pence": 100}
    ]
    assert in_2022["Lowri Leaver"]["status"] == "active"
    assert in_2024["Meinir Member"]["total_shares"] == 51
    assert in_2024["Meinir Member"]["total_paid_pence"] == 5_100
    assert (in_2024["Lowri Leaver"]["status"], in_2024["Lowri Leaver"]["ceased_on"]) == (
        "ceased",
        "2023-03-01",
    )
    assert in_2024["Lowri Leaver"]["holdings"] == []
    assert list(RegisterInspection.objects.filter(kind="full").values_list("kind", "as_of")) == [
        ("full", dt.date(2024, 1, 1)),
        ("full", dt.date(2022, 1, 1)),
    ]


def test_the_register_pages(world, history, secretary):
    client = client_for(secretary)

    first = client.get(url("register") + "?page_size=2")
    second = client.get(url("register") + "?page_size=2&page=2")
    beyond = client.get(url("register") + "?page_size=2&page=3")

    assert first.json()["count"] == 4
    assert [r["number"] for r in first.json()["results"]] == [1, 2]
    assert [r["number"] for r in second.json()["results"]] == [3, 4]
    assert second.json()["next"] is None
    assert beyond.status_code == 404


def test_the_register_streams_as_csv(world, history, secretary):
    response = client_for(secretary).get(url("register") + "?format=csv&as_of=2024-01-01")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="register-dyfi-care-2024-01-01.csv"'
    )
    assert rows[0][:3] == ["Member number", "Name", "Kind"]
    assert [r[1] for r in rows[1:]] == [
        "Meinir Member",
        "Ifan Investor",
        "Corwen Care Co-op",
        "Lowri Leaver",
    ]
    assert rows[1][-2:] == ["51", "£51.00"]


def test_the_register_as_csv_by_accept_header(world, secretary):
    response = client_for(secretary).get(url("register"), HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?as_of=2099-01-01", "The date cannot be in the future."),
        ("?as_of=last-week", "Date has wrong format."),
    ],
)
@pytest.mark.parametrize("fmt", ["", "&format=csv"])
def test_a_bad_date_is_refused_in_json(world, secretary, query, message, fmt):
    response = client_for(secretary).get(url("register") + query + fmt)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["as_of"]
    assert response.json()["as_of"][0].startswith(message)
    assert RegisterInspection.objects.filter(kind="full").count() == 0


def test_the_duplicate_register_shows_no_holdings_and_logs_the_inspection(world, history, member):
    response = client_for(member).get(url("duplicate-register") + "?as_of=2024-01-01")

    rows = response.json()["results"]
    assert response.status_code == 200
    assert [r["name"] for r in rows] == [
        "Meinir Member",
        "Ifan Investor",
        "Corwen Care Co-op",
        "Lowri Leaver",
    ]
    assert all("holdings" not in r and "total_shares" not in r for r in rows)
    inspection = RegisterInspection.objects.exclude(kind="export").get()
    assert (inspection.kind, inspection.user, inspection.member, inspection.as_of) == (
        "duplicate",
        member,
        world.member,
        dt.date(2024, 1, 1),
    )


def test_a_member_sees_their_own_full_account(world, history, member):
    response = client_for(member).get(url("account"))

    body = response.json()
    assert response.status_code == 200
    assert body["member"]["number"] == world.member.number
    assert body["member"]["holdings"] == [
        {"share_class": "investor", "shares": 50, "paid_pence": 5_000},
        {"share_class": "membership", "shares": 1, "paid_pence": 100},
    ]
    assert [e["kind"] for e in body["ledger"]] == ["allotment", "payment", "allotment", "payment"]
    assert [n["nominee_name"] for n in body["nominations"]] == ["Nia Nominee"]
    assert body["withdrawals"] == []
    inspection = RegisterInspection.objects.exclude(kind="export").get()
    assert (inspection.kind, inspection.member) == ("own_account", world.member)


def test_someone_without_a_member_record_has_no_account(world, secretary):
    assert client_for(secretary).get(url("account")).status_code == 404


def test_an_export_is_requested_built_and_downloaded(
    world, secretary, django_capture_on_commit_callbacks
):
    client = client_for(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(
            url("register-exports"), {"as_of": "2024-01-01", "format": "csv"}, format="json"
        )
    pk = requested.json()["id"]
    status = client.get(url("register-export", pk=pk))
    download = client.get(url("register-export-download", pk=pk))

    assert requested.status_code == 202
    assert requested.json()["status"] == "queued"
    assert status.json()["status"] == "done"
    assert status.json()["download_url"] == url("register-export-download", pk=pk)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode("utf-8-sig").startswith("Member number")
    assert RegisterInspection.objects.filter(kind="export").count() == 2  # with the world's


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"as_of": "2099-01-01", "format": "csv"}, "as_of"),
        ({"as_of": "2024-01-01", "format": "docx"}, "format"),
        ({"as_of": "2024-01-01", "format": "pdf", "language": "fr"}, "language"),
        ({"format": "pdf"}, "as_of"),
    ],
)
def test_a_bad_export_request_names_the_field_and_writes_nothing(world, secretary, body, field):
    before = counts()

    response = client_for(secretary).post(url("register-exports"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert counts() == before


def test_an_unfinished_export_cannot_be_downloaded(world, scrutineer):
    response = client_for(scrutineer).get(url("register-export-download", pk=world.export.pk))

    assert response.status_code == 409
    assert response.json() == {"detail": "This export is not ready yet (Waiting to start)."}


def test_the_audit_trail_shows_who_did_what(world, secretary, scrutineer):
    client_for(secretary).post(
        url("member-suspend", number=world.investor.number), {"reason": "Rule 9"}
    )

    response = client_for(scrutineer).get(url("audit-events"))

    newest = response.json()["results"][0]
    assert response.status_code == 200
    assert (
        response.json()["count"]
        == AuditEvent.objects.filter(organisation_id=world.organisation.pk).count()
    )
    assert (newest["action"], newest["actor_label"], newest["reason"]) == (
        "member.suspend",
        "secretary@example.org",
        "Rule 9",
    )
    assert newest["after"]["status"] == "suspended"


def test_exports_list_is_the_organisations_own(world, secretary, outsider, other_organisation):
    RegisterExport.objects.create(
        organisation=other_organisation,
        requested_by=outsider,
        as_of=dt.date(2024, 1, 1),
        format="csv",
    )

    response = client_for(secretary).get(url("register-exports"))

    assert [e["id"] for e in response.json()["results"]] == [world.export.pk]
