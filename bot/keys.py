"""Key rotation: every stored text sealed again with the newest key (`bryggan keys rotate`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.crypto import TextBox, UnreadableText
from storage.sealed_texts import reseal_texts

log = logging.getLogger("bryggan.keys")


@dataclass(frozen=True, slots=True)
class Rotated:
    """How many texts now carry the newest key, and how many no configured key opens."""

    resealed: int
    unreadable: int


def rotate(sessions: sessionmaker[Session], box: TextBox) -> Rotated:
    """Seal every stored text again with the box's newest key, in one transaction."""

    def reseal(token: str) -> str | None:
        try:
            return box.reseal(token)
        except UnreadableText:
            return None

    with sessions.begin() as session:
        resealed, unreadable = reseal_texts(session, reseal=reseal)
    log.info(
        "keys rotated", extra={"resealed": resealed, "unreadable": unreadable, "key": box.fingerprints[0]}
    )
    return Rotated(resealed, unreadable)
