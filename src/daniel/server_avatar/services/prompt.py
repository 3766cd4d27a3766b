"""The agent's system prompt, shipped in `daniel/resources/elevenLabs/prompt.txt`."""

from __future__ import annotations

from pathlib import Path

import daniel.resources

PROMPT_PATH = Path(daniel.resources.__file__).parent / "elevenLabs" / "prompt.txt"


def load_prompt(path: Path = PROMPT_PATH) -> str:
    """Read the prompt (blocking: call it from a thread at start-up)."""
    return path.read_text(encoding="utf-8").strip()
