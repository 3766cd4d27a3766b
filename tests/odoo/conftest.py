"""Fixtures of the Odoo client tests: fake Odoo servers on real sockets."""

from __future__ import annotations

from pathlib import Path

import pytest
from odoo_fakes import CorpusReplay, CorpusServer, ServerFactory


@pytest.fixture
async def corpus_server(corpus: Path, aiohttp_server: ServerFactory) -> CorpusServer:
    """Replays the recorded Odoo 18 answers (see odoo_fakes.CorpusReplay)."""
    replay = CorpusReplay(corpus)
    server = await aiohttp_server(replay.app())
    return CorpusServer(replay, server)
