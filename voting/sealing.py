"""Sealing secret papers: each secret ballot's own data key, wrapped by the key-encryption key
from the environment (`CYD_BALLOT_KEY`), and the papers sealed under it (AES-256-GCM, the
ballot's id as associated data). See docs/threat-model.md.

No Django models here: the services store what this module returns. A missing or wrong key
raises `KeyUnavailable`, whose message names the setting.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

SETTING = "CYD_BALLOT_KEY"
KEY_BYTES = 32
NONCE_BYTES = 12
FINGERPRINT_CHARS = 16
# A paper's plaintext is padded to a multiple of this, at least its ballot's longest paper.
PAD_TO = 32


class KeyUnavailable(Exception):  # noqa: N818 - reads as a sentence in the services
    """The key-encryption key is missing, malformed, or not the one that wrapped a key."""


class PaperUnreadable(Exception):  # noqa: N818
    """A sealed paper does not open with its ballot's data key (altered, or moved)."""


def _decode(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyUnavailable(_key_message(_("is not URL-safe base64"))) from exc
    if len(raw) != KEY_BYTES:
        raise KeyUnavailable(_key_message(_("is not 32 bytes")))
    return raw


def _key_message(why: str) -> str:
    return _(
        "The ballot key-encryption key %(setting)s %(why)s. Set it in the server's environment "
        "(see docs/threat-model.md); nothing has been changed."
    ) % {"setting": SETTING, "why": why}


def development_key() -> bytes:
    """DEBUG without the setting: a key derived from SECRET_KEY (not SECRET_KEY itself) with a
    label of its own, so development ballots survive a restart. No secret."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"cyd development ballot key"
    ).derive(settings.SECRET_KEY.encode())


def problem() -> str:
    """Why the configured key-encryption key cannot be used ('' if it can)."""
    try:
        current_kek()
        previous_keks()
    except KeyUnavailable as exc:
        return str(exc)
    return ""


def current_kek() -> bytes:
    text = getattr(settings, SETTING, "") or ""
    if not text:
        if settings.DEBUG:
            return development_key()
        raise KeyUnavailable(_key_message(_("is not set")))
    if text == settings.SECRET_KEY:
        raise KeyUnavailable(_key_message(_("must not be SECRET_KEY")))
    return _decode(text)


def previous_keks() -> list[bytes]:
    return [_decode(t) for t in getattr(settings, "CYD_BALLOT_KEY_PREVIOUS", []) or []]


def fingerprint(kek: bytes) -> str:
    return hashlib.sha256(b"cyd ballot kek" + kek).hexdigest()[:FINGERPRINT_CHARS]


def _wrap_aad(ballot_id: int) -> bytes:
    return b"cyd ballot data key %d" % ballot_id


def _paper_aad(ballot_id: int) -> bytes:
    return b"cyd ballot paper %d" % ballot_id


def new_wrapped_key(ballot_id: int) -> tuple[bytes, str]:
    """A fresh random data key for the ballot, wrapped: (wrapped bytes, KEK fingerprint)."""
    return wrap(ballot_id, AESGCM.generate_key(bit_length=256))


def wrap(ballot_id: int, data_key: bytes) -> tuple[bytes, str]:
    kek = current_kek()
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, _wrap_aad(ballot_id)), fingerprint(kek)


def unwrap(ballot_id: int, wrapped: bytes) -> bytes:
    """The ballot's data key, by whichever configured KEK (current or previous) wrapped it."""
    wrapped = bytes(wrapped)
    for kek in (current_kek(), *previous_keks()):
        try:
            return AESGCM(kek).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_aad(ballot_id)
            )
        except InvalidTag:
            continue
    raise KeyUnavailable(_key_message(_("is not the key that sealed this ballot")))


# --- Papers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """What a secret paper holds: the voter's member class (only where the ballot weighs
    classes) and the choices on each question (question id → option ids, in order)."""

    member_class: int | None
    choices: Mapping[int, Sequence[int]]


def encode(content: Content, length: int) -> bytes:
    """The plaintext: canonical JSON (equal papers give equal bytes), padded with spaces to
    `length` so that a ciphertext's length says nothing of the choices."""
    body = json.dumps(
        [content.member_class, {str(q): list(c) for q, c in sorted(content.choices.items())}],
        separators=(",", ":"),
    ).encode()
    return body + b" " * (length - len(body))


def decode(plain: bytes) -> Content:
    member_class, choices = json.loads(plain)
    return Content(member_class, {int(q): [int(c) for c in cs] for q, cs in choices.items()})


def padded_length(questions: Iterable[tuple[int, Sequence[int]]], max_class: int) -> int:
    """The length every paper of a ballot is padded to: its longest possible plaintext
    (every option chosen on every question, the largest class id), rounded up."""
    every = dict(questions)
    longest = max(len(encode(Content(c, every), 0)) for c in (max_class, None))
    return -(-longest // PAD_TO) * PAD_TO


class Sealer:
    """Seals and opens one ballot's papers (the data key is held only while this lives)."""

    def __init__(self, ballot_id: int, data_key: bytes) -> None:
        self._aead = AESGCM(data_key)
        self._aad = _paper_aad(ballot_id)

    def seal(self, plain: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, self._aad)

    def open(self, sealed: bytes) -> bytes:
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], self._aad)
        except InvalidTag as exc:
            raise PaperUnreadable from exc

    def open_all(self, sealed: Iterable[bytes]) -> dict[bytes, int]:
        """Open every paper and count equal plaintexts: the bare unseal loop."""
        decrypt, aad, n = self._aead.decrypt, self._aad, NONCE_BYTES
        counts: dict[bytes, int] = {}
        get = counts.get
        try:
            for s in sealed:
                plain = decrypt(s[:n], s[n:], aad)
                counts[plain] = get(plain, 0) + 1
        except InvalidTag as exc:
            raise PaperUnreadable from exc
        return counts


_SEALERS: dict[tuple[int, bytes], Sealer] = {}


def sealer_for(ballot_id: int, wrapped: bytes) -> Sealer:
    """The ballot's sealer, from its wrapped key (unwrapped once per process and key)."""
    cache_key = (ballot_id, bytes(wrapped))
    sealer = _SEALERS.get(cache_key)
    if sealer is None:
        sealer = Sealer(ballot_id, unwrap(ballot_id, wrapped))
        if len(_SEALERS) > 64:
            _SEALERS.clear()
        _SEALERS[cache_key] = sealer
    return sealer


def forget(ballot_id: int) -> None:
    """Drop this process's copy of a ballot's data key (at close or cancel)."""
    for cache_key in [k for k in _SEALERS if k[0] == ballot_id]:
        del _SEALERS[cache_key]
