"""Every stored sealed text (case descriptions, replies, texts waiting in the outbox, Slack tokens of
OAuth installations), for key rotation."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.installations import reseal_tokens
from storage.models import Consultation, ConsultationReply, OutboxMessage

# The fields of an outbox row's args that hold sealed text.
_SEALED_FIELDS = ("text", "note")


def reseal_texts(session: Session, *, reseal: Callable[[str], str | None]) -> tuple[int, int]:
    """Replace each sealed text by `reseal(text)` (None: leave it); returns (replaced, left)."""
    replaced = left = 0

    def apply(token: str) -> str | None:
        nonlocal replaced, left
        new = reseal(token)
        replaced, left = (replaced + 1, left) if new is not None else (replaced, left + 1)
        return new

    for case in session.scalars(select(Consultation).where(Consultation.description.is_not(None))):
        case.description = apply(case.description) or case.description  # type: ignore[arg-type]
    for reply in session.scalars(select(ConsultationReply).where(ConsultationReply.body.is_not(None))):
        reply.body = apply(reply.body) or reply.body  # type: ignore[arg-type]
    for row in session.scalars(select(OutboxMessage)):
        args = _resealed(row.args, apply)
        if args is not None:  # a new dict: the JSON column only notices reassignment
            row.args = args
    reseal_tokens(session, reseal=apply)
    session.flush()
    return replaced, left


def _resealed(args: dict, apply: Callable[[str], str | None]) -> dict | None:
    """`args` with its sealed texts (the text, a forwarding note, the replies a copy carries) sealed anew."""
    new = dict(args)
    changed = False
    for field in _SEALED_FIELDS:
        if isinstance(new.get(field), str) and (token := apply(new[field])) is not None:
            new[field], changed = token, True
    if isinstance(new.get("replies"), list):
        replies = []
        for reply in new["replies"]:
            if isinstance(reply.get("text"), str) and (token := apply(reply["text"])) is not None:
                reply, changed = {**reply, "text": token}, True
            replies.append(reply)
        new["replies"] = replies
    return new if changed else None
