"""Running a server process until it is told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Coroutine
from typing import Any


def run_forever(main_coro: Coroutine[Any, Any, Any]) -> int:
    """Run a server coroutine until Ctrl-C or SIGTERM, then let it clean up; exit code 0.

    The handlers are installed explicitly: a process started in the background by a
    non-interactive shell inherits SIGINT as ignored (Python then never raises
    KeyboardInterrupt), and containers stop processes with SIGTERM."""

    async def supervise() -> None:
        loop = asyncio.get_running_loop()
        main = asyncio.ensure_future(main_coro)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, main.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await main

    try:
        asyncio.run(supervise())
    except KeyboardInterrupt:
        return 0
    return 0
