"""What one run of the dispatcher did, counted by outcome."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class DispatchReport:
    """What one run did, by outcome (`late` counts sent or reconciled rows that came late)."""

    sent: int = 0
    retried: int = 0
    reconciled: int = 0
    dead: int = 0
    expired: int = 0
    missed: int = 0
    late: int = 0
    waiting: int = 0  # put back unattempted: a thread parent not sent yet, or the workspace backed off
    lost: int = 0  # rows whose lease another dispatcher took over

    def add(self, outcome: str, late: bool) -> None:
        """Count one row's outcome."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.late += late

    def as_dict(self) -> dict[str, int]:
        """The non-zero counts, for logs."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
