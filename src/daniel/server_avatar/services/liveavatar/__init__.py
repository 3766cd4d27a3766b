"""LiveAvatar (HeyGen's successor to the Streaming Avatar API), LITE mode.

- `avatar.py`   `LiveAvatarAvatar`: session over REST, speech over the LITE WebSocket
                (needs the session's `TextToSpeech`)
- `api.py`      `LiveAvatarClient`: sessions token / start / stop, refusals by status
- `audio.py`    24 kHz PCM16 resampling and ~1 s packets

What LiveAvatar shares with HeyGen (the JSON client, the billed session's lifecycle) is
in `services/remote_avatar.py`; open sessions are tracked in `services/remote_sessions.py`.
"""
