"""How long each free text of governance may be, and the one message that says so.

The database takes any length of text, so without these a 100,000-character "place" or
requisition would be stored, mailed in every notice and printed in every pack. The same numbers
bound the model fields (checked by `full_clean()`), the page forms, the API's serializers and
the services, so a refusal reads the same wherever the text came in: the mechanism is the
kernel's, `coop.core.limits`.
"""

from __future__ import annotations

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
]
