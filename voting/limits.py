"""How long each free-text field of voting may be, and the one message that says so.

Forms, serializers and services all take their limits from here, so a page, the API and a
direct service call refuse the same text with the same message, naming the field and the
limit. Titles, names and labels follow their database columns; the longer texts (a question,
a description, a candidate's statement, a reason) have limits a meeting could need and a
ballot paper a member can still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voting.models import Ballot, Option, Proxy

TITLE = Ballot._meta.get_field("title").max_length or 200
DESCRIPTION = 10_000
QUESTION_TEXT = 10_000
OPTION_LABEL = Option._meta.get_field("label").max_length or 200
STATEMENT = 5_000
REASON = 2_000
PROXY_NAME = Proxy._meta.get_field("holder_name").max_length or 200
#: The member numbers of those present, as typed or pasted from the attendance list.
PRESENT_LIST = 100_000
#: The members present at a show of hands, as a list of member numbers (the API).
PRESENT_MEMBERS = 100_000
#: A receipt code as typed to check it (ABCDE-FGHJK, with room for spaces).
RECEIPT_CODE = 40

#: What each field is called in the message, by its name in forms, the API and the services.
FIELD_NAMES = {
    "title": gettext_lazy("The title"),
    "title_cy": gettext_lazy("The Welsh title"),
    "description": gettext_lazy("The description"),
    "description_cy": gettext_lazy("The Welsh description"),
    "text": gettext_lazy("The question"),
    "text_cy": gettext_lazy("The Welsh question"),
    "label": gettext_lazy("The name of the choice or candidate"),
    "label_cy": gettext_lazy("The Welsh name of the choice or candidate"),
    "statement": gettext_lazy("The candidate's statement"),
    "statement_cy": gettext_lazy("The candidate's Welsh statement"),
    "reason": gettext_lazy("The reason"),
    "holder_name": gettext_lazy("The proxy's name"),
    "present": gettext_lazy("The list of members present"),
    "code": gettext_lazy("The receipt code"),
}

LIMITS = {
    "title": TITLE,
    "title_cy": TITLE,
    "description": DESCRIPTION,
    "description_cy": DESCRIPTION,
    "text": QUESTION_TEXT,
    "text_cy": QUESTION_TEXT,
    "label": OPTION_LABEL,
    "label_cy": OPTION_LABEL,
    "statement": STATEMENT,
    "statement_cy": STATEMENT,
    "reason": REASON,
    "holder_name": PROXY_NAME,
    "present": PRESENT_LIST,
    "code": RECEIPT_CODE,
}


def too_long_message(field: str, length: int) -> str:
    """'The title can be at most 200 characters (this one has 250).' for `field`."""
    return _("%(field)s can be at most %(limit)s characters (this one has %(length)s).") % {
        "field": FIELD_NAMES[field],
        "limit": LIMITS[field],
        "length": length,
    }


def check_lengths(values: Mapping[str, str | None]) -> None:
    """Refuse the first text of `values` (field name → text) that is over its limit, naming
    the field and the limit; nothing is written."""
    for field, text in values.items():
        if text is not None and len(text) > LIMITS[field]:
            raise ValidationError({field: [too_long_message(field, len(text))]})


def _input_message(field: str) -> str:
    # Django's length validator fills in %(show_value)d, the length of the text it refused.
    return _("%(field)s can be at most %(limit)s characters (this one has %(length)s).") % {
        "field": FIELD_NAMES[field],
        "limit": LIMITS[field],
        "length": "%(show_value)d",
    }


def length_messages(field: str) -> dict[str, Any]:
    """A form field's or a serializer field's `error_messages` for its length limit, in the
    language of the request that is refused."""
    return {"max_length": lazy(_input_message, str)(field)}
