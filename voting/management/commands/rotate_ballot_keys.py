"""python manage.py rotate_ballot_keys

Wrap every live ballot data key (open secret ballots) again with the current
`CYD_BALLOT_KEY`, unwrapping each with whichever configured key wrapped it
(`CYD_BALLOT_KEY_PREVIOUS`). See "Rotating the key-encryption key" in docs/threat-model.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from voting import sealing
from voting.models import BallotKey


class Command(BaseCommand):
    help = "Wrap every live ballot key again with the current CYD_BALLOT_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                keys = list(BallotKey.objects.select_for_update().filter(wrapped__isnull=False))
                for key in keys:
                    assert key.wrapped is not None
                    data_key = sealing.unwrap(key.ballot_id, bytes(key.wrapped))
                    key.wrapped, key.kek = sealing.wrap(key.ballot_id, data_key)
                    key.save(update_fields=["wrapped", "kek"])
        except sealing.KeyUnavailable as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{len(keys)} ballot keys wrapped with the current key.")
