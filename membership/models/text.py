"""Length limits of the free text membership keeps (addresses, reasons, notes, page texts).

The mechanism is the kernel's (`coop.core.limits.limited_text` and `length_limits`). Each limit
is enforced three times over: by the field's validator, so every service's
`full_clean()` refuses a longer text with a message naming the field and the limit (and forms
and the API show it by that field); by a check constraint in the database, so nothing that
skips the services can store it either; and by the forms and serializers, whose `max_length`
tells a person (and the API schema) the limit before they send anything.
"""

from __future__ import annotations

#: A postal address, registered office or nominee's address: a UK address is under 200.
ADDRESS_MAX_LENGTH = 500
#: A reason, note or board's comment.
NOTE_MAX_LENGTH = 2000
#: A text shown on a page (the join page's introduction, who may join a class).
PAGE_TEXT_MAX_LENGTH = 10000
