"""Offline speech-to-text for English voice commands with pocketsphinx.

The pocketsphinx wheel bundles an en-US acoustic model and dictionary; there is no
Spanish model, so Spanish voice input needs STT=openai or STT=elevenlabs
(`unavailable_reason_for("es")` says so). Free-speech recognition with the bundled
language model is poor, so the recogniser searches a JSGF grammar built from
`stt_commands.COMMANDS`; a hypothesis that stops early is completed when exactly one
command starts with it. Measured accuracy is in docs/server.md.

One process-wide `SphinxRecognizer` owns the decoder on its own worker thread (the
decoder is not thread-safe), so recognition never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from daniel.server_avatar.audio import resample, silence, trim_silence
from daniel.server_avatar.services.base import (
    Lang,
    ProviderUnavailable,
    SpeechToText,
    Transcript,
)
from daniel.server_avatar.services.local.stt_commands import COMMANDS

log = logging.getLogger(__name__)

RATE = 16000
_PAD = silence(150, RATE)  # measured best of 0-600 ms, see docs/server.md
SPANISH_REASON = (
    "offline speech recognition (pocketsphinx) has no Spanish model; Spanish voice input "
    "needs STT=openai or STT=elevenlabs"
)


class SphinxRecognizer:
    """A pocketsphinx decoder restricted to a command grammar, on one worker thread."""

    _shared: SphinxRecognizer | None = None
    _shared_lock = threading.Lock()

    def __init__(self, commands: Sequence[str] = COMMANDS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pocketsphinx")
        self._requested = tuple(commands)
        self._commands: tuple[str, ...] = ()
        self._decoder: Any = None
        self._error: str | None = None

    @classmethod
    def shared(cls) -> SphinxRecognizer:
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    @property
    def commands(self) -> tuple[str, ...]:
        return self._commands

    async def load(self) -> None:
        """Load the model (about half a second, once); raise `ProviderUnavailable`."""
        await asyncio.get_running_loop().run_in_executor(self._executor, self._load)

    async def recognize(self, pcm16: bytes) -> Transcript:
        """Recognise one utterance of PCM16 mono 16 kHz."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._recognize, pcm16)

    # ------------------------------------------------------------------ worker thread
    def _load(self) -> None:
        if self._decoder is not None:
            return
        if self._error is not None:
            raise ProviderUnavailable("stt", self._error)
        try:
            from pocketsphinx import Config, Decoder, get_model_path

            config = Config(
                hmm=get_model_path("en-us/en-us"),
                dict=get_model_path("en-us/cmudict-en-us.dict"),
                lm=None,
                loglevel="FATAL",
                dither=True,
            )
            decoder = Decoder(config)
        except (ImportError, RuntimeError, OSError) as exc:
            self._error = f"the pocketsphinx English model cannot be loaded ({exc})"
            raise ProviderUnavailable("stt", self._error) from exc
        known = tuple(c for c in self._requested if _all_known(decoder, c))
        for missing in sorted(set(self._requested) - set(known)):
            log.warning("voice command %r has words outside the dictionary; skipped", missing)
        if not known:
            self._error = "no voice command can be recognised with the bundled dictionary"
            raise ProviderUnavailable("stt", self._error)
        decoder.add_jsgf_string("commands", _grammar(known))
        decoder.activate_search("commands")
        self._commands = known
        self._decoder = decoder

    def _recognize(self, pcm16: bytes) -> Transcript:
        self._load()
        decoder = self._decoder
        speech = trim_silence(pcm16, RATE)
        decoder.start_utt()
        decoder.process_raw(_PAD + speech + _PAD, full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        heard = hypothesis.hypstr.strip() if hypothesis is not None else ""
        return Transcript(complete(heard, self._commands), final=True)


def complete(heard: str, commands: Sequence[str]) -> str:
    """A hypothesis that stopped early becomes the only command that starts with it."""
    if not heard or heard in commands:
        return heard
    candidates = [c for c in commands if c.startswith(heard + " ")]
    return candidates[0] if len(candidates) == 1 else heard


def _all_known(decoder: Any, phrase: str) -> bool:
    return all(decoder.lookup_word(word) is not None for word in phrase.split())


def _grammar(commands: Sequence[str]) -> str:
    rules = " | ".join(f"( {c} )" for c in commands)
    return f"#JSGF V1.0;\ngrammar commands;\npublic <command> = {rules};\n"


class PocketSphinxSTT(SpeechToText):
    """`STT=local`: English voice commands, offline."""

    name = "local"

    def __init__(self, recognizer: SphinxRecognizer | None = None) -> None:
        self._recognizer = recognizer or SphinxRecognizer.shared()

    async def start(self) -> None:
        await self._recognizer.load()

    def unavailable_reason_for(self, lang: Lang) -> str | None:
        return SPANISH_REASON if lang == "es" else self.unavailable_reason

    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        if lang != "en":
            raise ProviderUnavailable("stt", SPANISH_REASON)
        if sample_rate != RATE:
            pcm16 = await asyncio.to_thread(resample, pcm16, sample_rate, RATE)
        return await self._recognizer.recognize(pcm16)
