"""ServerAvatar: the aiohttp conversation server (the seed's application layer).

- `server.py`            app factory, start-up, `daniel serve`
- `handlers/`            HTTP pages and the conversation WebSocket
- `services/`            provider interfaces (`base.py`), the registry and one folder per
                         vendor: `local/`, `openai/`, `elevenlabs/`, `heygen/`, `liveavatar/`
"""
