"""Block Kit for /kontakt: the card, results, confirmations, the list and the profile modal."""

from __future__ import annotations

import json
import math
from functools import lru_cache, partial
from typing import Any, NamedTuple

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.contacts.views import ContactCard, HandoverPlan, LinkOutcome, LinkResult, Profile, SchoolStatus
from handlers.channels import Found, Postability
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.messages import Reply, text
from templates import Lang, Templates

LIST_PAGE_SIZE = 20  # one section a school keeps a page well under the 50-block limit


def _words(templates: Templates, lang: Lang) -> Any:
    return templates.module(lang, "contacts")


# Rendered cards kept for reuse, a few KB each: a municipality's schools in both languages, twice over.
CARDS_KEPT = 1024


class _CardKey(NamedTuple):
    """Everything a card's words and blocks are made of, hashable: the same key, the same card."""

    card: tuple[tuple[str, ...], str, SchoolStatus | None, tuple[tuple[str, Profile], ...]]
    lang: Lang
    is_admin: bool


class _Cards:
    """The cards rendered with one Templates, kept on it (so they go when it goes)."""

    def __init__(self, templates: Templates) -> None:
        self.by_key = lru_cache(maxsize=CARDS_KEPT)(partial(_card, templates))
        # By the card object's identity, which skips building and hashing the key for a card
        # handed out again.
        self.last: dict[tuple[int, Lang, bool], tuple[ContactCard, Reply]] = {}


def card(card: ContactCard, *, lang: Lang, is_admin: bool, templates: Templates) -> Reply:
    """The `/kontakt` answer: the acting contact, the deputy, or how to link an unlinked channel.

    Rendered once for each distinct card: the key is the card's own data as just read (so any change
    to a school, its contacts, their absences or profiles, on any replica, is a new key), the language,
    and the asker's admin flag where the words depend on it (an unlinked channel).
    """
    cards = templates.kept("contact cards", _Cards)
    admin = is_admin and card.school is None
    slot = (id(card), lang, admin)
    last = cards.last.get(slot)
    if last is not None and last[0] is card:
        return last[1]  # the very card object answered before (the use case hands it out unchanged)
    data = (card.admins, card.intake, card.school, tuple(sorted(card.profiles.items())))
    reply = cards.by_key(_CardKey(data, lang, admin))
    if len(cards.last) >= CARDS_KEPT:
        cards.last.clear()
    cards.last[slot] = (card, reply)  # holding the card keeps its id from being reused
    return reply


def _card(templates: Templates, key: _CardKey) -> Reply:
    admins, intake, school, profiles = key.card
    found = ContactCard(admins, intake, school, dict(profiles))
    return _render_card(found, key.lang, key.is_admin, templates)


def _render_card(card: ContactCard, lang: Lang, is_admin: bool, templates: Templates) -> Reply:
    w = _words(templates, lang)
    if card.school is None:
        body = str(w.unlinked(list(card.admins), is_admin)).strip()
        return Reply(
            str(w.unlinked_fallback()), [HeaderBlock(text=w.unlinked_title), SectionBlock(text=body)]
        )
    school = card.school
    if school.coverage.uncovered:
        body = str(w.uncovered(school, card.intake)).strip()
        return Reply(str(w.card_fallback(school)), [SectionBlock(text=body)])
    since = school.contact_since.isoformat() if school.contact_since else None
    blocks: list[Block] = [
        HeaderBlock(text=w.card_title),
        SectionBlock(text=str(w.acting(school, since)).strip()),
    ]
    acting = school.coverage.acting_person
    details = str(w.profile_line(card.profiles.get(acting or "", Profile()))).strip()
    if details:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=details)]))
    deputy = school.coverage.deputy
    other = (
        str(w.deputy_line(deputy))
        if deputy and deputy != acting
        else str(w.no_deputy())
        if not deputy
        else ""
    )
    if other:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=other)]))
    return Reply(str(w.card_fallback(school)), blocks)


def link_result(result: LinkResult, *, lang: Lang, templates: Templates) -> Reply:
    """The outcome of `/kontakt koppla`, with buttons when Bryggan must ask."""
    w = _words(templates, lang)
    if result.outcome in (LinkOutcome.LINKED, LinkOutcome.CREATED):
        return text(str(w.linked(result.name, result.outcome is LinkOutcome.CREATED)))
    if result.outcome is LinkOutcome.ALREADY:
        return text(str(w.already(result.name)))
    if result.outcome is LinkOutcome.CHANNEL_TAKEN:
        return text(str(w.channel_taken(result.name)))
    if result.outcome is LinkOutcome.CONFIRM_MOVE:
        body = str(w.confirm_move(result.name, result.other_channel))
        buttons = [_button(w.move_label, Action.LINK_MOVE, {"school_id": result.school_id}, primary=True)]
        return _ask(body, buttons, w)
    buttons = [_button(name[:75], Action.LINK_PICK, {"school_id": sid}) for sid, name in result.candidates]
    buttons.append(_button(w.create_label, Action.LINK_CREATE, {"name": result.name}))
    return _ask(str(w.choose(result.name)), buttons, w)


def cannot_post(found: Found, *, lang: Lang, templates: Templates) -> Reply:
    """Why `/kontakt koppla` linked nothing: Bryggan cannot post in the channel, and how to fix it."""
    w = _words(templates, lang)
    if found.state is Postability.NOT_MEMBER:
        return text(str(w.cannot_post_not_member()))
    if found.state is Postability.ARCHIVED:
        return text(str(w.cannot_post_archived()))
    if found.error == "channel_not_found":
        return text(str(w.cannot_post_unseen()))
    if found.error == "missing_scope":
        return text(str(w.cannot_post_scope()))
    return text(str(w.cannot_post_unknown(found.error)))


