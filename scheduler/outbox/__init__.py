"""Delivers the outbox: each owed message once, across restarts and replicas (see docs/decisions.md).

The claims, leases, back-offs and marks are one logic for every platform; the calls to Slack or Teams
are a `Transport` each (scheduler/transport.py, scheduler/teams_transport.py), chosen by the row's
`platform`.

The package: `dispatcher` (claiming a batch and each row's attempt), `leases` (renewing the batch's
leases only when they run short), `marks` (writing a row's outcome while its lease is still held, and
marking accepted rows sent together), `failures` (retries, back-offs, dead rows and the
administrators' notices) and `report` (a run's counts).
"""

from scheduler.outbox.dispatcher import KEEP_DELIVERED_ARGS, Dispatcher, Render
from scheduler.outbox.failures import FAILURE_TEMPLATE, MAX_ATTEMPTS
from scheduler.outbox.report import DispatchReport
from scheduler.reconcile import EVENT_TYPE
from scheduler.transport import Rendered

__all__ = [
    "EVENT_TYPE",
    "FAILURE_TEMPLATE",
    "KEEP_DELIVERED_ARGS",
    "MAX_ATTEMPTS",
    "DispatchReport",
    "Dispatcher",
    "Render",
    "Rendered",
]
