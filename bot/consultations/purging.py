"""Withdrawal after delivery: a party marks a delivered text as personal data; it is deleted at once
and every Slack message carrying it is rewritten (through the outbox, so the rewrite is retried)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.consultations.cases import about, case_for_party
from bot.errors import BrygganError
from bot.notices import Notice, Notifier, key_of
from storage.audit import AuditAction
from storage.consultation_purges import get_reply, list_case_outbox, reply_position
from storage.models import Consultation, ConsultationReply, DeliveryStatus, OutboxMessage

# A row in one of these states may be, or may yet become, a message in Slack.
_LIVE = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT)


class Purging:
    """ "Innehåller personuppgifter": the asker or a receiver withdraws a case text or one reply."""

    def __init__(self, *, sessions: sessionmaker[Session], notices: Notifier, audit: Auditor) -> None:
        self._sessions = sessions
        self._notices = notices
        self._audit = audit

    def purge_case(self, actor: Actor, *, consultation_id: int, reply_ids: Sequence[int] = ()) -> str:
        """Delete the description (and `reply_ids`, the replies a held copy showed); returns the number."""
        with self._sessions.begin() as session:
            case = self._case_for_purge(session, actor, consultation_id)
            replies = [self._reply(session, case, reply_id) for reply_id in dict.fromkeys(reply_ids)]
            replies = [reply for reply in replies if reply.body is not None]
            if case.description is None and not replies:
                raise BrygganError("consultation_text_gone", number=case.number)
            self._purge(session, actor, case, replies, description=case.description is not None)
            return case.number

    def purge_reply(self, actor: Actor, *, consultation_id: int, reply_id: int) -> str:
        """Delete one reply's text; returns the case number."""
        with self._sessions.begin() as session:
            case = self._case_for_purge(session, actor, consultation_id)
            reply = self._reply(session, case, reply_id)
            if reply.body is None:
                raise BrygganError("consultation_text_gone", number=case.number)
            self._purge(session, actor, case, [reply], description=False)
            return case.number

    def _case_for_purge(self, session: Session, actor: Actor, consultation_id: int) -> Consultation:
        try:
            return case_for_party(session, actor, consultation_id)
        except BrygganError as refused:
            if refused.key == "consultation_not_yours":
                raise BrygganError("consultation_purge_not_yours") from None
            raise

    @staticmethod
    def _reply(session: Session, case: Consultation, reply_id: int) -> ConsultationReply:
        reply = get_reply(session, team_id=case.team_id, consultation_id=case.id, reply_id=reply_id)
        if reply is None:
            raise BrygganError("consultation_not_found")
        return reply

    def _purge(
        self,
        session: Session,
        actor: Actor,
        case: Consultation,
        replies: list[ConsultationReply],
        *,
        description: bool,
    ) -> None:
        """Forget the texts, strip them from every owed message, rewrite those Slack has, tell, audit."""
        # Names this withdrawal in its outbox keys: the description once, each reply once.
        what = "case" if description else "r" + "-".join(str(reply.id) for reply in replies)
        sealed = {reply.body for reply in replies if reply.body} | (
            {case.description} if description else set()
        )
        positions = {reply.id: reply_position(session, reply) for reply in replies}
        rows = list_case_outbox(session, team_id=case.team_id, consultation_id=case.id)
        carriers = _carriers(rows, case, description, replies, positions, sealed)
        if description:
            case.description = None  # when is in the audit log; text_deleted_at stays retention's mark
        for reply in replies:
            reply.body = None
        ids = {reply.id for reply in replies}
        for row in rows:
            stripped = _without(row.args, description=description, ids=ids, sealed=sealed)
            if stripped is not None:
                row.args = stripped  # a new dict: the JSON column only notices reassignment
        session.flush()
        prefix = f"consultation:{case.id}:"
        for row in carriers:
            # The message is rewritten without the text; one whose words were forgotten after delivery
            # is replaced by the short notice. Either row is keyed as this purge of that message.
            notice, args = Notice(row.template), row.args
            if not args:
                notice, args = (
                    Notice.CONSULTATION_PURGED,
                    {"id": case.id, "number": case.number, "was": row.template},
                )
            self._notices.notify(
                session,
                notice,
                team_id=case.team_id,
                recipient=row.recipient,
                args=args,
                key={"case": case.id, "what": what, "of": row.key.removeprefix(prefix)},
                edit_of=row.key,
                keyed_as=Notice.CONSULTATION_PURGED,
            )
        self._tell(session, actor, case, what, reply=not description)
        parts = (["description"] if description else []) + [f"reply:{positions[r.id]}" for r in replies]
        self._audit.record(
            session, AuditAction.CONSULTATION_TEXT_PURGED, by=actor, **about(case), detail=",".join(parts)
        )

    def _tell(self, session: Session, actor: Actor, case: Consultation, what: str, *, reply: bool) -> None:
        # The other side learns why its message changed, in its own thread; never the text itself.
        args = {"id": case.id, "number": case.number, "by": actor.user_id, "reply": reply}
        sides = {case.asker_id: case.asker_thread, case.holder_id: case.holder_thread}
        for recipient, thread in sides.items():
            if recipient != actor.user_id:
                self._notices.notify(
                    session,
                    Notice.CONSULTATION_TEXT_PURGED,
                    team_id=case.team_id,
                    recipient=recipient,
                    args=args,
                    key={"case": case.id, "what": what, "recipient": recipient},
                    thread_key=thread,
                )


