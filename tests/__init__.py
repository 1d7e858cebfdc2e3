"""Bryggan's tests: unit, storage, end-to-end through the stand-in, scheduler, privacy, interop, browser."""
