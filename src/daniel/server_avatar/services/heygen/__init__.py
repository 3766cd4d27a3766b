"""HeyGen Streaming (Interactive) Avatar, v2 over LiveKit.

- `avatar.py`    `HeyGenAvatar`: the avatar says the brain's sentences (`repeat` tasks)
- `api.py`       `HeyGenClient`: the REST calls (token, new, start, task, interrupt,
                 keep_alive, stop, list) and HeyGen's error codes → `ProviderError`
- `sessions.py`  the process-wide record of open remote avatar sessions, and
                 `stop_all_remote_sessions()` for server shutdown (HeyGen and LiveAvatar)

What HeyGen shares with LiveAvatar (the JSON client, the billed session's lifecycle) is
in `services/remote_avatar.py`.
"""
