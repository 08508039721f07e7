"""Receipt codes: made when a vote is cast, published when the ballot closes, and checked by
each voter (on the results page or through the API) as they typed it."""

from __future__ import annotations

import re
import secrets

from voting import limits

#: Receipt codes avoid letters and digits that are easy to confuse (0/O, 1/I/L).
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_CHARACTERS = re.compile(r"[^A-Z0-9]")


def new_receipt_code() -> str:
    """Ten characters from a strong random source, as ABCDE-FGHJK."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """A receipt code as typed (any case, spaces, with or without the dash) → ABCDE-FGHJK."""
    text = text[: limits.RECEIPT_CODE]
    letters = _CODE_CHARACTERS.sub("", text.upper())
    return f"{letters[:5]}-{letters[5:]}" if len(letters) == 10 else text.strip().upper()
