"""`python manage.py check_holdings [ORG] [--repair]`: check that the current-holdings table
equals the sum of the share ledger, holding by holding; exits with status 1 listing every
difference, or with --repair sets what differs to the ledger's sum."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from membership.management.commands.export_register import organisation_named
from membership.rules import format_pounds
from membership.selectors import HoldingMismatch, holdings_count, holdings_mismatches
from membership.services import holdings_repair


def _shares(count: int) -> str:
    return ngettext("%(count)s share", "%(count)s shares", abs(count)) % {"count": count}


def describe(mismatch: HoldingMismatch) -> str:
    """One line per difference: where, what the ledger gives and what the table holds."""
    if not mismatch.in_ledger:
        ledger = _("the ledger has no entry")
    else:
        ledger = _("the ledger gives %(shares)s, %(paid)s paid") % {
            "shares": _shares(mismatch.ledger_shares),
            "paid": format_pounds(mismatch.ledger_paid_pence),
        }
    if mismatch.held_shares is None or mismatch.held_paid_pence is None:
        held = _("the current holdings have no row")
    else:
        held = _("the current holdings say %(shares)s, %(paid)s paid") % {
            "shares": _shares(mismatch.held_shares),
            "paid": format_pounds(mismatch.held_paid_pence),
        }
    return _("%(org)s, member %(number)s, %(share_class)s: %(ledger)s; %(held)s.") % {
        "org": mismatch.organisation,
        "number": mismatch.member_number,
        "share_class": mismatch.share_class,
        "ledger": ledger,
        "held": held,
    }


class Command(BaseCommand):
    help = (
        "Check that the current holdings (kept beside the share ledger to make the register "
        "fast) equal the sum of the ledger for every member and share class, in every "
        "organisation or in ORG. Lists each difference and exits with status 1 if there is one; "
        "with --repair, sets each holding that differs to the ledger's sum (audited)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "organisation", metavar="ORG", nargs="?", help="Only this organisation (id or slug)."
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Set each holding that differs to the ledger's sum (the ledger is the record).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        value = options["organisation"]
        organisation = organisation_named(value) if value else None
        if options["repair"]:
            repaired = holdings_repair(organisation=organisation, actor=None)
            for mismatch in repaired:
                self.stdout.write(_("Repaired: %(what)s") % {"what": describe(mismatch)})
        mismatches = holdings_mismatches(organisation)
        for mismatch in mismatches:
            self.stdout.write(describe(mismatch))
        if mismatches:
            raise CommandError(
                ngettext(
                    "%(count)s holding differs from the ledger.",
                    "%(count)s holdings differ from the ledger.",
                    len(mismatches),
                )
                % {"count": len(mismatches)},
                returncode=1,
            )
        count = holdings_count(organisation)
        self.stdout.write(
            ngettext(
                "The current holdings agree with the ledger (%(count)s holding checked).",
                "The current holdings agree with the ledger (%(count)s holdings checked).",
                count,
            )
            % {"count": count}
        )
