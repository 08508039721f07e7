"""The bid pack: the PDF (every question's answer, in Welsh too where the buyer needs it; the
capacity table; the consortium's rates but never a co-op's cost build-up; member details;
declarations; social value) rendered without queries, and the zip with the evidence files
and the OCDS release package."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tendering import documents, services
from tendering.ocds import schema_errors
from tendering.pack import bid_pack
from tests.tendering.test_pages_setup import build, consortium, url


@pytest.fixture
def organisation(db):
    return consortium()


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_holds_every_answer_by_question_and_the_capacity_table(organisation):
    scenario = build(organisation, members=3, lots=2, questions=6, stage="ready")

    text = _flat(pdf_text(documents.bid_pack_pdf(scenario.bid)))

    for question in scenario.questions:
        assert question.number in text
        assert f"Our answer to {question.number}." in text
    # Each co-op answers 1.3 for itself.
    for coop in ("Co-op A", "Co-op B", "Co-op C"):
        assert f"1.3 – {coop}" in text
    assert "Capacity: hours a week by lot and member co-op" in text
    assert "Buyer's estimate" in text
    # Lot 1: 30 hours estimated, 10 (primary) + 10 (secondary) + 10 (secondary) = 30, covered.
    assert (
        "30.00 10.00 (primary provider) 10.00 (secondary provider) "
        "10.00 (secondary provider) 30.00 covered" in text
    )
    assert "Prices: the consortium's rates" in text
    assert "Member co-ops" in text
    assert "Declarations" in text
    assert "Co-op A approved the bid (Board resolution Resolution 3" in text
    assert "CIW-" in text


def test_the_pdf_carries_no_co_ops_cost_build_up(organisation):
    scenario = build(organisation, stage="drafting")
    a, b = scenario.participants
    for participant, figures in (
        (a, (1517, 333, 211, 444, 122)),  # rate £26.27
        (b, (1619, 355, 277, 466, 188)),  # rate £29.05
    ):
        services.price_line_set(
            participant=participant,
            lot=scenario.lots[0],
            pay_pence=figures[0],
            on_costs_pence=figures[1],
            travel_pence=figures[2],
            overhead_pence=figures[3],
            margin_pence=figures[4],
            actor=None,
        )

    text = pdf_text(documents.bid_pack_pdf(scenario.bid))

    # The consolidated rate (equal hours): (26.27 + 29.05) / 2 = £27.66.
    assert "£27.66" in text
    for figure in (
        "15.17", "3.33", "2.11", "4.44", "1.22", "26.27",
        "16.19", "3.55", "2.77", "4.66", "1.88", "29.05",
    ):  # fmt: skip
        assert figure not in text


def test_the_pdf_has_the_welsh_answers_where_the_buyer_needs_them(organisation):
    scenario = build(organisation, stage="drafting", welsh=True, questions=2)

    text = _flat(pdf_text(documents.bid_pack_pdf(scenario.bid)))

    assert "Our answer to 1.0." in text
    assert "Ein hateb i 1.0." in text
    assert "Ein hateb i 1.1." in text


def test_the_pdf_shows_member_details_and_social_value(organisation):
    from django.utils import timezone

    from membership.models import Member
    from tests.factories import membership as mf
    from tests.tendering.test_pages_setup import coop_member

    teifi = mf.cooperative(slug="teifi-care", name="Teifi Care")
    for cls in ("users", "users", "workers", "supporters"):
        mf.member(teifi, cls=cls)
    coops = [
        mf.member(
            organisation,
            name="Teifi Care",
            kind=Member.Kind.ORGANISATION,
            member_organisation=teifi,
        ),
        coop_member(organisation, "Co-op B", in_cyd=False),
    ]
    scenario = build(organisation, coops=coops, stage="drafting")
    services.social_value_compute(bid=scenario.bid, stated_on=timezone.localdate(), actor=None)

    text = _flat(pdf_text(documents.bid_pack_pdf(scenario.bid)))

    assert f"Teifi Care (lead) {teifi.registered_number} CIW-" in text
    assert "Co-op B – CIW-" in text  # a co-op not in Cyd: no registered number to show
    assert "Members in the class “Service users and carers” 2 4 50.0%" in text


def test_the_pdf_template_makes_no_queries(organisation, django_assert_num_queries):
    scenario = build(organisation, stage="ready")
    pack = bid_pack(scenario.bid)

    with django_assert_num_queries(0):
        data = documents.render_bid_pack_pdf(pack)

    assert data.startswith(b"%PDF")


def test_the_zip_holds_the_pdf_the_evidence_and_a_valid_ocds_package(organisation):
    scenario = build(organisation, stage="drafting")
    first = services.evidence_add(
        bid=scenario.bid,
        title="Insurance certificate",
        file=SimpleUploadedFile("insurance.pdf", b"%PDF-1.4 insurance"),
        actor=None,
    )
    second = services.evidence_add(
        bid=scenario.bid,
        title="Case study",
        file=SimpleUploadedFile("case-study.txt", b"Mrs Jones stays at home."),
        participant=scenario.participants[1],
        actor=None,
    )

    archive = zipfile.ZipFile(io.BytesIO(documents.bid_pack_zip(scenario.bid)))

    names = sorted(archive.namelist())
    evidence = sorted(n for n in names if n.startswith("evidence/"))
    assert names == sorted(["bid-pack.pdf", "ocds-release-package.json", *evidence])
    assert len(evidence) == 2
    assert evidence[0].startswith(f"evidence/{first.pk}-insurance")
    assert evidence[1].startswith(f"evidence/{second.pk}-case-study")
    assert archive.read(evidence[0]) == b"%PDF-1.4 insurance"
    assert archive.read(evidence[1]) == b"Mrs Jones stays at home."
    assert "Our answer to 1.0." in pdf_text(archive.read("bid-pack.pdf"))
    package = json.loads(archive.read("ocds-release-package.json"))
    assert schema_errors(package["releases"][0]) == []
    roles = {p["name"]: p["roles"] for p in package["releases"][0]["parties"]}
    assert roles["Co-op A"] == ["tenderer", "leadTenderer"]


def test_the_downloads_answer_as_files(client, organisation, bid_manager):
    scenario = build(organisation, stage="drafting")
    client.force_login(bid_manager)

    pdf = client.get(url("bid_pack_pdf", scenario.bid))
    bundle = client.get(url("bid_pack_zip", scenario.bid))

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        f'attachment; filename="bid-pack-PCC-DOM-1-{scenario.bid.pk}.pdf"'
    )
    assert pdf.content.startswith(b"%PDF")
    assert bundle["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(bundle.content)).testzip() is None
