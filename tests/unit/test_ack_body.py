"""A reply in the ack body is byte for byte what Bolt's own `ack(text=…, blocks=…)` answers."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from handlers import replies
from handlers.messages import Reply, text


def _both(reply: Reply) -> tuple[Ack, Ack]:
    bolt, ours = Ack(), Ack()
    bolt(**reply.as_kwargs())
    replies.send(ours, None, reply)
    return bolt, ours


def test_a_reply_with_blocks_is_answered_as_bolt_answers_it_every_time() -> None:
    reply = Reply(
        "Kontaktperson för Åbyskolan",
        [
            HeaderBlock(text="Er kontakt på socialtjänsten"),
            SectionBlock(text='*Åbyskolan*: er kontaktperson är <@U0SARA001> & "ingen" annan'),
            ContextBlock(elements=[MarkdownTextObject(text="Nås mån–fre 8–16")]),
        ],
    )
    for _ in range(2):  # the second answer comes from the kept encoding
        bolt, ours = _both(reply)
        assert bolt.response is not None
        assert ours.response is not None
        assert (ours.response.status, ours.response.body, ours.response.headers) == (
            bolt.response.status,
            bolt.response.body,
            bolt.response.headers,
        )
        assert "application/json" in ours.response.headers["content-type"][0]


def test_a_text_reply_and_one_without_blocks_are_answered_as_bolt_answers_them() -> None:
    for reply in (text("Kanalen är inte kopplad."), Reply("Kanalen är inte kopplad.", [])):
        bolt, ours = _both(reply)
        assert bolt.response is not None
        assert ours.response is not None
        assert (ours.response.body, ours.response.headers) == (bolt.response.body, bolt.response.headers)
