"""Process-wide resources shared by every session's providers.

Created once by the app lifecycle (`server.py`) and closed at shutdown: the settings,
the one aiohttp `ClientSession` of the process, the MCP tool runner, the OpenAI-compatible
clients (one HTTP pool) and the assistant prompt. The provider registry
(`provider_registry.Registry`) builds providers from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from daniel.server_avatar.config import ServerTuning
from daniel.server_avatar.services.openai.client import OpenAIClients

if TYPE_CHECKING:
    import aiohttp

    from daniel.server_avatar.services.base import ToolRunner
    from daniel.server_avatar.services.local.vocabulary import ErpVocabulary
    from daniel.settings import Settings


class SharedServices:
    def __init__(
        self,
        settings: Settings,
        *,
        http: aiohttp.ClientSession,
        tools: ToolRunner,
        prompt: str,
        tuning: ServerTuning | None = None,
    ) -> None:
        self.settings = settings
        self.http = http
        self.tools = tools
        self.prompt = prompt
        self.tuning = tuning or ServerTuning()
        self.openai = OpenAIClients()
        #: The ERP's names for speech recognition (`STT=local`), created on first use.
        self.vocabulary: ErpVocabulary | None = None

    async def aclose(self) -> None:
        await self.openai.aclose()
