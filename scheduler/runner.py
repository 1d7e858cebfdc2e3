"""APScheduler as an in-memory ticker only: durable work lives in the database (see DESIGN.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("bryggan.scheduler")


class Ticker:
    """A background scheduler whose jobs never overlap themselves and never pile up after a pause."""

    def __init__(self) -> None:
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
        )

    def every(self, interval: timedelta, job: Callable[[], object], *, name: str) -> None:
        """Run `job` every `interval`, first one interval after start."""
        self._scheduler.add_job(_logged(job, name), "interval", seconds=interval.total_seconds(), id=name)

    @property
    def job_names(self) -> list[str]:
        """The names of the registered jobs."""
        return [job.id for job in self._scheduler.get_jobs()]

    def start(self) -> None:
        """Start ticking in a daemon thread."""
        self._scheduler.start()

    def shutdown(self) -> None:
        """Stop ticking; running jobs are allowed to finish."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)


def _logged(job: Callable[[], object], name: str) -> Callable[[], None]:
    def run() -> None:
        try:
            result = job()
        except Exception:
            log.exception("job failed", extra={"job": name})
            return
        if result:  # quiet when there was nothing to do: the outbox job runs every 2 s
            log.info("job done", extra={"job": name, "result": str(result)})

    return run
