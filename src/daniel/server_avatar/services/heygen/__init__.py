"""HeyGen Streaming (Interactive) Avatar, v2 over LiveKit.

- `avatar.py`    `HeyGenAvatar`: the avatar says the brain's sentences (`repeat` tasks)
- `api.py`       `HeyGenClient`: the REST calls (token, new, start, task, interrupt,
                 keep_alive, stop, list) and HeyGen's error codes → `ProviderError`

What HeyGen shares with LiveAvatar (the JSON client, the billed session's lifecycle) is
in `services/remote_avatar.py`; open sessions are tracked in `services/remote_sessions.py`
so that shutdown stops them all.
"""
