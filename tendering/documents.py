"""The bid pack as documents: a PDF of its contents (`tendering.pack`) and a zip of it with
the evidence files and the OCDS release package; a large one is made in the background.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from coop.core.documents import document_request, fingerprint
from coop.core.models import GeneratedDocument, User
from coop.core.pdf import PdfFooter, render_pdf_chunked
from tendering import selectors
from tendering.models import JointBid
from tendering.ocds import release_package
from tendering.pack import PACK_LANGUAGE, BidPack, answer_rows, bid_pack, pack_rows

PDF_KIND = "tendering.bid_pack_pdf"
ZIP_KIND = "tendering.bid_pack_zip"


def pack_version(pack: BidPack) -> str:
    """What the pack shows, less the moment it was produced."""
    return fingerprint(dataclasses.replace(pack, generated=""))


def render_bid_pack_pdf(
    pack: BidPack, *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The bid pack as PDF (no queries: `pack` holds every value); its answers laid out in
    chunks in parallel when there are many."""
    return render_pdf_chunked(
        "tendering/pdf/bid_pack.html",
        {"pack": pack},
        rows=answer_rows(pack),
        footer=PdfFooter(
            organisation_name=pack.consortium_name, registered_number=pack.consortium_number
        ),
        language=PACK_LANGUAGE,
        heading=f"{_('Bid pack')}: {pack.reference}",
        progress=progress,
        min_rows=40,
    )


def pack_filename(bid: JointBid, as_zip: bool = False) -> str:
    reference = "".join(
        ch if ch.isalnum() or ch in "-_" else "-" for ch in bid.opportunity.reference
    )
    return f"bid-pack-{reference}-{bid.pk}.{'zip' if as_zip else 'pdf'}"


def bid_pack_pdf(bid: JointBid) -> bytes:
    return render_bid_pack_pdf(bid_pack(bid))


def in_background(pack: BidPack) -> bool:
    return pack_rows(pack) > settings.CYD_PDF_BACKGROUND_THRESHOLD


def bid_pack_document(
    bid: JointBid, pack: BidPack, *, kind: str, actor: User | None
) -> GeneratedDocument:
    """The bid pack (PDF, or zip with `kind=ZIP_KIND`) made in the background: the one made
    already while the bid shows the same, otherwise a new one."""
    from tendering.tasks import build_bid_pack

    version = pack_version(pack)
    if kind == ZIP_KIND:
        evidence = [(item.pk, item.file.name) for item in selectors.evidence_list(bid)]
        version = fingerprint(version, evidence)
    return document_request(
        kind=kind,
        subject=bid,
        organisation_id=bid.consortium_id,
        language=PACK_LANGUAGE,
        version=version,
        task=build_bid_pack,
        actor=actor,
    )


def bid_pack_zip(bid: JointBid, *, pdf: bytes | None = None) -> bytes:
    """A zip with the bid pack PDF, the OCDS release package and every evidence file
    (as `evidence/<id>-<file name>`, read from the default storage)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bid-pack.pdf", pdf if pdf is not None else bid_pack_pdf(bid))
        archive.writestr(
            "ocds-release-package.json",
            json.dumps(release_package(bid), indent=2, ensure_ascii=False),
        )
        for item in selectors.evidence_list(bid):
            if not item.file:
                continue
            name = item.file.name.rsplit("/", 1)[-1]
            with item.file.open("rb") as handle:
                archive.writestr(f"evidence/{item.pk}-{name}", handle.read())
    return buffer.getvalue()
