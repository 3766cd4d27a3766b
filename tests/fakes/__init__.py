"""Reusable fake vendor servers for tests: real sockets, the vendors' real protocols.

Each fake is an in-process aiohttp server on 127.0.0.1 (port 0), started with
`async with` (or `await fake.start()` / `await fake.close()`), that:

- speaks the vendor's documented protocol (see each module's docstring and
  docs/vendors.md), including its error bodies and session states;
- records what it received, in order (`fake.received`, `fake.names()`, plus
  vendor-specific records such as ConvAI conversations, HeyGen tasks, LiveAvatar audio);
- has failure switches: `fake.fail(401 | 429 | 500..., endpoint=..., times=...)`,
  `fake.hang(endpoint=...)` (never answers: client timeouts), a wrong key (construct
  the client with another key), and dropped sockets mid-turn (ConvAI
  `AgentTurn(drop=True)`, TTS `speech.drop_after_first_chunk`, LiveAvatar
  `drop_socket_on_speak`).

    FakeElevenLabs   ConvAI agent WebSocket + signed URL, TTS with timestamps, Scribe STT
    FakeHeyGen       Streaming Avatar API v2 (token, new, start, task, interrupt,
                     keep_alive, stop, list) with session states and concurrency limit
    FakeLiveAvatar   LiveAvatar sessions (token, start, stop) and the LITE-mode socket
    FakeOpenAI       (fakes.openai_compatible) an OpenAI-compatible endpoint: chat
                     completions with tool calls, models, audio transcriptions
    OdooProxy        (fakes.odoo_proxy) in front of the sandbox: names and counts every
                     Odoo call, one at a time if asked, stalls or drops chosen calls
"""

from __future__ import annotations

from fakes.elevenlabs import AgentTurn, Conversation, FakeElevenLabs
from fakes.heygen import FakeHeyGen, HeyGenSession
from fakes.liveavatar import FakeLiveAvatar, LiveAvatarSession
from fakes.openai_compatible import FakeOpenAI
from fakes.server import FakeServer, Fault, Received

__all__ = [
    "AgentTurn",
    "Conversation",
    "FakeElevenLabs",
    "FakeHeyGen",
    "FakeLiveAvatar",
    "FakeOpenAI",
    "FakeServer",
    "Fault",
    "HeyGenSession",
    "LiveAvatarSession",
    "Received",
]
