"""Open the ballots whose opening time has passed and close those whose closing time has
passed, through the services (as the scheduled tasks would).

Run it from cron (e.g. every minute), or by hand when the task worker's deferred tasks were
lost. A ballot the services refuse (say, its paper count is off) is reported on stderr and
left as it is; the command then exits with status 1 so cron reports it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from voting import services
from voting.models import Ballot


class Command(BaseCommand):
    help = "Open and close ballots whose set times have passed."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        failures = 0
        due_to_open = Ballot.objects.filter(status=Ballot.Status.DRAFT, opens_at__lte=now)
        for ballot in due_to_open.select_related("organisation").order_by("opens_at", "pk"):
            try:
                services.ballot_open(ballot=ballot, actor=None)
            except ValidationError as error:
                failures += 1
                self.stderr.write(
                    f"Could not open ballot {ballot.pk} ({ballot.title}, "
                    f"{ballot.organisation.slug}): {' '.join(error.messages)}"
                )
                continue
            self.stdout.write(
                f"Opened ballot {ballot.pk} ({ballot.title}, {ballot.organisation.slug})."
            )
        due_to_close = Ballot.objects.filter(status=Ballot.Status.OPEN, closes_at__lte=now)
        for ballot in due_to_close.select_related("organisation").order_by("closes_at", "pk"):
            try:
                services.ballot_close(ballot=ballot, actor=None)
            except ValidationError as error:
                failures += 1
                self.stderr.write(
                    f"Could not close ballot {ballot.pk} ({ballot.title}, "
                    f"{ballot.organisation.slug}): {' '.join(error.messages)}"
                )
                continue
            self.stdout.write(
                f"Closed ballot {ballot.pk} ({ballot.title}, {ballot.organisation.slug})."
            )
        if failures:
            raise CommandError(f"{failures} ballot(s) could not be opened or closed.")
