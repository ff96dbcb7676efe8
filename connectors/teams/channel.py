"""Our Microsoft Teams channel for Rasa: the Bot Connector REST API on httpx, PyJWT for tokens.

Rasa's own `botframework` channel is not used: it fetches keys at start-up, checks only the
signature and audience, uses the multi-tenant token endpoint and cannot send proactively
(docs: README, section Teams). Like the Telegram channel this runs inside the Rasa process
(.venv-rasa), reads the credentials bot/runtime/rasa_config.py renders, and reaches storage
through the app server's loopback API (connectors/app_client.py).

- Webhook: POST /webhooks/teams/webhook. The Bearer token is checked (connectors/teams/auth.py)
  before the body is read; then the activity's serviceUrl, channel and tenant against the
  token. Every failure is 401/403 (503 while no keys could be fetched), nothing stored.
- Start-up makes no network call: keys and our own token are fetched on first use.
- Each activity id is claimed before anything is answered: a re-sent activity is acknowledged
  without a second reply; a failure before Rasa answered releases the claim and answers 500, so
  Teams' retry processes it.
- Personal chats only: a group chat or channel is told once (in memory) and nothing is stored.
- The conversation reference is stored from every activity, so the follow-up worker can send
  through POST /webhooks/teams/send (internal token) after any restart.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.wire.document_message import document_request
from connectors.app_client import AppClient, AppUnavailable
from connectors.teams.activities import (
    Incoming,
    load_texts,
    message_activity,
    parse_activity,
    pressed,
    typed_payload,
)
from connectors.teams.auth import AuthError, TokenClient, TokenValidator, activity_tenant
from connectors.teams.media import Media
from connectors.teams.proactive import ProactiveSender, send_route
from connectors.teams.send import ConnectorError, TeamsSender

logger = logging.getLogger(__name__)

MAX_ACTIVITY_BYTES = 1024 * 1024


class ProcessingFailed(RuntimeError):
    """An activity could not be processed; Teams must send it again."""


class TeamsInput(InputChannel):
    """Rasa input channel for Microsoft Teams (a single-tenant Azure Bot)."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TeamsInput:
        required = ("app_id", "app_password", "tenant_id", "app_url")
        if not credentials or not all(credentials.get(k) for k in required):
            cls.raise_missing_credentials_exception()
        return cls(credentials)

    def __init__(self, credentials: dict[str, Any]) -> None:
        c = credentials
        self.app_id = str(c["app_id"])
        self.app_password = str(c["app_password"])
        self.tenant_id = str(c["tenant_id"])
        self.accept_entra = bool(c.get("accept_entra_tokens", True))
        self.channel_ids = list(c.get("channel_ids") or ["msteams"])
        self.openid_url = str(c["openid_url"])
        self.login_url = str(c["login_url"])
        self.service_hosts = list(c.get("service_hosts") or [])
        self.file_hosts = list(c.get("file_hosts") or [])
        self.internal_token = str(c.get("internal_token") or "")
        self.max_file_bytes = int(c.get("max_file_bytes") or 20 * 1024 * 1024)
        self.texts = load_texts()
        self.app = AppClient(str(c["app_url"]), self.internal_token)
        self._client: httpx.AsyncClient | None = None
        self.validator = TokenValidator(
            app_id=self.app_id,
            tenant_id=self.tenant_id,
            openid_url=self.openid_url,
            login_url=self.login_url,
            accept_entra=self.accept_entra,
            channel_ids=self.channel_ids,
            http=self._http,
        )
        self.tokens = TokenClient(
            login_url=self.login_url,
            tenant_id=self.tenant_id,
            app_id=self.app_id,
            app_password=self.app_password,
            http=self._http,
        )
        self.sender = TeamsSender(self._http, self.tokens, self.service_hosts, self.app_password)
        self.proactive: ProactiveSender | None = None
        self.media = Media(
            self._http,
            self.app,
            self.sender,
            self.texts,
            file_hosts=self.file_hosts,
            max_file_bytes=self.max_file_bytes,
        )
        self._told_groups: set[str] = set()
        self._on_new_message: Callable[[UserMessage], Awaitable[Any]] | None = None
        logging.getLogger("httpx").setLevel(logging.WARNING)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            # Made in the running loop on first use; building it makes no network call.
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(20.0, connect=5.0))
        return self._client

    # --- life cycle -------------------------------------------------------------------------
    async def _start(self, app: Any, loop: Any) -> None:
        await self.app.start()
        self.proactive = ProactiveSender(self.app, self.sender)
        logger.info("Teams channel ready")

    async def _stop(self, app: Any, loop: Any) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        await self.app.close()

    def get_output_channel(self) -> OutputChannel | None:
        return TeamsOutput(self.proactive) if self.proactive else None

    # --- routes -----------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self._on_new_message = on_new_message
        blueprint = Blueprint("vpt_teams", __name__)
        blueprint.listener("after_server_start")(self._start)
        blueprint.listener("before_server_stop")(self._stop)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self._webhook(request)

        @blueprint.route("/send", methods=["POST"])
        async def send(request: Request) -> HTTPResponse:
            return await send_route(request, self.internal_token, self.proactive)

        return blueprint

    async def _webhook(self, request: Request) -> HTTPResponse:
        try:
            caller = await self.validator.check_token(request.headers.get("Authorization"))
        except AuthError as exc:
            logger.warning("Teams call refused (HTTP %d): %s", exc.status, exc.reason)
            return response.json({"error": "unauthorized"}, status=exc.status)
        if len(request.body or b"") > MAX_ACTIVITY_BYTES:
            return response.json({"error": "too_large"}, status=413)
        try:
            activity = request.json
        except Exception:  # noqa: BLE001 - Sanic raises its own InvalidUsage on bad JSON
            return response.json({"error": "bad_request"}, status=400)
        if not isinstance(activity, dict):
            return response.json({"error": "bad_request"}, status=400)
        try:
            self.validator.check_activity(caller, activity)
        except AuthError as exc:
            logger.warning("Teams activity refused (HTTP %d): %s", exc.status, exc.reason)
            return response.json({"error": "forbidden"}, status=exc.status)
        logger.debug("Teams activity accepted (%s token)", caller.family)
        incoming = parse_activity(activity, activity_tenant(activity))
        try:
            await self.handle(incoming)
        except ProcessingFailed:
            return response.json({"error": "retry"}, status=500)
        if activity.get("type") == "invoke":
            return response.json({"status": 200})
        return response.json({}, status=200)

    # --- one activity -----------------------------------------------------------------------
    async def handle(self, incoming: Incoming) -> None:
        """Process one activity at most once; raises ProcessingFailed when it must be retried."""
        if incoming.kind == "ignored" or not incoming.activity_id:
            return
        if incoming.kind == "group":
            await self._refuse_group(incoming)
            return
        try:
            claimed = await self.app.teams_claim(incoming.activity_id)
        except AppUnavailable as exc:
            logger.error("Teams activity not recorded: %s", exc)
            await self._apologise(incoming)
            raise ProcessingFailed(str(exc)) from exc
        if not claimed:
            logger.info("Teams activity seen before; skipped")
            return
        try:
            # The newest reference first: Microsoft may have moved the user to another
            # serviceUrl, and the worker's next check-in must go there.
            await self.app.teams_save_conversation(
                incoming.user, incoming.display_name, incoming.reference.to_json()
            )
            await self._process(incoming)
        except Exception as exc:
            logger.exception("Teams activity failed")
            await self._apologise(incoming)
            try:
                await self.app.teams_release(incoming.activity_id)
            except AppUnavailable:
                logger.warning("Claim of a Teams activity not released")
            raise ProcessingFailed(str(exc)) from exc
        try:
            await self.app.teams_finish(incoming.activity_id)
        except AppUnavailable:
            logger.warning("Teams activity answered but not marked done")

    async def _say(self, incoming: Incoming, text: str) -> None:
        ref = incoming.reference
        await self.sender.post(ref.service_url, ref.conversation_id, message_activity(text))

    async def _apologise(self, incoming: Incoming) -> None:
        if incoming.reference is None:
            return
        try:
            await self._say(incoming, self.texts["apology"])
        except ConnectorError as exc:
            logger.warning("Apology not delivered: %s", exc)

    async def _refuse_group(self, incoming: Incoming) -> None:
        """Tell a group chat or channel once that reports are made in a personal chat."""
        ref = incoming.reference
        if ref is None or ref.conversation_id in self._told_groups:
            return
        if len(self._told_groups) > 10_000:
            self._told_groups.clear()
        self._told_groups.add(ref.conversation_id)
        try:
            await self._say(incoming, self.texts["group_refused"])
        except ConnectorError as exc:
            logger.warning("Group refusal not delivered: %s", exc)

    async def _process(self, incoming: Incoming) -> None:
        if incoming.kind == "installed":
            await self._to_rasa(incoming, "/greet")
        elif incoming.kind == "noted":
            return  # the reference is stored; nothing to answer
        elif incoming.kind == "uninstalled":
            await self.app.teams_set_installed(incoming.user, False)
        elif incoming.kind == "text":
            await self._text(incoming, incoming.text or "")
        elif incoming.kind == "submit":
            await self._button_press(incoming)
        elif incoming.kind == "file":
            await self.media.evidence(incoming)
        elif incoming.kind == "consent":
            await self.media.consent(incoming)
        elif incoming.kind == "unsupported_image":
            await self._say(incoming, self.texts["unsupported_image"])
        else:
            await self._say(incoming, self.texts["unsupported"])

    async def _text(self, incoming: Incoming, text: str) -> None:
        command, payload = typed_payload(text)
        if command and payload is None:  # /help, and unknown commands
            await self._say(incoming, self.texts["help"])
            return
        await self._to_rasa(incoming, payload if command else text)

    async def _button_press(self, incoming: Incoming) -> None:
        press = pressed(incoming.value, self.app_password)
        if press is None:
            await self._say(incoming, self.texts["button_expired"])
            return
        if incoming.reply_to_id:
            # Replace the card by the choice, so it cannot be pressed twice.
            choice = self.texts["choice_shown"].format(title=press.title)
            text = f"{press.question}\n\n{choice}" if press.question.strip() else choice
            ref = incoming.reference
            try:
                await self.sender.update(
                    ref.service_url,
                    ref.conversation_id,
                    incoming.reply_to_id,
                    message_activity(text),
                )
            except ConnectorError as exc:
                logger.info("Card not replaced: %s", exc)
        await self._to_rasa(incoming, press.payload)

    async def _to_rasa(self, incoming: Incoming, text: str) -> None:
        """Hand the text to Rasa, then deliver its answers (collected first, sent after)."""
        collector = CollectingOutputChannel()
        await self._on_new_message(
            UserMessage(
                text=text,
                output_channel=collector,
                sender_id=incoming.user,
                input_channel=self.name(),
                message_id=f"teams-{incoming.activity_id}",
                metadata={"display_name": incoming.display_name},
            )
        )
        # Rasa has taken the message: from here a failure must not make it process it again.
        ref = incoming.reference
        for message in collector.messages:
            text_out, buttons = message.get("text") or "", message.get("buttons") or []
            document = document_request(message.get("custom"))
            if not text_out and not buttons and document is None:
                continue
            try:
                if document is not None:
                    await self.media.offer_document(incoming, document)
                else:
                    await self.sender.send(ref.service_url, ref.conversation_id, text_out, buttons)
            except ConnectorError as exc:
                logger.error("Teams reply not delivered: %s", exc)
                return


class TeamsOutput(OutputChannel):
    """Sends straight to a Teams user by their stored reference (Rasa's output_channel=teams)."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(self, proactive: ProactiveSender) -> None:
        self.proactive = proactive

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text."""
        await self.proactive.send_proactive(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Text with a card of buttons."""
        await self.proactive.send_proactive(recipient_id, text, buttons)


__all__ = ["ProcessingFailed", "TeamsInput", "TeamsOutput"]
