"""Stopping a waitress server from another thread: the answer under way is finished, nothing new is
taken, and every thread the server started has ended (none left holding the app)."""

from __future__ import annotations

import gc
import http.client
import logging
import os
import signal
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from waitress.server import create_server

from bot.app import build
from bot.clock import FakeClock
from bot.settings import Settings
from bot.stopping import on_sigterm, stop_http

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _slow_app(started: threading.Event, release: threading.Event) -> Wsgi:
    def app(_environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started.set()
        release.wait(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"x" * 100_000]  # larger than one socket write: the loop must write it out

    return app


def _get(port: int, answers: list[tuple[int, int]]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    answers.append((response.status, len(response.read())))


def test_the_answer_under_way_is_finished_then_every_thread_ends(caplog: pytest.LogCaptureFixture) -> None:
    started, release = threading.Event(), threading.Event()
    server = create_server(_slow_app(started, release), host="127.0.0.1", port=0, threads=4)
    port = server.effective_port
    loop = threading.Thread(target=server.run)
    loop.start()
    answers: list[tuple[int, int]] = []
    client = threading.Thread(target=_get, args=(port, answers))
    client.start()
    assert started.wait(5)
    stopping = threading.Thread(target=stop_http, args=(server,))
    stopping.start()
    release.set()
    stopping.join(10)
    client.join(10)
    loop.join(10)
    assert answers == [(200, 100_000)]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not loop.is_alive()  # server.run() returned
    assert server.task_dispatcher.threads == set()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_a_served_bryggan_leaves_no_thread_behind_and_is_freed(settings: Settings, clock: FakeClock) -> None:
    before = set(threading.enumerate())
    app = build(settings, clock=clock, run_migrations=False)
    with app.serving() as url:
        connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
    app.close()
    assert set(threading.enumerate()) - before == set()
    bolt = weakref.ref(app.slack_app())
    del app
    gc.collect()
    assert bolt() is None  # its workers held it (and its engine) for the rest of the process


def test_sigterm_asks_to_stop_once_however_often_it_comes() -> None:
    asked: list[int] = []
    before = signal.getsignal(signal.SIGTERM)
    try:
        on_sigterm(lambda: asked.append(1))
        assert signal.getsignal(signal.SIGTERM) is not before  # else the signal would end the test run
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)  # an impatient operator: the stop under way goes on
        time.sleep(0.01)  # Python runs the handler at the next instruction of the main thread
    finally:
        signal.signal(signal.SIGTERM, before)
    assert asked == [1]
