"""The user's browser during an install: follows the app's install link through Slack's consent page
and back to the app's Redirect URL, keeping cookies (Bolt checks its state cookie) as a browser does."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_REDIRECTS = 5


@dataclass
class Page:
    """Where the browser ended: the last response, and every URL it visited on the way."""

    status: int
    body: str
    url: str
    visited: list[str] = field(default_factory=list)


class _LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Browsers treat http://127.0.0.1 and http://localhost as secure, so a `Secure` cookie (Bolt's
    OAuth state cookie) comes back over plain HTTP on loopback, as in a developer's browser."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        host = urlsplit(request.get_full_url()).hostname
        return host in ("127.0.0.1", "localhost", "::1") or super().return_ok_secure(cookie, request)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the browser below follows redirects itself, to act on Slack's consent page


class Browser:
    """One person's browser: a cookie jar and redirects followed by hand."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar(policy=_LoopbackIsSecure())
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def install(self, install_url: str, *, consent_url: str, team_id: str, user_id: str) -> Page:
        """Open the app's install link; on Slack's consent page (`consent_url`) pick `team_id` and let
        `user_id` click "Allow"; follow redirects back to the app and return its final page."""
        url, visited = install_url, []
        for _ in range(MAX_REDIRECTS):
            if url.startswith(consent_url):
                url = _with_query(url, team=team_id, user=user_id)
            visited.append(url)
            status, body, location = self._get(url)
            if status not in (301, 302, 303, 307) or not location:
                return Page(status, body, url, visited)
            url = location
        raise AssertionError(f"more than {MAX_REDIRECTS} redirects: {visited}")

    def _get(self, url: str) -> tuple[int, str, str | None]:
        try:
            with self._opener.open(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace"), None
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace"), e.headers.get("Location")


def _with_query(url: str, **extra: str) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *extra.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))
