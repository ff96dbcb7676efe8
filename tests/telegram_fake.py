"""A fake Telegram Bot API server (aiohttp, loopback) that records every method call.

python-telegram-bot talks to it through base_url (TELEGRAM_API_URL). It answers the methods
the channel uses with the object shapes of https://core.telegram.org/bots/api, queues updates
for getUpdates with Telegram's offset rules, serves files for getFile, and can play offline,
blocked users, unknown chats and flood control. `python -m tests.telegram_fake` runs it alone,
for trying `make run` with Telegram on a machine without a bot.
"""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

_RAW_FIELDS = {"text", "callback_query_id", "file_id", "url", "secret_token", "caption"}
BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "VPT meldbot",
    "username": "vpt_meld_bot",
}


@dataclass
class Call:
    """One Bot API call as the fake received it."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    offline: bool = False


class FakeTelegram:
    """State and behaviour of the fake Bot API; run it with `start()` in a background thread."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.offline = False
        self.blocked: set[int] = set()
        self.missing_chats: set[int] = set()
        self.rate_limited: dict[int, int] = {}  # chat_id -> retry_after seconds
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.echo = False  # print what the bot sends (the interactive mode below)
        self._updates: list[dict[str, Any]] = []
        self._next_message_id = 5000
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- test helpers ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        """What TELEGRAM_API_URL is set to."""
        return f"http://127.0.0.1:{self.port}"

    def queue_update(self, update: dict[str, Any]) -> None:
        """Make an update available to getUpdates."""
        with self._lock:
            self._updates.append(copy.deepcopy(update))

    def add_file(self, file_id: str, path: str, data: bytes) -> None:
        """Serve these bytes for getFile(file_id)."""
        self.files[file_id] = (path, data)

    def calls_of(self, method: str) -> list[Call]:
        """Every call of one method, in order."""
        return [c for c in list(self.calls) if c.method == method]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """The sendMessage parameters delivered to a chat, in order."""
        return [
            c.params
            for c in self.calls_of("sendMessage")
            if c.params.get("chat_id") == chat_id and not c.offline and c.params.get("_ok")
        ]

    def documents_to(self, chat_id: int) -> list[dict[str, Any]]:
        """The sendDocument parameters delivered to a chat (the file under "document")."""
        return [
            c.params
            for c in self.calls_of("sendDocument")
            if c.params.get("chat_id") == chat_id and not c.offline and c.params.get("_ok")
        ]

    # --- server ---------------------------------------------------------------------------
    def start(self) -> None:
        """Serve on a free loopback port in a daemon thread."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
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
        assert ready.wait(10), "fake Telegram did not start"

    def stop(self) -> None:
        """Stop the server thread."""
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)

    def make_app(self) -> web.Application:
        """The aiohttp app: /bot<token>/<method> and /file/bot<token>/<path>."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        return app

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json()
            return body if isinstance(body, dict) else {}
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                # An uploaded file (sendDocument): keep its name, type and bytes.
                params[key] = {
                    "filename": value.filename,
                    "content_type": value.content_type,
                    "data": value.file.read(),
                }
                continue
            if not isinstance(value, str):
                continue
            if key in _RAW_FIELDS:
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params, offline=self.offline)
        self.calls.append(call)
        if self.offline:
            return web.Response(status=502, text="Bad Gateway")
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found")
        result = await handler(params)
        if isinstance(result, web.Response):
            return result
        params["_ok"] = True
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        self.calls.append(Call("downloadFile", {"path": request.match_info["path"]}))
        for path, data in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.Response(status=404)

    # --- Bot API methods ------------------------------------------------------------------
    async def _api_getMe(self, params: dict[str, Any]) -> Any:  # noqa: N802 - Bot API name
        return {**BOT_USER, "can_join_groups": True, "supports_inline_queries": False}

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    def _chat_refusal(self, chat_id: int) -> web.Response | None:
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.missing_chats:
            return _error(400, "Bad Request: chat not found")
        if chat_id in self.rate_limited:
            wait = self.rate_limited[chat_id]
            return _error(
                429, f"Too Many Requests: retry after {wait}", parameters={"retry_after": wait}
            )
        return None

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        refusal = self._chat_refusal(chat_id)
        if refusal is not None:
            return refusal
        text = params.get("text") or ""
        if not 1 <= len(text.encode("utf-16-le")) // 2 <= 4096:
            return _error(400, "Bad Request: message text is empty or too long")
        self._next_message_id += 1
        params["message_id"] = self._next_message_id
        message = {
            "message_id": self._next_message_id,
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private", "first_name": "Sanne"},
            "date": int(time.time()),
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        if self.echo:
            buttons = [
                b["text"]
                for row in (params.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
            ]
            print(f"bot> {text}" + (f"  {buttons}" if buttons else ""), flush=True)
        return message

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        refusal = self._chat_refusal(chat_id)
        if refusal is not None:
            return refusal
        document = params.get("document")
        if not isinstance(document, dict) or not document.get("data"):
            # A file_id or URL string is valid for Telegram, but the bot always uploads.
            return _error(400, "Bad Request: there is no document in the request")
        if len(document["data"]) > 50 * 1024 * 1024:
            return _error(400, "Bad Request: file is too big")
        caption = params.get("caption") or ""
        if len(caption) > 1024:
            return _error(400, "Bad Request: message caption is too long")
        self._next_message_id += 1
        params["message_id"] = self._next_message_id
        if self.echo:
            print(f"bot> [document {document['filename']}] {caption}", flush=True)
        return {
            "message_id": self._next_message_id,
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private", "first_name": "Sanne"},
            "date": int(time.time()),
            "caption": caption,
            "document": {
                "file_id": f"doc{self._next_message_id}",
                "file_unique_id": f"udoc{self._next_message_id}",
                "file_name": document["filename"],
                "mime_type": document["content_type"],
                "file_size": len(document["data"]),
            },
        }

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return {
            "message_id": params.get("message_id"),
            "from": BOT_USER,
            "chat": {"id": params.get("chat_id"), "type": "private"},
            "date": int(time.time()),
            "text": params.get("text"),
        }

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return await self._api_editMessageText(params)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _api_getFile(self, params: dict[str, Any]) -> Any:  # noqa: N802
        file_id = params.get("file_id")
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id[-6:]}",
            "file_size": len(data),
            "file_path": path,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:  # noqa: N802
        offset = params.get("offset")
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                if isinstance(offset, int):
                    # Like Telegram: asking from an offset confirms every earlier update.
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                pending = list(self._updates)
            if pending or time.monotonic() >= deadline:
                return pending[:100]
            await asyncio.sleep(0.05)


def _error(code: int, description: str, **extra: Any) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description, **extra}, status=code
    )


