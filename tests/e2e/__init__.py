"""End-to-end tests: the app from `build(...)`, driven over signed HTTP or Socket Mode by the stand-in."""
