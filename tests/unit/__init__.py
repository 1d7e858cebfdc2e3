"""Unit tests: rules, parsing, wording and files, without Slack or a served app."""
