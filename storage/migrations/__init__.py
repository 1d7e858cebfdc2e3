"""Alembic migrations, run by storage.migrate; one file per schema revision in versions/."""
