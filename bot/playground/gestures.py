"""A person's gestures on the page, each sent through the stand-in's driver exactly as Slack sends it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.console import COMMANDS, Demo
from localslack import SlackFault

_DELIVERY_SECONDS = 0.5  # how often owed messages (DMs, announcements) go out, as the ticker would


class Gestures:
    """One gesture at a time, as one person at one keyboard; owed messages are delivered in between."""

    def __init__(self, running: Demo) -> None:
        self._running = running
        self._driver = running.driver
        self._ws = running.workspace
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._table: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "command": self._command,
            "action": self._action,
            "submit": self._submit,
            "close": self._close,
            "home": self._home,
            "forward": self._forward,
        }

    def perform(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Do the gesture `name`; SlackFault when Slack's client would not allow it."""
        gesture = self._table.get(name)
        if gesture is None:
            raise KeyError(name)
        with self._lock:
            answer = gesture(body)
            self._deliver()
        return answer

    def deliver_in_background(self) -> threading.Thread:
        """Deliver owed messages every half second until `stop`, as Bryggan's ticker does."""
        thread = threading.Thread(target=self._deliver_loop, name="playground-delivery", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """End the delivery loop."""
        self._stopping.set()

    def _deliver_loop(self) -> None:
        while not self._stopping.wait(_DELIVERY_SECONDS):
            with self._lock:
                self._deliver()

    def _deliver(self) -> None:
        self._running.bryggan.dispatcher.run_once()

    def _command(self, body: dict[str, Any]) -> dict[str, Any]:
        command, text = str(body["command"]).strip(), str(body.get("text", ""))
        if command.casefold() not in COMMANDS:  # Slack answers itself; the app never hears of it
            return {"unknown": command}
        result = self._driver.command(user=body["user"], channel=body["channel"], command=command, text=text)
        return {"status": result.status}

    def _action(self, body: dict[str, Any]) -> dict[str, Any]:
        user = body["user"]
        common = {"user": user, "action_id": body["action_id"], "value": body.get("value")}
        if body.get("view_id"):
            result = self._driver.block_action(
                **common,
                block_id=body.get("block_id"),
                view={"id": body["view_id"]},
                state_values=body.get("values") or None,
            )
        else:
            message = self._ws.find(body["channel"], body["ts"], user if body.get("ephemeral") else None)
            if message is None:
                raise SlackFault("the message is gone")
            result = self._driver.block_action(**common, block_id=body.get("block_id"), message=message)
        return {"status": result.status}

    def _submit(self, body: dict[str, Any]) -> dict[str, Any]:
        result = self._driver.view_submission(user=body["user"], values=body.get("values") or None)
        return {"status": result.status, "errors": self._ws.modal_errors_of(body["user"])}

    def _close(self, body: dict[str, Any]) -> dict[str, Any]:
        self._driver.view_closed(user=body["user"])
        return {"status": 200}

    def _home(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"status": self._driver.app_home_opened(user=body["user"]).status}

    def _forward(self, body: dict[str, Any]) -> dict[str, Any]:
        minutes = int(body["minutes"])
        if not 1 <= minutes <= 366 * 24 * 60:
            raise ValueError("minutes out of range")
        return {"now": self._running.forward(timedelta(minutes=minutes))}
