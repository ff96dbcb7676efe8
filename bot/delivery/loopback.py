"""The one JSON-over-HTTP client of the app environment (the standard library's urllib): the
worker's calls to Rasa's HTTP API, to the Telegram channel's /send route and to the app server.

Errors are urllib's and json's (HTTPError, URLError, OSError, ValueError); each caller turns them
into its own answer.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any


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
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())
