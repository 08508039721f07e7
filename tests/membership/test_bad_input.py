"""Bad input on membership's pages and commands: over-long text, oversized uploads, and text
that a spreadsheet would run as a formula. Each refusal names the field and the rule, and
writes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coop.core.models import AuditEvent
from coop.core.spreadsheets import MAX_IMPORT_BYTES
from membership import services
from membership.models import Application, ImportBatch, Member
from membership.services.imports import import_preview
from tests.factories import membership as mf

HUGE = "A" * 100_000
FORMULAS = ('=HYPERLINK("http://x","y")', "=1+1", "+SUM(1,2)", "@cmd", "-2+3")


def _state() -> tuple[int, ...]:
    return (
        Member.objects.count(),
        Application.objects.count(),
        AuditEvent.objects.count(),
        ImportBatch.objects.count(),
    )


# --- free text is limited -------------------------------------------------------------------


def test_a_100000_character_postal_address_is_refused_on_the_secretarys_page(
    client, organisation, secretary
):
    investor = mf.member(organisation, name="Iolo Investor")
    client.force_login(secretary)
    before, address = _state(), investor.postal_address

    response = client.post(
        reverse("membership:member_contact", args=[organisation.slug, investor.number]),
        {"name": investor.name, "postal_address": HUGE, "postcode": "SY23 1AA"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["postal_address"] == ["Postal address must be 500 characters or fewer."]
    investor.refresh_from_db()
    assert (_state(), investor.postal_address) == (before, address)


def test_a_100000_character_postal_address_is_refused_on_the_members_own_page(
    client, organisation, member, member_record
):
    client.force_login(member)
    before, address = _state(), member_record.postal_address

    response = client.post(
        reverse("membership:my_details", args=[organisation.slug]),
        {"postal_address": HUGE, "email": member_record.email},
    )

    assert response.status_code == 400
    assert "postal_address" in response.context["form"].errors
    member_record.refresh_from_db()
    assert (_state(), member_record.postal_address) == (before, address)


def test_the_services_refuse_over_long_text_by_field_and_limit(organisation):
    investor = mf.member(organisation, name="Iolo Investor")
    before = _state()

    with pytest.raises(ValidationError) as refused:
        services.member_update(member=investor, changes={"postal_address": HUGE}, actor=None)

    assert refused.value.message_dict == {
        "postal_address": ["Postal address must be 500 characters or fewer."]
    }
    assert _state() == before


def test_the_database_refuses_over_long_text_that_skips_the_services(organisation):
    investor = mf.member(organisation, name="Iolo Investor")

    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=investor.pk).update(postal_address=HUGE)


def test_a_reason_of_100000_characters_is_refused_by_the_service(organisation):
    share_class = mf.share_class(organisation, "investor")

    with pytest.raises(ValidationError) as refused:
        services.share_class_set_withdrawals_suspended(
            share_class=share_class, suspended=True, reason=HUGE, actor=None
        )

    assert list(refused.value.message_dict) == ["reason"]
    share_class.refresh_from_db()
    assert share_class.withdrawals_suspended is False


# --- uploads are capped ---------------------------------------------------------------------


def test_an_import_over_10_mb_is_refused_on_the_page_before_anything_is_stored(
    client, organisation, secretary
):
    client.force_login(secretary)
    before = _state()
    upload = SimpleUploadedFile(
        "register.csv", b"name\n" + b"x" * MAX_IMPORT_BYTES, content_type="text/csv"
    )

    response = client.post(
        reverse("membership:import_start", args=[organisation.slug]), {"file": upload}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is 10.0\xa0MB; the largest file Cyd takes here is 10.0\xa0MB."
    ]
    assert _state() == before


def test_the_import_service_refuses_a_file_over_the_cap(organisation):
    before = _state()

    with pytest.raises(ValidationError) as refused:
        import_preview(
            organisation=organisation,
            filename="register.csv",
            content=b"x" * (MAX_IMPORT_BYTES + 1),
            actor=None,
        )

    assert list(refused.value.message_dict) == ["file"]
    assert _state() == before


# --- exports neutralise formulas ------------------------------------------------------------


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _formula_members(organisation) -> None:
    for formula in FORMULAS:
        made = mf.member(organisation, name=formula)
        Member.objects.filter(pk=made.pk).update(postal_address=f"{formula}\nTown")
    tabbed = mf.member(organisation, name="Tomos Tab")
    Member.objects.filter(pk=tabbed.pk).update(postal_address="\t=1+2\nTown")


def test_the_register_csv_from_the_export_page_runs_no_formula(client, organisation, secretary):
    _formula_members(organisation)
    client.force_login(secretary)

    response = client.post(
        reverse("membership:exports", args=[organisation.slug]),
        {"as_of": timezone.localdate().isoformat(), "format": "csv", "language": "en-gb"},
    )

    cells = _cells(b"".join(response.streaming_content).decode())
    assert response.status_code == 200
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert "'\t=1+2, Town" in cells


def test_export_register_writes_no_formula(organisation, tmp_path):
    _formula_members(organisation)
    target = tmp_path / "register.csv"

    call_command(
        "export_register",
        organisation.slug,
        as_of=timezone.localdate().isoformat(),
        format="csv",
        output=str(target),
    )

    cells = _cells(target.read_text(encoding="utf-8"))
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    assert "'=1+1" in cells
