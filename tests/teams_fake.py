"""A fake of Microsoft's side of a Teams bot (aiohttp, loopback), for the channel's real code.

One server plays four roles, so the channel runs with only its URLs changed:
- the Bot Framework OpenID metadata and keys (GET /v1/.well-known/openidconfiguration and
  /v1/.well-known/keys), from its own RSA key, each key with its `endorsements`;
- an Entra tenant's metadata and keys (/{tenant}/v2.0/.well-known/openid-configuration,
  /{tenant}/discovery/v2.0/keys), with a second RSA key;
- the tenant token endpoint (POST /{tenant}/oauth2/v2.0/token): client credentials, opaque
  tokens; any other tenant (such as the multi-tenant "botframework.com") gets AADSTS700016;
- the Bot Connector (/v3/conversations/...), which checks the Bearer token, records every call,
  and answers 429 (with Retry-After), 403 or 404 on demand; plus a OneDrive stand-in that serves
  files (GET /files/{name}) and takes uploads (PUT /upload/{name}).

`sign()` and `sign_entra()` mint tokens as Microsoft would; their keyword arguments override
any claim or header, which is how the tests make bad tokens.
`python -m tests.teams_fake` runs it on port 8995 next to `make run` and lets you chat as a\nTeams worker (it signs and posts the activities; the bot's answers are printed).
"""

from __future__ import annotations

import asyncio
import copy
import json
import secrets
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "11111111-2222-3333-4444-555555555555"
APP_PASSWORD = "fake-client-secret_for-tests"
TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
OTHER_TENANT = "99999999-8888-7777-6666-555555555555"
BOT_ISSUER = "https://api.botframework.com"


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwk(key: rsa.RSAPrivateKey, kid: str, **extra: Any) -> dict[str, Any]:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "use": "sig", **extra}


@dataclass
class Call:
    """One Bot Connector (or OneDrive) call as the fake received it."""

    method: str
    path: str
    body: Any
    status: int
    at: float = field(default_factory=time.monotonic)


