"""Slack replies as Adaptive Cards for Teams: each block's translation, escaping, the stand-in's rules."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    ImageBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from handlers.contacts import TABLE
from handlers.messages import Reply, text
from handlers.teams.cards import MAX_ACTIONS, Named, escape, mentioned_ids, to_card
from localteams.cards import check_card
from localteams.messages import check_activity
from templates import Templates

SARA = "MU" + "A" * 24
SARA_NAMED = Named("Sara Socialsekreterare", "29:sara")


def _renders(content: dict[str, Any]) -> None:
    assert check_card(content) == []
    check_activity(
        {
            "type": "message",
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": content}],
        }
    )


def _button(n: int) -> ButtonElement:
    return ButtonElement(text=f"Knapp {n}", action_id=f"act:{n}", value=json.dumps({"n": n}))


def test_each_block_kind_has_its_element() -> None:
    reply = Reply(
        "reserv",
        [
            HeaderBlock(text="Kontaktperson"),
            SectionBlock(text="*Berzeliusskolan*: er kontaktperson", accessory=_button(0)),
            DividerBlock(),
            ContextBlock(elements=[MarkdownTextObject(text="Socialsekreterare · 070-123")]),
            ImageBlock(image_url="https://example.se/a.png", alt_text="diagram"),
        ],
    )
    card = to_card(reply)
    body = card.content["body"]
    assert card.content["version"] == "1.5"
    assert body[0] == {
        "type": "TextBlock",
        "text": "Kontaktperson",
        "wrap": True,
        "weight": "Bolder",
        "size": "Large",
    }
    assert body[1]["text"] == "**Berzeliusskolan**: er kontaktperson"
    assert body[2]["actions"] == [
        {"type": "Action.Execute", "title": "Knapp 0", "verb": "act:0", "data": {"value": '{"n": 0}'}}
    ]
    assert body[3] == {
        "type": "TextBlock",
        "text": "Socialsekreterare · 070-123",
        "wrap": True,
        "size": "Small",
        "isSubtle": True,
        "separator": True,
    }
    assert body[4] == {"type": "Image", "url": "https://example.se/a.png", "altText": "diagram"}
    assert card.dropped == []
    _renders(card.content)


def test_many_buttons_become_action_sets_of_six_and_a_select_is_dropped_and_named() -> None:
    select = StaticSelectElement(action_id="pick", options=[Option(text="a", value="a")])
    reply = Reply("val", [ActionsBlock(elements=[*(_button(n) for n in range(8)), select])])
    card = to_card(reply)
    sets = [element["actions"] for element in card.content["body"]]
    assert [len(actions) for actions in sets] == [MAX_ACTIONS, 2]
    assert card.dropped == ["static_select"]
    _renders(card.content)


def test_a_styled_and_a_link_button() -> None:
    danger = ButtonElement(text="Ta bort", action_id="rm", value="1", style="danger")
    link = ButtonElement(text="Öppna", action_id="open", url="https://example.se/rapport")
    card = to_card(Reply("x", [ActionsBlock(elements=[danger, link])]))
    assert card.content["body"][0]["actions"] == [
        {
            "type": "Action.Execute",
            "title": "Ta bort",
            "verb": "rm",
            "data": {"value": "1"},
            "style": "destructive",
        },
        {"type": "Action.OpenUrl", "title": "Öppna", "url": "https://example.se/rapport"},
    ]
    _renders(card.content)


def test_links_and_code_and_a_trailing_divider() -> None:
    reply = Reply(
        "x",
        [SectionBlock(text="Se <https://example.se/a_b|rapporten> och `/kontakt koppla`"), DividerBlock()],
    )
    body = to_card(reply).content["body"]
    assert body == [
        {
            "type": "TextBlock",
            "text": "Se [rapporten](https://example.se/a_b) och `/kontakt koppla`",
            "wrap": True,
        }
    ]


def test_a_mention_with_a_known_teams_person_carries_its_entity() -> None:
    reply = text(f"*Berzeliusskolan*: er kontaktperson är <@{SARA}>.")
    assert mentioned_ids(reply) == [SARA]
    card = to_card(reply, {SARA: SARA_NAMED})
    assert (
        card.content["body"][0]["text"]
        == "**Berzeliusskolan**: er kontaktperson är <at>Sara Socialsekreterare</at>."
    )
    assert card.content["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Sara Socialsekreterare</at>",
            "mentioned": {"id": "29:sara", "name": "Sara Socialsekreterare"},
        }
    ]
    _renders(card.content)


def test_an_unknown_person_is_named_as_text_without_an_entity() -> None:
    card = to_card(text(f"er kontaktperson är <@{SARA}>"))
    assert card.content["body"][0]["text"] == f"er kontaktperson är @{SARA}"
    assert "entities" not in card.content["msteams"]


def test_user_text_cannot_inject_links_mentions_or_formatting() -> None:
    # What the templates hand over: the user's text escaped for Slack (&, <, > only).
    hostile = "[klicka](https://evil.example) <at>Sara Socialsekreterare</at> **fet** <!channel> &amp; _x_"
    escaped = hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    card = to_card(text(f"*{escaped}* har ingen kontaktperson (<@{SARA}>)"), {SARA: SARA_NAMED})
    shown = card.content["body"][0]["text"]
    assert "[klicka](" not in shown
    assert "\\[klicka\\]\\(https://evil.example\\)" in shown
    assert "\\<at\\>Sara Socialsekreterare\\</at\\>" in shown
    assert shown.count("<at>") == 1  # only the real mention, which has its entity
    assert "\\*\\*fet\\*\\*" in shown
    assert "\\&amp;" in shown  # the user typed "&amp;": shown as typed
    assert len(card.content["msteams"]["entities"]) == 1


def test_a_mention_name_cannot_break_out_of_its_tag() -> None:
    card = to_card(text(f"<@{SARA}>"), {SARA: Named("Eva</at><at>Sara", "29:eva")})
    assert card.content["body"][0]["text"] == "<at>Eva/atatSara</at>"


def test_a_code_span_with_angle_brackets_is_plain_escaped_text() -> None:
    card = to_card(text("skriv `/kontakt koppla &lt;skolans namn&gt;`"))
    assert card.content["body"][0]["text"] == "skriv /kontakt koppla \\<skolans namn\\>"


def test_a_reply_without_blocks_shows_its_text() -> None:
    card = to_card(Reply("Bara *text*", []))
    assert card.content["body"] == [{"type": "TextBlock", "text": "Bara **text**", "wrap": True}]
    _renders(card.content)


def test_escape_leaves_ordinary_swedish_alone() -> None:
    assert (
        escape("Åsa är borta 1/12–5/12, nås på 070-123 45 67.")
        == "Åsa är borta 1/12–5/12, nås på 070-123 45 67."
    )


def test_the_kontakt_help_renders_in_both_languages() -> None:
    templates = Templates()
    for lang in ("sv", "en"):
        card = to_card(TABLE.help(lang=lang, templates=templates, unknown="blä"))
        assert card.dropped == []
        _renders(card.content)


def test_a_button_opening_a_form_or_asking_first_fetches_a_dialog_and_the_others_execute() -> None:
    opens = ButtonElement(text="Svara", action_id="konsultation_reply_open:7", value='{"id": 7}')
    asks = ButtonElement(
        text="Ta bort",
        action_id="konsultation_purge:7",
        value='{"id": 7}',
        style="danger",
        confirm=ConfirmObject(title="Ta bort?", text="Det går inte att ångra.", confirm="Ja", deny="Nej"),
    )
    acts = ButtonElement(text="Ta emot", action_id="konsultation_ack:7", value='{"id": 7}')
    actions = to_card(Reply("x", [ActionsBlock(elements=[opens, asks, acts])])).content["body"][0]["actions"]
    fetch = {"type": "task/fetch"}
    assert actions == [
        {
            "type": "Action.Submit",
            "title": "Svara",
            "data": {"msteams": fetch, "verb": "konsultation_reply_open:7", "value": '{"id": 7}'},
        },
        {
            "type": "Action.Submit",
            "title": "Ta bort",
            "data": {
                "msteams": fetch,
                "verb": "konsultation_purge:7",
                "value": '{"id": 7}',
                "confirm": {"title": "Ta bort?", "text": "Det går inte att ångra.", "confirm": "Ja"},
            },
            "style": "destructive",
        },
        {
            "type": "Action.Execute",
            "title": "Ta emot",
            "verb": "konsultation_ack:7",
            "data": {"value": '{"id": 7}'},
        },
    ]
