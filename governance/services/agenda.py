"""The agenda of a meeting: adding an item, moving it, and marking on the day where the
meeting is with each item (motions add themselves when admitted)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coop.core.audit import audit, snapshot
from coop.core.limits import check_model_lengths
from coop.core.models import User
from coop.core.validation import fail
from governance.models import AgendaItem, Meeting
from governance.services._common import lock_meeting
from voting.models import Ballot


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    title_cy: str = "",
    body: str = "",
    body_cy: str = "",
    ballot: Ballot | None = None,
    actor: User | None,
) -> AgendaItem:
    """Add an item at the end of the agenda (motions add themselves when admitted)."""
    meeting = lock_meeting(meeting)
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("meeting", _("The meeting has ended: its agenda cannot change."))
    if kind not in AgendaItem.Kind.values:
        raise fail("kind", _("Choose the kind of item."))
    if not title.strip():
        raise fail("title", _("Give the item a title."))
    if ballot is not None and ballot.organisation_id != meeting.organisation_id:
        raise fail("ballot", _("Choose a ballot of this organisation."))
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        kind=kind,
        title=title.strip(),
        title_cy=title_cy.strip(),
        body=body,
        body_cy=body_cy,
        ballot=ballot,
    )
    check_model_lengths(item, "title", "title_cy", "body", "body_cy")
    item.full_clean()
    item.save()
    audit(actor=actor, action="meeting.agenda_add", obj=meeting, after=snapshot(item))
    return item


@transaction.atomic
def agenda_item_mark(*, item: AgendaItem, status: str, note: str, actor: User) -> AgendaItem:
    """Record where the meeting is with an item (to come, being taken, done) and what
    happened, for the minutes. The meeting must not have ended."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    )
    if item.meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise fail("status", _("The meeting has ended."))
    if status not in AgendaItem.Status.values:
        raise fail("status", _("Choose where the meeting is with this item."))
    before = snapshot(item, ["status", "note"])
    item.status = status
    item.note = note.strip()
    check_model_lengths(item, "note")
    item.full_clean()
    item.save(update_fields=["status", "note", "updated_at"])
    audit(
        actor=actor,
        action="meeting.agenda_progress",
        obj=item.meeting,
        before={"item": item.pk, **before},
        after={"item": item.pk, **snapshot(item, ["status", "note"])},
    )
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, position: int, actor: User | None) -> AgendaItem:
    """Move an item to another place in the agenda (the others shift)."""
    meeting = lock_meeting(item.meeting)
    items = list(meeting.agenda.order_by("position"))
    if not 1 <= position <= len(items):
        raise fail("position", _("Choose a place between 1 and %(n)s.") % {"n": len(items)})
    items.remove(next(i for i in items if i.pk == item.pk))
    items.insert(position - 1, item)
    # Two passes keep the (meeting, position) constraint satisfied while renumbering.
    for offset, entry in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=entry.pk).update(position=1000 + offset)
    for offset, entry in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=entry.pk).update(position=offset)
    audit(
        actor=actor,
        action="meeting.agenda_move",
        obj=meeting,
        after={"item": item.pk, "position": position},
    )
    item.refresh_from_db()
    return item
