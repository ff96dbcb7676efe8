"""Typed keys for what the app server keeps on its aiohttp Application."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.settings import Settings
from bot.web.pages import OpenPages
from bot.wire.limits import Limiter

SETTINGS = web.AppKey("settings", Settings)
# The one outgoing HTTP client of the app (Rasa, later Telegram/Teams), opened in cleanup_ctx.
HTTP_CLIENT = web.AppKey("http_client", aiohttp.ClientSession)
# Sessions on the reports database, for the internal routes the Rasa channels call.
SESSION_FACTORY = web.AppKey("session_factory", sessionmaker)
# The chat pages open right now, in this process's memory (bot/web/pages.py).
OPEN_PAGES = web.AppKey("open_pages", OpenPages)
# How long a chat request waits for Rasa before the page hears "it takes longer" (202).
PAGE_WAIT = web.AppKey("page_wait", float)
# Late Rasa answers on their way to the open pages (kept so the tasks are not collected early).
LATE_ANSWERS = web.AppKey("late_answers", set)
# Message, session and event-stream limits (bot/wire/limits.py); in-process by default.
LIMITER = web.AppKey("limiter", Limiter)
