"""ServerAvatar: the aiohttp conversation server (the seed's application layer).

- `server.py`            app factory, lifecycle, `daniel serve` (see docs/server.md)
- `handlers/`            HTTP pages, /health, /api/config and the conversation WebSocket
- `session.py`           one conversation: providers, turns, barge-in, resume
- `turn.py`, `speech.py`, `voice_input.py`   a turn's events, its speech, user audio
- `protocol.py`          the WebSocket messages (docs/protocol.md)
- `services/`            provider interfaces (`base.py`), the registry and one folder per
                         vendor: `local/`, `openai/`, `elevenlabs/`, `heygen/`, `liveavatar/`
"""
