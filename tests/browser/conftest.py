"""The browser playground in Debian's Chromium, driven by Playwright (which cannot fetch its own browser
here). Skipped locally without chromium; in CI (`CI` set, .ci/run installs it) a missing browser fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.playground import Served, serving_playground
from bot.settings import load_settings

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots of each walkthrough, kept as test artefacts (gitignored).
SHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "playground"


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def playground() -> Iterator[Served]:
    """The playground served on a free port; the demo starts afresh in this test's folder (the cwd)."""
    with serving_playground(load_settings(env_file=None), port=0) as served:
        yield served


@pytest.fixture
def page(browser: object, playground: Served) -> Iterator[object]:
    """A laptop-sized page on the playground, Swedish first."""
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="sv-SE")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(playground.url)
    yield page
    context.close()


def shoot(page: object, name: str) -> Path:
    """Keep a screenshot of the page as a test artefact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path
