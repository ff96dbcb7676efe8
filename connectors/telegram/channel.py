"""Our Telegram channel for Rasa, on python-telegram-bot's `Bot` (no Application, no handlers).

Rasa owns the dialogue; this channel only translates. It runs inside the Rasa process
(.venv-rasa), reads its settings from the credentials bot/runtime/rasa_config.py renders, and reaches
storage through the app server's loopback API (connectors/app_client.py; why: see
bot/web/internal.py).

- Webhook: POST /webhooks/telegram/webhook, a streaming route: the X-Telegram-Bot-Api-Secret-Token
  header is compared in constant time before the body is read (missing: 401, wrong: 403), and
  the body is read only up to MAX_UPDATE_BYTES (413 beyond). Registering the
  webhook is `vpt telegram set-webhook`, never done here.
- Polling (no webhook URL): getUpdates in a background task, the offset saved after each
  update, so a restart neither loses nor repeats updates.
- Start-up makes no network call; Telegram and the app server are retried with back-off.
- Each update_id is claimed before anything is answered: a re-sent update is acknowledged
  without a second reply. A failure before Rasa answered is logged, answered with an apology,
  and the claim released, so Telegram's (or the polling loop's) retry processes it.
- Replies are plain text (no parse mode: nothing the user typed can become markup), split at
  4096 characters; buttons become inline keyboards whose presses are answered.
- Private chats only: a group is told once (remembered in memory only) and nothing is stored.
- Limits per chat (bot/wire/limits.py): messages per minute and day, files per day (count and
  bytes); over a limit the worker is told once a minute and the update is not handed to Rasa.
- One apology per failed update; a polled update that keeps failing is skipped after
  MAX_POLL_ATTEMPTS and the worker told it was not processed. GET /webhooks/telegram/ answers
  503 when the polling loop is stuck, so monitoring and the supervisor see it.
- POST /webhooks/telegram/send (internal token): a message the user did not start.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.wire import limits
from bot.wire.document_message import document_request
from bot.wire.text_input import clean_text
from connectors.app_client import AppClient, AppUnavailable
from connectors.telegram.media import Media
from connectors.telegram.polling import Poller
from connectors.telegram.proactive import ProactiveSender, send_route
from connectors.telegram.send import (
    Backoff,
    TelegramOutput,
    TelegramSender,
)
from connectors.telegram.updates import (
    Incoming,
    ProcessingFailed,
    callback_payload,
    command_payload,
    load_texts,
    parse_update,
    utf16_units,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# "Too many messages" is said at most once a minute per chat.
TOO_MANY_NOTICE = limits.Limit("tg_too_many_notice", 1, limits.MINUTE)
MAX_UPDATE_BYTES = 1024 * 1024
POLL_TIMEOUT = 25  # seconds of getUpdates long polling


class TelegramInput(InputChannel):
    """Rasa input channel for Telegram (webhook or polling)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        if not credentials or not credentials.get("token"):
            cls.raise_missing_credentials_exception()
        return cls(
            token=str(credentials["token"]),
            webhook_secret=str(credentials.get("webhook_secret") or ""),
            api_url=str(credentials.get("api_url") or "https://api.telegram.org"),
            mode=str(credentials.get("mode") or "polling"),
            app_url=str(credentials["app_url"]),
            internal_token=str(credentials.get("internal_token") or ""),
            max_file_bytes=int(credentials.get("max_file_bytes") or 20 * 1024 * 1024),
        )

    def __init__(
        self,
        *,
        token: str,
        webhook_secret: str,
        api_url: str,
        mode: str,
        app_url: str,
        internal_token: str,
        max_file_bytes: int,
    ) -> None:
        self.token = token
        self.webhook_secret = webhook_secret
        self.api_url = api_url.rstrip("/")
        self.mode = mode
        self.app_url = app_url
        self.internal_token = internal_token
        self.max_file_bytes = max_file_bytes
        self.texts = load_texts()
        self.bot: Bot | None = None
        self.sender: TelegramSender | None = None
        # The collaborators, made in _start once the Bot exists; they are handed the app client
        # and the sender and never see this channel.
        self.proactive: ProactiveSender | None = None
        self.media: Media | None = None
        self.app = AppClient(app_url, internal_token)
        self._tasks: list[asyncio.Task] = []
        self.poller: Poller | None = None
        self._told_groups: set[int] = set()
        self._apologised: set[int] = set()  # update ids that got their one apology
        self.limiter: limits.Limiter = limits.MemoryLimiter()
        self.poller: Poller | None = None
        self._on_new_message: Callable[[UserMessage], Awaitable[Any]] | None = None
        # httpx logs every request URL at INFO, and Bot API URLs hold the token.
        logging.getLogger("httpx").setLevel(logging.WARNING)

    # --- life cycle -------------------------------------------------------------------------
    def _make_bot(self) -> Bot:
        """The Bot object; building it makes no network call."""
        return Bot(
            self.token,
            base_url=f"{self.api_url}/bot",
            base_file_url=f"{self.api_url}/file/bot",
            # pool_timeout: python-telegram-bot waits 1 s for a free connection by default; in a
            # burst (the soak: 25 chats at once) replies then failed "Timed out" unsent.
            request=HTTPXRequest(
                connection_pool_size=32, read_timeout=20, connect_timeout=5, pool_timeout=15
            ),
            get_updates_request=HTTPXRequest(
                connection_pool_size=1, read_timeout=POLL_TIMEOUT + 10, connect_timeout=5
            ),
        )

    async def _start(self, app: Any, loop: Any) -> None:
        self.bot = self._make_bot()
        self.sender = TelegramSender(self.bot)
        self.proactive = ProactiveSender(self.app, self.sender)
        self.media = Media(
            self.bot, self.app, self.sender, self.texts, self.max_file_bytes, self.limiter
        )
        await self.app.start()
        self._tasks.append(asyncio.create_task(self._greet_telegram()))
        if self.mode == "polling":
            self.poller = Poller(
                self.bot, self.app, self.handle_update, POLL_TIMEOUT, self._tell_not_processed
            )
            self._tasks.append(asyncio.create_task(self.poller.run_supervised()))
        logger.info("Telegram channel ready (%s mode)", self.mode)

    async def _stop(self, app: Any, loop: Any) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self.poller is not None:
            await self.poller.lease.release()
        if self.bot is not None:
            await self.bot.shutdown()
        await self.app.close()

    async def _greet_telegram(self) -> None:
        """Check the token with getMe, retrying with back-off while Telegram is unreachable."""
        backoff = Backoff()
        while True:
            try:
                me = await self.bot.get_me()
                logger.info("Telegram: connected as @%s", me.username)
                return
            except TelegramError as exc:
                logger.warning("Telegram not reachable yet (%s); retrying", type(exc).__name__)
                await backoff.wait()

    def get_output_channel(self) -> OutputChannel | None:
        return TelegramOutput(self.sender) if self.sender else None

    # --- routes -----------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self._on_new_message = on_new_message
        blueprint = Blueprint("vpt_telegram", __name__)
        blueprint.listener("after_server_start")(self._start)
        blueprint.listener("before_server_stop")(self._stop)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            if self.poller is not None and not self.poller.healthy():
                return response.json({"status": "polling_stuck", "mode": self.mode}, status=503)
            body = {"status": "ok", "mode": self.mode}
            if self.poller is not None:
                # "standby": another instance holds the polling lease (connectors/telegram/lease.py).
                body["polling"] = self.poller.lease.state
            return response.json(body)

        @blueprint.route("/webhook", methods=["POST"], stream=True)
        async def webhook(request: Request) -> HTTPResponse:
            return await self._webhook(request)

        @blueprint.route("/send", methods=["POST"])
        async def send(request: Request) -> HTTPResponse:
            return await send_route(request, self.internal_token, self.proactive)

        return blueprint

    def _secret_status(self, given: str | None) -> int | None:
        """None when the webhook secret matches; else the HTTP status to refuse with."""
        if given is None:
            return 401
        if not self.webhook_secret:
            return 403  # no secret configured: every call is refused
        if hmac.compare_digest(given.encode("utf-8", "replace"), self.webhook_secret.encode()):
            return None
        return 403

    async def _webhook(self, request: Request) -> HTTPResponse:
        refused = self._secret_status(request.headers.get(SECRET_HEADER))
        if refused is not None:
            logger.warning("Telegram webhook call refused (HTTP %d)", refused)
            return response.json({"ok": False}, status=refused)
        body = await _read_limited(request, MAX_UPDATE_BYTES)
        if body is None:
            return response.json({"ok": False}, status=413)
        try:
            update = json.loads(body)
        except ValueError:  # covers bytes that are not UTF-8
            logger.warning("Telegram webhook: body is not JSON")
            return response.json({"ok": False}, status=400)
        if not isinstance(update, dict):
            return response.json({"ok": False}, status=400)
        try:
            await self.handle_update(update)
        except ProcessingFailed:
            # Not 200: Telegram sends the update again later.
            return response.json({"ok": False}, status=500)
        return response.json({"ok": True})

    # --- one update -------------------------------------------------------------------------
    async def handle_update(self, update: dict[str, Any]) -> None:
        """Process one update at most once; raises ProcessingFailed when it must be retried."""
        try:
            incoming = parse_update(update)
        except Exception:  # a malformed update can never succeed: drop it, keep the loop
            logger.exception("Telegram update could not be read; ignored")
            return
        if incoming.kind == "ignored":
            return
        if incoming.kind != "group" and not await self._within_limits(incoming):
            return
        if incoming.kind == "group":
            await self._refuse_group(incoming)
            return
        try:
            claimed = await self.app.claim(
                incoming.update_id, incoming.chat_id, incoming.display_name
            )
        except AppUnavailable as exc:
            logger.error("Telegram update %d not recorded: %s", incoming.update_id, exc)
            await self._apologise(incoming)
            raise ProcessingFailed(str(exc)) from exc
        if not claimed:
            logger.info("Telegram update %d was seen before; skipped", incoming.update_id)
            return
        try:
            await self._process(incoming)
        except Exception as exc:
            logger.exception("Telegram update %d failed", incoming.update_id)
            await self._apologise(incoming)
            try:
                await self.app.release(incoming.update_id)
            except AppUnavailable:
                logger.warning("Claim of update %d not released", incoming.update_id)
            raise ProcessingFailed(str(exc)) from exc
        try:
            await self.app.finish(incoming.update_id)
        except AppUnavailable:
            # Answered already; the claim stays "processing" and blocks a re-sent copy.
            logger.warning("Telegram update %d answered but not marked done", incoming.update_id)

    async def _within_limits(self, incoming: Incoming) -> bool:
        """Count the message for its chat; over a limit, tell the worker (once a minute)."""
        if incoming.chat_id is None:
            return True
        chat = str(incoming.chat_id)
        if self.limiter.hit(limits.TELEGRAM_MESSAGES_PER_CHAT_MINUTE, chat) and self.limiter.hit(
            limits.TELEGRAM_MESSAGES_PER_CHAT_DAY, chat
        ):
            return True
        logger.warning(
            "Telegram chat over its message limit; update %d not processed", incoming.update_id
        )
        if self.limiter.hit(TOO_MANY_NOTICE, chat):
            try:
                await self.sender.send(incoming.chat_id, self.texts["too_many_messages"])
            except TelegramError as exc:
                logger.warning("Limit notice not delivered: %s", type(exc).__name__)
        return False

    async def _tell_not_processed(self, update: dict[str, Any]) -> None:
        """A polled update was skipped after its last attempt: say so, as the apology promised."""
        incoming = parse_update(update)
        if incoming.chat_id is not None and incoming.kind != "group":
            await self.sender.send(incoming.chat_id, self.texts["not_processed"])

    async def _apologise(self, incoming: Incoming) -> None:
        if incoming.chat_id is None:
            return
        if incoming.update_id in self._apologised:
            return  # one apology per update, however often it is retried
        if len(self._apologised) > 10_000:
            self._apologised.clear()
        self._apologised.add(incoming.update_id)
        try:
            await self.sender.send(incoming.chat_id, self.texts["apology"])
        except TelegramError as exc:
            logger.warning("Apology not delivered: %s", type(exc).__name__)

    async def _refuse_group(self, incoming: Incoming) -> None:
        """Tell a group once that reports are made in a private chat; store nothing."""
        if incoming.callback_id:
            await self._answer_callback(incoming.callback_id)
        if incoming.chat_id is None or incoming.chat_id in self._told_groups:
            return
        if len(self._told_groups) > 10_000:
            self._told_groups.clear()
        self._told_groups.add(incoming.chat_id)
        try:
            await self.sender.send(incoming.chat_id, self.texts["group_refused"])
        except TelegramError as exc:
            logger.warning("Group refusal not delivered: %s", type(exc).__name__)

    async def _process(self, incoming: Incoming) -> None:
        if incoming.kind == "text":
            await self._to_rasa(incoming, incoming.text or "")
        elif incoming.kind == "command":
            await self._command(incoming)
        elif incoming.kind == "callback":
            await self._button_press(incoming)
        elif incoming.kind == "media":
            await self.media.evidence(incoming)
        else:
            await self.sender.send(incoming.chat_id, self.texts["unsupported"])

    async def _command(self, incoming: Incoming) -> None:
        if incoming.command == "start" and incoming.argument:
            await self._link(incoming, incoming.argument)
        payload = command_payload(incoming.command)
        if payload is None:  # /help, and unknown commands (a typed "/intent" is never a payload)
            await self.sender.send(incoming.chat_id, self.texts["help"])
            return
        await self._to_rasa(incoming, payload)

    async def _link(self, incoming: Incoming, code: str) -> None:
        try:
            result = await self.app.redeem(str(incoming.chat_id), incoming.display_name, code)
        except AppUnavailable as exc:
            logger.error("Invite not redeemed: %s", exc)
            await self.sender.send(incoming.chat_id, self.texts["link_failed"])
            return
        status = result.get("status")
        key = f"link_{status}" if status in ("linked", "used", "expired") else "link_unknown"
        await self.sender.send(
            incoming.chat_id, self.texts[key].format(organisation=result.get("organisation"))
        )

    async def _answer_callback(self, callback_id: str, text: str | None = None) -> None:
        try:
            await self.bot.answer_callback_query(callback_id, text=text)
        except TelegramError as exc:
            # A press older than a few minutes can no longer be answered; it still counts.
            logger.info("Callback not answered: %s", type(exc).__name__)

    async def _button_press(self, incoming: Incoming) -> None:
        pressed = callback_payload(incoming)
        if pressed is None:
            await self._answer_callback(incoming.callback_id, self.texts["button_expired"])
            return
        title, payload = pressed
        await self._answer_callback(incoming.callback_id)
        await self._show_choice(incoming, title)
        await self._to_rasa(incoming, payload)

    async def _show_choice(self, incoming: Incoming, title: str) -> None:
        """Replace the keyboard by the chosen option, so it cannot be pressed twice."""
        if incoming.message_id is None:
            return
        choice = self.texts["choice_shown"].format(title=title)
        try:
            if incoming.message_text and utf16_units(incoming.message_text) + 60 < 4096:
                await self.bot.edit_message_text(
                    chat_id=incoming.chat_id,
                    message_id=incoming.message_id,
                    text=f"{incoming.message_text}\n\n{choice}",
                    reply_markup=None,
                )
            else:
                await self.bot.edit_message_reply_markup(
                    chat_id=incoming.chat_id, message_id=incoming.message_id, reply_markup=None
                )
        except TelegramError as exc:
            logger.info("Keyboard not removed: %s", type(exc).__name__)

    async def _to_rasa(self, incoming: Incoming, text: str) -> None:
        """Hand the text to Rasa, then deliver its answers (collected first, sent after)."""
        collector = CollectingOutputChannel()
        await self._on_new_message(
            UserMessage(
                text=clean_text(text),
                output_channel=collector,
                sender_id=str(incoming.chat_id),
                input_channel=self.name(),
                message_id=f"telegram-{incoming.update_id}",
                # No display name: Rasa's tracker keeps every message's metadata, anonymous
                # reports included. The name is kept with the chat (claim above).
            )
        )
        # Rasa has taken the message: from here a failure must not make it process it again.
        if not any(
            m.get("text") or m.get("buttons") or document_request(m.get("custom"))
            for m in collector.messages
        ):
            # Every turn says something; nothing means Rasa caught an error (a failed action).
            logger.warning("Rasa gave no answer to update %d", incoming.update_id)
            await self.sender.send(incoming.chat_id, self.texts["no_answer"])
            return
        for message in collector.messages:
            text_out, buttons = message.get("text") or "", message.get("buttons") or []
            document = document_request(message.get("custom"))
            if not text_out and not buttons and document is None:
                continue
            try:
                if document is not None:
                    await self.media.send_document(incoming, document)
                else:
                    await self.sender.send(incoming.chat_id, text_out, buttons)
            except TelegramError as exc:
                logger.error("Reply to update %d not delivered: %s", incoming.update_id, exc)
                return


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The request body, read in chunks; None as soon as it is longer than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream:
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
