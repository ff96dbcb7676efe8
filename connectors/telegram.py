"""Our Telegram channel for Rasa, on python-telegram-bot's `Bot` (no Application, no handlers).

Rasa owns the dialogue; this channel only translates. It runs inside the Rasa process
(.venv-rasa), reads its settings from the credentials bot/runtime/rasa_config.py renders, and reaches
storage through the app server's loopback API (connectors/app_client.py; why: see
bot/web/internal.py).

- Webhook: POST /webhooks/telegram/webhook. The X-Telegram-Bot-Api-Secret-Token header is
  compared in constant time before the body is read; missing: 401, wrong: 403. Registering the
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
- POST /webhooks/telegram/send (internal token): a message the user did not start.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import warnings
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
from telegram.error import BadRequest, TelegramError
from telegram.request import HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.wire.delivery import ALLOWED_UPDATES, Delivery, deliver_once
from bot.wire.document_message import DocumentRequest, document_request
from connectors.app_client import AppClient, AppUnavailable
from connectors.telegram_send import (
    Backoff,
    TelegramOutput,
    TelegramSender,
    classify_error,
)
from connectors.telegram_updates import (
    Incoming,
    callback_payload,
    command_payload,
    format_size,
    load_texts,
    parse_update,
    utf16_units,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024
MAX_POLL_ATTEMPTS = 5  # a poll update failing this often is logged and skipped
POLL_TIMEOUT = 25  # seconds of getUpdates long polling


class ProcessingFailed(RuntimeError):
    """An update could not be processed; it must be retried."""


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
        self.app = AppClient(app_url, internal_token)
        self._tasks: list[asyncio.Task] = []
        self._told_groups: set[int] = set()
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
            request=HTTPXRequest(connection_pool_size=32, read_timeout=20, connect_timeout=5),
            get_updates_request=HTTPXRequest(
                connection_pool_size=1, read_timeout=POLL_TIMEOUT + 10, connect_timeout=5
            ),
        )

    async def _start(self, app: Any, loop: Any) -> None:
        self.bot = self._make_bot()
        self.sender = TelegramSender(self.bot)
        await self.app.start()
        self._tasks.append(asyncio.create_task(self._greet_telegram()))
        if self.mode == "polling":
            self._tasks.append(asyncio.create_task(self._poll_forever()))
        logger.info("Telegram channel ready (%s mode)", self.mode)

    async def _stop(self, app: Any, loop: Any) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
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
            return response.json({"status": "ok", "mode": self.mode})

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self._webhook(request)

        @blueprint.route("/send", methods=["POST"])
        async def send(request: Request) -> HTTPResponse:
            return await self._send_route(request)

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
        if len(request.body or b"") > MAX_UPDATE_BYTES:
            return response.json({"ok": False}, status=413)
        try:
            update = request.json
        except Exception:  # noqa: BLE001 - Sanic raises its own InvalidUsage on bad JSON
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

    async def _send_route(self, request: Request) -> HTTPResponse:
        given = request.headers.get("Authorization", "")
        expected = f"Bearer {self.internal_token}"
        if not self.internal_token or not hmac.compare_digest(
            given.encode("utf-8", "replace"), expected.encode()
        ):
            return response.json({"error": "unauthorized"}, status=401)
        body = request.json if request.body else None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return response.json({"error": "bad_request"}, status=400)
        chat_id = body.get("chat_id")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            return response.json({"error": "bad_request"}, status=400)
        buttons = body.get("buttons") or []
        key = body.get("dedupe_key")
        if not isinstance(buttons, list) or not all(
            isinstance(b, dict) and isinstance(b.get("title"), str) for b in buttons
        ):
            return response.json({"error": "bad_request"}, status=400)
        if key is not None and not isinstance(key, str):
            return response.json({"error": "bad_request"}, status=400)
        delivery = await self.send_proactive(chat_id, body["text"], buttons, dedupe_key=key)
        return response.json(delivery.to_json())

    async def send_proactive(
        self,
        chat_id: int,
        text: str,
        buttons: list[dict[str, Any]] | None = None,
        *,
        dedupe_key: str | None = None,
    ) -> Delivery:
        """Send a message the worker did not start; only to a chat that talked to the bot.

        With a dedupe key the message goes out once: a caller that retries after a crash
        between sending and recording hears "sent" without a second message, and a send that
        died before Telegram took it is sent again once its claim's lease is over.
        """
        try:
            if not await self.app.chat_known(chat_id):
                return Delivery("permanent", "chat never talked to the bot")
            return await deliver_once(
                dedupe_key,
                lambda: self._send_now(chat_id, text, buttons),
                claim=self.app.claim_delivery,
                confirm=self._confirm_delivery,
                release=self._release_delivery,
            )
        except AppUnavailable as exc:
            return Delivery("retryable", str(exc))

    async def _send_now(
        self, chat_id: int, text: str, buttons: list[dict[str, Any]] | None
    ) -> Delivery:
        try:
            await self.sender.send(chat_id, text, buttons or None)
        except TelegramError as exc:
            delivery = classify_error(exc)
            logger.warning("Proactive message not delivered: %s (%s)", delivery.status, exc)
            return delivery
        return Delivery("sent")

    async def _release_delivery(self, key: str) -> None:
        try:
            await self.app.release_delivery(key)
        except AppUnavailable:
            logger.warning("Delivery key not released; the message may stay unsent")

    async def _confirm_delivery(self, key: str) -> None:
        try:
            await self.app.confirm_delivery(key)
        except AppUnavailable:
            # The message is out and the worker hears "sent", so nothing retries it; only
            # a second send of this key after the lease could repeat it.
            logger.warning("Delivery key not confirmed; the message was sent")

    # --- polling ----------------------------------------------------------------------------
    async def _poll_forever(self) -> None:
        """getUpdates in a loop; the offset moves (and is saved) only past handled updates."""
        backoff = Backoff()
        offset: int | None = None
        offset_loaded = False  # the saved offset is None until the first update is handled
        attempts: dict[int, int] = {}
        while True:
            try:
                if not offset_loaded:
                    offset = await self.app.get_offset()
                    offset_loaded = True
                with warnings.catch_warnings():
                    # Raw dicts on purpose: polled updates take the webhook's parsing path.
                    warnings.simplefilter("ignore", PTBUserWarning)
                    updates = await self.bot.do_api_request(
                        "getUpdates",
                        api_kwargs={
                            "offset": offset,
                            "timeout": POLL_TIMEOUT,
                            "allowed_updates": ALLOWED_UPDATES,
                        },
                        read_timeout=POLL_TIMEOUT + 10,
                    )
            except (TelegramError, AppUnavailable) as exc:
                logger.warning("Polling Telegram failed (%s); retrying", type(exc).__name__)
                await backoff.wait()
                continue
            backoff.reset()
            for update in updates or []:
                update_id = update.get("update_id") if isinstance(update, dict) else None
                if not isinstance(update_id, int):
                    continue
                try:
                    await self.handle_update(update)
                except ProcessingFailed:
                    attempts[update_id] = attempts.get(update_id, 0) + 1
                    if attempts[update_id] < MAX_POLL_ATTEMPTS:
                        await backoff.wait()
                        break  # fetch again from this update
                    logger.error(
                        "Telegram update %d failed %d times; skipped", update_id, MAX_POLL_ATTEMPTS
                    )
                attempts.pop(update_id, None)
                offset = update_id + 1
                try:
                    await self.app.save_offset(offset)
                except AppUnavailable:
                    # Kept in memory; a restart before it is saved only re-reads updates,
                    # which their recorded update_ids then skip.
                    logger.warning("Polling offset not saved yet")

    # --- one update -------------------------------------------------------------------------
    async def handle_update(self, update: dict[str, Any]) -> None:
        """Process one update at most once; raises ProcessingFailed when it must be retried."""
        incoming = parse_update(update)
        if incoming.kind == "ignored":
            return
        if incoming.kind == "group":
            await self._refuse_group(incoming)
            return
        try:
            claimed = await self.app.claim(incoming.update_id, incoming.chat_id)
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

    async def _apologise(self, incoming: Incoming) -> None:
        if incoming.chat_id is None:
            return
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
            await self._evidence(incoming)
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

    async def _evidence(self, incoming: Incoming) -> None:
        media = incoming.media
        what = self.texts["evidence_kinds"][media.kind]
        limit = format_size(self.max_file_bytes)
        if media.file_size is not None and media.file_size > self.max_file_bytes:
            await self.sender.send(
                incoming.chat_id, self.texts["file_too_large"].format(limit=limit)
            )
            return
        try:
            telegram_file = await self.bot.get_file(media.file_id)
            if telegram_file.file_size and telegram_file.file_size > self.max_file_bytes:
                await self.sender.send(
                    incoming.chat_id, self.texts["file_too_large"].format(limit=limit)
                )
                return
            data = bytes(await telegram_file.download_as_bytearray())
        except BadRequest as exc:
            # "file is too big" (the Bot API downloads at most 20 MB), or a file Telegram no
            # longer has: retrying cannot help, so answer instead of failing the update.
            logger.warning("File not fetched from Telegram: %s", exc)
            key = "file_too_large" if "too big" in str(exc).lower() else "file_not_saved"
            await self.sender.send(incoming.chat_id, self.texts[key].format(limit=limit, what=what))
            return
        if len(data) > self.max_file_bytes:
            await self.sender.send(
                incoming.chat_id, self.texts["file_too_large"].format(limit=limit)
            )
            return
        meta = {
            "channel": "telegram",
            "channel_user_id": str(incoming.chat_id),
            "kind": media.kind,
            "mime_type": media.mime_type,
            "original_name": media.file_name,
            "caption": incoming.caption,
        }
        try:
            stored = await self.app.add_evidence(meta, data)
        except AppUnavailable as exc:
            logger.error("Evidence not stored: %s", exc)
            await self.sender.send(incoming.chat_id, self.texts["file_not_saved"].format(what=what))
            return
        text = self.texts["evidence_received"].format(
            what=what, size=format_size(int(stored.get("size_bytes") or len(data)))
        )
        if media.kind == "voice":
            text = f"{text} {self.texts['evidence_voice_note']}"
        await self.sender.send(incoming.chat_id, text)

    async def _to_rasa(self, incoming: Incoming, text: str) -> None:
        """Hand the text to Rasa, then deliver its answers (collected first, sent after)."""
        collector = CollectingOutputChannel()
        await self._on_new_message(
            UserMessage(
                text=text,
                output_channel=collector,
                sender_id=str(incoming.chat_id),
                input_channel=self.name(),
                message_id=f"telegram-{incoming.update_id}",
                metadata={"display_name": incoming.display_name},
            )
        )
        # Rasa has taken the message: from here a failure must not make it process it again.
        for message in collector.messages:
            text_out, buttons = message.get("text") or "", message.get("buttons") or []
            document = document_request(message.get("custom"))
            if not text_out and not buttons and document is None:
                continue
            try:
                if document is not None:
                    await self._send_document(incoming, document)
                else:
                    await self.sender.send(incoming.chat_id, text_out, buttons)
            except TelegramError as exc:
                logger.error("Reply to update %d not delivered: %s", incoming.update_id, exc)
                return

    async def _send_document(self, incoming: Incoming, document: DocumentRequest) -> None:
        """Fetch the PDF from the app server (only for this chat's own report) and upload it."""
        try:
            data = await self.app.aangifte_pdf(
                self.name(), str(incoming.chat_id), document.report_id
            )
        except AppUnavailable as exc:
            logger.error("Document for update %d not made: %s", incoming.update_id, exc)
            await self.sender.send(incoming.chat_id, self.texts["document_failed"])
            return
        if data is None:
            logger.warning(
                "Document for update %d refused: not this chat's report", incoming.update_id
            )
            return
        await self.sender.send_document(incoming.chat_id, data, document.filename, document.title)
