"""One `AsyncOpenAI` client per endpoint per process, all sharing one HTTP connection pool.

Built by start-up code from plain values (base URL, key): an explicit base URL and key
are always passed, so `OPENAI_API_KEY` / `OPENAI_BASE_URL` in the environment have no
effect (the `openai` package itself may still read optional ones such as
`OPENAI_ORG_ID`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx2
    from openai import AsyncOpenAI

OPENAI_BASE_URL = "https://api.openai.com/v1"
NO_KEY = "not-needed"  # local servers (Ollama, whisper.cpp) ignore the key


class OpenAIClients:
    """A cache of `AsyncOpenAI` clients keyed by (base URL, key); close once at shutdown."""

    def __init__(self) -> None:
        self._http: httpx2.AsyncClient | None = None
        self._clients: dict[tuple[str, str], AsyncOpenAI] = {}

    def get(self, base_url: str | None, api_key: str | None) -> AsyncOpenAI:
        from openai import AsyncOpenAI, DefaultAsyncHttpxClient

        key = (base_url or OPENAI_BASE_URL, api_key or NO_KEY)
        client = self._clients.get(key)
        if client is None:
            if self._http is None:
                self._http = DefaultAsyncHttpxClient()
            client = AsyncOpenAI(
                base_url=key[0], api_key=key[1], http_client=self._http, max_retries=0
            )
            self._clients[key] = client
        return client

    async def aclose(self) -> None:
        self._clients.clear()
        if self._http is not None:
            http, self._http = self._http, None
            await http.aclose()
