"""`python manage.py import_members ORG FILE [--commit]`: check a register spreadsheet (CSV
UTF-8 or .xlsx) and, with --commit and no problems, import it all or nothing."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from membership.imports import Problem, check_file, register_facts
from membership.management.commands.export_register import organisation_named
from membership.services.imports import ImportProblemsError, import_commit, import_preview


class Command(BaseCommand):
    help = (
        "Check a register spreadsheet (CSV UTF-8 or .xlsx) and list every problem by row and "
        "column; with --commit and no problems, import it (all members or none). Exits with "
        "status 1 if the file has problems."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", metavar="ORG", help="The organisation's id or slug.")
        parser.add_argument("file", metavar="FILE", help="The .csv or .xlsx file to import.")
        parser.add_argument(
            "--commit",
            action="store_true",
            help="Import the file if it has no problems (without it, only check).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        path = options["file"]
        if os.path.splitext(path)[1].lower() not in {".csv", ".xlsx"}:
            raise CommandError(_("FILE: %(path)s must be a .csv or .xlsx file.") % {"path": path})
        try:
            with open(path, "rb") as handle:
                content = handle.read()
        except OSError as exc:
            raise CommandError(
                _("FILE: cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror}
            ) from exc
        name = os.path.basename(path)
        if not options["commit"]:
            check = check_file(name, content, register_facts(organisation))
            self._refuse(check.problems)
            self.stdout.write(
                _(
                    "%(path)s: no problems; %(members)s members in %(rows)s rows would be "
                    "imported. Run again with --commit to import them."
                )
                % {"path": path, "members": len(check.members), "rows": check.row_count}
            )
            return
        batch = import_preview(
            organisation=organisation, filename=name, content=content, actor=None
        )
        self._refuse([Problem(p["row"], p["column"], p["message"]) for p in batch.problems])
        try:
            imported = import_commit(batch=batch, actor=None)
        except ImportProblemsError as exc:  # the register changed while the file was checked
            self._refuse(exc.problems)
            raise
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s members from %(path)s.") % {"count": imported, "path": path}
            )
        )

    def _refuse(self, problems: list[Problem]) -> None:
        """Print every problem (row, column, message) and stop with status 1, if any."""
        if not problems:
            return
        for problem in problems:
            where = _("file") if problem.row is None else _("row %(row)s") % {"row": problem.row}
            if problem.column:
                where += f", {problem.column}"
            self.stdout.write(f"{where}: {problem.message}")
        raise CommandError(
            _("%(count)s problems found; nothing was imported.") % {"count": len(problems)},
            returncode=1,
        )