def handover_plan(
    from_person: str, to_person: str, plan: HandoverPlan, *, lang: Lang, templates: Templates
) -> Reply:
    """The preview of a handover; where a seat cannot move, the admin chooses to keep it or empty it."""
    w = _words(templates, lang)
    body = str(w.handover_plan(from_person, to_person, plan.seats, plan.receiver_away_until)).strip()
    value = {"from": from_person, "to": to_person}
    if not any(seat.stuck for seat in plan.seats):
        return _ask(body, [_button(w.confirm_label, Action.HANDOVER_CONFIRM, value, primary=True)], w)
    keep = _button(w.handover_keep_label, Action.HANDOVER_CONFIRM, {**value, "keep": True}, primary=True)
    empty = _button(w.handover_empty_label, Action.HANDOVER_CONFIRM, {**value, "keep": False})
    return _ask(body, [keep, empty], w)


def overview(statuses: list[SchoolStatus], page: int, *, lang: Lang, templates: Templates) -> Reply:
    """Administrators' list of every school, uncovered first, paginated within Block Kit's limits."""
    w = _words(templates, lang)
    pages = max(1, math.ceil(len(statuses) / LIST_PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = statuses[(page - 1) * LIST_PAGE_SIZE : page * LIST_PAGE_SIZE]
    uncovered = sum(1 for s in statuses if s.coverage.uncovered)
    summary = str(w.list_summary(len(statuses), uncovered, page, pages))
    blocks: list[Block] = [
        HeaderBlock(text=w.list_title),
        ContextBlock(elements=[MarkdownTextObject(text=summary)]),
    ]
    blocks += [SectionBlock(text=str(w.list_row(s)).strip()) for s in shown]
    paging = []
    if page > 1:
        paging.append(_button(w.previous_label, Action.LIST_PAGE, {"page": page - 1}, action_suffix="prev"))
    if page < pages:
        paging.append(_button(w.next_label, Action.LIST_PAGE, {"page": page + 1}, action_suffix="next"))
    if paging:
        blocks.append(ActionsBlock(elements=paging))
    return Reply(summary, blocks)


def profile_modal(profile: Profile, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The modal where a contact sets title, phone and reachable hours."""
    w = _words(templates, lang)
    fields = [
        (Field.TITLE, w.title_label, profile.title, 150, None),
        (Field.PHONE, w.phone_label, profile.phone, 40, None),
        (Field.REACHABLE, w.reachable_label, profile.reachable, 200, w.reachable_placeholder),
    ]
    blocks = [
        InputBlock(
            block_id=field,
            label=label,
            optional=True,
            element=PlainTextInputElement(
                action_id=field, initial_value=value or None, max_length=limit, placeholder=placeholder
            ),
        )
        for field, label, value, limit, placeholder in fields
    ]
    view = View(
        type="modal",
        callback_id=ViewId.PROFILE,
        title=PlainTextObject(text=w.profile_title),
        submit=PlainTextObject(text=w.profile_submit),
        close=PlainTextObject(text=w.profile_close),
        blocks=blocks,
    )
    return view.to_dict()


def _ask(body: str, buttons: list[ButtonElement], w: Any) -> Reply:
    buttons.append(_button(w.cancel_label, Action.CANCEL, {}))
    return Reply(body, [SectionBlock(text=body), ActionsBlock(elements=buttons)])


def _button(
    label: str, action: Action, value: dict[str, Any], *, primary: bool = False, action_suffix: str = ""
) -> ButtonElement:
    # Several buttons of one kind in a block need distinct action_ids; handlers match on the prefix.
    suffix = f":{action_suffix or json.dumps(value, sort_keys=True)[:60]}"
    return ButtonElement(
        text=PlainTextObject(text=label[:75]),
        action_id=f"{action}{suffix}"[:255],
        value=json.dumps(value, ensure_ascii=False),
        style="primary" if primary else None,
    )


def handover_note_modal(assignment_id: int, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The modal where the previous contact writes a handover note (guarded on submit)."""
    w = templates.module(lang, "notices")
    view = View(
        type="modal",
        callback_id=ViewId.HANDOVER_NOTE,
        private_metadata=json.dumps({"assignment_id": assignment_id}),
        title=PlainTextObject(text=w.note_title),
        submit=PlainTextObject(text=w.note_submit),
        close=PlainTextObject(text=w.note_close),
        blocks=[
            InputBlock(
                block_id=Field.NOTE,
                label=w.note_label,
                hint=w.note_hint,
                element=PlainTextInputElement(action_id=Field.NOTE, multiline=True, max_length=2000),
            )
        ],
    )
    return view.to_dict()


def note_sent_modal(*, lang: Lang, templates: Templates) -> dict[str, Any]:
    """What the handover-note modal turns into once the note is on its way."""
    w = templates.module(lang, "notices")
    return _done_modal(w.note_title, w.note_close, w.note_sent)


def profile_saved_modal(*, lang: Lang, templates: Templates) -> dict[str, Any]:
    """What the profile modal turns into once saved."""
    w = _words(templates, lang)
    return _done_modal(w.profile_title, w.profile_close, w.profile_saved)


def _done_modal(title: str, close: str, text: str) -> dict[str, Any]:
    blocks = [SectionBlock(text=text)]
    return View(
        type="modal", title=PlainTextObject(text=title), close=PlainTextObject(text=close), blocks=blocks
    ).to_dict()
