"""Background work of tendering (django-tasks): a large bid pack, PDF or zip."""

from __future__ import annotations

from collections.abc import Callable

from django_tasks import task


@task()
def build_bid_pack(document_id: int) -> None:
    """Make a large bid pack (PDF, or the zip with evidence and OCDS) and keep it in the
    default storage."""
    from coop.core.documents import document_build
    from coop.core.models import GeneratedDocument
    from tendering import documents
    from tendering.models import JointBid
    from tendering.pack import bid_pack

    document = GeneratedDocument.objects.get(pk=document_id)
    bid = JointBid.objects.select_related("opportunity", "consortium").get(pk=document.subject_id)
    as_zip = document.kind == documents.ZIP_KIND

    def render(progress: Callable[[int], None]) -> bytes:
        pack = bid_pack(bid)
        progress(15)
        pdf = documents.render_bid_pack_pdf(
            pack, progress=lambda done, count: progress(15 + 75 * done // count)
        )
        return documents.bid_pack_zip(bid, pdf=pdf) if as_zip else pdf

    document_build(document_id, render=render, filename=documents.pack_filename(bid, as_zip))
