"""`python manage.py export_register ORG --as-of YYYY-MM-DD --format csv|pdf`: the statutory
register (CCBS Act 2014 s.30) as at a date, to standard output or to --output PATH."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from membership.documents import register_pdf
from membership.exports import register_csv_lines
from membership.models import Organisation, RegisterInspection
from membership.selectors import register_as_of
from membership.services import inspection_log

LANGUAGES = {"en": "en-gb", "cy": "cy"}


def organisation_named(value: str) -> Organisation:
    """The organisation whose id or slug is `value`, or a CommandError naming ORG."""
    lookup: dict[str, object] = {"pk": int(value)} if value.isdigit() else {"slug": value}
    organisation = Organisation.objects.filter(**lookup).first()
    if organisation is None:
        raise CommandError(
            _("ORG: no organisation has the id or slug “%(value)s”.") % {"value": value}
        )
    return organisation


class Command(BaseCommand):
    help = (
        "Export the register of members and shares as at a date (CCBS Act 2014 s.30), as CSV "
        "or PDF, to standard output or to --output PATH."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", metavar="ORG", help="The organisation's id or slug.")
        parser.add_argument(
            "--as-of", required=True, metavar="YYYY-MM-DD", help="The register as at this date."
        )
        parser.add_argument("--format", required=True, choices=["csv", "pdf"])
        parser.add_argument(
            "--language", choices=sorted(LANGUAGES), default="en", help="en (default) or cy."
        )
        parser.add_argument(
            "--output", metavar="PATH", help="Write to this file instead of standard output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        as_of = self._as_of(options["as_of"], organisation)
        language = LANGUAGES[options["language"]]
        output = options["output"]
        if output and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
            raise CommandError(
                _("--output: the folder of %(path)s does not exist.") % {"path": output}
            )
        with translation.override(language):
            if options["format"] == "pdf":
                self._write(output, register_pdf(organisation, as_of, language))
            else:
                register = register_as_of(organisation, as_of, welsh=language == "cy")
                self._write(output, (line.encode("utf-8") for line in register_csv_lines(register)))
        # CCBS Act 2014 s.103: every inspection of the register is logged, this one too.
        inspection_log(
            organisation=organisation, user=None, kind=RegisterInspection.Kind.EXPORT, as_of=as_of
        )

    def _as_of(self, value: str, organisation: Organisation) -> dt.date:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(
                _("--as-of: “%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31.")
                % {"value": value}
            ) from exc
        if day > timezone.localdate():
            raise CommandError(
                _(
                    "--as-of: %(day)s is in the future; the register can only be exported as at "
                    "today or an earlier date."
                )
                % {"day": day.isoformat()}
            )
        if day < organisation.registered_on:
            raise CommandError(
                _("--as-of: %(day)s is before %(org)s was registered (%(registered)s).")
                % {
                    "day": day.isoformat(),
                    "org": organisation.name,
                    "registered": date_format(organisation.registered_on),
                }
            )
        return day

    def _write(self, output: str | None, content: bytes | Any) -> None:
        chunks = [content] if isinstance(content, bytes) else content
        if output is None:
            stream = self._binary_stdout()
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            return
        # Written beside the target and renamed, so a failure leaves no half-written file.
        folder = os.path.dirname(os.path.abspath(output))
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as handle:
            try:
                for chunk in chunks:
                    handle.write(chunk)
            except BaseException:
                handle.close()
                os.unlink(handle.name)
                raise
        os.replace(handle.name, output)

    def _binary_stdout(self) -> IO[bytes]:
        """Standard output as bytes (a PDF is binary), also when a caller passed a stream."""
        stream: Any = getattr(self.stdout, "_out", sys.stdout)
        return cast(IO[bytes], getattr(stream, "buffer", stream))
