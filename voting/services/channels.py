"""Which channels a ballot takes votes by (online, in the room), changed while it runs."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.models import User
from coop.core.validation import fail
from voting.models import Ballot
from voting.services._common import lock_ballot

CHANNEL_FIELDS = ["allow_online", "allow_in_room"]


@transaction.atomic
def ballot_set_channels(
    *, ballot: Ballot, allow_online: bool, allow_in_room: bool, actor: User | None
) -> Ballot:
    """Open or stop online voting and votes in the room, e.g. when a meeting held only in
    person starts (online voting stops; votes already cast stay counted). Proxies follow the
    rules and are not changed here."""
    ballot = lock_ballot(ballot.pk)
    if ballot.status not in (Ballot.Status.DRAFT, Ballot.Status.OPEN):
        raise fail(
            "status", _("Only a ballot being prepared or open can change how it takes votes.")
        )
    if not allow_online and not allow_in_room:
        raise fail("allow_online", _("A ballot must take votes online, in the room, or both."))
    before = snapshot(ballot, CHANNEL_FIELDS)
    ballot.allow_online, ballot.allow_in_room = allow_online, allow_in_room
    ballot.save(update_fields=[*CHANNEL_FIELDS, "updated_at"])
    audit(
        actor=actor,
        action="ballot.channels",
        obj=ballot,
        before=before,
        after=snapshot(ballot, CHANNEL_FIELDS),
    )
    return ballot