def _carriers(
    rows: list[OutboxMessage],
    case: Consultation,
    description: bool,
    replies: list[ConsultationReply],
    positions: dict[int, int],
    sealed: set[str],
) -> list[OutboxMessage]:
    """The messages (posted, or perhaps posted) that show one of the texts being withdrawn."""
    prefix = f"consultation:{case.id}:"
    moved = {row.edit_of for row in rows if row.template == Notice.CONSULTATION_MOVED}  # no text left there
    reply_keys = {f"{prefix}reply:{n}" for n in positions.values()}
    ids = {reply.id for reply in replies}
    first = min((reply.at for reply in replies), default=None)
    found = []
    for row in rows:
        if row.edit_of or row.key in moved or row.status not in _LIVE:
            continue
        copy = row.key.startswith(f"{prefix}held:")
        # An addition is part of the description, shown in a message of its own.
        received = key_of(Notice.CONSULTATION_RECEIVED, case=case.id)
        case_message = copy or row.key == received or row.template == Notice.CONSULTATION_ADDITION
        if (
            row.key in reply_keys
            or (description and case_message)
            or (copy and _shows(row, ids, sealed, first))
        ):
            found.append(row)
    return found


def _shows(row: OutboxMessage, ids: set[int], sealed: set[str], first: datetime | None) -> bool:
    """Whether a held copy shows one of the replies (by id or sealed text; by age once its words are gone)."""
    if not row.args:
        return first is not None and row.created_at >= first
    return any(r.get("reply") in ids or r.get("text") in sealed for r in row.args.get("replies", ()))


def _without(
    args: dict[str, Any], *, description: bool, ids: set[int], sealed: set[str]
) -> dict[str, Any] | None:
    """`args` without the texts being withdrawn, or None when it carried none of them.

    Texts are matched by what carries them (a reply's message names its reply; every other text of a
    case is its description or an addition to it), not only by their sealed value: an addition seals
    the description anew, and key rotation seals every text anew.
    """
    changed = False
    kept = dict(args)
    if "text" in kept:
        own = kept["reply"] in ids if "reply" in kept else description
        if own or kept["text"] in sealed:
            del kept["text"]
            changed = True
    if "replies" in kept:
        replies = [
            {k: v for k, v in r.items() if k != "text"}
            if r.get("reply") in ids or r.get("text") in sealed
            else r
            for r in kept["replies"]
        ]
        changed = changed or replies != kept["replies"]
        kept["replies"] = replies
    return kept if changed else None