class FakeTeams:
    """State and behaviour of the fake; run it with `start()` in a background thread."""

    def __init__(self, app_id: str = APP_ID, tenant_id: str = TENANT_ID) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.bot_key, self.bot_kid = _new_key(), "bf-key-1"
        self.entra_key, self.entra_kid = _new_key(), "entra-key-1"
        # Keys published but without the msteams endorsement (a test signs with it).
        self.unendorsed_key, self.unendorsed_kid = _new_key(), "bf-key-webchat"
        self.calls: list[Call] = []
        self.key_fetches = 0
        self.tokens_issued: set[str] = set()
        self.token_requests: list[dict[str, str]] = []
        # conversation id -> list of statuses to answer, in order (then 201 again)
        self.failures: dict[str, list[int]] = {}
        self.retry_after = "0"
        self.blocked: set[str] = set()  # conversation ids that answer 403 (app uninstalled)
        self.files: dict[str, bytes] = {}
        self.uploads: dict[str, bytes] = {}
        self.echo = False
        self._next_id = 1000
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- addresses ----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The fake's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def openid_url(self) -> str:
        """What TEAMS_OPENID_URL is set to."""
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def service_url(self) -> str:
        """The serviceUrl activities carry (so replies land here)."""
        return f"{self.url}/teams/"

    def settings(self) -> dict[str, Any]:
        """The Teams settings (Settings keyword arguments) that point the channel here."""
        return {
            "teams_app_id": self.app_id,
            "teams_app_password": APP_PASSWORD,
            "teams_tenant_id": self.tenant_id,
            "teams_openid_url": self.openid_url,
            "teams_login_url": self.url,
            "teams_service_hosts": "127.0.0.1",
            "teams_file_hosts": "127.0.0.1",
        }

    # --- tokens -------------------------------------------------------------------------------
    def sign(self, service_url: str | None = None, *, key=None, kid=None, **claims: Any) -> str:
        """A Bot Framework token for an activity of this serviceUrl; kwargs override claims."""
        now = int(time.time())
        body = {
            "serviceurl": service_url or self.service_url,
            "iss": BOT_ISSUER,
            "aud": self.app_id,
            "nbf": now - 10,
            "exp": now + 3600,
        }
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(body, key or self.bot_key, "RS256", headers={"kid": kid or self.bot_kid})

    def sign_entra(self, *, key=None, kid=None, **claims: Any) -> str:
        """An Entra service token of the tenant (v2 issuer); kwargs override claims."""
        now = int(time.time())
        body = {
            "iss": f"{self.url}/{self.tenant_id}/v2.0",
            "aud": self.app_id,
            "tid": self.tenant_id,
            "nbf": now - 10,
            "exp": now + 3600,
        }
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(
            body, key or self.entra_key, "RS256", headers={"kid": kid or self.entra_kid}
        )

    def rotate(self) -> None:
        """Publish a new Bot Framework key under a new id (the old one is withdrawn)."""
        self.bot_key, self.bot_kid = _new_key(), f"bf-key-{uuid.uuid4().hex[:6]}"

    # --- activities -----------------------------------------------------------------------------
    def activity(
        self,
        user: str,
        *,
        text: str | None = None,
        kind: str = "message",
        conversation_type: str = "personal",
        tenant: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """An activity from a user (aadObjectId `user`) as Teams sends it."""
        tenant = tenant or self.tenant_id
        activity: dict[str, Any] = {
            "type": kind,
            "id": f"f:{uuid.uuid4().hex}",
            "timestamp": "2026-12-07T09:00:00.000Z",
            "serviceUrl": self.service_url,
            "channelId": "msteams",
            "from": {"id": f"29:{user}", "name": "Sam de Vries", "aadObjectId": user},
            "conversation": {
                "conversationType": conversation_type,
                "tenantId": tenant,
                "id": f"a:{user}" if conversation_type == "personal" else f"19:{user}@thread",
            },
            "recipient": {"id": f"28:{self.app_id}", "name": "VPT meldbot"},
            "channelData": {"tenant": {"id": tenant}},
            "locale": "nl-NL",
        }
        if text is not None:
            activity["text"] = text
        activity.update(extra)
        return activity

    def install(self, user: str) -> dict[str, Any]:
        """The conversationUpdate Teams sends when the user installs the app."""
        return self.activity(
            user, kind="conversationUpdate", membersAdded=[{"id": f"28:{self.app_id}"}]
        )

    def press(self, user: str, card_message: dict[str, Any], title: str) -> dict[str, Any]:
        """The activity of pressing a card button (Action.Submit: data in `value`)."""
        for attachment in card_message.get("attachments") or []:
            for action in attachment.get("content", {}).get("actions", []):
                if action.get("title") == title:
                    return self.activity(
                        user, value=copy.deepcopy(action["data"]), replyToId=card_message["_id"]
                    )
        raise AssertionError(f"no button {title!r} on that message")

    def file_activity(self, user: str, name: str, data: bytes, file_type: str) -> dict:
        """A file the user sent: OneDrive's download URL on this fake."""
        self.files[name] = data
        return self.activity(
            user,
            text="",
            attachments=[
                {
                    "contentType": "application/vnd.microsoft.teams.file.download.info",
                    "contentUrl": f"{self.url}/sharepoint/{name}",
                    "name": name,
                    "content": {
                        "downloadUrl": f"{self.url}/files/{name}",
                        "uniqueId": uuid.uuid4().hex,
                        "fileType": file_type,
                    },
                }
            ],
        )

    def consent(self, user: str, card: dict[str, Any], action: str = "accept") -> dict:
        """The fileConsent/invoke of answering a file-consent card."""
        content = card["content"]
        name = card["name"]
        value: dict[str, Any] = {
            "type": "fileUpload",
            "action": action,
            "context": content["acceptContext"],
        }
        if action == "accept":
            value["uploadInfo"] = {
                "name": name,
                "uploadUrl": f"{self.url}/upload/{name}",
                "contentUrl": f"{self.url}/sharepoint/{name}",
                "uniqueId": uuid.uuid4().hex,
                "fileType": "pdf",
            }
        return self.activity(user, kind="invoke", name="fileConsent/invoke", value=value)

    # --- what the bot sent -----------------------------------------------------------------------
    def sent_to(self, user: str) -> list[dict[str, Any]]:
        """Activities the Bot Connector accepted into the user's personal conversation."""
        path = f"/teams/v3/conversations/a:{user}/activities"
        return [
            {**c.body, "_id": c.body.get("_id")}
            for c in list(self.calls)
            if c.method == "POST" and c.path == path and c.status == 201
        ]

    def texts_to(self, user: str) -> list[str]:
        """The texts of the messages sent to the user."""
        return [a.get("text") or "" for a in self.sent_to(user) if a.get("text")]

    def updates_to(self, user: str) -> list[dict[str, Any]]:
        """Activities the bot replaced (PUT) in the user's conversation."""
        prefix = f"/teams/v3/conversations/a:{user}/activities/"
        return [c.body for c in list(self.calls) if c.method == "PUT" and c.path.startswith(prefix)]

    # --- server ---------------------------------------------------------------------------------
    def start(self, port: int = 0) -> None:
        """Serve on a free (or the given) loopback port in a daemon thread."""
        if not port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
        self.port = port
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._runner = web.AppRunner(self.make_app(), access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            self._loop.run_until_complete(site.start())
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        assert ready.wait(10), "fake Teams did not start"

    def stop(self) -> None:
        """Stop the server thread."""
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)

    def make_app(self) -> web.Application:
        """The aiohttp app with every route of the four roles."""
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._bot_metadata)
        app.router.add_get("/v1/.well-known/keys", self._bot_keys)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._entra_meta)
        app.router.add_get("/{tenant}/discovery/v2.0/keys", self._entra_keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post("/teams/v3/conversations/{conversation}/activities", self._post)
        app.router.add_put(
            "/teams/v3/conversations/{conversation}/activities/{activity}", self._put
        )
        app.router.add_post("/teams/v3/conversations", self._create)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_put("/upload/{name}", self._upload)
        return app

    async def _bot_metadata(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": BOT_ISSUER,
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _bot_keys(self, request: web.Request) -> web.Response:
        self.key_fetches += 1
        keys = [
            _jwk(self.bot_key, self.bot_kid, endorsements=["msteams", "skype"]),
            _jwk(self.unendorsed_key, self.unendorsed_kid, endorsements=["webchat"]),
        ]
        return web.json_response({"keys": keys})

    async def _entra_meta(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        return web.json_response(
            {
                "issuer": f"{self.url}/{tenant}/v2.0",
                "jwks_uri": f"{self.url}/{tenant}/discovery/v2.0/keys",
            }
        )

    async def _entra_keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": [_jwk(self.entra_key, self.entra_kid)]})

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append({k: str(v) for k, v in form.items() if k != "client_secret"})
        if request.match_info["tenant"] != self.tenant_id:
            return web.json_response(
                {
                    "error": "unauthorized_client",
                    "error_description": "AADSTS700016: Application with identifier "
                    f"'{form.get('client_id')}' was not found in the directory.",
                },
                status=400,
            )
        if form.get("client_id") != self.app_id or form.get("client_secret") != APP_PASSWORD:
            return web.json_response({"error": "invalid_client"}, status=401)
        if form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        token = secrets.token_urlsafe(24)
        self.tokens_issued.add(token)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": 3599, "access_token": token}
        )

    def _authorised(self, request: web.Request) -> bool:
        given = request.headers.get("Authorization", "")
        return given.startswith("Bearer ") and given[7:] in self.tokens_issued

    def _record(self, request: web.Request, body: Any, status: int) -> None:
        self.calls.append(Call(request.method, request.path, body, status))
        if self.echo and isinstance(body, dict) and body.get("text"):
            print(f"bot> {body['text']}")
            for attachment in body.get("attachments") or []:
                for action in attachment.get("content", {}).get("actions", []):
                    print(f"     [{action.get('title')}]")

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        conversation = request.match_info["conversation"]
        if not self._authorised(request):
            self._record(request, body, 401)
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        with self._lock:
            planned = self.failures.get(conversation)
            status = planned.pop(0) if planned else None
        if conversation in self.blocked:
            status = 403
        if status is not None:
            self._record(request, body, status)
            headers = {"Retry-After": self.retry_after} if status == 429 else {}
            code = {403: "MessageWritesBlocked", 404: "ConversationNotFound"}.get(status, "Error")
            return web.json_response(
                {"error": {"code": code, "message": "fake"}}, status=status, headers=headers
            )
        with self._lock:
            self._next_id += 1
            activity_id = str(self._next_id)
        body["_id"] = activity_id
        self._record(request, body, 201)
        return web.json_response({"id": activity_id}, status=201)

    async def _put(self, request: web.Request) -> web.Response:
        body = await request.json()
        status = 200 if self._authorised(request) else 401
        self._record(request, body, status)
        return web.json_response({"id": request.match_info["activity"]}, status=status)

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        status = 201 if self._authorised(request) else 401
        self._record(request, body, status)
        member = (body.get("members") or [{}])[0].get("id", "")
        return web.json_response({"id": f"a:{member.removeprefix('29:')}"}, status=status)

    async def _file(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["name"]] = data
        self._record(
            request, {"bytes": len(data), "range": request.headers.get("Content-Range")}, 201
        )
        return web.json_response({"id": uuid.uuid4().hex}, status=201)


def _post(rasa_url: str, activity: dict[str, Any], token: str) -> int:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"{rasa_url}/webhooks/teams/webhook",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0  # Rasa not reachable (not started yet?)


def _interactive(port: int, rasa_url: str) -> None:
    """Run the fake and type messages as a Teams worker; the bot's answers are printed."""
    fake = FakeTeams()
    fake.echo = True
    fake.start(port)
    print(f"fake Microsoft Teams on {fake.url}. In another terminal:")
    print("  " + " ".join(f"{k.upper()}={v}" for k, v in fake.settings().items()) + " make run")
    print("Then press Enter to install the app, and type messages here (a line starting with")
    print("'knop ' presses that button of the last card; 'bestand PATH' sends a file).")
    user = "00000000-0000-4000-8000-000000004242"
    try:
        input()
        if _post(rasa_url, fake.install(user), fake.sign()) != 200:
            print("(the bot is not reachable: is `make run` up with these settings?)")
        for line in iter(input, None):
            if line.startswith("knop "):
                last = [m for m in fake.sent_to(user) if m.get("attachments")][-1]
                title = next(
                    action["title"]
                    for a in last["attachments"]
                    for action in a.get("content", {}).get("actions", [])
                    if action["title"].lower() == line[5:].strip().lower()
                )
                activity = fake.press(user, last, title)
            elif line.startswith("bestand "):
                from pathlib import Path

                path = Path(line[8:].strip())
                activity = fake.file_activity(
                    user, path.name, path.read_bytes(), path.suffix.lstrip(".")
                )
            else:
                activity = fake.activity(user, text=line)
            status = _post(rasa_url, activity, fake.sign())
            if status != 200:
                print(f"(the bot answered HTTP {status})")
    except (EOFError, KeyboardInterrupt, StopIteration):
        fake.stop()


if __name__ == "__main__":
    _interactive(8995, "http://127.0.0.1:5005")
