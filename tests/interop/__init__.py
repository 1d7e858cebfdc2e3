"""Interop tests: Bryggan's outputs read by other projects' readers (calendar files, Python and JS)."""
