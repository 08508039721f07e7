"""`python manage.py demo_logins`: the demo accounts, their password and their roles."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coop.core.models import User
from coop.demo.membership import PASSWORD, demo_users
from membership.models import Organisation
from membership.permissions import roles_held

SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Print the demo logins (email, password, roles by organisation) and the site address."

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = list(Organisation.objects.order_by("name"))
        rows: list[tuple[str, str, str]] = []
        for spec in demo_users():
            user = User.objects.filter(email__iexact=spec.email).first()
            if user is None:
                continue
            by_organisation = []
            for organisation in organisations:
                held = [str(role.label) for role in roles_held(user, organisation)]
                if held:
                    by_organisation.append(f"{organisation.name}: {', '.join(held)}")
            rows.append((user.email, PASSWORD, "; ".join(by_organisation) or "(no roles)"))
        if not rows:
            self.stdout.write("No demo accounts yet: run `python manage.py load_demo` first.")
            return
        width = max(len(email) for email, _, _ in rows)
        self.stdout.write(f"Cyd demo: {SITE}")
        self.stdout.write("")
        self.stdout.write(f"{'Email'.ljust(width)}  {'Password'.ljust(len(PASSWORD))}  Roles")
        self.stdout.write(f"{'-' * width}  {'-' * len(PASSWORD)}  {'-' * 5}")
        for email, password, roles in rows:
            self.stdout.write(f"{email.ljust(width)}  {password}  {roles}")
        self.stdout.write("")
        self.stdout.write(
            f"Sign in at {SITE}/ with any of these: every demo account's password is {PASSWORD}."
        )
