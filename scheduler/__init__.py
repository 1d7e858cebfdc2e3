"""Time-based work: APScheduler ticks in memory, the outbox delivers what Bryggan owes Slack."""
