"""Count a BLT file by the Scottish STV rules and print the stage table (or one JSON object).

    python manage.py count_stv FILE.blt [--json] [--seed SEED]

A malformed file stops with "FILE line N: reason" on stderr and exit status 1, printing
nothing on stdout. Lots (if any) are drawn from the seed, by default the file's name, so the
same file always gives the same count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voting.blt import BltError, parse_blt
from voting.stv import count_stv, format_stage_table


class Command(BaseCommand):
    help = "Count an STV election from a BLT file (Scottish STV rules) and print every stage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The BLT file to count.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object instead of the stage table."
        )
        parser.add_argument(
            "--seed", default=None, help="Seed for drawing lots (default: the file's name)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{name}: is a directory, not a BLT file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{name}: not a text file (UTF-8)") from None
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from None
        try:
            election = parse_blt(text)
        except BltError as error:
            where = f"{name} line {error.line}" if error.line is not None else name
            raise CommandError(f"{where}: {error.reason}") from None
        seed = options["seed"] if options["seed"] is not None else path.name
        result = count_stv(
            candidates=election.candidates,
            ballots=election.ballots,
            seats=election.seats,
            seed=seed,
            withdrawn=election.withdrawn,
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            if election.title:
                self.stdout.write(election.title)
            self.stdout.write(format_stage_table(result), ending="")
