"""The Teams SDK's App with Bryggan's middleware and listeners on it.

`build(...)` makes the SDK App (handlers/teams/sdk.py: Bot Framework's JWT check on
`POST /api/messages`, settings from the environment) and attaches:

- a middleware remembering, from every activity, how to reach its tenant, sender and channel
  (addresses.py), and marking them uninstalled when the app is removed;
- on the app's install in a team, every channel of the team (Teams names none of them otherwise);
  on its install for a person, their home card in their 1:1 chat (home.py);
- on a message, its text as a command (commands.py), answered with an Adaptive Card (cards.py);
- on an invoke (a card's button, a dialog opened or submitted), the answer interactions.py gives.

The domain is synchronous (SQLAlchemy sessions): each call into it runs in a worker thread so the
SDK's event loop keeps taking other requests.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bot.services import Services
from handlers.messages import Reply
from handlers.teams import activities, answers, cards, home, pictures, sdk
from handlers.teams.addresses import Addresses
from handlers.teams.commands import Commands, TeamsAsker
from handlers.teams.interactions import Interactions

log = logging.getLogger("bryggan.handlers")


def build(
    services: Services,
    sessions: sessionmaker[Session],
    now: Callable[[], datetime],
    *,
    pause: answers.Pause = asyncio.sleep,
) -> Any:
    """The SDK App serving Bryggan in Teams (await `initialize()` or `start(port)` on it); `pause`
    waits out Teams' Retry-After before an answer is sent again (tests move their clock instead)."""
    app = sdk.make_app(services.settings)
    register(app, services, Addresses(sessions, now), pause=pause)
    return app


def register(
    app: Any, services: Services, addresses: Addresses, *, pause: answers.Pause = asyncio.sleep
) -> None:
    """Attach Bryggan's middleware and listeners to an SDK App."""
    # Every answer is worded for Teams: the same templates, with `platform` "teams" (no slash commands).
    services = dataclasses.replace(services, templates=services.templates.for_platform("teams"))
    commands = Commands(services, addresses)
    interactions = Interactions(services, addresses)

    @app.use
    async def remember_addresses(ctx: Any) -> None:
        wire = _wire(ctx.activity)
        found = activities.where(wire)
        if not activities.trusted(wire, found, services.settings.teams_tenant_id):
            # Answered 200 with nothing done: a forged sender must not act nor move anyone's address.
            log.warning("teams activity refused", extra={"channel": str(wire.get("channelId"))[:16]})
            return
        if found.user:
            installed = not activities.removes_bot(wire)
            people = activities.mentioned(wire)
            await asyncio.to_thread(addresses.seen, found, installed=installed, mentioned=people)
        await ctx.next()

    @app.on_install_add
    async def welcome(ctx: Any) -> None:
        found = activities.where(_wire(ctx.activity))
        if found.personal:
            await send_home(ctx, found)
        elif found.team:
            await remember_team_channels(ctx, found)

    async def send_home(ctx: Any, found: activities.Where) -> None:
        """The person's home card, as `hem` shows it, when they add Bryggan for themselves."""
        try:
            person = await asyncio.to_thread(lambda: TeamsAsker(services, addresses, found).person)
            reply = await asyncio.to_thread(home.answer, services, person, personal=True)
        except Exception as error:  # the install stands; `hem` shows the card later
            log.error("teams home card failed", extra={"error_type": type(error).__name__}, exc_info=error)
            return
        await _send(ctx, addresses, found, reply, {}, pause=pause)

    async def remember_team_channels(ctx: Any, found: activities.Where) -> None:
        try:
            channels = await ctx.api.teams.get_conversations(found.team)
        except httpx.HTTPError as error:  # the General channel is remembered already; the rest as they speak
            log.warning("team channels not listed", extra={"error_type": type(error).__name__})
            return
        await asyncio.to_thread(addresses.channels, found, [c.id for c in channels])

    @app.on_message
    async def answer_command(ctx: Any) -> None:
        wire = _wire(ctx.activity)
        found = activities.where(wire)
        reply = await asyncio.to_thread(commands.answer, found, activities.command_text(wire))
        await _send(ctx, addresses, found, reply, activities.mentioned(wire), pause=pause)

    @app.on_invoke
    async def answer_invoke(ctx: Any) -> dict[str, Any] | None:
        wire = _wire(ctx.activity)
        value = wire.get("value") if isinstance(wire.get("value"), dict) else {}
        found = activities.where(wire)
        return await asyncio.to_thread(interactions.answer, found, str(wire.get("name", "")), value)


async def _send(
    ctx: Any,
    addresses: Addresses,
    found: activities.Where,
    reply: Reply,
    typed: dict[str, str],
    *,
    pause: answers.Pause,
) -> None:
    """`reply` as an Adaptive Card in the activity's conversation, any charts following it."""
    names = await _names(ctx, addresses, found, cards.mentioned_ids(reply), typed)
    card = cards.to_card(reply, names)
    if card.dropped:
        log.info("card elements dropped", extra={"dropped": sorted(set(card.dropped))})
    parts = sdk.sdk()
    attachment = parts.Attachment(content_type=cards.CARD_CONTENT_TYPE, content=card.content)
    budget = answers.Budget()  # the card and its pictures share one: they are one answer
    first = parts.MessageActivityInput().add_attachments(attachment)
    if not await answers.send(ctx, first, pause=pause, budget=budget):
        return  # throttled past the budget: pictures without their card would say nothing
    for picture in pictures.following(reply):  # one a message: Teams' ~28 KB holds one chart
        image = parts.Attachment(
            content_type=pictures.IMAGE_CONTENT_TYPE, content_url=picture.data_url, name=picture.name
        )
        message = parts.MessageActivityInput(text=picture.caption).add_attachments(image)
        if not await answers.send(ctx, message, pause=pause, budget=budget):
            return


def _wire(activity: Any) -> dict[str, Any]:
    """The activity as Teams sent it (camelCase JSON)."""
    return activity.model_dump(by_alias=True, exclude_none=True, mode="json")


async def _names(
    ctx: Any, addresses: Addresses, where: activities.Where, ids: list[str], typed: dict[str, str]
) -> dict[str, Any]:
    """The Teams id and display name of each person the reply mentions: the sender's and those the
    message mentioned are on the activity; anyone else by the name Bryggan kept (as the outbox names
    them: a contact need not be in the asker's chat), and only then asked of this conversation's roster."""
    names: dict[str, cards.Named] = {}
    known = {**typed, where.user: where.user_name}
    kept = await asyncio.to_thread(addresses.people, where.team_id, ids)
    conversation = where.channel or where.conversation
    for internal in ids:
        if internal in kept:
            teams_id = kept[internal].teams_id
            names[internal] = cards.Named(known.get(teams_id) or kept[internal].name, teams_id)
            continue
        teams_id = await asyncio.to_thread(addresses.teams_id, where.team_id, internal)
        if teams_id is None:
            continue
        if known.get(teams_id):
            names[internal] = cards.Named(known[teams_id], teams_id)
            continue
        try:
            member = await ctx.api.conversations.get_member_by_id(conversation, teams_id)
        except httpx.HTTPError:  # unnamed and not in this conversation: shown by id, without a mention
            continue
        names[internal] = cards.Named(member.name or "", teams_id)
    return names
