"""What the server does by itself while it runs: escalate overdue grievances to the Board.

At start-up (before the first request is served) and then every ``escalation_interval_seconds``; 0 turns
it off. A failure is logged and retried at the next interval; it never stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.concurrency import run_in_threadpool

from custodes.app import Custodes

__all__ = ["ESCALATION_ACTOR", "escalate_once", "lifespan"]

log = logging.getLogger(__name__)
#: the journal actor of the server's own escalations
ESCALATION_ACTOR = "custodes-server"


def escalate_once(app: Custodes) -> int:
    """Escalate every grievance overdue today; the number escalated."""
    return len(app.grievances.escalate_overdue(app.today(), ESCALATION_ACTOR).escalated)


async def _every(app: Custodes, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(escalate_once, app)
        except Exception:  # a database hiccup must not end the loop
            log.exception("escalating overdue grievances failed; retrying in %s s", interval)


def lifespan(app: Custodes, interval: float) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """The web app's lifespan: the first escalation at start-up, then a periodic task, cancelled at shutdown."""

    @asynccontextmanager
    async def run(_: Any) -> AsyncIterator[None]:
        if interval <= 0:
            yield
            return
        try:
            await run_in_threadpool(escalate_once, app)
        except Exception:
            log.exception("escalating overdue grievances at start-up failed")
        task = asyncio.create_task(_every(app, interval))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return run
