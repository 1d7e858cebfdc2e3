"""Modal stacks and the Home tab as Slack keeps them; interactions inside views."""

from __future__ import annotations

from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import Driver, LocalSlack, SlackFault, Workspace


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def simple_modal(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": name,
        "title": plain(name),
        "blocks": [{"type": "divider"}],
        **extra,
    }


def trigger(slack: LocalSlack, user: str = "U01") -> str:
    return slack.grants.issue_trigger("T01", user)


def test_push_stack_is_at_most_three(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    client.views_open(trigger_id=trigger(slack), view=simple_modal("ett"))
    client.views_push(trigger_id=trigger(slack), view=simple_modal("två"))
    client.views_push(trigger_id=trigger(slack), view=simple_modal("tre"))
    with pytest.raises(SlackApiError, match="push_limit_reached"):
        client.views_push(trigger_id=trigger(slack), view=simple_modal("fyra"))
    stack = ws.views_of("U01")
    assert [v["callback_id"] for v in stack] == ["ett", "två", "tre"]
    assert stack[2]["previous_view_id"] == stack[1]["id"]
    assert stack[2]["root_view_id"] == stack[0]["id"]


def test_update_by_id_or_external_id_with_hash(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    opened = client.views_open(trigger_id=trigger(slack), view=simple_modal("ett", external_id="k-7"))["view"]
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_update(view_id=opened["id"], hash="stale", view=simple_modal("två"))
    updated = client.views_update(
        view_id=opened["id"], hash=opened["hash"], view=simple_modal("två", external_id="k-7")
    )["view"]
    assert updated["id"] == opened["id"]
    client.views_update(external_id="k-7", view=simple_modal("tre", external_id="k-7"))
    assert [v["callback_id"] for v in ws.views_of("U01")] == ["tre"]
    with pytest.raises(SlackApiError, match="not_found"):
        client.views_update(view_id="V404", view=simple_modal("x"))


def test_home_publish_replaces_and_refuses_modals(client: WebClient, ws: Workspace) -> None:
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    first = client.views_publish(user_id="U01", view=home)["view"]
    again = client.views_publish(user_id="U01", view=home)["view"]
    assert first["id"] == again["id"]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_publish(user_id="U01", view=simple_modal("x"))
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.views_publish(user_id="U99", view=home)


def test_action_inside_a_modal_carries_view_state(
    slack: LocalSlack, bolt_app: App, driver: Driver, client: WebClient
) -> None:
    seen: list[dict[str, Any]] = []

    @bolt_app.action("grade")
    def grade(ack: Ack, body: dict[str, Any]) -> None:
        seen.append(body)
        ack()

    options = [{"text": plain(f"Åk {i}"), "value": str(i)} for i in (7, 8, 9)]
    select = {"type": "static_select", "action_id": "grade", "options": options}
    view = {
        "type": "modal",
        "callback_id": "consult",
        "title": plain("Konsultation"),
        "submit": plain("Skicka"),
        "blocks": [
            {
                "type": "input",
                "block_id": "g",
                "dispatch_action": True,
                "label": plain("Årskurs"),
                "element": select,
            }
        ],
    }
    opened = client.views_open(trigger_id=trigger(slack), view=view)["view"]
    driver.block_action(
        user="U01", action_id="grade", value="8", state_values={"g": {"grade": {"value": "8"}}}
    )
    body = seen[0]
    assert body["container"] == {"type": "view", "view_id": opened["id"]}
    assert body["actions"][0]["selected_option"]["value"] == "8"
    assert body["view"]["state"]["values"]["g"]["grade"]["selected_option"]["value"] == "8"
    assert "response_url" not in body
    with pytest.raises(SlackFault, match="no option"):
        driver.block_action(user="U01", action_id="grade", value="10")


def test_view_closed_only_when_notify_on_close(
    slack: LocalSlack, bolt_app: App, driver: Driver, client: WebClient, ws: Workspace
) -> None:
    closed: list[dict[str, Any]] = []

    @bolt_app.view_closed("told")
    def on_close(ack: Ack, body: dict[str, Any]) -> None:
        closed.append(body)
        ack()

    client.views_open(trigger_id=trigger(slack), view=simple_modal("silent"))
    assert driver.view_closed("U01") is None
    client.views_open(trigger_id=trigger(slack), view=simple_modal("told", notify_on_close=True))
    result = driver.view_closed("U01")
    assert result is not None
    assert result.status == 200
    assert closed[0]["type"] == "view_closed"
    assert ws.views_of("U01") == []
    with pytest.raises(SlackFault):
        driver.view_closed("U01")


def test_invalid_ack_bodies_are_faults(bolt_app: App, driver: Driver) -> None:
    @bolt_app.command("/trasig")
    def broken(ack: Ack) -> None:
        ack(blocks=[{"type": "header", "text": plain("x" * 151)}])

    with pytest.raises(SlackFault, match="invalid_blocks"):
        driver.command(user="U01", channel="C01", command="/trasig")


def test_ephemeral_message_action_replaces_the_ephemeral(
    bolt_app: App, driver: Driver, client: WebClient, ws: Workspace
) -> None:
    @bolt_app.action("ok")
    def ok(ack: Ack, respond: Any) -> None:
        ack()
        respond(replace_original=True, text="Klart")

    button = {"type": "button", "action_id": "ok", "text": plain("OK")}
    client.chat_postEphemeral(
        channel="C01", user="U01", text="Bekräfta", blocks=[{"type": "actions", "elements": [button]}]
    )
    (ephemeral,) = ws.ephemerals_to("U01")
    with pytest.raises(SlackFault, match="someone else's"):
        driver.block_action(user="U02", action_id="ok", message=ephemeral)
    driver.block_action(user="U01", action_id="ok", message=ephemeral)
    ws.wait_for(lambda w: w.ephemerals_to("U01")[0].text == "Klart")
    assert ws.messages_in("C01") == []


def test_users_type_only_where_they_are_members(driver: Driver) -> None:
    with pytest.raises(SlackFault, match="cannot type"):
        driver.command(user="U02", channel="C02", command="/kontakt")  # U02 is not in C02
    with pytest.raises(SlackFault, match="cannot type"):
        driver.command(user="U01", channel="C03", command="/kontakt")  # archived
    with pytest.raises(SlackFault, match="not an active member"):
        driver.command(user="U03", channel="C01", command="/kontakt")  # deactivated
