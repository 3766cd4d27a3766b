"""ElevenLabs providers: the Conversational AI brain, text-to-speech and speech-to-text.

- `convai.py`   `ConvAIBrain`: speech-to-speech agent over ElevenLabs' WebSocket
                (signed URL fetched server-side; the API key never reaches the browser);
                client tool calls run on the MCP server through the session's ToolRunner
- `tts.py`      `ElevenLabsTTS`: streaming speech with character timings → visemes
- `stt.py`      `ElevenLabsSTT`: Scribe batch transcription and realtime streaming
- `errors.py`   how HTTP statuses and WebSocket close codes become `ProviderError`

The registry builds them from settings in `services.factories`.
Protocol notes and agent setup: docs/vendors.md.
"""
