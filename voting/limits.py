"""How long each free-text field of voting may be, and what each is called.

Forms, serializers and services all take their limits from here, through the kernel's
mechanism (`coop.core.limits`), so a page, the API and a direct service call refuse the same
text with the same message, naming the field and the limit. Titles, names and labels follow
their database columns; the longer texts (a question, a description, a candidate's statement,
a reason) have limits a meeting could need and a ballot paper a member can still read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from coop.core.limits import Limit
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

#: Each field's limit and what it is called in the message, by its name in forms, the API and
#: the services.
LIMITS: dict[str, Limit] = {
    "title": Limit(TITLE, gettext_lazy("The title")),
    "title_cy": Limit(TITLE, gettext_lazy("The Welsh title")),
    "description": Limit(DESCRIPTION, gettext_lazy("The description")),
    "description_cy": Limit(DESCRIPTION, gettext_lazy("The Welsh description")),
    "text": Limit(QUESTION_TEXT, gettext_lazy("The question")),
    "text_cy": Limit(QUESTION_TEXT, gettext_lazy("The Welsh question")),
    "label": Limit(OPTION_LABEL, gettext_lazy("The name of the choice or candidate")),
    "label_cy": Limit(OPTION_LABEL, gettext_lazy("The Welsh name of the choice or candidate")),
    "statement": Limit(STATEMENT, gettext_lazy("The candidate's statement")),
    "statement_cy": Limit(STATEMENT, gettext_lazy("The candidate's Welsh statement")),
    "reason": Limit(REASON, gettext_lazy("The reason")),
    "holder_name": Limit(PROXY_NAME, gettext_lazy("The proxy's name")),
    "present": Limit(PRESENT_LIST, gettext_lazy("The list of members present")),
    "code": Limit(RECEIPT_CODE, gettext_lazy("The receipt code")),
}
