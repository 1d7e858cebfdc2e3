"""Case texts encrypted at rest (Fernet: AES-128-CBC with HMAC-SHA256); the key comes from settings."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.errors import BrygganError


def fingerprint(key: str) -> str:
    """A short public name for a key (the start of its SHA-256), safe to show and log."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class UnreadableText(BrygganError):
    """A sealed text that none of the configured keys opens (sealed with a key since removed)."""

    def __init__(self) -> None:
        super().__init__("text_unreadable")


class TextBox:
    """Encrypts and decrypts the free texts of consultations; nothing else holds them in clear.

    Several keys, newest first: texts are sealed with the first and opened with any (Fernet's
    MultiFernet), so a key can be replaced without losing what the old one sealed.
    """

    def __init__(self, *keys: str) -> None:
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        self.fingerprints = [fingerprint(key) for key in keys]

    @classmethod
    def ephemeral(cls) -> TextBox:
        """A box with a fresh key that lives only in this process (the offline demo)."""
        return cls(Fernet.generate_key().decode())

    def seal(self, text: str) -> str:
        """The ciphertext of `text`, as a url-safe string."""
        return self._fernet.encrypt(text.encode()).decode()

    def open(self, token: str) -> str:
        """The text inside `token`; UnreadableText if no key opens it or it was altered."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise UnreadableText from None

    def reseal(self, token: str) -> str:
        """`token` sealed again with the newest key; UnreadableText if no key opens it."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise UnreadableText from None


class Stamp:
    """Signs what a modal carries in Slack (its private_metadata), bound to one purpose and person.

    The HMAC key is derived from the text key, so one secret setting covers both; an old key still
    verifies a modal opened before a rotation.
    """

    def __init__(self, *keys: str) -> None:
        self._keys = [
            hmac.new(key.encode(), b"bryggan modal stamp v1", hashlib.sha256).digest() for key in keys
        ]

    def sign(self, value: str, *, scope: str) -> str:
        """`value` with a signature over it and `scope` in front."""
        return f"{self._mac(self._keys[0], value, scope)}.{value}"

    def verify(self, stamped: str, *, scope: str) -> str:
        """The value signed for `scope`; BrygganError("modal_forged") if altered, moved or unsigned."""
        mac, dot, value = stamped.partition(".")
        if dot and any(hmac.compare_digest(mac, self._mac(key, value, scope)) for key in self._keys):
            return value
        raise BrygganError("modal_forged")

    @staticmethod
    def _mac(key: bytes, value: str, scope: str) -> str:
        digest = hmac.new(key, f"{scope}\n{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
