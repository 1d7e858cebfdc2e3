"""Tests of the Teams stand-in: its rules, its driver, and the Teams SDK against it."""
