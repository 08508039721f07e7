"""Background work of membership (django-tasks): large register exports."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from membership.models import RegisterExport


def _set(export_id: int, **fields: object) -> None:
    RegisterExport.objects.filter(pk=export_id).update(updated_at=timezone.now(), **fields)


@task()
def build_register_export(export_id: int) -> None:
    """Build a register export, recording progress so the page can show it."""
    from membership.documents import render_register_pdf
    from membership.exports import register_csv_lines
    from membership.selectors import register_as_of

    export = RegisterExport.objects.select_related("organisation").get(pk=export_id)
    _set(export_id, status=RegisterExport.Status.RUNNING, progress_percent=5)
    total = max(1, export.organisation.members.filter(entered_on__lte=export.as_of).count())
    try:
        with translation.override(export.language):
            register = register_as_of(
                export.organisation, export.as_of, welsh=export.language == "cy"
            )
            if export.format == RegisterExport.Format.CSV:
                content = "".join(register_csv_lines(register)).encode("utf-8")
            else:

                def rows_read(done: int) -> None:
                    # Reading the rows is the first part; laying out the chunks the rest.
                    _set(export_id, progress_percent=min(20, 5 + 15 * done // total))

                def chunks_done(done: int, count: int) -> None:
                    _set(export_id, progress_percent=20 + 75 * done // count)

                content = render_register_pdf(
                    register,
                    language=export.language,
                    rows_read=rows_read,
                    chunks_done=chunks_done,
                )
        name = f"register-{export.organisation.slug}-{export.as_of:%Y-%m-%d}.{export.format}"
        with transaction.atomic():
            export = RegisterExport.objects.select_for_update().get(pk=export_id)
            export.file.save(name, ContentFile(content), save=False)
            export.status = RegisterExport.Status.DONE
            export.progress_percent = 100
            export.finished_at = timezone.now()
            export.save()
    except Exception as exc:
        _set(
            export_id,
            status=RegisterExport.Status.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        raise
