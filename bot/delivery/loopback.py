"""The one JSON-over-HTTP client of the app environment (the standard library's urllib): the
worker's calls to Rasa's HTTP API, to the Telegram channel's /send route and to the app server.

Errors are urllib's and json's (HTTPError, URLError, OSError, ValueError); each caller turns them
into its own answer.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any
from urllib.parse import urlsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# No ProxyHandler entries: a call to this machine never goes through http_proxy (it would hand
# the tokens and check-in texts to the proxy, which then connects to its own 127.0.0.1).
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def is_loopback(url: str) -> bool:
    """True for a URL on this machine."""
    host = urlsplit(url).hostname or ""
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def call_json(
    url: str,
    payload: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    timeout: float,
) -> Any:
    """GET `url` (POST `payload` as JSON when given) and return the decoded JSON answer."""
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    # Outward: an opener made now reads the proxy settings of now (urlopen's global opener keeps
    # whatever the environment held at its first use).
    opener = _DIRECT.open if is_loopback(url) else urllib.request.build_opener().open
    with opener(request, timeout=timeout) as response:
        return json.loads(response.read())
