"""Case texts encrypted at rest (Fernet: AES-128-CBC with HMAC-SHA256); the key comes from settings."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import BrygganError


class TextBox:
    """Encrypts and decrypts the free texts of consultations; nothing else holds them in clear."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    @classmethod
    def ephemeral(cls) -> TextBox:
        """A box with a fresh key that lives only in this process (the offline demo)."""
        return cls(Fernet.generate_key().decode())

    def seal(self, text: str) -> str:
        """The ciphertext of `text`, as a url-safe string."""
        return self._fernet.encrypt(text.encode()).decode()

    def open(self, token: str) -> str:
        """The text inside `token`; BrygganError if it was sealed with another key or altered."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise BrygganError("text_unreadable") from None
