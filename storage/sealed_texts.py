"""Every stored sealed text (case descriptions, replies, texts waiting in the outbox), for key rotation."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Consultation, ConsultationReply, OutboxMessage


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
        if isinstance(row.args.get("text"), str):
            new = apply(row.args["text"])
            if new is not None:  # a new dict: the JSON column only notices reassignment
                row.args = {**row.args, "text": new}
    session.flush()
    return replaced, left
