"""`python manage.py export_ocds BID_ID`: the bid as an OCDS release package on stdout."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tendering.models import JointBid
from tendering.ocds import release_package, schema_errors


class Command(BaseCommand):
    help = (
        "Print a joint bid as an OCDS 1.1 release package (bids, lots and subcontracting "
        "extensions), checked against the release schema."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bid_id", help="the joint bid's id")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["bid_id"]
        if not str(raw).isdigit():
            raise CommandError(f"BID_ID must be a whole number, not {raw!r}.")
        bid = (
            JointBid.objects.select_related("opportunity", "consortium", "lead")
            .filter(pk=int(raw))
            .first()
        )
        if bid is None:
            raise CommandError(f"There is no joint bid with id {raw}.")
        package = release_package(bid)
        errors = schema_errors(package["releases"][0])
        if errors:
            raise CommandError("The release does not validate:\n" + "\n".join(errors))
        self.stdout.write(json.dumps(package, indent=2, ensure_ascii=False))
