"""System checks of the voting app: a production server needs its ballot key."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from voting import sealing


@register()
def ballot_key_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """`CYD_BALLOT_KEY` must be set (unless DEBUG), be 32 bytes of URL-safe base64, and not
    be SECRET_KEY; so must every `CYD_BALLOT_KEY_PREVIOUS`."""
    why = sealing.problem()
    if not why:
        return []
    return [
        Error(
            why,
            hint='Generate one with: python -c "import base64, os; '
            'print(base64.urlsafe_b64encode(os.urandom(32)).decode())"',
            id="voting.E001",
        )
    ]
