"""`python manage.py load_demo`: the demo data, built through the services; idempotent."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from coop.demo import governance, membership, tendering, voting


class Command(BaseCommand):
    help = (
        "Load the demo: a consortium of three social care co-ops in Mid Wales with their "
        "registers, ballots, general meetings, a joint bid and demo accounts. Running it again "
        "leaves loaded data as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        # Each demo module builds on the context of the ones before it (in the order of the
        # layers); a later one is one more line here.
        context = membership.load(self.stdout)
        context |= voting.load(context)
        context |= governance.load(context)
        context |= tendering.load(context)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {time.monotonic() - started:.1f} s: "
                f"{len(context['organisations'])} organisations, {len(context['users'])} "
                f"demo accounts (password {context['password']}). "
                "See them with `python manage.py demo_logins`."
            )
        )
