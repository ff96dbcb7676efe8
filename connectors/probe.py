"""Rasa's readiness probe (a Kubernetes exec probe in the Rasa image; standard library only).

    python -m connectors.probe [--url http://127.0.0.1:5005]

Asks our web channel's /webhooks/web/ready (Rasa's own /status needs the HTTP API, which is off)
and passes only when a model is loaded. Liveness: GET / answers as long as Rasa's event loop runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

READY_PATH = "/webhooks/web/ready"


def model_loaded(url: str, timeout: float = 5.0) -> str | None:
    """None when Rasa at url has a model loaded; else the reason."""
    # Loopback: never through a proxy.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url.rstrip('/')}{READY_PATH}", timeout=timeout) as response:
            body = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code == 503:
            return "Rasa has no model loaded"
        return f"Rasa {READY_PATH} answered HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"Rasa {READY_PATH} not reachable ({type(exc).__name__})"
    if not isinstance(body, dict) or not body.get("model_loaded"):
        return "Rasa has no model loaded"
    return None


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when Rasa is ready."""
    parser = argparse.ArgumentParser(prog="python -m connectors.probe")
    port = os.environ.get("VPT_RASA_PORT", "5005")
    parser.add_argument("--url", default=f"http://127.0.0.1:{port}")
    args = parser.parse_args(argv)
    reason = model_loaded(args.url)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
