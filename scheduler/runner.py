"""APScheduler as an in-memory ticker only: durable work lives in the database (docs/decisions.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("bryggan.scheduler")


class Ticker:
    """A background scheduler whose jobs never overlap themselves and never pile up after a pause."""

    def __init__(self, on_run: Callable[[str, bool], object] = lambda _name, _ok: None) -> None:
        self._on_run = on_run  # the metrics: each run of a job, and whether it raised
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
        )

    def every(self, interval: timedelta, job: Callable[[], object], *, name: str) -> None:
        """Run `job` every `interval`, first one interval after start."""
        self._scheduler.add_job(
            _logged(job, name, self._on_run), "interval", seconds=interval.total_seconds(), id=name
        )

    def start(self) -> None:
        """Start ticking in a daemon thread."""
        self._scheduler.start()

    def shutdown(self) -> None:
        """Stop ticking; running jobs are allowed to finish."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)


def _logged(
    job: Callable[[], object], name: str, on_run: Callable[[str, bool], object]
) -> Callable[[], None]:
    def run() -> None:
        try:
            result = job()
        except Exception:
            log.exception("job failed", extra={"job": name})
            on_run(name, False)
            return
        on_run(name, True)
        if result:  # quiet when there was nothing to do: the outbox job runs every 2 s
            log.info("job done", extra={"job": name, "result": str(result)})

    return run
