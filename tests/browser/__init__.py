"""Browser tests: the playground page and Block Kit as a browser draws them (Chromium through Playwright)."""
