"""PDFs are made off the event loop, in one worker thread.

A WeasyPrint document takes 0.3 to 0.6 s of CPU (scripts/sample_documents.py); made on the loop,
it would stall every chat page and dashboard request meanwhile. One thread, not a pool: the
documents are made one at a time, and pango and fontconfig are not driven from two threads at once.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _document_thread() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:  # made on first use, not at import
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
        return _executor


async def in_document_thread(func: Callable[..., T], *args, **kwargs) -> T:
    """Run func (which makes a PDF) in the document thread and wait for it without blocking."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_document_thread(), functools.partial(func, *args, **kwargs))
