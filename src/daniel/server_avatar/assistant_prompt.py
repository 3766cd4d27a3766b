"""The assistant's system prompt, shipped as `daniel/resources/prompts/assistant.txt`.

One prompt for every brain that takes one: the OpenAI-compatible brain (`BRAIN=llm`) and
the ElevenLabs agent (`BRAIN=elevenlabs`); the local brain understands without a prompt.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

PROMPT_PATH: Traversable = resources.files("daniel.resources.prompts") / "assistant.txt"


def load_prompt(path: Traversable = PROMPT_PATH) -> str:
    """Read the prompt (blocking: call it from a thread at start-up)."""
    return path.read_text(encoding="utf-8").strip()
