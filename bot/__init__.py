"""Bryggan's composition root, settings and CLI, and its Slack-free domain rules and services."""
