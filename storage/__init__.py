"""Persistence: typed SQLAlchemy models, query functions per noun (flush, never commit), migrations."""
