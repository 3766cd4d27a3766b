"""LiveAvatar (HeyGen's successor to the Streaming Avatar API), LITE mode.

- `avatar.py`   `LiveAvatarAvatar`: session over REST, speech over the LITE WebSocket
                (needs the session's `TextToSpeech`)
- `api.py`      `LiveAvatarClient`: sessions token / start / stop
- `audio.py`    24 kHz PCM16 resampling and ~1 s packets
- `errors.py`   LiveAvatar failures → `ProviderError`

Open sessions are tracked with HeyGen's (`heygen.sessions.open_sessions`).
"""
