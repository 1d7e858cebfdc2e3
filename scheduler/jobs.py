"""The periodic jobs, thin like handlers: each calls one use case."""

from __future__ import annotations

from datetime import timedelta

from bot.services import Services
from scheduler.outbox import Dispatcher
from scheduler.runner import Ticker

# Often enough that an announcement follows its command within seconds; each run is one cheap query.
DISPATCH_EVERY = timedelta(seconds=2)
# Changes made through /eht sync at once; this catches new contacts, absences and the moving horizon.
MATERIALISE_EVERY = timedelta(minutes=5)


def register(ticker: Ticker, services: Services, dispatcher: Dispatcher) -> None:
    """Register every periodic job on `ticker`."""
    ticker.every(DISPATCH_EVERY, dispatcher.drain, name="dispatch_outbox")
    # The digest checks often and queues once a week (its outbox key is per ISO week and admin).
    ticker.every(
        timedelta(minutes=10), services.contacts.overviews.queue_weekly_digest, name="queue_weekly_digest"
    )
    ticker.every(
        timedelta(minutes=10),
        services.consultations.upkeep.queue_ack_reminders,
        name="queue_consultation_reminders",
    )
    # Replicas may all run it: the outbox keys make the rows single (see bot/meetings/reminders.py).
    ticker.every(
        MATERIALISE_EVERY, services.meetings.reminders.materialise, name="materialise_meeting_reminders"
    )
    # The end-of-term report checks often and queues once a term (its outbox key is per term).
    ticker.every(timedelta(minutes=10), services.followup.queue_term_report, name="queue_term_report")
    ticker.every(
        timedelta(hours=1), services.consultations.upkeep.delete_expired_texts, name="delete_expired_texts"
    )
    ticker.every(timedelta(hours=1), services.deliveries.forget_old, name="forget_old_event_ids")
    ticker.every(timedelta(hours=6), dispatcher.forget_delivered_args, name="forget_delivered_args")
