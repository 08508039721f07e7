"""The demo's general meetings, through the governance services.

- Cartrefi Cwm Elan: this year's AGM in its notice period (`coming_agm`) — two members'
  motions, proposed and seconded, a board motion to change the rules, an amendment, notice
  given today and online voting open — and last year's AGM (`past_agm`), held, with its board
  election (the STV ballot of the voting demo), its votes and draft minutes (to be approved at
  this year's AGM).
- Hafren Home Care: members collecting signatures to requisition a general meeting
  (`start_requisition`).

`load(context)` needs the voting demo's context (`ballots`, `calendar`) and returns
`meetings` and `requisition`. A co-op that already has an AGM, or a requisition with the
demo's purpose, is left as it is.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from coop.core.models import User
from coop.demo.dates import Calendar
from coop.demo.governance.coming_agm import coming_agm
from coop.demo.governance.past_agm import past_agm
from coop.demo.governance.requisition import REQUISITION, start_requisition
from governance.models import Meeting, Requisition

SEED = 2026


def load(context: dict[str, Any]) -> dict[str, Any]:
    """Build the demo's meetings and requisition (once); returns `meetings` and
    `requisition`."""
    stdout = context["stdout"]
    users: dict[str, User] = context["users"]
    calendar: Calendar = context["calendar"]
    elan = context["organisations"]["cwm-elan"]
    hafren = context["organisations"]["hafren"]
    with transaction.atomic():
        agms = Meeting.objects.filter(organisation=elan, kind=Meeting.Kind.AGM)
        if agms.exists():
            stdout.write(f"{elan.name}: its AGMs are in the demo already, skipped.")
        else:
            rng = random.Random(f"{SEED}-agm")
            past = past_agm(elan, users, calendar, context["ballots"]["election"], rng)
            coming = coming_agm(elan, users, calendar, rng)
            stdout.write(
                f"{elan.name}: {past.title} held with draft minutes; {coming.title} called "
                f"for {coming.starts_at:%d/%m/%Y} with {coming.motions.count()} motions."
            )
        meetings = {
            "past_agm": agms.filter(status=Meeting.Status.CLOSED).first(),
            "coming_agm": agms.filter(status=Meeting.Status.CALLED).first(),
        }
        requisition = Requisition.objects.filter(organisation=hafren, purpose=REQUISITION).first()
        if requisition is not None:
            stdout.write(f"{hafren.name}: its requisition is in the demo already, skipped.")
        else:
            requisition = start_requisition(hafren, users, random.Random(f"{SEED}-requisition"))
            stdout.write(
                f"{hafren.name}: a requisition with {requisition.signatures.count()} of "
                f"{requisition.threshold} signatures."
            )
    return {"meetings": meetings, "requisition": requisition}
