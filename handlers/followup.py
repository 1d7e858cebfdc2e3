"""`/uppföljning [HT2026]`: the term's figures for administrators (and contacts, their own schools)."""

from __future__ import annotations

import functools
import json
import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
)

from bot.actors import Actor
from bot.followup import Published, Report, files
from bot.services import Services
from handlers import errors, messages
from handlers.ids import Action, Command
from handlers.messages import Reply
from handlers.people import Person
from handlers.replies import Later
from handlers.requests import Asker
from templates import Lang, Templates

if TYPE_CHECKING:
    from bot.followup.charts import Chart

log = logging.getLogger("bryggan.handlers")
PAGE_SIZE = 15  # schools a page: well inside Slack's 50 blocks and 3,000 characters a section


def register(app: App, services: Services, later: Later) -> None:
    """Attach /uppföljning and its page buttons to `app`."""
    guarded = errors.guard(services)

    @app.command(Command.UPPFOLJNING)
    @app.command(Command.FOLLOWUP)
    @guarded
    def followup(ack: Ack, command: dict, respond: Respond, client: WebClient, asker: Asker) -> None:
        ack()  # the charts take a second or two: they and the figures follow through response_url
        later(functools.partial(send_figures, command=command, respond=respond, client=client, asker=asker))

    @guarded
    def send_figures(command: dict, respond: Respond, client: WebClient, asker: Asker) -> None:
        person = asker.person
        report = figures(services, person.actor, command.get("text", ""))
        try:  # the charts first (a second or two), then the figures, so the answer arrives complete
            _upload_charts(client, person.actor.user_id, report, person.lang, services.templates)
        except Exception as exc:  # the charts are a nicety: their failure must not hide the figures
            log.warning("charts not uploaded", extra={"error_type": type(exc).__name__})
        respond(**page(report, 1, lang=person.lang, templates=services.templates))

    @app.action(re.compile(f"^{Action.FOLLOWUP_PAGE}:"))
    @guarded
    def turn_page(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        reply = turn(services, asker.person, json.loads(action["value"]))
        respond(replace_original=True, **reply.as_kwargs())


def turn(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """A page button: that page of the term's figures, as the clicker may see them (Slack and Teams)."""
    report = figures(services, person.actor, value["term"])
    return page_reply(report, int(value["page"]), lang=person.lang, templates=services.templates)


def figures(services: Services, actor: Actor, typed: str) -> Report:
    """The term `typed` (empty: the current one) as `actor` may see it; refused for anyone else."""
    term = services.followup.term(actor.team_id, typed.strip() or None)
    return services.followup.for_actor(actor, term)


def page(report: Report, number: int, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The key figures and one page of the per-school table, with buttons to turn pages."""
    return page_reply(report, number, lang=lang, templates=templates).as_kwargs()


def page_reply(report: Report, number: int, *, lang: Lang, templates: Templates) -> Reply:
    """One page as a Reply, with buttons to the pages beside it."""
    w = templates.module(lang, "followup")
    pages = pages_of(report)
    number = min(max(1, number), pages)
    shown = report.schools[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    published = Published(report)
    lines = [str(w.school_line(s, published.school(s))) for s in shown]
    body = "\n".join([str(w.key_figures(report, published.municipality)), "", *lines])
    reply = messages.text(body)
    blocks: list[Block] = [
        *reply.blocks,
        ContextBlock(elements=[MarkdownTextObject(text=str(w.page_footer(number, pages)))]),
    ]
    turns = [
        _button(label, report.term.name, target)
        for label, target in ((w.previous_label, number - 1), (w.next_label, number + 1))
        if 1 <= target <= pages
    ]
    if turns:
        blocks.append(ActionsBlock(elements=turns))
    return Reply(reply.text, blocks)


def pages_of(report: Report) -> int:
    """How many pages the per-school table takes."""
    return max(1, -(-len(report.schools) // PAGE_SIZE))


def charts(report: Report, *, lang: Lang, templates: Templates, max_rows: int | None = None) -> list[Chart]:
    """The term's four charts in the asker's words (a second or two of drawing); `max_rows` schools
    a chart at most, else the charts' own limit."""
    from bot.followup.charts import MAX_ROWS, render_charts

    return render_charts(report, files.chart_words(templates, lang), max_rows=max_rows or MAX_ROWS)


def _button(label: str, term: str, target: int) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=label),
        action_id=f"{Action.FOLLOWUP_PAGE}:{target}",
        value=json.dumps({"term": term, "page": target}),
    )


def _upload_charts(client: WebClient, user_id: str, report: Report, lang: Lang, templates: Templates) -> None:
    # Charts go to the asker's DM, not the channel: a school channel must not see other schools' figures.
    drawn = charts(report, lang=lang, templates=templates)
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel,
        initial_comment=str(templates.module(lang, "followup").charts_comment(report.term.name)),
        file_uploads=[{"content": c.png, "filename": c.name, "title": c.title} for c in drawn],
    )
