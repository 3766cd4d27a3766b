"""An ASGI app (the MCP server's HTTP app) served by uvicorn on a free loopback port."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn


def free_socket() -> socket.socket:
    """A socket bound to a free loopback port (the caller closes it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def serving(app: Any, *, within: float = 20.0, **config: Any) -> AsyncIterator[str]:
    """`app` served until the block ends; yields its base URL. Fails if uvicorn has not
    started within `within` seconds (it has no "started" event to wait on)."""
    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="on", **config))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(int(within * 100)):
        if server.started:
            break
        await asyncio.sleep(0.01)
    assert server.started, f"uvicorn did not start within {within:g} s"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()
