"""Length limits of the free text membership keeps (addresses, reasons, notes, page texts).

Each limit is enforced three times over: by the field's validator, so every service's
`full_clean()` refuses a longer text with a message naming the field and the limit (and forms
and the API show it by that field); by a check constraint in the database, so nothing that
skips the services can store it either; and by the forms and serializers, whose `max_length`
tells a person (and the API schema) the limit before they send anything.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

#: A postal address, registered office or nominee's address: a UK address is under 200.
ADDRESS_MAX_LENGTH = 500
#: A reason, note or board's comment.
NOTE_MAX_LENGTH = 2000
#: A text shown on a page (the join page's introduction, who may join a class).
PAGE_TEXT_MAX_LENGTH = 10000


def limited_text(verbose_name: Any, max_length: int, **kwargs: Any) -> models.TextField:
    """A text field of at most `max_length` characters (see the module docstring)."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )


def length_limits(model: str, **limits: int) -> list[models.CheckConstraint]:
    """The database's check of each field's limit, named `<model>_<field>_length`."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit), name=f"{model}_{field}_length"
        )
        for field, limit in limits.items()
    ]
