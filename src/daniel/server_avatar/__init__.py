"""ServerAvatar: the aiohttp conversation server (the seed's application layer).

- `server.py`            app factory, lifecycle, `serve()` (see docs/server.md)
- `workers.py`           `daniel serve`: one process, or N workers on one port
- `app_state.py`         the typed application state (`ServerState`)
- `handlers/`            HTTP pages, /health, /api/config and the conversation WebSocket
- `session.py`           one conversation: providers, turns, barge-in, resume
- `turn_runner.py`, `speech.py`, `voice_input.py`   a turn's events, its speech, user audio
- `protocol.py`          the WebSocket messages (docs/protocol.md)
- `tools/`               the MCP client and the write-confirmation flow every brain uses
- `services/`            the providers only: interfaces (`base.py`), the registry and one
                         folder per vendor: `local/`, `openai/`, `elevenlabs/`, `heygen/`,
                         `liveavatar/`
"""
