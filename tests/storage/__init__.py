"""Storage tests: query functions, the contact card's one-row read, migrations and the installation store."""