def _interactive(token: str) -> None:
    """Run the fake and type messages as a worker; the bot's answers are printed."""
    fake = FakeTelegram(token)
    fake.echo = True
    fake.start()
    print(f"fake Telegram Bot API on {fake.url}. In another terminal:")
    print(f"  TELEGRAM_BOT_TOKEN={token} TELEGRAM_API_URL={fake.url} make run")
    print("Then type messages here (a line starting with 'knop ' presses that button).")
    chat, update_id = 4242, int(time.time())
    user = {"id": chat, "is_bot": False, "first_name": "Demo"}
    try:
        for line in iter(input, None):
            update_id += 1
            message = {"message_id": update_id, "from": user, "date": int(time.time())}
            message["chat"] = {"id": chat, "type": "private", "first_name": "Demo"}
            if line.startswith("knop "):
                last = fake.sent_to(chat)[-1]
                rows = (last.get("reply_markup") or {}).get("inline_keyboard", [])
                button = next(
                    b for row in rows for b in row if b["text"].lower() == line[5:].lower()
                )
                message.update(
                    message_id=last["message_id"],
                    text=last["text"],
                    reply_markup=last["reply_markup"],
                )
                message["from"] = BOT_USER
                fake.queue_update(
                    {
                        "update_id": update_id,
                        "callback_query": {
                            "id": str(update_id),
                            "from": user,
                            "message": message,
                            "chat_instance": "demo",
                            "data": button["callback_data"],
                        },
                    }
                )
            else:
                fake.queue_update({"update_id": update_id, "message": {**message, "text": line}})
    except (EOFError, KeyboardInterrupt, StopIteration):
        fake.stop()


if __name__ == "__main__":
    _interactive("123456:TEST-TOKEN")
