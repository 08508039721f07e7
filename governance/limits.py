"""How long each free text of governance may be, and the one message that says so.

The database takes any length of text, so without these a 100,000-character "place" or
requisition would be stored, mailed in every notice and printed in every pack. The same numbers
bound the model fields (checked by `full_clean()`), the page forms, the API's serializers and
the services, so a refusal reads the same wherever the text came in.
"""

from __future__ import annotations

from django.db import models
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext

from coop.core.validation import fail

#: A title, a name (CharFields: the database enforces these).
TITLE = 200
NAME = 200
#: What an amendment changes, in a few words.
SUMMARY = 300
#: Where a meeting is held.
PLACE = 1_000
#: A reason: for cancelling or adjourning, the board's on admissibility, ruling out of order.
REASON = 2_000
#: The business a requisition asks a general meeting to consider.
PURPOSE = 5_000
#: What happened with an agenda item, for the minutes.
NOTE = 5_000
#: The details of an agenda item.
AGENDA_BODY = 10_000
#: A supporting statement (it goes out with every notice).
STATEMENT = 10_000
#: A motion's text, and an amendment's (the whole motion as amended): room for a change of
#: the registered rules.
MOTION_TEXT = 20_000
#: Minutes (written from the record, then edited): room for a long meeting's attendance list.
MINUTES = 200_000


def too_long(what: str | Promise, limit: int) -> str:
    """The refusal of a text longer than `limit`, naming it (`what`: "The business")."""
    return gettext("%(what)s must be %(limit)s characters or fewer.") % {
        "what": capfirst(str(what)),
        "limit": number_format(limit, force_grouping=True),
    }


#: `too_long` for a form's or a serializer's error message, translated when it is shown.
too_long_lazy = lazy(too_long, str)


def check_length(field: str, value: str, limit: int, what: str | Promise) -> None:
    """Refuse `value` (the input `field`) if longer than `limit`."""
    if len(value) > limit:
        raise fail(field, too_long(what, limit))


def _limit_of(field: models.Field) -> int | None:
    if isinstance(field, models.CharField) and field.max_length:
        return int(field.max_length)
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        if getattr(validator, "code", "") == "max_length" and isinstance(limit, int):
            return limit
    return None


def check_lengths(instance: models.Model, *names: str) -> None:
    """Refuse the first of the instance's text fields `names` (every bounded text field if
    none named) that is longer than its model allows, naming it by its label; before
    `full_clean()`, whose message would not name the field."""
    fields = [instance._meta.get_field(n) for n in names] if names else instance._meta.fields
    for field in fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        limit = _limit_of(field)
        value = getattr(instance, field.attname)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            raise fail(field.name, too_long(field.verbose_name, limit))


__all__ = [
    "AGENDA_BODY",
    "MINUTES",
    "MOTION_TEXT",
    "NAME",
    "NOTE",
    "PLACE",
    "PURPOSE",
    "REASON",
    "STATEMENT",
    "SUMMARY",
    "TITLE",
    "check_length",
    "check_lengths",
    "too_long",
    "too_long_lazy",
]
