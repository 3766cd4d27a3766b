"""OpenAI-compatible providers: the `llm` brain (chat completions with tool calling) and
the `openai` speech-to-text (/audio/transcriptions). Any compatible endpoint works: OpenAI,
Ollama, vLLM, LM Studio, a local Whisper server..."""
