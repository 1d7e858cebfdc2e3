"""RS256 JSON Web Tokens over `cryptography`: the stand-in's signing keys, their JWKS and checks."""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# Only RS256: Bot Framework signs with it, and accepting "none" or HS256 is the classic JWT hole.
ALGORITHM = "RS256"


class InvalidToken(ValueError):
    """A token that does not hold: bad shape, unknown key, bad signature or failed claim."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _int_b64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class SigningKey:
    """An RSA key pair with a key id; it signs tokens and shows its public half as a JWK."""

    def __init__(self, kid: str | None = None) -> None:
        self.kid = kid or secrets.token_hex(8)
        self._private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public = self._private.public_key()

    def jwk(self, endorsements: list[str] | None = None) -> dict[str, Any]:
        """The public key as Bot Framework's key service lists it (with `endorsements`)."""
        numbers = self.public.public_numbers()
        key = {"kty": "RSA", "use": "sig", "kid": self.kid, "x5t": self.kid}
        key.update(n=_int_b64(numbers.n), e=_int_b64(numbers.e))
        if endorsements is not None:
            key["endorsements"] = list(endorsements)
        return key

    def sign(self, claims: dict[str, Any]) -> str:
        """A compact JWS of `claims`, its header naming this key."""
        header = {"alg": ALGORITHM, "typ": "JWT", "kid": self.kid, "x5t": self.kid}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        signature = self._private.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64(signature)}"


def verify(token: str, keys: dict[str, rsa.RSAPublicKey]) -> dict[str, Any]:
    """The claims of `token` if one of `keys` (by kid) signed it with RS256; else InvalidToken."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("not a compact JWS")
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except ValueError as e:
        raise InvalidToken("undecodable token") from e
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise InvalidToken("header and claims must be objects")
    if header.get("alg") != ALGORITHM:
        raise InvalidToken(f"alg must be {ALGORITHM}")
    key = keys.get(str(header.get("kid")))
    if key is None:
        raise InvalidToken("signed by an unknown key")
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as e:
        raise InvalidToken("bad signature") from e
    return claims
